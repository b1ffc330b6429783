"""Worked data for the report tests: one buyer with two agreements, four suppliers,
their factories, self-assessments in three rounds, findings, corrective actions,
risk assessments and sanctions; plus another buyer's records that must never count."""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from criteria.models import OecdStep
from followup.models import (
    Answer,
    Assessment,
    CategoryStageRisk,
    CorrectiveAction,
    CountryRisk,
    Escalation,
    Finding,
    FindingSupplier,
    Meeting,
    Question,
    Questionnaire,
    ReportingRound,
    ReportRun,
    RiskAssessment,
)
from oslo_procurement.accounts.models import User
from tests import factories as f


def at(day, hour=12):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def questionnaire(buyer, steps=(OecdStep.EMBED, OecdStep.CEASE, OecdStep.TRACK)):
    q = Questionnaire.objects.create(
        buyer=buyer, title_nb="Egenrapportering", title_en="Self-assessment", status="published"
    )
    questions = []
    for order, step in enumerate(steps, start=1):
        version = f.CriterionVersionFactory(criterion=f.CriterionFactory(oecd_step=step))
        questions.append(
            Question.objects.create(
                questionnaire=q,
                criterion_version=version,
                order=order,
                text_nb=f"Spørsmål {order}",
                text_en=f"Question {order}",
                answer_type=Question.AnswerType.YES_NO_PARTLY,
                weight=order,
            )
        )
    return q, questions


def answer(assessment, question, *, choice="yes", review="pending", severity=""):
    """An answer already reviewed as given; the score is refreshed as the review service does."""
    from followup.services import refresh_score

    created = Answer.objects.create(
        assessment=assessment, question=question, choice=choice, review=review, severity=severity
    )
    refresh_score(assessment)
    return created


def finding(buyer, *, suppliers=(), lots=(), issue="overtime", severity=3, status="new", title=None, **extra):
    item = Finding.objects.create(
        buyer=buyer,
        title=title or f"{issue} finding",
        summary="What was found.",
        source_kind=Finding.SourceKind.NGO_REPORT,
        source_title="A report",
        issue_type=issue,
        severity=severity,
        likelihood=3,
        status=status,
        **extra,
    )
    for supplier in suppliers:
        FindingSupplier.objects.create(finding=item, supplier=supplier, raised_at=timezone.now())
    item.lots.set(lots)
    return item


def action(buyer, supplier, *, deadline, status="open", officer=None, title="Fix it", severity=3):
    extra = {}
    if status == "verified_closed":
        extra = {"verified_by": officer, "verified_at": timezone.now()}
    return CorrectiveAction.objects.create(
        buyer=buyer, supplier=supplier, title=title, severity=severity, deadline=deadline, status=status, **extra
    )


def risk(buyer, supplier, level, score, *, created_at=None, agreement=None):
    row = RiskAssessment.objects.create(
        buyer=buyer,
        supplier=supplier,
        agreement=agreement,
        inherent_score=score,
        residual_score=score,
        residual_level=level,
        explanation={"version": 1, "lines": []},
        inputs_digest="x" * 64,
    )
    if created_at is not None:
        RiskAssessment.objects.filter(pk=row.pk).update(created_at=created_at)
    return row


