"""Agreements in the REST API (/api/v1/agreements/, lots/, awards/; staff and open-data
tokens): what a token may read (its own buyer's agreements that are not archived), the
filters, how each record is written out, and the endpoints. The machinery (tokens, roles,
pagination, the OpenAPI description) is oslo_procurement/api's; the root urls.py registers
``ROUTES``."""

from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from criteria.models import CriterionVersion
from oslo_procurement.api.filters import UpdatedFilterSet, by_id
from oslo_procurement.api.permissions import STAFF
from oslo_procurement.api.serializers import INTERNAL, ApiSerializer, ids, ref_id
from oslo_procurement.api.views import ApiViewSet
from suppliers import api as suppliers_api
from suppliers.api import SupplierRefSerializer

from .models import Award, Buyer, FrameworkAgreement, Lot
from .selectors import awarded_suppliers, followed_suppliers

# --- What a token reads ---------------------------------------------------------------------------


@suppliers_api.register_followed
def followed(viewer):
    """The suppliers a staff token lists: the screens' rule (contracts.selectors.followed_suppliers);
    an open-data token lists only the awarded, which are public procurement data."""
    if viewer.open_data:
        return Q(pk__in=awarded_suppliers(viewer.buyer))
    return followed_suppliers(viewer.buyer)


def agreements(viewer):
    return (
        FrameworkAgreement.objects.active()
        .filter(buyer=viewer.buyer)
        .select_related("buyer")
        .order_by("-start_date", "reference", "pk")
    )


def lots(viewer):
    return (
        Lot.objects.active()
        .filter(agreement__buyer=viewer.buyer, agreement__archived_at__isnull=True)
        .select_related("agreement")
        .order_by("agreement__reference", "number", "pk")
    )


def awards(viewer):
    return (
        Award.objects.active()
        .filter(agreement__buyer=viewer.buyer, agreement__archived_at__isnull=True)
        .select_related("agreement", "supplier")
        .prefetch_related(
            Prefetch("lots", queryset=Lot.objects.only("pk", "public_id").order_by("number")),
            Prefetch("criteria_versions", queryset=CriterionVersion.objects.only("pk", "public_id").order_by("pk")),
        )
        .order_by("agreement__reference", "supplier__legal_name", "pk")
    )


# --- Filters (query parameters of the lists) ------------------------------------------------------


class AgreementFilter(UpdatedFilterSet):
    class Meta:
        model = FrameworkAgreement
        fields = ["status", "reference"]


class LotFilter(UpdatedFilterSet):
    agreement = by_id("agreement__public_id", _("The agreement's id."))

    class Meta:
        model = Lot
        fields = ["agreement", "category"]


class AwardFilter(UpdatedFilterSet):
    agreement = by_id("agreement__public_id", _("The agreement's id."))
    supplier = by_id("supplier__public_id", _("The supplier's id."))

    class Meta:
        model = Award
        fields = ["agreement", "supplier", "kind"]


# --- How each record is written out ---------------------------------------------------------------


class BuyerRefSerializer(ApiSerializer):
    class Meta:
        model = Buyer
        fields = ["id", "name"]


class AgreementSerializer(ApiSerializer):
    buyer = BuyerRefSerializer(read_only=True)
    value = serializers.DecimalField(
        max_digits=16, decimal_places=2, read_only=True, coerce_to_string=False, allow_null=True
    )

    class Meta:
        model = FrameworkAgreement
        fields = [
            "id",
            "buyer",
            "reference",
            "title",
            "description",
            "value",
            "currency",
            "start_date",
            "end_date",
            "extension_options",
            "latest_end_date",
            "status",
            "created_at",
            "updated_at",
        ]


class LotSerializer(ApiSerializer):
    agreement = ref_id()

    class Meta:
        model = Lot
        fields = [
            "id",
            "agreement",
            "number",
            "title",
            "category",
            "risk_raw_material",
            "risk_component",
            "risk_final_assembly",
            "created_at",
            "updated_at",
        ]


class AwardSerializer(ApiSerializer):
    agreement = ref_id()
    supplier = SupplierRefSerializer(read_only=True)
    lots = ids()
    criteria_versions = ids(help_text=_("The criterion versions the award was signed with."))
    notes = serializers.CharField(read_only=True, allow_null=True, help_text=INTERNAL)

    class Meta:
        model = Award
        fields = [
            "id",
            "agreement",
            "supplier",
            "kind",
            "lots",
            "signed_on",
            "criteria_versions",
            "notes",
            "created_at",
            "updated_at",
        ]
        internal_fields = ["notes"]


# --- Endpoints ------------------------------------------------------------------------------------


class AgreementViewSet(ApiViewSet):
    api_description = _("The buyer's framework agreements.")
    selector = staticmethod(agreements)
    serializer_class = AgreementSerializer
    filterset_class = AgreementFilter
    audiences = (STAFF,)
    open_data = True


class LotViewSet(ApiViewSet):
    api_description = _("The lots of the buyer's agreements, with DFØ's risk rating per production stage.")
    selector = staticmethod(lots)
    serializer_class = LotSerializer
    filterset_class = LotFilter
    audiences = (STAFF,)
    open_data = True


class AwardViewSet(ApiViewSet):
    api_description = _(
        "Which supplier holds which lots of the buyer's agreements, and the criterion versions "
        "each award was signed with."
    )
    selector = staticmethod(awards)
    serializer_class = AwardSerializer
    filterset_class = AwardFilter
    audiences = (STAFF,)
    open_data = True


ROUTES = [
    ("agreements", AgreementViewSet, "agreement"),
    ("lots", LotViewSet, "lot"),
    ("awards", AwardViewSet, "award"),
]
