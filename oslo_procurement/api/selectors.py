"""What each API endpoint lets a viewer read: the one place where the API scopes data.

Staff read their own buyer's records; the suppliers, factories and evidence of a buyer
are those of the suppliers with an active award in its (not archived) agreements
(contracts.selectors.awarded_suppliers, as the risk overview). A supplier user reads only
its own company, and of the follow-up only what the portal shows it: self-assessments in
rounds that are not archived, findings raised with it (its own link only, never the
internal wording), and the corrective actions the portal lists. Archived records are left
out everywhere. Every queryset has a total order, so pages never skip or repeat a record."""

from django.db.models import Q

from contracts.selectors import awarded_suppliers, followed_suppliers
from suppliers.models import Evidence, Site, Supplier


def followed(viewer):
    """The suppliers a staff token lists: the screens' rule (contracts.selectors.followed_suppliers);
    an open-data token lists only the awarded, which are public procurement data."""
    if viewer.open_data:
        return Q(pk__in=awarded_suppliers(viewer.buyer))
    return followed_suppliers(viewer.buyer)


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
        qs = qs.filter(supplier__in=Supplier.objects.filter(followed(viewer)), supplier__archived_at__isnull=True)
    else:
        qs = qs.filter(supplier=viewer.supplier)
    return qs.order_by("supplier__legal_name", "kind", "-valid_to", "pk")