def build(buyer, *, today=None, scale=1):
    """The worked world. ``scale`` multiplies the suppliers of agreement A (for the
    query-count tests)."""
    today = today or timezone.localdate()
    officer = f.UserFactory(role=User.Role.OFFICER)
    f.BuyerMembershipFactory(user=officer, buyer=buyer)
    manager = f.UserFactory(role=User.Role.MANAGER)

    a = f.AgreementFactory(buyer=buyer, reference="2026/A", title="PCs and monitors")
    lot_pcs = f.LotFactory(agreement=a, number=1, title="PCs", category="pcs")
    lot_monitors = f.LotFactory(
        agreement=a, number=2, title="Monitors", category="monitors", risk_final_assembly="medium"
    )
    b = f.AgreementFactory(buyer=buyer, reference="2026/B", title="Tablets")
    lot_tablets = f.LotFactory(agreement=b, number=1, title="Tablets", category="tablets")

    s1 = f.SupplierFactory(legal_name="Nordlys IT AS")
    s2 = f.SupplierFactory(legal_name="Fjord Data AS")
    s3 = f.SupplierFactory(legal_name="Tablettverket AS")
    s4 = f.SupplierFactory(legal_name="Gammel Leverandør AS")
    f.AwardFactory(agreement=a, supplier=s1).lots.set([lot_pcs])
    f.AwardFactory(agreement=a, supplier=s2).lots.set([lot_pcs, lot_monitors])
    f.AwardFactory(agreement=b, supplier=s3).lots.set([lot_tablets])
    old = f.AwardFactory(agreement=a, supplier=s4)
    old.lots.set([lot_pcs])
    old.archived_at = timezone.now()
    old.save()

    f.SiteFactory(supplier=s1, country="CN", stage="final_assembly", product_categories=[])
    f.SiteFactory(supplier=s1, country="VN", stage="component", product_categories=["pcs"])
    f.SiteFactory(supplier=s2, country="CN", stage="final_assembly", product_categories=["monitors"])
    f.SiteFactory(supplier=s2, country="MY", stage="component", product_categories=[])
    f.SiteFactory(supplier=s3, country="CN", stage="final_assembly", product_categories=["tablets"])
    f.SiteFactory(supplier=s4, country="TH", stage="component")  # archived award: not counted
    archived_site = f.SiteFactory(supplier=s1, country="MX")
    archived_site.archived_at = timezone.now()
    archived_site.save()
    CountryRisk.objects.create(buyer=buyer, country="CN", level="very_high")
    CountryRisk.objects.create(buyer=buyer, country="VN", level="high")
    CategoryStageRisk.objects.create(buyer=buyer, category="monitors", stage="final_assembly", level="medium")

    form, questions = questionnaire(buyer)
    r1 = ReportingRound.objects.create(
        agreement=a,
        questionnaire=form,
        title="Spring",
        opens_on=today - datetime.timedelta(days=60),
        deadline=today - datetime.timedelta(days=20),
    )
    r2 = ReportingRound.objects.create(
        agreement=a,
        questionnaire=form,
        title="Autumn",
        opens_on=today - datetime.timedelta(days=5),
        deadline=today + datetime.timedelta(days=30),
    )
    r3 = ReportingRound.objects.create(
        agreement=b,
        questionnaire=form,
        title="Tablets round",
        opens_on=today - datetime.timedelta(days=50),
        deadline=today - datetime.timedelta(days=10),
    )
    # Spring: s1 on time and reviewed (score), s2 late, s4 overdue
    a11 = Assessment.objects.create(
        round=r1, supplier=s1, status="accepted", submitted_at=at(r1.deadline, 9), verdict="partly"
    )
    answer(a11, questions[0], choice="yes", review="accepted")
    answer(a11, questions[1], choice="partly", review="accepted")
    answer(a11, questions[2], choice="yes", review="non_compliant", severity="high")
    a12 = Assessment.objects.create(
        round=r1, supplier=s2, status="submitted", submitted_at=at(r1.deadline + datetime.timedelta(days=3))
    )
    answer(a12, questions[0], choice="no", review="non_compliant", severity="medium")
    answer(a12, questions[1], choice="yes", review="clarification")
    answer(a12, questions[2], choice="yes", review="pending")
    Assessment.objects.create(round=r1, supplier=s4, status="in_progress")
    # Autumn: not due yet; s2 already submitted
    Assessment.objects.create(round=r2, supplier=s1, status="not_started")
    a22 = Assessment.objects.create(round=r2, supplier=s2, status="submitted", submitted_at=at(today))
    answer(a22, questions[0], choice="yes", review="accepted")
    # Tablets: s3 returned (submitted on time once), reviewed answer
    a33 = Assessment.objects.create(
        round=r3, supplier=s3, status="returned", submitted_at=at(r3.deadline - datetime.timedelta(days=1))
    )
    answer(a33, questions[0], choice="partly", review="accepted")
    answer(a33, questions[2], choice="no", review="non_compliant", severity="critical")

    # Findings: open ones of several kinds, one closed, one archived, one tied only to lot 2
    finding(buyer, suppliers=[s1], issue="overtime", severity=4, status="raised", country="CN")
    finding(buyer, suppliers=[s1, s2], issue="overtime", severity=3, status="remedying")
    finding(buyer, suppliers=[s2], issue="student_agency", severity=3)
    finding(buyer, suppliers=[s3], issue="forced_labour", severity=4, status="disputed")
    finding(buyer, lots=[lot_monitors], issue="chemicals", severity=2)
    finding(buyer, suppliers=[s1], issue="overtime", severity=4, status="closed")
    archived = finding(buyer, suppliers=[s1], issue="wages", severity=1)
    archived.archived_at = timezone.now()
    archived.save()
    finding(buyer, issue="other", severity=1)  # about no supplier: buyer-wide only

    # Corrective actions: open, overdue, closed
    act_open = action(buyer, s1, deadline=today + datetime.timedelta(days=10))
    act_overdue = action(buyer, s2, deadline=today - datetime.timedelta(days=3), status="in_progress")
    act_closed = action(
        buyer, s3, deadline=today - datetime.timedelta(days=30), status="verified_closed", officer=officer
    )
    action(buyer, s4, deadline=today - datetime.timedelta(days=1), status="evidence_submitted")

    # Risk: s1 high now (was low), s2 very high, s3 not assessed, agreement-specific row ignored
    risk(buyer, s1, "low", Decimal("20.0"), created_at=timezone.now() - datetime.timedelta(days=90))
    risk(buyer, s1, "high", Decimal("65.0"))
    risk(buyer, s2, "very_high", Decimal("80.0"))
    risk(buyer, s3, "low", Decimal("10.0"), agreement=b)

    # Sanctions: s1 warning in force; s2 warning and suspension in force; s3 proposal only
    Escalation.objects.create(
        buyer=buyer,
        supplier=s1,
        action=act_open,
        rung=1,
        reason="Late",
        status="in_force",
        decided_by=officer,
        decided_on=today,
    )
    Escalation.objects.create(
        buyer=buyer,
        supplier=s2,
        action=act_overdue,
        rung=1,
        reason="Late",
        status="in_force",
        decided_by=officer,
        decided_on=today - datetime.timedelta(days=20),
    )
    Escalation.objects.create(
        buyer=buyer,
        supplier=s2,
        action=act_overdue,
        rung=2,
        reason="Still late",
        status="in_force",
        decided_by=officer,
        approved_by=manager,
        decided_on=today,
    )
    Escalation.objects.create(
        buyer=buyer,
        supplier=s3,
        action=act_closed,
        rung=1,
        reason="Maybe",
        status="proposed",
        decided_by=officer,
        decided_on=today,
    )
    Meeting.objects.create(
        buyer=buyer,
        supplier=s1,
        title="Follow-up 1",
        starts_at=timezone.now() - datetime.timedelta(days=7),
        status="held",
        decisions="Agreed to cut overtime.",
    )
    world = {
        "officer": officer,
        "agreement_a": a,
        "agreement_b": b,
        "lot_pcs": lot_pcs,
        "lot_monitors": lot_monitors,
        "lot_tablets": lot_tablets,
        "s1": s1,
        "s2": s2,
        "s3": s3,
        "s4": s4,
        "rounds": (r1, r2, r3),
        "questions": questions,
    }
    add_suppliers(buyer, world, scale - 1)
    return world


