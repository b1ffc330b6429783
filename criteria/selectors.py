from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery, Value, When

from .models import Criterion, CriterionVersion, IloInstrument

Status = CriterionVersion.Status

# Fundamental conventions first, then by year: C29, C87, C98 ... P29, then C1, C14 ...
ILO_ORDER = ["-fundamental", "year", "code"]


def _current_version():
    """The active version of a criterion, or its latest version when none is active."""
    return CriterionVersion.objects.filter(criterion=OuterRef("pk")).order_by(
        Case(When(status=Status.ACTIVE, then=Value(0)), default=Value(1), output_field=IntegerField()),
        "-version",
    )


def criterion_list(*, search="", kind="", oecd_step="", status="active"):
    """Criteria for the catalogue list, each with its current version's number, status
    and titles (``current_title_nb``, ``current_title_en``) in the same query."""
    qs = Criterion.objects.all()
    if status == "archived":
        qs = qs.filter(archived_at__isnull=False)
    elif status != "all":
        qs = qs.filter(archived_at__isnull=True)
    if search:
        matching_version = CriterionVersion.objects.filter(criterion=OuterRef("pk")).filter(
            Q(title_nb__icontains=search)
            | Q(title_en__icontains=search)
            | Q(text_nb__icontains=search)
            | Q(text_en__icontains=search)
        )
        qs = qs.filter(Q(code__icontains=search) | Exists(matching_version))
    if kind:
        qs = qs.filter(kind=kind)
    if oecd_step:
        qs = qs.filter(oecd_step=oecd_step)
    current = _current_version()
    return qs.annotate(
        current_version=Subquery(current.values("version")[:1]),
        current_status=Subquery(current.values("status")[:1]),
        current_title_nb=Subquery(current.values("title_nb")[:1]),
        current_title_en=Subquery(current.values("title_en")[:1]),
        has_draft=Exists(CriterionVersion.objects.filter(criterion=OuterRef("pk"), status=Status.DRAFT)),
    ).order_by("code")


def criterion_versions(criterion):
    """All versions of a criterion, newest first, with their ILO set and instruments."""
    return (
        CriterionVersion.objects.filter(criterion=criterion)
        .select_related("ilo_set")
        .prefetch_related(Prefetch("ilo_instruments", queryset=IloInstrument.objects.order_by(*ILO_ORDER)))
        .order_by("-version")
    )


def criterion_detail(criterion):
    """What the criterion page shows: every version, and the active one (if any)."""
    versions = list(criterion_versions(criterion))
    return {
        "versions": versions,
        "current": next((v for v in versions if v.status == Status.ACTIVE), None),
        "draft": next((v for v in versions if v.status == Status.DRAFT), None),
    }


def version_instruments(version):
    return list(version.ilo_instruments.order_by(*ILO_ORDER))
