"""A world where something waits on every line of the work queue: ``grow(buyer, officer, n)``
adds n items to each line (n suppliers, each awarded in the buyer's agreement), and gives
every other supplier to ``officer`` as "mine". Rows are written with the ORM directly, so
two data sizes are quick to build; the states are those the services reach."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from contracts.models import SupplierOfficer
from followup.models import Assessment, CorrectiveAction, Escalation, Meeting
from suppliers.models import CmrtReport, RegisterEntry, SmelterReference
from tests import factories as f
from tests.followup.factories import AssessmentFactory, QuestionnaireFactory, RoundFactory

OSLO = ZoneInfo("Europe/Oslo")
TODAY = datetime.date(2026, 5, 6)  # a Wednesday
NOW = datetime.datetime(2026, 5, 6, 9, 0, tzinfo=OSLO)

# line key -> how many of the n suppliers' items it counts (escalations: managers only)
LINE_KEYS = [
    "assessments_submitted",
    "clarifications_answered",
    "actions_to_verify",
    "overdue_actions",
    "escalations",
    "meetings_this_week",
    "minutes_to_share",
    "invitations",
    "expiring_evidence",
    "transparency_accounts",
    "cmrt_attention",
    "register_flags",
]


def _setup(buyer):
    agreement = f.AgreementFactory(buyer=buyer)
    questionnaire = QuestionnaireFactory(buyer=buyer)
    round_ = RoundFactory(agreement=agreement, questionnaire=questionnaire)
    SmelterReference.objects.get_or_create(
        cid="CID000001",
        defaults={"name": "Reference smelter", "metal": "tin", "country": "Malaysia", "rmap_status": "conformant"},
    )
    return agreement, round_


def grow(buyer, officer, n, *, start=0, now=NOW):
    """Add suppliers ``start``..``n - 1``, each with one item on every line, as of ``now``
    (the frozen Wednesday by default; browser tests pass the real time)."""
    today = timezone.localtime(now).date()
    agreement, round_ = getattr(buyer, "_world", None) or _setup(buyer)
    buyer._world = (agreement, round_)
    for i in range(start, n):
        # Covered by the Transparency Act, with no account for this year.
        supplier = f.SupplierFactory(legal_name=f"Supplier {i:03d} AS", transparency_act_covered=True)
        f.AwardFactory(agreement=agreement, supplier=supplier)
        if i % 2 == 0:
            SupplierOfficer.objects.create(buyer=buyer, supplier=supplier, officer=officer)
        # Self-assessments: one submitted, one resubmitted after a clarification.
        AssessmentFactory(round=round_, supplier=supplier, status=Assessment.Status.SUBMITTED, submitted_at=now)
        other_round = RoundFactory(agreement=agreement, questionnaire=round_.questionnaire)
        AssessmentFactory(
            round=other_round, supplier=supplier, status=Assessment.Status.SUBMITTED, submitted_at=now, returned_at=now
        )
        # Corrective actions: one with evidence to verify (deadline ahead), one overdue with a
        # proposed escalation waiting for the manager.
        CorrectiveAction.objects.create(
            buyer=buyer,
            supplier=supplier,
            title=f"Evidence {i}",
            severity=2,
            deadline=today + datetime.timedelta(days=20),
            status=CorrectiveAction.Status.EVIDENCE_SUBMITTED,
        )
        late = CorrectiveAction.objects.create(
            buyer=buyer, supplier=supplier, title=f"Late {i}", severity=3, deadline=today - datetime.timedelta(days=3)
        )
        Escalation.objects.create(
            buyer=buyer,
            supplier=supplier,
            action=late,
            rung=2,
            reason="Still late",
            status=Escalation.Status.PROPOSED,
            decided_by=officer,
            decided_on=today,
        )
        # Meetings: one now (this week), one held last month with minutes in draft.
        Meeting.objects.create(buyer=buyer, supplier=supplier, title=f"This week {i}", starts_at=now)
        Meeting.objects.create(
            buyer=buyer,
            supplier=supplier,
            title=f"Held {i}",
            starts_at=now - datetime.timedelta(days=30),
            status=Meeting.Status.HELD,
        )
        # An invitation never used, sent by the buyer's officer, and expired.
        f.InvitationFactory(supplier=supplier, invited_by=officer, expires_at=now - datetime.timedelta(days=1))
        # Evidence that expires in ten days.
        f.EvidenceFactory(supplier=supplier, valid_to=today + datetime.timedelta(days=10))
        # A CMRT saying not all smelters are identified (question 7: No).
        evidence = f.EvidenceFactory(supplier=supplier, kind="cmrt", title=f"CMRT {i}", valid_to=None)
        report = CmrtReport.objects.create(
            supplier=supplier,
            evidence=evidence,
            template_version="6.5",
            declaration_scope="A. Company",
            company_name=supplier.legal_name,
            metals_in_scope=["tin"],
            metal_answers={"7": {"tin": {"answer": "No"}}},
        )
        report.smelters.create(row=5, metal="tin", name="Reference smelter", cid="CID000001", country="Malaysia")
        # The Brønnøysund register's daily check found it bankrupt today.
        RegisterEntry.objects.create(
            supplier=supplier, fetched_at=now, name=supplier.legal_name, bankrupt=True, flagged_on=today
        )