def add_suppliers(buyer, world, count):
    """``count`` more suppliers in agreement A, each with a factory, a reviewed
    self-assessment, a finding, an overdue action, a risk figure and a sanction."""
    today = timezone.localdate()
    r1 = world["rounds"][0]
    for _n in range(count):
        extra = f.SupplierFactory()
        f.AwardFactory(agreement=world["agreement_a"], supplier=extra).lots.set([world["lot_pcs"]])
        f.SiteFactory(supplier=extra, country="CN", stage="final_assembly")
        assessment = Assessment.objects.create(round=r1, supplier=extra, status="submitted", submitted_at=at(today))
        answer(assessment, world["questions"][0], choice="yes", review="accepted")
        finding(buyer, suppliers=[extra], issue="wages", severity=2)
        overdue = action(buyer, extra, deadline=today - datetime.timedelta(days=1))
        risk(buyer, extra, "medium", Decimal("40.0"))
        Escalation.objects.create(
            buyer=buyer,
            supplier=extra,
            action=overdue,
            rung=1,
            reason="Late",
            status="in_force",
            decided_by=world["officer"],
            decided_on=today,
        )


def build_other_buyer(other_buyer, supplier):
    """Another buyer's records about a shared supplier: never in this buyer's figures."""
    today = timezone.localdate()
    agreement = f.AgreementFactory(buyer=other_buyer, reference="BERGEN/1")
    f.AwardFactory(agreement=agreement, supplier=supplier)
    finding(other_buyer, suppliers=[supplier], issue="child_labour", severity=4, title="Bergen-only finding")
    risk(other_buyer, supplier, "very_high", Decimal("99.0"))
    form, questions = questionnaire(other_buyer)
    round_ = ReportingRound.objects.create(
        agreement=agreement,
        questionnaire=form,
        title="Bergen round",
        opens_on=today - datetime.timedelta(days=40),
        deadline=today - datetime.timedelta(days=5),
    )
    Assessment.objects.create(round=round_, supplier=supplier, status="not_started")
    return agreement


def done_run(buyer, **extra):
    """A finished PDF rendering with a stored file (for access tests)."""
    path = default_storage.save("private/reports/test.pdf", ContentFile(b"%PDF-1.4 test"))
    return ReportRun.objects.create(
        buyer=buyer, kind="buyer", language="en", status="done", file_path=path, pages=1, size=13, **extra
    )
