"""Tuned reads for the desktop-research screens, always scoped to one buyer (staff) or to
one supplier's raised findings (portal). Each list runs a fixed number of queries
whatever the number of rows (tests/followup_research/test_queries.py checks it)."""

from collections import defaultdict

from django.db.models import Q

from contracts.models import Lot
from oslo_procurement.compiled import compiled_queryset
from suppliers.models import Supplier

from ..models import Finding, FindingSupplier

OPEN_STATUSES = [s for s in Finding.Status.values if s != Finding.Status.CLOSED]


# What a row of the list shows (followup/templatetags/finding_rows.py): the texts a finding
# holds (what was found, notes) are not read for the list.
LIST_FIELDS = (
    "public_id",
    "title",
    "language",
    "archived_at",
    "issue_type",
    "country",
    "severity",
    "status",
    "source_kind",
    "source_publisher",
    "source_date",
    "created_at",
)


def with_supplier_links(findings):
    """Each finding of a list's page with ``listed_links``: its supplier links, by supplier
    name, each with ``supplier.legal_name`` and ``raised_at`` (all the list shows of them).
    One statement for the page, compiled once per number of rows (oslo_procurement.compiled):
    a prefetch built its queryset on every view."""
    findings = list(findings)
    records = {f"finding_{index:03d}": finding.pk for index, finding in enumerate(findings)}
    links = defaultdict(list)
    if records:
        for row in compiled_queryset(("findings.list_links", len(records)), _links_of, **records):
            links[row.finding_id].append(row)
    for finding in findings:
        finding.listed_links = links[finding.pk]
    return findings


def _links_of(**findings):
    return (
        FindingSupplier.objects.filter(finding__in=list(findings.values()))
        .select_related("supplier")
        .only("finding", "raised_at", "supplier__legal_name")
        .order_by("supplier__legal_name", "pk")
    )


def finding_rows(
    *, buyer, search="", issue_type="", severity=None, finding_status="", supplier=None, country="", status="active"
):
    """The buyer's findings as the list shows them, newest first, without their suppliers."""
    qs = Finding.objects.filter(buyer=buyer)
    if status == "archived":
        qs = qs.filter(archived_at__isnull=False)
    elif status != "all":
        qs = qs.filter(archived_at__isnull=True)
    if search:
        qs = qs.filter(
            Q(title__icontains=search)
            | Q(source_title__icontains=search)
            | Q(source_publisher__icontains=search)
            | Q(summary__icontains=search)
        )
    if issue_type:
        qs = qs.filter(issue_type=issue_type)
    if severity:
        qs = qs.filter(severity=severity)
    if finding_status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif finding_status:
        qs = qs.filter(status=finding_status)
    if supplier is not None:
        qs = qs.filter(supplier_links__supplier=supplier)
    if country:
        qs = qs.filter(country=country)
    return qs.only(*LIST_FIELDS).order_by("-created_at", "-pk")


def finding_suppliers(buyer):
    """Suppliers that the buyer's findings concern (the list's supplier filter)."""
    return Supplier.objects.filter(finding_links__finding__buyer=buyer).distinct().order_by("legal_name")


def finding_detail(finding):
    """What the finding page shows besides the finding: the supplier links (with who
    raised them), sites, lots and ILO instruments."""
    links = list(
        FindingSupplier.objects.filter(finding=finding)
        .select_related("supplier", "raised_by")
        .order_by("supplier__legal_name")
    )
    return {
        "links": links,
        "sites": list(finding.sites.select_related("supplier").order_by("name")),
        "lots": list(finding.lots.select_related("agreement").order_by("agreement__reference", "number")),
        "instruments": list(finding.ilo_instruments.order_by("code")),
    }


def response_history(link, *, limit=20):
    """Earlier versions of the supplier's response, newest first, without repeats."""
    versions = []
    for row in link.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit * 3]:
        if row.supplier_response and (not versions or versions[-1]["text"] != row.supplier_response):
            versions.append({"text": row.supplier_response, "when": row.history_date, "who": row.history_user})
        if len(versions) >= limit:
            break
    return versions


def buyer_lots(buyer):
    """Lots of the buyer's agreements that are not archived (the finding form)."""
    return (
        Lot.objects.active()
        .filter(agreement__buyer=buyer, agreement__archived_at__isnull=True)
        .select_related("agreement")
        .order_by("-agreement__start_date", "agreement__reference", "number")
    )


def open_findings(*, buyer, supplier):
    return Finding.objects.filter(buyer=buyer, archived_at__isnull=True, supplier_links__supplier=supplier).filter(
        status__in=OPEN_STATUSES
    )


# --- Portal --------------------------------------------------------------------------------


def portal_findings(supplier):
    """Findings raised with this supplier (not archived), newest raised first. Only the
    supplier's own link is read; other suppliers concerned never appear."""
    return (
        FindingSupplier.objects.filter(supplier=supplier, raised_at__isnull=False, finding__archived_at__isnull=True)
        .select_related("finding")
        # Internal wording is never even loaded for the portal.
        .defer("finding__summary", "finding__internal_notes")
        .order_by("-raised_at", "-pk")
    )
