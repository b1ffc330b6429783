"""Reads for the exchange screens, always scoped to one buyer. Lists run a fixed number of
queries whatever the number of rows (tests/followup_exchange/test_queries.py)."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from followup.models import Answer, Assessment, CorrectiveAction, Escalation, Finding, FindingSupplier
from followup.models.exchange import (
    ExchangeExport,
    ExchangeImport,
    ItemKind,
    PartnerBuyer,
    SharedItem,
    SharedSupplier,
    SharingConsent,
)
from followup.models.findings import Severity
from suppliers.models import Supplier

from .serializers import SEVERITY_VALUES

RECENT = 20


def partner_list(buyer, *, include_archived=False):
    """The buyer's partners, each with ``active_consents`` counted."""
    qs = PartnerBuyer.objects.filter(buyer=buyer).select_related("linked_buyer")
    if not include_archived:
        qs = qs.filter(archived_at__isnull=True)
    return qs.annotate(
        active_consents=Count("consents", filter=Q(consents__withdrawn_at__isnull=True)),
    ).order_by("name")


def recent_exports(buyer, *, partner=None, limit=RECENT):
    qs = ExchangeExport.objects.filter(buyer=buyer).select_related("partner", "exported_by")
    if partner is not None:
        qs = qs.filter(partner=partner)
    return qs.order_by("-created_at", "-pk")[:limit]


def recent_imports(buyer, *, partner=None, limit=RECENT):
    qs = ExchangeImport.objects.filter(buyer=buyer).select_related("partner", "imported_by")
    if partner is not None:
        qs = qs.filter(partner=partner)
    return qs.order_by("-created_at", "-pk")[:limit]


def unmatched_suppliers(buyer):
    """Suppliers in partners' files we could not match to our registry, with how many items
    wait on each."""
    return (
        SharedSupplier.objects.filter(buyer=buyer, supplier__isnull=True)
        .select_related("partner")
        .annotate(item_count=Count("items"))
        .order_by("partner__name", "name")
    )


def items_to_decide(buyer):
    return (
        SharedItem.objects.filter(buyer=buyer, pending_data__isnull=False)
        .select_related("partner", "shared_supplier__supplier", "pending_import")
        .order_by("partner__name", "title")
    )


def partner_consents(partner):
    """The partner's consents in force, by supplier, with who consented."""
    return (
        SharingConsent.objects.filter(partner=partner, withdrawn_at__isnull=True)
        .select_related("supplier", "finding", "assessment__round", "action", "consented_by")
        .order_by("supplier__legal_name", "kind", "-consented_at")
    )


def partner_withdrawn_consents(partner, *, limit=RECENT):
    return (
        SharingConsent.objects.filter(partner=partner, withdrawn_at__isnull=False)
        .select_related("supplier", "finding", "assessment__round", "action", "consented_by", "withdrawn_by")
        .order_by("-withdrawn_at")[:limit]
    )


def suppliers_with_items(buyer):
    """Suppliers the buyer has something to share about: a finding, a self-assessment or a
    corrective action."""
    return Supplier.objects.filter(
        Exists(FindingSupplier.objects.filter(supplier=OuterRef("pk"), finding__buyer=buyer))
        | Exists(Assessment.objects.filter(supplier=OuterRef("pk"), round__agreement__buyer=buyer))
        | Exists(CorrectiveAction.objects.filter(supplier=OuterRef("pk"), buyer=buyer))
    ).order_by("legal_name")


@dataclass
class Shareable:
    kind: str
    item: object
    label: str
    detail: str
    consent: SharingConsent | None = None
    blocked_reason: str = ""

    @property
    def key(self):
        return f"{self.kind}:{self.item.public_id}"


@dataclass
class ShareableSet:
    findings: list = field(default_factory=list)
    assessments: list = field(default_factory=list)
    actions: list = field(default_factory=list)

    def all(self):
        return self.findings + self.assessments + self.actions


