from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from .models import Contact, Evidence, Invitation, Site, Supplier, SupplierMembership


def supplier_list(
    *, search="", country="", role="", status="active", transparency_act="", supplier_ids=None, scope=None
):
    """Suppliers for the registry list, with their number of active sites. ``scope`` (a Q on
    Supplier) is the buyer's rule for the suppliers its staff follow (registered by contracts:
    suppliers.panels.followed_scope, the same rule as the API); ``supplier_ids`` (a subquery)
    narrows further, e.g. to the user's own suppliers."""
    qs = Supplier.objects.all()
    if scope is not None:
        qs = qs.filter(scope)
    if supplier_ids is not None:
        qs = qs.filter(pk__in=supplier_ids)
    if status == "archived":
        qs = qs.filter(archived_at__isnull=False)
    elif status != "all":
        qs = qs.filter(archived_at__isnull=True)
    if search:
        qs = qs.filter(
            Q(legal_name__icontains=search)
            | Q(org_number__icontains=search.replace(" ", ""))
            | Q(foreign_registry_id__icontains=search)
        )
    if country:
        qs = qs.filter(country=country)
    if role:
        qs = qs.filter(role=role)
    if transparency_act in ("yes", "no"):
        qs = qs.filter(transparency_act_covered=transparency_act == "yes")
    # A correlated count rather than annotate(Count("sites")): the join-and-group version
    # made PostgreSQL aggregate every site before taking one page (300 ms at 100,000
    # suppliers in bench/results.json; 22 ms this way).
    active_sites = (
        Site.objects.filter(supplier=OuterRef("pk"), archived_at__isnull=True)
        .order_by()
        .values("supplier")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(site_count=Coalesce(Subquery(active_sites), 0)).order_by("legal_name")


# What a row of the registry list shows (suppliers/templatetags/supplier_rows.py).
LIST_FIELDS = (
    "public_id",
    "legal_name",
    "org_number",
    "foreign_registry_id",
    "country",
    "role",
    "archived_at",
    "transparency_act_covered",
)


def supplier_list_rows(suppliers):
    """``supplier_list``'s suppliers with only the columns the list shows."""
    return suppliers.only(*LIST_FIELDS)


def supplier_contacts(supplier, *, include_archived=False):
    qs = Contact.objects.filter(supplier=supplier).select_related("supplier")
    return qs if include_archived else qs.active()


def supplier_sites(supplier, *, include_archived=False):
    qs = Site.objects.filter(supplier=supplier)
    return qs if include_archived else qs.active()


def site_list(*, search="", country="", stage="", status="active"):
    qs = Site.objects.select_related("supplier")
    if status == "archived":
        qs = qs.filter(archived_at__isnull=False)
    elif status != "all":
        qs = qs.filter(archived_at__isnull=True)
    if search:
        qs = qs.filter(
            Q(name__icontains=search) | Q(supplier__legal_name__icontains=search) | Q(city__icontains=search)
        )
    if country:
        qs = qs.filter(country=country)
    if stage:
        qs = qs.filter(stage=stage)
    return qs.order_by("country", "name")


def supplier_invitations(supplier, *, limit=20):
    """The latest invitations, newest first, with who sent them."""
    return Invitation.objects.filter(supplier=supplier).select_related("invited_by").order_by("-created_at")[:limit]


def supplier_memberships(supplier):
    """Every portal user of the supplier for staff (anonymised ones last), with their login state."""
    return (
        SupplierMembership.objects.filter(supplier=supplier)
        .select_related("user")
        .order_by(F("user__anonymised_at").asc(nulls_first=True), "user__full_name")
    )


EXPIRES_SOON_DAYS = 60


def supplier_evidence_queryset(supplier, *, include_archived=False, scope=None):
    qs = Evidence.objects.filter(supplier=supplier).select_related("supplier").order_by("kind", "-valid_to")
    if scope is not None:
        qs = qs.filter(scope)
    return qs if include_archived else qs.active()


def supplier_evidence(supplier, *, include_archived=False, scope=None, items=None):
    """The supplier's evidence library, newest validity first, each with its state:
    valid, expiring within 60 days, or expired. A buyer's staff see only what ``scope``
    (suppliers.access.evidence_scope, the one reading rule) lets them read. ``items``: the
    rows of ``supplier_evidence_queryset`` already read (the supplier page compiles it)."""
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    soon = today + datetime.timedelta(days=EXPIRES_SOON_DAYS)
    if items is None:
        items = list(supplier_evidence_queryset(supplier, include_archived=include_archived, scope=scope))
    for item in items:
        if item.valid_to is None:
            item.state = "valid"
        elif item.valid_to < today:
            item.state = "expired"
        elif item.valid_to <= soon:
            item.state = "expiring"
        else:
            item.state = "valid"
    return items


# --- The supplier's people ------------------------------------------------------------------
# The one place that answers "who at this supplier gets the portal's emails".


def supplier_users(supplier):
    """The supplier's active portal users (a Supplier or its id)."""
    from oslo_procurement.accounts.models import User

    return User.objects.filter(
        is_active=True, role=User.Role.SUPPLIER, supplier_membership__supplier=supplier
    ).order_by("email")


def users_by_supplier(suppliers):
    """``{supplier_id: [users]}`` for several suppliers in one query."""
    from oslo_procurement.accounts.models import User

    from .models import SupplierMembership

    by_supplier = {}
    memberships = (
        SupplierMembership.objects.filter(supplier__in=suppliers, user__is_active=True, user__role=User.Role.SUPPLIER)
        .select_related("user")
        .order_by("user__email")
    )
    for membership in memberships:
        by_supplier.setdefault(membership.supplier_id, []).append(membership.user)
    return by_supplier
