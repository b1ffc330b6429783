"""Tuned reads for the agreement screens, always scoped to one buyer. Every list here
runs a fixed number of queries whatever the number of rows (tests/contracts check it)."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django_countries.fields import Country

from criteria.access import usable_versions
from criteria.models import CriterionVersion
from oslo_procurement.compiled import compiled_queryset
from suppliers.models import Site, Supplier

from .models import (
    Award,
    BuyerMembership,
    CityEntity,
    FactoryDisclosure,
    FrameworkAgreement,
    Lot,
    SupplierNote,
    SupplierOfficer,
)


def _by_archive_status(qs, status):
    if status == "archived":
        return qs.filter(archived_at__isnull=False)
    if status == "all":
        return qs
    return qs.filter(archived_at__isnull=True)


def _count(qs, group_by):
    """A correlated COUNT(*) subquery, 0 when no row matches; avoids multiplying rows
    when one list counts two different relations."""
    counted = qs.order_by().values(group_by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def agreement_list(*, buyer, search="", status="active", agreement_status=""):
    """The buyer's agreements with their number of active lots, active awards and
    participating entities."""
    qs = _by_archive_status(FrameworkAgreement.objects.filter(buyer=buyer), status)
    if search:
        qs = qs.filter(Q(reference__icontains=search) | Q(title__icontains=search))
    if agreement_status:
        qs = qs.filter(status=agreement_status)
    through = FrameworkAgreement.participating_entities.through
    return qs.annotate(
        lot_count=_count(Lot.objects.active().filter(agreement=OuterRef("pk")), "agreement"),
        award_count=_count(Award.objects.active().filter(agreement=OuterRef("pk")), "agreement"),
        entity_count=_count(through.objects.filter(frameworkagreement=OuterRef("pk")), "frameworkagreement"),
    ).order_by("-start_date", "reference")


def ordered_lots():
    return Prefetch("lots", queryset=Lot.objects.order_by("number"))


def agreement_detail(agreement, *, include_archived=False):
    """What the agreement page shows besides the agreement itself: its lots, its awards
    (with supplier, lots and the criteria versions signed) and its participating entities."""
    lots = Lot.objects.filter(agreement=agreement).order_by("number")
    awards = (
        Award.objects.filter(agreement=agreement)
        .select_related("supplier", "agreement")
        .prefetch_related(
            ordered_lots(),
            Prefetch(
                "criteria_versions",
                queryset=CriterionVersion.objects.select_related("criterion").order_by("criterion__code", "version"),
            ),
        )
        .order_by("supplier__legal_name")
    )
    if not include_archived:
        lots = lots.active()
        awards = awards.active()
    entities = list(agreement.participating_entities.order_by("name"))
    return {"lots": lots, "awards": awards, "entities": entities, "entity_count": len(entities)}


def entity_list(*, buyer, search="", status="active"):
    """The buyer's city entities with the number of (not archived) agreements they take part in."""
    qs = _by_archive_status(CityEntity.objects.filter(buyer=buyer), status)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(org_number__icontains=search.replace(" ", "")))
    return qs.annotate(agreement_count=Count("agreements", filter=Q(agreements__archived_at__isnull=True))).order_by(
        "name"
    )


def awarded_suppliers(buyer):
    """Suppliers with an active award in one of the buyer's agreements (a subquery)."""
    return Award.objects.active().filter(agreement__buyer=buyer, agreement__archived_at__isnull=True).values("supplier")


def followed_suppliers(buyer):
    """The one rule for the suppliers a buyer's staff list, on the supplier registry screen
    and in the API: those with an active award in the buyer's agreements, and those with no
    active award from any buyer (registered for a tender or invited to a market dialogue, not
    yet awarded). A supplier awarded only by another buyer is that buyer's. A Q object on
    Supplier; open-data tokens list only the awarded (``awarded_suppliers``)."""
    unawarded = Supplier.objects.filter(has_award=False).order_by().values("pk")
    return Q(pk__in=awarded_suppliers(buyer).order_by().union(unawarded, all=True))


def buyer_overview(buyer):
    """The figures on the staff start page: five queries whatever the size of the data."""
    by_status = dict(
        FrameworkAgreement.objects.active().filter(buyer=buyer).order_by().values_list("status").annotate(n=Count("pk"))
    )
    awarded = awarded_suppliers(buyer)
    sites = (
        Site.objects.active()
        .filter(supplier__in=awarded)
        .order_by()
        .values("country")
        .annotate(n=Count("pk"))
        .order_by("-n", "country")
    )
    return {
        "entity_count": CityEntity.objects.active().filter(buyer=buyer).count(),
        "agreements_by_status": [
            {"status": value, "label": label, "count": by_status.get(value, 0)}
            for value, label in FrameworkAgreement.Status.choices
        ],
        "agreement_count": sum(by_status.values()),
        "awarded_supplier_count": Supplier.objects.filter(pk__in=awarded).count(),
        "sites_per_country": [{"country": Country(code=row["country"]), "count": row["n"]} for row in sites],
        # The criteria the buyer can use: its own catalogue's and the national one's.
        "active_criteria_count": CriterionVersion.objects.filter(
            usable_versions(buyer.pk), status=CriterionVersion.Status.ACTIVE, criterion__archived_at__isnull=True
        ).count(),
    }