def shareable_items(*, buyer, supplier, partner=None):
    """What the buyer could share about the supplier, each with the partner's consent in
    force (if any). A finding without a text for the supplier cannot be shared (its other
    wording is internal). Five queries."""
    consents = {}
    if partner is not None:
        for consent in SharingConsent.objects.filter(
            partner=partner, supplier=supplier, withdrawn_at__isnull=True
        ).select_related("consented_by"):
            consents[(consent.kind, consent.finding_id or consent.assessment_id or consent.action_id)] = consent
    result = ShareableSet()
    findings = (
        Finding.objects.active()
        .filter(buyer=buyer, supplier_links__supplier=supplier)
        .defer("summary", "internal_notes")
        .order_by("-created_at")
    )
    for finding in findings:
        result.findings.append(
            Shareable(
                kind=ItemKind.FINDING,
                item=finding,
                label=finding.title,
                detail=f"{finding.get_severity_display()} · {finding.get_status_display()}",
                consent=consents.get((ItemKind.FINDING, finding.pk)),
                blocked_reason=""
                if finding.supplier_summary.strip()
                else _("Write the text for the supplier first: only that text can be shared."),
            )
        )
    assessments = (
        Assessment.objects.filter(supplier=supplier, round__agreement__buyer=buyer, round__archived_at__isnull=True)
        .select_related("round__agreement")
        .order_by("-round__opens_on")
    )
    for assessment in assessments:
        detail = assessment.get_status_display()
        if assessment.verdict:
            detail += f" · {assessment.get_verdict_display()}"
        result.assessments.append(
            Shareable(
                kind=ItemKind.ASSESSMENT,
                item=assessment,
                label=f"{assessment.round.title} ({assessment.round.agreement.reference})",
                detail=detail,
                consent=consents.get((ItemKind.ASSESSMENT, assessment.pk)),
            )
        )
    for action in CorrectiveAction.objects.filter(buyer=buyer, supplier=supplier).order_by("deadline", "pk"):
        result.actions.append(
            Shareable(
                kind=ItemKind.ACTION,
                item=action,
                label=action.title,
                detail=f"{action.get_severity_display()} · {action.get_status_display()}",
                consent=consents.get((ItemKind.ACTION, action.pk)),
            )
        )
    return result


# --- What partners shared with us -------------------------------------------------------------


def shared_items_for_supplier(*, buyer, supplier):
    """Items partners shared about the supplier (still shared), newest first."""
    return (
        SharedItem.objects.filter(buyer=buyer, shared_supplier__supplier=supplier, withdrawn_at__isnull=True)
        .select_related("partner", "shared_supplier", "pending_import")
        .order_by("partner__name", "kind", "-source_updated_at")
    )


def import_detail(imported):
    """The import with its items by public id (for the change list) in two queries."""
    ids = [entry.get("item") for entry in imported.changes if entry.get("item")]
    items = {
        str(item.public_id): item
        for item in SharedItem.objects.filter(public_id__in=ids).select_related("shared_supplier__supplier")
    }
    return items


def present(kind, data):
    """Labels in the user's language for a shared item's codes (severity, status, verdict)."""

    def label(choices, value):
        try:
            return str(choices(value).label)
        except ValueError:
            return value or ""

    out = {}
    severity = data.get("severity")
    if severity in SEVERITY_VALUES:
        out["severity"] = str(Severity(SEVERITY_VALUES[severity]).label)
        out["severity_value"] = SEVERITY_VALUES[severity]
    if kind == ItemKind.FINDING:
        out["status"] = label(Finding.Status, data.get("status"))
        out["issue_type"] = label(Finding.IssueType, data.get("issue_type"))
        out["source_kind"] = label(Finding.SourceKind, (data.get("source") or {}).get("kind"))
    elif kind == ItemKind.ASSESSMENT:
        out["status"] = label(Assessment.Status, data.get("status"))
        out["verdict"] = label(Assessment.Verdict, data.get("verdict")) if data.get("verdict") else ""
        out["non_compliances"] = [
            (str(label(Answer.Severity, code)), count)
            for code, count in (data.get("non_compliances") or {}).items()
            if count
        ]
    elif kind == ItemKind.ACTION:
        out["status"] = label(CorrectiveAction.Status, data.get("status"))
        rung = data.get("sanction_rung")
        if rung:
            out["sanction"] = label(Escalation.Rung, rung)
    return out


