"""Plain functions that turn records into the exchange file (schema v1) and the flat rows
of the CSV and Excel exports. They take querysets and return dicts and lists, so other
readers (the REST API) can reuse them; they never write and never check access.

The exchange file holds only what an active SharingConsent names, and of a finding only
what the supplier itself sees in the portal (title, the text for the supplier, issue,
severity, status, country, source): never ``summary`` or ``internal_notes``. Of a
self-assessment it holds the review result (status, verdict and its comment, scores per
criterion and OECD step), never the answers, evidence or the internal note."""

import json
from pathlib import Path

from django.db.models import Max
from django.utils import timezone

from followup.models import Answer, Assessment, CorrectiveAction, Escalation, Finding, FindingSupplier
from followup.models.exchange import ItemKind, SharingConsent

FORMAT = "oslo-procurement-exchange"
VERSION = "1.0"
SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "exchange-v1.schema.json"

SEVERITY_CODES = {1: "low", 2: "medium", 3: "high", 4: "critical"}
SEVERITY_VALUES = {code: value for value, code in SEVERITY_CODES.items()}
LIKELIHOOD_CODES = {1: "unlikely", 2: "possible", 3: "likely", 4: "documented"}


def load_schema():
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _date(value):
    if value is None:
        return None
    if hasattr(value, "date") and callable(value.date):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.isoformat()


def _datetime(value):
    # Microseconds, so two changes within one second still order (re-imports compare them).
    return timezone.localtime(value).isoformat(timespec="microseconds")


def _latest(*values):
    return max(v for v in values if v is not None)


# --- One item each ---------------------------------------------------------------------------


def finding_item(finding, link=None):
    """A finding as a partner may see it: what the supplier sees, never the internal wording."""
    return {
        "id": str(finding.public_id),
        "title": finding.title,
        "text": finding.supplier_summary,
        "issue_type": finding.issue_type,
        "severity": SEVERITY_CODES[finding.severity],
        "likelihood": LIKELIHOOD_CODES.get(finding.likelihood),
        "status": finding.status,
        "country": finding.country.code or None,
        "source": {
            "kind": finding.source_kind,
            "title": finding.source_title,
            "publisher": finding.source_publisher or None,
            "date": _date(finding.source_date),
            "url": finding.source_url or None,
        },
        "recorded_on": _date(finding.created_at),
        "raised_on": _date(link.raised_at) if link is not None else None,
        "updated_at": _datetime(_latest(finding.updated_at, link.updated_at if link is not None else None)),
    }


def _score(group):
    percent = group.percent
    return {"score": float(percent) if percent is not None else None, "counted": group.counted, "total": group.total}


def assessment_item(assessment):
    """A self-assessment's review result: verdict, and scores per criterion and OECD step
    (followup/scoring.py). Three queries for the answers and questions."""
    from followup.scoring import score_assessment
    from followup.selectors import assessment_items

    items = assessment_items(assessment)
    card = score_assessment(items)
    codes = {}
    for question, _answer in items:
        version = question.criterion_version
        codes[version.criterion_id] = (version.criterion.code, version.title_nb or version.title_en)
    non_compliances = {code: 0 for code in Answer.Severity.values}
    for _question, answer in items:
        if answer is not None and answer.review == Answer.Review.NON_COMPLIANT and answer.severity:
            non_compliances[answer.severity] += 1
    answer_times = [answer.updated_at for _question, answer in items if answer is not None]
    criteria = []
    for group in card.criteria:
        code, title = codes[group.key]
        criteria.append({"code": code, "title": title, **_score(group)})
    return {
        "id": str(assessment.public_id),
        "round": assessment.round.title,
        "agreement_reference": assessment.round.agreement.reference,
        "deadline": _date(assessment.round.deadline),
        "status": assessment.status,
        "submitted_on": _date(assessment.submitted_at),
        "accepted_on": _date(assessment.accepted_at),
        "verdict": assessment.verdict or None,
        "verdict_comment": assessment.verdict_comment,
        "overall": _score(card.overall),
        "criteria": sorted(criteria, key=lambda c: c["code"]),
        "oecd_steps": [{"step": int(group.key), **_score(group)} for group in card.steps],
        "non_compliances": non_compliances,
        "updated_at": _datetime(_latest(assessment.updated_at, *answer_times)),
    }


def action_item(action, *, rung=None, escalated_at=None):
    return {
        "id": str(action.public_id),
        "title": action.title,
        "description": action.description,
        "severity": SEVERITY_CODES[action.severity],
        "deadline": _date(action.deadline),
        "status": action.status,
        "verified_on": _date(action.verified_at),
        "sanction_rung": rung,
        "updated_at": _datetime(_latest(action.updated_at, escalated_at)),
    }


# --- The whole file -------------------------------------------------------------------------


def active_consents(partner):
    """The partner's consents in force, with the items they name (the only source of
    what an export may contain)."""
    return SharingConsent.objects.filter(partner=partner, withdrawn_at__isnull=True).select_related(
        "supplier", "finding", "assessment__round__agreement", "action"
    )


def _buyer(name, org_number):
    return {"name": name, "org_number": org_number or None}