def supplier_awards(supplier, buyer):
    """A supplier's active awards in the buyer's agreements (the panel on the supplier page,
    which fetches their lots with ``ordered_lots()``)."""
    return (
        Award.objects.active()
        .filter(supplier=supplier, agreement__buyer=buyer)
        .select_related("agreement", "supplier")
        .order_by("-signed_on", "agreement__reference")
    )


# --- Factories per lot (Electronics Watch disclosure) ----------------------------------------


def agreement_factories(agreement, *, lot=None):
    """The factory list of an agreement (or one of its lots): one row per factory and lot,
    with the supplier; withdrawn disclosures and archived awards left out. One query."""
    qs = (
        FactoryDisclosure.objects.active()
        .filter(award__agreement=agreement, award__archived_at__isnull=True, lot__archived_at__isnull=True)
        .select_related("lot", "site", "award__supplier")
        .order_by("lot__number", "award__supplier__legal_name", "site__country", "site__name", "stage")
    )
    return qs.filter(lot=lot) if lot is not None else qs


def portal_factory_awards(supplier):
    """The supplier's active awards, each with its lots and, per lot, the factories it has
    disclosed (``award.lot_rows``: ``[(lot, [disclosure, ...]), ...]``). Four queries."""
    awards = list(
        Award.objects.active()
        .filter(supplier=supplier, agreement__archived_at__isnull=True)
        .select_related("agreement__buyer")
        .prefetch_related(
            Prefetch("lots", queryset=Lot.objects.active().order_by("number")),
            Prefetch(
                "factory_disclosures",
                queryset=FactoryDisclosure.objects.active().select_related("site").order_by("site__name", "stage"),
            ),
        )
        .order_by("-signed_on", "agreement__reference")
    )
    for award in awards:
        by_lot = {}
        for disclosure in award.factory_disclosures.all():
            by_lot.setdefault(disclosure.lot_id, []).append(disclosure)
        award.lot_rows = [(lot, by_lot.get(lot.pk, [])) for lot in award.lots.all()]
    return awards


# --- The buyer's people -------------------------------------------------------------------
# The one place that answers "who works for this buyer in this role"; emails, meeting
# participants and reminders all ask here.

STAFF_ROLES = ("officer", "manager", "admin")


def buyer_staff(buyer, roles=STAFF_ROLES):
    """The buyer's active people in the given roles (all staff roles by default), by name."""
    from oslo_procurement.accounts.models import User

    members = BuyerMembership.objects.filter(buyer=buyer).values("user_id")
    return User.objects.filter(is_active=True, role__in=roles, pk__in=members).order_by("full_name", "email")


def buyer_officers(buyer):
    return buyer_staff(buyer, ["officer"])


def buyer_managers(buyer):
    return buyer_staff(buyer, ["manager"])


# --- "Mine": the buyer's responsible officer per supplier ---------------------------------


def my_suppliers(buyer, user):
    """The suppliers the user is the buyer's responsible officer for (a subquery of ids)."""
    return SupplierOfficer.objects.filter(buyer=buyer, officer=user).values("supplier")


def supplier_note_rows(buyer, supplier):
    """The buyer's internal note on the supplier (none or one)."""
    return SupplierNote.objects.filter(buyer=buyer, supplier=supplier).order_by("pk")[:1]


def supplier_officer_rows(buyer, supplier):
    """The buyer's responsibility row for one supplier (none or one), with its officer."""
    return SupplierOfficer.objects.filter(buyer=buyer, supplier=supplier).select_related("officer").order_by("pk")[:1]


def responsible_officer_names(buyer, supplier_ids):
    """``{supplier id: officer's name}`` for the given suppliers (a list page's): one query,
    compiled once per number of suppliers (oslo_procurement.compiled), reading the names only."""
    records = {f"supplier_{index:03d}": supplier for index, supplier in enumerate(supplier_ids)}
    if not records:
        return {}
    rows = compiled_queryset(("contracts.responsible_names", len(records)), _officer_names, buyer=buyer, **records)
    return {supplier: name or email for supplier, name, email in rows}


def _officer_names(buyer, **suppliers):
    return SupplierOfficer.objects.filter(buyer=buyer, supplier__in=list(suppliers.values())).values_list(
        "supplier_id", "officer__full_name", "officer__email"
    )
