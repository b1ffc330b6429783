"""Small worlds for the exchange tests: a finding with internal wording, a reviewed
self-assessment, a corrective action with a sanction, and partners on both sides."""

import datetime

from django.utils import timezone

from followup.models import (
    Answer,
    CorrectiveAction,
    Escalation,
    ExchangeImport,
    Finding,
    FindingSupplier,
    PartnerBuyer,
    SharedItem,
    SharedSupplier,
    SharingConsent,
)
from tests import factories as f
from tests.followup.factories import AnswerFactory, AssessmentFactory, QuestionFactory, RoundFactory

INTERNAL_SUMMARY = "INTERNAL: the auditor's name is Hans, do not share"
INTERNAL_NOTES = "INTERNAL NOTE: source is a whistleblower at line 3"
SUPPLIER_TEXT = "Student interns worked 11-hour days, six days a week."


def finding(buyer, supplier, *, title="Excessive overtime of student interns", raised=True, **extra):
    values = {
        "buyer": buyer,
        "title": title,
        "summary": INTERNAL_SUMMARY,
        "supplier_summary": SUPPLIER_TEXT,
        "internal_notes": INTERNAL_NOTES,
        "source_kind": Finding.SourceKind.NGO_REPORT,
        "source_title": "Interns at the assembly line",
        "source_publisher": "Labour Watch",
        "source_date": datetime.date(2025, 11, 3),
        "issue_type": Finding.IssueType.STUDENT_AGENCY,
        "country": "CN",
        "severity": 3,
        "likelihood": 4,
        "status": Finding.Status.RAISED,
        **extra,
    }
    obj = Finding.objects.create(**values)
    FindingSupplier.objects.create(finding=obj, supplier=supplier, raised_at=timezone.now() if raised else None)
    return obj


def reviewed_assessment(buyer, supplier):
    """A submitted self-assessment: one accepted 'partly' answer and one non-compliance."""
    agreement = f.AgreementFactory(buyer=buyer)
    round_ = RoundFactory(agreement=agreement, title="Self-assessment 2026")
    assessment = AssessmentFactory(
        round=round_,
        supplier=supplier,
        status="accepted",
        submitted_at=timezone.now(),
        accepted_at=timezone.now(),
        verdict="partly",
        verdict_comment="Traceability below tier 1 is missing.",
        internal_note="INTERNAL: we suspect they copied last year's answers",
    )
    q1 = QuestionFactory(questionnaire=round_.questionnaire, weight=2)
    q2 = QuestionFactory(questionnaire=round_.questionnaire, weight=1)
    AnswerFactory(assessment=assessment, question=q1, choice="partly", review=Answer.Review.ACCEPTED)
    AnswerFactory(
        assessment=assessment,
        question=q2,
        choice="no",
        explanation="SUPPLIER ANSWER TEXT that stays private",
        review=Answer.Review.NON_COMPLIANT,
        severity="high",
    )
    return assessment


def action(buyer, supplier, *, with_warning=True):
    obj = CorrectiveAction.objects.create(
        buyer=buyer,
        supplier=supplier,
        title="Cap overtime at 60 hours a week",
        description="Publish a working-hours policy and show payroll records.",
        severity=3,
        deadline=timezone.localdate() - datetime.timedelta(days=5),
        status=CorrectiveAction.Status.IN_PROGRESS,
    )
    if with_warning:
        Escalation.objects.create(
            buyer=buyer,
            supplier=supplier,
            action=obj,
            rung=1,
            reason="Overdue",
            status="in_force",
            decided_by=f.UserFactory(),
            decided_on=timezone.localdate(),
        )
    return obj


def partner(buyer, other, **extra):
    """``buyer``'s partner record for ``other`` (a Buyer in this installation)."""
    return PartnerBuyer.objects.create(
        buyer=buyer, name=other.name, org_number=other.org_number or "", linked_buyer=other, **extra
    )


def consent(partner_, item, *, user=None):
    kind = {Finding: "finding", CorrectiveAction: "action"}.get(type(item), "assessment")
    supplier = item.supplier if kind != "finding" else item.supplier_links.first().supplier
    return SharingConsent.objects.create(
        buyer=partner_.buyer,
        partner=partner_,
        supplier=supplier,
        kind=kind,
        consented_by=user,
        consented_at=timezone.now(),
        **{kind: item},
    )


def exchange_world(buyer, supplier):
    """For the access walk: a partner, a consent, an import with a supplier to match and an
    item whose other version waits for a decision."""
    other = f.BuyerFactory(name="Trondheim kommune")
    partner_ = partner(buyer, other)
    shared_finding = finding(buyer, supplier, title="Shared finding")
    consent_ = consent(partner_, shared_finding)
    now = timezone.now()
    imported = ExchangeImport.objects.create(
        buyer=buyer,
        partner=partner_,
        filename="exchange.json",
        sha256="0" * 64,
        origin_export_id="5f0c7d0e-1b7a-4a51-9a41-1f2e3d4c5b6a",
        exported_at=now,
    )
    unmatched = SharedSupplier.objects.create(
        buyer=buyer, partner=partner_, name="Unknown Components Ltd", registry_id="12345678", country="MY"
    )
    matched = SharedSupplier.objects.create(
        buyer=buyer, partner=partner_, name=supplier.legal_name, org_number=supplier.org_number, supplier=supplier
    )
    item = SharedItem.objects.create(
        buyer=buyer,
        partner=partner_,
        shared_supplier=matched,
        kind="finding",
        origin_id="0b7e2f4c-8f4a-4d8e-9c53-2b1a0f9e8d7c",
        title="Recruitment fees in Malaysia",
        data={"title": "Recruitment fees in Malaysia", "severity": "high", "status": "raised"},
        source_updated_at=now,
        exported_at=now,
        origin_export_id=imported.origin_export_id,
        last_import=imported,
        pending_data={"title": "Recruitment fees in Malaysia", "severity": "medium", "status": "raised"},
        pending_updated_at=now - datetime.timedelta(days=1),
        pending_exported_at=now,
        pending_import=imported,
    )
    return {
        "partner": partner_,
        "consent": consent_,
        "exchange_import": imported,
        "shared_item": item,
        "shared_supplier": unmatched,
    }