def exchange_document(consents, *, publisher, recipient, export_id, exported_at):
    """The exchange file (schema v1) for the items of ``consents`` (active SharingConsent
    rows of one partner). ``publisher`` is our Buyer, ``recipient`` the PartnerBuyer.
    An item whose consent is not in ``consents`` cannot appear: it is never loaded."""
    consents = [c for c in consents if c.withdrawn_at is None]
    by_supplier = {}
    for consent in consents:
        by_supplier.setdefault(consent.supplier_id, (consent.supplier, []))[1].append(consent)

    finding_ids = [c.finding_id for c in consents if c.kind == ItemKind.FINDING]
    links = {
        (link.finding_id, link.supplier_id): link for link in FindingSupplier.objects.filter(finding_id__in=finding_ids)
    }
    findings = {
        f.pk: f
        for f in Finding.objects.filter(pk__in=finding_ids, archived_at__isnull=True, buyer=publisher)
        # The internal wording is never even loaded for an export.
        .defer("summary", "internal_notes")
    }
    action_ids = [c.action_id for c in consents if c.kind == ItemKind.ACTION]
    actions = {a.pk: a for a in CorrectiveAction.objects.filter(pk__in=action_ids, buyer=publisher)}
    rungs = {
        row["action_id"]: row
        for row in Escalation.objects.filter(action_id__in=action_ids, status=Escalation.Status.IN_FORCE)
        .values("action_id")
        .annotate(rung=Max("rung"), at=Max("updated_at"))
    }
    assessment_ids = [c.assessment_id for c in consents if c.kind == ItemKind.ASSESSMENT]
    assessments = {
        a.pk: a
        for a in Assessment.objects.filter(pk__in=assessment_ids, round__agreement__buyer=publisher).select_related(
            "round__agreement"
        )
    }

    suppliers = []
    for supplier, supplier_consents in sorted(by_supplier.values(), key=lambda pair: pair[0].legal_name):
        entry = {
            "name": supplier.legal_name,
            "org_number": supplier.org_number or None,
            "registry_id": supplier.foreign_registry_id or None,
            "country": supplier.country.code,
            "findings": [],
            "assessments": [],
            "corrective_actions": [],
        }
        for consent in supplier_consents:
            if consent.kind == ItemKind.FINDING:
                finding = findings.get(consent.finding_id)
                link = links.get((consent.finding_id, supplier.pk))
                # Only a finding that still concerns the supplier and has a text for it.
                if finding is not None and link is not None and finding.supplier_summary.strip():
                    entry["findings"].append(finding_item(finding, link))
            elif consent.kind == ItemKind.ASSESSMENT:
                assessment = assessments.get(consent.assessment_id)
                if assessment is not None and assessment.supplier_id == supplier.pk:
                    entry["assessments"].append(assessment_item(assessment))
            elif consent.kind == ItemKind.ACTION:
                action = actions.get(consent.action_id)
                if action is not None and action.supplier_id == supplier.pk:
                    rung = rungs.get(action.pk, {})
                    entry["corrective_actions"].append(
                        action_item(action, rung=rung.get("rung"), escalated_at=rung.get("at"))
                    )
        for key in ("findings", "assessments", "corrective_actions"):
            entry[key].sort(key=lambda item: item["id"])
        if entry["findings"] or entry["assessments"] or entry["corrective_actions"]:
            suppliers.append(entry)

    return {
        "format": FORMAT,
        "version": VERSION,
        "export": {"id": str(export_id), "exported_at": _datetime(exported_at)},
        "publisher": _buyer(publisher.name, publisher.org_number),
        "recipient": _buyer(recipient.name, recipient.identity_org_number),
        "suppliers": suppliers,
    }


def item_count(document):
    return sum(len(s["findings"]) + len(s["assessments"]) + len(s["corrective_actions"]) for s in document["suppliers"])


# --- Flat rows for spreadsheets ---------------------------------------------------------------

ROW_FIELDS = [
    "supplier",
    "org_number",
    "registry_id",
    "kind",
    "id",
    "title",
    "text",
    "severity",
    "status",
    "verdict",
    "score",
    "deadline",
    "recorded_on",
    "raised_on",
    "submitted_on",
    "verified_on",
    "sanction_rung",
    "updated_at",
]


def document_rows(document):
    """One dict per shared item (keys ROW_FIELDS), for the CSV and Excel exports."""
    rows = []
    for supplier in document["suppliers"]:
        base = {
            "supplier": supplier["name"],
            "org_number": supplier["org_number"] or "",
            "registry_id": supplier["registry_id"] or "",
        }
        for finding in supplier["findings"]:
            rows.append(
                {
                    **base,
                    "kind": ItemKind.FINDING.value,
                    "id": finding["id"],
                    "title": finding["title"],
                    "text": finding["text"],
                    "severity": finding["severity"],
                    "status": finding["status"],
                    "recorded_on": finding["recorded_on"] or "",
                    "raised_on": finding["raised_on"] or "",
                    "updated_at": finding["updated_at"],
                }
            )
        for assessment in supplier["assessments"]:
            rows.append(
                {
                    **base,
                    "kind": ItemKind.ASSESSMENT.value,
                    "id": assessment["id"],
                    "title": assessment["round"],
                    "text": assessment["verdict_comment"],
                    "status": assessment["status"],
                    "verdict": assessment["verdict"] or "",
                    "score": assessment["overall"]["score"],
                    "deadline": assessment["deadline"] or "",
                    "submitted_on": assessment["submitted_on"] or "",
                    "updated_at": assessment["updated_at"],
                }
            )
        for action in supplier["corrective_actions"]:
            rows.append(
                {
                    **base,
                    "kind": ItemKind.ACTION.value,
                    "id": action["id"],
                    "title": action["title"],
                    "text": action["description"],
                    "severity": action["severity"],
                    "status": action["status"],
                    "deadline": action["deadline"] or "",
                    "verified_on": action["verified_on"] or "",
                    "sanction_rung": action["sanction_rung"],
                    "updated_at": action["updated_at"],
                }
            )
    return [{field: row.get(field, "") for field in ROW_FIELDS} for row in rows]


__all__ = [
    "FORMAT",
    "ROW_FIELDS",
    "VERSION",
    "action_item",
    "active_consents",
    "assessment_item",
    "document_rows",
    "exchange_document",
    "finding_item",
    "item_count",
    "load_schema",
]
