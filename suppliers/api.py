"""Suppliers in the REST API (/api/v1/suppliers/, sites/, evidence/): what a token may read,
the filters, how each record is written out, and the endpoints. A supplier user's token
reads only its own company; which suppliers a buyer's staff read is the buyer's rule, which
contracts registers here (``register_followed``: suppliers imports no higher app). The
machinery (tokens, roles, pagination, the OpenAPI description) is oslo_procurement/api's;
the root urls.py registers ``ROUTES``."""

import django_filters as df
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from oslo_procurement.api.filters import UpdatedFilterSet, by_id, country
from oslo_procurement.api.serializers import COUNTRY, ApiSerializer
from oslo_procurement.api.views import ApiViewSet

from .access import evidence_scope
from .models import Evidence, Site, Supplier

_followed = {}


def register_followed(func):
    """``func(viewer)`` returns a Q on Supplier: the suppliers a buyer's staff token lists
    (contracts.api.followed)."""
    _followed["rule"] = func
    return func


def followed(viewer):
    rule = _followed.get("rule")
    return rule(viewer) if rule is not None else Q(pk__in=[])  # no buyer rule: nothing


# --- What a token reads ---------------------------------------------------------------------------


def suppliers(viewer):
    if viewer.is_staff:
        qs = Supplier.objects.active().filter(followed(viewer))
    else:
        qs = Supplier.objects.active().filter(pk=viewer.supplier.pk)
    return qs.order_by("legal_name", "pk")


def sites(viewer):
    qs = Site.objects.active().select_related("supplier")
    if viewer.is_staff:
        qs = qs.filter(supplier__in=Supplier.objects.filter(followed(viewer)), supplier__archived_at__isnull=True)
    else:
        qs = qs.filter(supplier=viewer.supplier)
    return qs.order_by("country", "name", "pk")


def evidence(viewer):
    qs = Evidence.objects.active().select_related("supplier")
    if viewer.is_staff:
        # The one reading rule of the screens (suppliers.access): a relation with the
        # supplier, or the item shared with the buyer.
        buyer_ids = [viewer.buyer.pk] if viewer.buyer is not None else []
        qs = qs.filter(evidence_scope(buyer_ids), supplier__archived_at__isnull=True)
    else:
        qs = qs.filter(supplier=viewer.supplier)
    return qs.order_by("supplier__legal_name", "kind", "-valid_to", "pk")


# --- Filters (query parameters of the lists) ------------------------------------------------------


class SupplierFilter(UpdatedFilterSet):
    country = country()
    search = df.CharFilter(method="filter_search", label=_("Part of the name or registry id."))

    class Meta:
        model = Supplier
        fields = ["country", "role", "transparency_act_covered"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            Q(legal_name__icontains=value)
            | Q(org_number__icontains=value.replace(" ", ""))
            | Q(foreign_registry_id__icontains=value)
        )


class SiteFilter(UpdatedFilterSet):
    country = country()
    supplier = by_id("supplier__public_id", _("The supplier's id."))

    class Meta:
        model = Site
        fields = ["supplier", "country", "stage"]


class EvidenceFilter(UpdatedFilterSet):
    supplier = by_id("supplier__public_id", _("The supplier's id."))
    valid_on = df.DateFilter(method="filter_valid_on", label=_("Valid on this date."))

    class Meta:
        model = Evidence
        fields = ["supplier", "kind"]

    def filter_valid_on(self, queryset, name, value):
        return queryset.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=value)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=value)
        )


# --- How each record is written out ---------------------------------------------------------------


class SupplierRefSerializer(ApiSerializer):
    class Meta:
        model = Supplier
        fields = ["id", "legal_name"]


class SupplierSerializer(ApiSerializer):
    country = serializers.CharField(read_only=True, help_text=COUNTRY)

    class Meta:
        model = Supplier
        fields = [
            "id",
            "legal_name",
            "org_number",
            "foreign_registry_id",
            "country",
            "role",
            "transparency_act_covered",
            "website",
            "created_at",
            "updated_at",
        ]


class SiteSerializer(ApiSerializer):
    supplier = SupplierRefSerializer(read_only=True)
    country = serializers.CharField(read_only=True, help_text=COUNTRY)
    product_categories = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Site
        fields = [
            "id",
            "supplier",
            "name",
            "address",
            "city",
            "country",
            "stage",
            "products",
            "product_categories",
            "workers",
            "disclosed_on",
            "created_at",
            "updated_at",
        ]


class EvidenceSerializer(ApiSerializer):
    supplier = SupplierRefSerializer(read_only=True)
    expired = serializers.BooleanField(read_only=True, help_text=_("Validity ended before today."))
    has_file = serializers.SerializerMethodField(help_text=_("A file is stored (downloaded only on the screens)."))

    class Meta:
        model = Evidence
        fields = [
            "id",
            "supplier",
            "kind",
            "title",
            "issuer",
            "valid_from",
            "valid_to",
            "expired",
            "url",
            "has_file",
            "created_at",
            "updated_at",
        ]

    def get_has_file(self, obj) -> bool:
        return bool(obj.file_path)


# --- Endpoints ------------------------------------------------------------------------------------


class SupplierViewSet(ApiViewSet):
    api_description = _(
        "Suppliers with an active award in the buyer's agreements. A supplier user's token reads only its own company."
    )
    selector = staticmethod(suppliers)
    serializer_class = SupplierSerializer
    filterset_class = SupplierFilter
    open_data = True


class SiteViewSet(ApiViewSet):
    api_description = _(
        "Factories and other production sites the suppliers have disclosed. A supplier user's token reads only its own."
    )
    selector = staticmethod(sites)
    serializer_class = SiteSerializer
    filterset_class = SiteFilter


class EvidenceViewSet(ApiViewSet):
    api_description = _(
        "The suppliers' evidence library: certificates, audit reports and accounts with their "
        "validity (files are downloaded only on the screens)."
    )
    selector = staticmethod(evidence)
    serializer_class = EvidenceSerializer
    filterset_class = EvidenceFilter


ROUTES = [
    ("suppliers", SupplierViewSet, "supplier"),
    ("sites", SiteViewSet, "site"),
    ("evidence", EvidenceViewSet, "evidence"),
]
