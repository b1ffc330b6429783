from django.db.models import BooleanField, Case, Exists, F, IntegerField, OuterRef, Prefetch, Q, Subquery, Value, When

from .access import sees_drafts, visible_criteria
from .models import Criterion, CriterionVersion, IloInstrument

Status = CriterionVersion.Status

# Fundamental conventions first, then by year: C29, C87, C98 ... P29, then C1, C14 ...
ILO_ORDER = ["-fundamental", "year", "code"]


def _current_version(owner_id=None):
    """The active version of a criterion, or its latest version when none is active (a
    draft only in the user's own catalogue)."""
    seen = ~Q(status=Status.DRAFT)
    if owner_id is not None:
        seen |= Q(criterion__owner_id=owner_id)
    return CriterionVersion.objects.filter(seen, criterion=OuterRef("pk")).order_by(
        Case(When(status=Status.ACTIVE, then=Value(0)), default=Value(1), output_field=IntegerField()),
        "-version",
    )


class Catalogue:
    """The catalogue filter of the list."""

    OWN = "own"
    NATIONAL = "national"
    OTHERS = "others"


def with_national_news(qs):
    """Annotate criteria adopted from the national catalogue with the newest national
    version in force or retired (``national_version``), the newest national version adopted
    (``adopted_version``) and whether a newer one exists (``newer_national``)."""
    latest_national = (
        CriterionVersion.objects.filter(criterion=OuterRef("adopted_from"))
        .exclude(status=Status.DRAFT)
        .order_by("-version")
        .values("version")[:1]
    )
    latest_adopted = (
        CriterionVersion.objects.filter(criterion=OuterRef("pk"), adopted_from__isnull=False)
        .order_by("-adopted_from__version")
        .values("adopted_from__version")[:1]
    )
    return qs.annotate(national_version=Subquery(latest_national), adopted_version=Subquery(latest_adopted)).annotate(
        newer_national=Case(
            When(
                Q(adopted_from__isnull=False, national_version__isnull=False)
                & (Q(adopted_version__isnull=True) | Q(national_version__gt=F("adopted_version"))),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def criterion_list(*, owner_id=None, catalogue="", search="", kind="", oecd_step="", status="active"):
    """Criteria the user may read (criteria.access.visible_criteria: their buyer's own, the
    national catalogue, what other buyers published), each with its current version's number,
    status and titles (``current_title_nb``, ``current_title_en``) and whether a newer
    national version waits to be adopted, in the same query."""
    qs = Criterion.objects.filter(visible_criteria(owner_id)).select_related("owner")
    if catalogue == Catalogue.OWN:
        qs = qs.filter(owner_id=owner_id) if owner_id is not None else qs.none()
    elif catalogue == Catalogue.NATIONAL:
        qs = qs.filter(owner__isnull=True)
    elif catalogue == Catalogue.OTHERS:
        qs = qs.filter(owner__isnull=False).exclude(owner_id=owner_id)
    if status == "archived":
        qs = qs.filter(archived_at__isnull=False)
    elif status != "all":
        qs = qs.filter(archived_at__isnull=True)
    if search:
        # Another catalogue's drafts are its owner's work in progress: not searched either.
        seen = ~Q(status=Status.DRAFT)
        if owner_id is not None:
            seen |= Q(criterion__owner_id=owner_id)
        matching_version = CriterionVersion.objects.filter(seen, criterion=OuterRef("pk")).filter(
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
    current = _current_version(owner_id)
    return (
        with_national_news(qs)
        .annotate(
            current_version=Subquery(current.values("version")[:1]),
            current_status=Subquery(current.values("status")[:1]),
            current_title_nb=Subquery(current.values("title_nb")[:1]),
            current_title_en=Subquery(current.values("title_en")[:1]),
            # Only the owner's staff hear of a draft (criteria.access.sees_drafts; owner_id None:
            # the national catalogue's, for the installation's administrators).
            has_draft=Exists(
                CriterionVersion.objects.filter(
                    criterion=OuterRef("pk"), status=Status.DRAFT, criterion__owner_id=owner_id
                )
            ),
            catalogue_rank=_catalogue_rank(owner_id),
        )
        .order_by("catalogue_rank", "code", "pk")
    )


def _catalogue_rank(owner_id):
    """Own criteria first, then the national catalogue, then other buyers' published ones."""
    whens = [When(owner__isnull=True, then=Value(1))]
    if owner_id is not None:
        whens.insert(0, When(owner_id=owner_id, then=Value(0)))
    return Case(*whens, default=Value(2), output_field=IntegerField())


def criterion_versions(criterion):
    """All versions of a criterion, newest first, with their ILO set and instruments."""
    return (
        CriterionVersion.objects.filter(criterion=criterion)
        .select_related("ilo_set", "adopted_from__criterion")
        .prefetch_related(Prefetch("ilo_instruments", queryset=IloInstrument.objects.order_by(*ILO_ORDER)))
        .order_by("-version")
    )


def criterion_detail(criterion, *, user, owner_id):
    """What the criterion page shows: every version the user may see (drafts only in their
    own catalogue), the active one (if any), where it was adopted from and whether a newer
    national version exists; on a national criterion, the user's buyer's adoption of it."""
    versions = list(criterion_versions(criterion))
    if not sees_drafts(user, owner_id, criterion):
        versions = [v for v in versions if v.status != Status.DRAFT]
    news = None
    if criterion.adopted_from_id is not None:
        news = with_national_news(Criterion.objects.filter(pk=criterion.pk)).values(
            "national_version", "adopted_version", "newer_national"
        )[0]
    newer = None
    if news and news["newer_national"]:
        newer = (
            CriterionVersion.objects.filter(criterion_id=criterion.adopted_from_id, version=news["national_version"])
            .select_related("criterion")
            .first()
        )
    adoption = None
    if criterion.owner_id is None and owner_id is not None:
        adoption = Criterion.objects.filter(owner_id=owner_id, adopted_from=criterion).first()
    return {
        "versions": versions,
        "current": next((v for v in versions if v.status == Status.ACTIVE), None),
        "draft": next((v for v in versions if v.status == Status.DRAFT), None),
        "newer_national": newer,
        "adoption": adoption,
    }


def version_instruments(version):
    return list(version.ilo_instruments.order_by(*ILO_ORDER))
