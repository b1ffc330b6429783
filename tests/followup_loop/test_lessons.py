"""Lessons learned: suggestions computed from worked data (each with its figures and its
evidence), one click to make a lesson, dismissal that lasts, and lessons with evidence
of the buyer's own records only."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from followup.lessons import services
from followup.lessons import suggestions as rules
from followup.models import Answer, CorrectiveAction, Finding, FindingSupplier, Lesson, SuggestionDismissal
from tests import factories as f
from tests.followup.factories import AnswerFactory, AssessmentFactory, QuestionFactory, RoundFactory

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def _finding(buyer, issue, suppliers, title):
    finding = Finding.objects.create(
        buyer=buyer,
        title=title,
        summary="Reported.",
        source_kind="ngo_report",
        source_title="Report",
        issue_type=issue,
        severity=3,
        likelihood=3,
    )
    for supplier in suppliers:
        FindingSupplier.objects.create(finding=finding, supplier=supplier)
    return finding


@pytest.fixture
def world(buyer, officer, disclosure, interns):
    """Four suppliers answered a round on CLA-8 (yes/no) and SA-2 (a file question).
    CLA-8: 3 of 4 found non-compliant (75 %). SA-2: 1 of 4 (25 %).
    The SA-2 file question: 3 of 4 submitted answers have no evidence.
    Findings: overtime at 3 suppliers, one finding each (3 supply chains); chemicals in one
    finding at 2 suppliers (one chain).
    Corrective actions from the overtime findings: 2 late (one overdue, one closed after its
    deadline, from two different findings), 1 on time."""
    suppliers = [f.SupplierFactory(legal_name=f"Supplier {n}") for n in range(4)]
    agreement = f.AgreementFactory(buyer=buyer)
    round_ = RoundFactory(agreement=agreement)
    q_disclosure = QuestionFactory(questionnaire=round_.questionnaire, criterion_version=disclosure)
    q_file = QuestionFactory(
        questionnaire=round_.questionnaire, criterion_version=interns, answer_type="file", evidence_kind="policy"
    )
    now = timezone.now()
    for n, supplier in enumerate(suppliers):
        assessment = AssessmentFactory(round=round_, supplier=supplier, status="submitted", submitted_at=now)
        AnswerFactory(
            assessment=assessment,
            question=q_disclosure,
            choice="no",
            review="non_compliant" if n < 3 else "accepted",
            severity="high" if n < 3 else "",
        )
        file_answer = AnswerFactory(
            assessment=assessment,
            question=q_file,
            review="non_compliant" if n == 0 else "accepted",
            severity="medium" if n == 0 else "",
        )
        if n == 3:
            file_answer.evidence.add(f.EvidenceFactory(supplier=supplier))
    overtime = [_finding(buyer, "overtime", [suppliers[n]], f"Overtime at plant {n}") for n in range(3)]
    _finding(buyer, "chemicals", suppliers[:2], "Solvents without protection")
    late = CorrectiveAction.objects.create(
        buyer=buyer,
        supplier=suppliers[0],
        title="Cap overtime",
        severity=3,
        deadline=TODAY - datetime.timedelta(days=5),
        finding=overtime[0],
    )
    closed_late = CorrectiveAction.objects.create(
        buyer=buyer,
        supplier=suppliers[1],
        title="Second shift",
        severity=3,
        deadline=TODAY - datetime.timedelta(days=40),
        finding=overtime[1],
        status="verified_closed",
        verified_by=officer,
        verified_at=now - datetime.timedelta(days=10),
    )
    on_time = CorrectiveAction.objects.create(
        buyer=buyer,
        supplier=suppliers[2],
        title="Overtime policy",
        severity=2,
        deadline=TODAY + datetime.timedelta(days=20),
        finding=overtime[2],
    )
    return {
        "suppliers": suppliers,
        "q_file": q_file,
        "overtime": overtime,
        "late": [late, closed_late],
        "on_time": on_time,
    }


def _by_rule(buyer):
    grouped = {}
    for suggestion in rules.open_suggestions(buyer):
        grouped.setdefault(suggestion.rule, []).append(suggestion)
    return grouped


def test_suggestions_follow_the_worked_figures(buyer, world, disclosure):
    found = _by_rule(buyer)
    (noncompliance,) = found["noncompliance"]  # CLA-8 at 75 %; SA-2 at 25 % is below the threshold
    assert noncompliance.criterion == disclosure.criterion
    assert "3 of the 4 suppliers whose answers on CLA-8 were reviewed (75 %)" in noncompliance.explanation
    assert {a.assessment.supplier for a in noncompliance.answers} == set(world["suppliers"][:3])

    (issue,) = found["recurring_issue"]  # overtime in 3 supply chains; chemicals in 1 is below
    assert issue.key == "issue:overtime"
    assert "3 findings" in issue.explanation and "3 suppliers in 3 different supply chains" in issue.explanation
    assert issue.findings == world["overtime"]
    assert issue.suppliers == world["suppliers"][:3]

    (evidence,) = found["missing_evidence"]
    assert evidence.key == f"evidence:{world['q_file'].public_id}"
    assert "3 of 4 submitted answers (75 %)" in evidence.explanation
    assert len(evidence.answers) == 3

    (overdue,) = found["overdue_actions"]
    assert overdue.key == "overdue:issue:overtime"
    assert "2 of 3 corrective actions on Excessive overtime, from 2 different findings" in overdue.explanation
    assert set(overdue.actions) == set(world["late"])


def test_nothing_is_suggested_below_the_thresholds(buyer, other_buyer, world):
    # Another buyer's data never counts.
    assert rules.open_suggestions(other_buyer) == []
    # Bring the figures under every threshold: the suggestions go.
    Answer.objects.filter(review="non_compliant").update(review="accepted", severity="")
    FindingSupplier.objects.filter(supplier=world["suppliers"][2]).delete()
    CorrectiveAction.objects.filter(pk=world["late"][0].pk).update(deadline=TODAY + datetime.timedelta(days=3))
    for answer in Answer.objects.filter(question=world["q_file"]):
        answer.evidence.add(f.EvidenceFactory(supplier=answer.assessment.supplier))
    assert rules.open_suggestions(buyer) == []


def test_the_page_shows_each_suggestion_with_its_figures_and_evidence(officer_client, buyer, world):
    page = officer_client.get(reverse("lessons:list")).content.decode()
    assert "Most suppliers failed CLA-8 in the self-assessment reviews" in page
    assert "Overtime at plant 0" in page and "Supplier 2" in page
    assert reverse("actions:detail", args=[world["late"][0].public_id]) in page
    assert "Make it a lesson" in page


def test_one_click_makes_a_lesson_with_the_evidence_and_twice_makes_one(officer_client, buyer, world, disclosure):
    key = f"noncompliance:{disclosure.criterion.public_id}"
    response = officer_client.post(reverse("lessons:suggestion_adopt"), {"key": key})
    lesson = Lesson.objects.get()
    assert response.status_code == 302 and response.url == lesson.get_absolute_url()
    assert (lesson.status, lesson.criterion, lesson.proposal, lesson.suggestion_key) == (
        "draft",
        disclosure.criterion,
        "clarify",
        key,
    )
    assert "75 %" in lesson.learned
    assert lesson.answers.count() == 3 and lesson.assessments.count() == 3
    officer_client.post(reverse("lessons:suggestion_adopt"), {"key": key})
    assert Lesson.objects.count() == 1
    assert key not in {s.key for s in rules.open_suggestions(buyer)}
    detail = officer_client.get(lesson.get_absolute_url()).content.decode()
    assert "Supplier 0" in detail and "(non-compliance)" in detail


def test_a_dismissed_suggestion_stays_dismissed(officer_client, officer, manager, buyer, world):
    with pytest.raises(Exception, match="Only an officer"):
        services.suggestion_dismiss(buyer=buyer, actor=manager, key="issue:overtime")
    reason = {"key": "issue:overtime", "reason": "Already covered by the 2025 lesson on working hours."}
    officer_client.post(reverse("lessons:suggestion_dismiss"), reason)
    officer_client.post(reverse("lessons:suggestion_dismiss"), reason)  # a double submit
    assert SuggestionDismissal.objects.filter(buyer=buyer, key="issue:overtime").count() == 1
    # More overtime findings later: still not suggested again.
    _finding(buyer, "overtime", [f.SupplierFactory(), f.SupplierFactory()], "Even more overtime")
    assert "issue:overtime" not in {s.key for s in rules.open_suggestions(buyer)}
    assert "issue:overtime" in {s.key for s in rules.all_suggestions(buyer)}
    page = officer_client.get(reverse("lessons:list")).content.decode()
    assert "Dismissed suggestions" in page and "Already covered by the 2025 lesson on working hours." in page
    assert f"Dismissed by {officer.full_name}" in page
    with pytest.raises(ValidationError):
        services.lesson_from_suggestion(buyer=buyer, actor=officer, key="issue:never-seen")


def test_dismissing_asks_for_a_reason_and_can_be_undone_with_history(officer_client, officer, buyer, world):
    response = officer_client.post(reverse("lessons:suggestion_dismiss"), {"key": "issue:overtime", "reason": " "})
    assert response.status_code == 302 and not SuggestionDismissal.objects.exists()
    page = officer_client.get(reverse("lessons:list")).content.decode()
    assert "Say why the suggestion is dismissed." in page
    officer_client.post(reverse("lessons:suggestion_dismiss"), {"key": "issue:overtime", "reason": "Known issue."})
    assert "issue:overtime" not in {s.key for s in rules.open_suggestions(buyer)}
    officer_client.post(reverse("lessons:suggestion_restore"), {"key": "issue:overtime"})
    assert "issue:overtime" in {s.key for s in rules.open_suggestions(buyer)}
    dismissal = SuggestionDismissal.objects.get()
    assert (dismissal.restored_by, dismissal.reason) == (officer, "Known issue.")
    assert [h.restored_at is None for h in dismissal.history.order_by("history_date")] == [True, False]
    # Dismissed again later, with a new reason: one row, its whole history kept.
    services.suggestion_dismiss(buyer=buyer, actor=officer, key="issue:overtime", reason="Covered by a lesson.")
    assert "issue:overtime" not in {s.key for s in rules.open_suggestions(buyer)}
    assert dismissal.history.count() == 3


def test_officer_records_a_lesson_with_evidence_and_agrees_on_it(officer_client, buyer, officer, world, disclosure):
    data = {
        "title": "Disclosure needs a deadline",
        "learned": "Factory lists came late.",
        "criterion": disclosure.criterion.pk,
        "clause": "point 2",
        "proposal": "tighten",
        "proposal_text": "Three months after signing.",
        "findings": [world["overtime"][0].pk],
        "actions": [a.pk for a in world["late"]],
    }
    response = officer_client.post(reverse("lessons:create"), data)
    lesson = Lesson.objects.get()
    assert response.status_code == 302
    assert set(lesson.actions.all()) == set(world["late"]) and list(lesson.findings.all()) == [world["overtime"][0]]
    officer_client.post(reverse("lessons:agree", args=[lesson.public_id]))
    lesson.refresh_from_db()
    assert lesson.status == "agreed" and lesson.agreed_by == officer and lesson.agreed_at is not None
    officer_client.post(reverse("lessons:reopen", args=[lesson.public_id]))
    lesson.refresh_from_db()
    assert lesson.status == "draft" and lesson.agreed_at is None
    assert lesson.history.count() >= 3


def test_a_lesson_title_is_required_and_nothing_is_saved(officer_client, buyer):
    response = officer_client.post(reverse("lessons:create"), {"title": "", "learned": "", "proposal": "tighten"})
    assert response.status_code == 400 and not Lesson.objects.exists()


def test_evidence_of_another_buyer_is_refused(buyer, officer, other_buyer, world):
    theirs = _finding(other_buyer, "wages", [world["suppliers"][0]], "Their finding")
    with pytest.raises(ValidationError, match="own buyer"):
        services.lesson_create(
            buyer=buyer,
            actor=officer,
            title="x",
            learned="y",
            proposal="tighten",
            evidence={"findings": [theirs]},
        )
    assert not Lesson.objects.exists()


def test_lessons_page_runs_a_fixed_number_of_queries(officer_client, buyer, officer, world):
    def grow(n):
        for i in range(n):
            services.lesson_create(
                buyer=buyer,
                actor=officer,
                title=f"Lesson {i}",
                learned="y",
                proposal="clarify",
                evidence={"findings": world["overtime"][:1], "actions": world["late"]},
            )

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert officer_client.get(reverse("lessons:list")).status_code == 200
        return len(ctx.captured_queries)

    grow(2)
    small = count()
    grow(15)
    assert count() == small
