"""The criteria catalogue in the REST API (/api/v1/criteria/, criterion-versions/,
ilo-instruments/; readable with every token, drafts only by the buyer's staff): what a
token may read, the filters, how each record is written out, and the endpoints. The
machinery (tokens, roles, pagination, the OpenAPI description) is oslo_procurement/api's;
the root urls.py registers ``ROUTES``."""

import django_filters as df
from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from oslo_procurement.api.filters import StrictFilterSet, UpdatedFilterSet, by_id
from oslo_procurement.api.serializers import ApiSerializer, ref_id
from oslo_procurement.api.views import ApiViewSet

from .access import visible_criteria, visible_versions
from .models import Criterion, CriterionVersion, IloInstrument

# --- What a token reads: what criteria.access lets the viewer read ----------------------------------


def _catalogue_owner_id(viewer):
    return viewer.buyer.pk if viewer.is_staff and viewer.buyer is not None else None


def criteria(viewer):
    active_version = CriterionVersion.objects.filter(
        criterion=OuterRef("pk"), status=CriterionVersion.Status.ACTIVE
    ).values("public_id")[:1]
    return (
        Criterion.objects.active()
        .filter(visible_criteria(_catalogue_owner_id(viewer)))
        .annotate(active_version_id=Subquery(active_version))
        .order_by("code", "pk")
    )


def criterion_versions(viewer):
    owner_id = _catalogue_owner_id(viewer)
    qs = (
        CriterionVersion.objects.filter(visible_versions(owner_id), criterion__archived_at__isnull=True)
        .select_related("criterion", "ilo_set")
        .prefetch_related(Prefetch("ilo_instruments", queryset=IloInstrument.objects.order_by("code")))
    )
    if not viewer.sees_internal or owner_id is None:
        # Drafts are work in progress of the buyer's staff.
        qs = qs.exclude(status=CriterionVersion.Status.DRAFT)
    else:
        qs = qs.exclude(~Q(criterion__owner_id=owner_id), status=CriterionVersion.Status.DRAFT)
    return qs.order_by("criterion__code", "version", "pk")


def ilo_instruments(viewer):
    return IloInstrument.objects.order_by("code")


# --- Filters (query parameters of the lists) ------------------------------------------------------


class CriterionFilter(UpdatedFilterSet):
    class Meta:
        model = Criterion
        fields = ["kind", "oecd_step", "code"]


class CriterionVersionFilter(UpdatedFilterSet):
    criterion = by_id("criterion__public_id", _("The criterion's id."))
    in_force_on = df.DateFilter(method="filter_in_force", label=_("Active or retired versions in force on this date."))

    class Meta:
        model = CriterionVersion
        fields = ["criterion", "status"]

    def filter_in_force(self, queryset, name, value):
        return (
            queryset.exclude(status=CriterionVersion.Status.DRAFT)
            .filter(effective_from__lte=value)
            .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=value))
        )


class IloInstrumentFilter(StrictFilterSet):
    class Meta:
        model = IloInstrument
        fields = ["principle", "fundamental"]


# --- How each record is written out ---------------------------------------------------------------


class CriterionSerializer(ApiSerializer):
    active_version = serializers.UUIDField(
        source="active_version_id", read_only=True, allow_null=True, help_text=_("The version in force, if any.")
    )
    national = serializers.BooleanField(
        source="is_national",
        read_only=True,
        help_text=_("In the national catalogue (shared by every buyer) rather than a buyer's own."),
    )

    class Meta:
        model = Criterion
        fields = ["id", "code", "kind", "oecd_step", "national", "active_version", "created_at", "updated_at"]


class CriterionVersionSerializer(ApiSerializer):
    criterion = ref_id()
    criterion_code = serializers.CharField(source="criterion.code", read_only=True)
    ilo_set = serializers.CharField(source="ilo_set.code", read_only=True, allow_null=True)
    ilo_instruments = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = CriterionVersion
        fields = [
            "id",
            "criterion",
            "criterion_code",
            "version",
            "status",
            "title_nb",
            "title_en",
            "text_nb",
            "text_en",
            "evidence_nb",
            "evidence_en",
            "ilo_set",
            "ilo_instruments",
            "effective_from",
            "effective_to",
            "change_note",
            "created_at",
            "updated_at",
        ]


class IloInstrumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = IloInstrument
        fields = ["code", "title_nb", "title_en", "year", "principle", "fundamental"]


# --- Endpoints ------------------------------------------------------------------------------------


class CriterionViewSet(ApiViewSet):
    api_description = _(
        "The criteria catalogue: selection criteria, contract clauses and self-assessment topics "
        "with their OECD due-diligence step. Readable with every token."
    )
    selector = staticmethod(criteria)
    serializer_class = CriterionSerializer
    filterset_class = CriterionFilter
    open_data = True
    requires_organisation = False


class CriterionVersionViewSet(ApiViewSet):
    api_description = _(
        "The wording of each criterion over time, in Bokmål and English, with the ILO instruments "
        "it cites. Drafts are shown only to the buyer's staff."
    )
    selector = staticmethod(criterion_versions)
    serializer_class = CriterionVersionSerializer
    filterset_class = CriterionVersionFilter
    open_data = True
    requires_organisation = False


class IloInstrumentViewSet(ApiViewSet):
    api_description = _("ILO conventions and protocols, identified by their code (C29, P29 …).")
    selector = staticmethod(ilo_instruments)
    serializer_class = IloInstrumentSerializer
    filterset_class = IloInstrumentFilter
    lookup_field = "code"
    lookup_url_kwarg = "code"
    open_data = True
    requires_organisation = False


ROUTES = [
    ("criteria", CriterionViewSet, "criterion"),
    ("criterion-versions", CriterionVersionViewSet, "criterion-version"),
    ("ilo-instruments", IloInstrumentViewSet, "ilo-instrument"),
]