def annotate_presentation(items):
    items = list(items)
    for item in items:
        item.labels = present(item.kind, item.data)
        item.pending_labels = present(item.kind, item.pending_data) if item.pending_data else {}
    return items


# --- What changed, in words -------------------------------------------------------------------

FIELD_LABELS = {
    "title": _l("Title"),
    "text": _l("Text for the supplier"),
    "issue_type": _l("Issue type"),
    "severity": _l("Severity"),
    "likelihood": _l("Likelihood"),
    "status": _l("Status"),
    "country": _l("Country"),
    "source.kind": _l("Kind of source"),
    "source.title": _l("Source title"),
    "source.publisher": _l("Publisher"),
    "source.date": _l("Source date"),
    "source.url": _l("Source web address"),
    "recorded_on": _l("Recorded"),
    "raised_on": _l("Raised with the supplier"),
    "round": _l("Reporting round"),
    "agreement_reference": _l("Agreement"),
    "deadline": _l("Deadline"),
    "submitted_on": _l("Submitted"),
    "accepted_on": _l("Accepted"),
    "verdict": _l("Verdict"),
    "verdict_comment": _l("Comment on the verdict"),
    "overall.score": _l("Overall score"),
    "overall.counted": _l("Answers counted"),
    "overall.total": _l("Questions"),
    "description": _l("What must be done"),
    "verified_on": _l("Verified"),
    "sanction_rung": _l("Sanctions rung"),
}


def field_label(path):
    if path in FIELD_LABELS:
        return str(FIELD_LABELS[path])
    head, _sep, rest = path.partition("[")
    key, _sep, tail = rest.partition("].")
    if head == "criteria":
        return _("Score %(criterion)s (%(what)s)") % {"criterion": key, "what": tail}
    if head == "oecd_steps":
        return _("OECD step %(step)s (%(what)s)") % {"step": key, "what": tail}
    if head == "non_compliances":
        return _("Non-compliances")
    if path.startswith("non_compliances."):
        return _("Non-compliances: %(severity)s") % {"severity": path.split(".", 1)[1]}
    return path


def value_label(kind, path, value):
    if value is None or value == "":
        return "–"
    labels = present(kind, {path: value}) if path in ("severity", "status", "verdict", "issue_type") else {}
    return labels.get(path) or str(value)


def describe_changes(kind, fields):
    return [
        {
            "label": field_label(change["field"]),
            "old": value_label(kind, change["field"], change["old"]),
            "new": value_label(kind, change["field"], change["new"]),
        }
        for change in fields or []
    ]


def open_data_index():
    """Every buyer with at least one agreement published as open data: the address of its
    package and of each agreement's. One query."""
    from contracts.models import FrameworkAgreement

    from .ocds import agreement_package_uri, buyer_package_uri

    agreements = (
        FrameworkAgreement.objects.active()
        .filter(publish_open_data=True, buyer__archived_at__isnull=True)
        .select_related("buyer")
        .order_by("buyer__name", "-start_date", "reference")
    )
    buyers = {}
    for agreement in agreements:
        entry = buyers.setdefault(
            agreement.buyer_id,
            {"name": agreement.buyer.name, "releasePackage": buyer_package_uri(agreement.buyer), "agreements": []},
        )
        entry["agreements"].append(
            {
                "reference": agreement.reference,
                "title": agreement.title,
                "releasePackage": agreement_package_uri(agreement),
            }
        )
    return {"buyers": list(buyers.values())}
