"""Each decision reaches the person who must act next, walked in a real browser between the
officer and the supplier: a non-compliant answer and its reason reach the portal (never the
internal note); the officer starts the corrective action from the answer in one step; the
supplier submits evidence; the officer verifies and closes; the supplier sees it closed.
The verdict reaches the supplier's inbox and portal. An action agreed in a meeting is
visible to the supplier the same day the minutes are shared. axe on every page opened."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from followup import services
from followup.actions import services as action_services
from followup.meetings import services as meeting_services
from followup.models import Assessment, CorrectiveAction
from oslo_procurement.accounts.models import User
from tests import factories as f
from tests.followup.factories import AssessmentFactory, QuestionFactory, QuestionnaireFactory, RoundFactory

from .conftest import assert_accessible, follow, login

pytestmark = pytest.mark.django_db(transaction=True)

REASON = "Your risk map stops at tier 1; the component makers are missing."
NOTE = "SECRET-NOTE: ask the NGO about their Penang plant"


@pytest.fixture
def world():
    buyer = f.BuyerFactory(name="Oslo kommune")
    officer = f.UserFactory(email="ingrid@oslo.example", full_name="Ingrid Solberg", role=User.Role.OFFICER)
    f.BuyerMembershipFactory(user=officer, buyer=buyer)
    supplier = f.SupplierFactory(legal_name="Nordlys IT-Partner AS")
    user = f.SupplierMembershipFactory(
        supplier=supplier, user__email="ola@nordlys.example", user__full_name="Ola Nordmann", user__language="en"
    ).user
    f.EvidenceFactory(supplier=supplier, title="Tier 2 risk map", kind="policy")
    agreement = f.AgreementFactory(buyer=buyer, reference="2026/0042")
    f.AwardFactory(agreement=agreement, supplier=supplier)
    questionnaire = QuestionnaireFactory(buyer=buyer, title_en="Social criteria 2026", status="published")
    questions = [
        QuestionFactory(
            questionnaire=questionnaire,
            order=1,
            criterion_version=f.CriterionVersionFactory(criterion__oecd_step=1, criterion__code="HR-1"),
            text_en="Do you have a human rights policy approved by the board?",
        ),
        QuestionFactory(
            questionnaire=questionnaire,
            order=2,
            criterion_version=f.CriterionVersionFactory(criterion__oecd_step=2, criterion__code="HR-2"),
            text_en="Have you mapped the risks in your supply chain?",
        ),
    ]
    today = timezone.localdate()
    round_ = RoundFactory(
        agreement=agreement,
        questionnaire=questionnaire,
        title="Self-assessment 2026",
        opens_on=today - datetime.timedelta(days=7),
        deadline=today + datetime.timedelta(days=30),
    )
    assessment = AssessmentFactory(round=round_, supplier=supplier)
    for question in questions:
        services.answer_save(
            assessment=assessment, question=question, values={"choice": "yes"}, expected_revision=0, actor=user
        )
    services.assessment_submit(assessment=assessment, actor=user)
    return {"buyer": buyer, "officer": officer, "supplier": supplier, "user": user, "assessment": assessment}


def _as(page, user):
    page.context.clear_cookies()
    login(page, user.email, f.PASSWORD)


def test_non_compliance_to_action_to_evidence_to_closed_between_officer_and_supplier(page, world):
    assessment, officer, user = world["assessment"], world["officer"], world["user"]
    review_url = f"/followup/assessments/{assessment.public_id}/"

    # The officer records answer 2 as non-compliant: a reason for the supplier, an internal note.
    _as(page, officer)
    page.goto(review_url)
    page.get_by_role("heading", name="Answers").wait_for()
    assert_accessible(page)
    second = page.locator("article").nth(1)
    second.locator("summary", has_text="Record non-compliance").click()
    second.get_by_label("Severity").select_option(label="High")
    second.get_by_label("Reason for the supplier").fill(REASON)
    second.get_by_label("Internal note (never shown to the supplier)").nth(1).fill(NOTE)
    second.get_by_role("button", name="Record non-compliance").click()
    expect(page.locator("article").nth(1)).to_contain_text(REASON)
    expect(page.locator("article").nth(1)).to_contain_text("SECRET-NOTE")
    page.mouse.move(0, 0)
    assert_accessible(page)

    # The supplier sees the outcome and the reason on that answer, never the note.
    _as(page, user)
    page.goto(f"/portal/assessments/{assessment.public_id}/")
    outcome = page.locator("#question-2 [data-review-outcome]")
    expect(outcome).to_contain_text("Non-compliance")
    expect(outcome).to_contain_text(REASON)
    assert "SECRET-NOTE" not in page.content()
    assert_accessible(page)

    # The officer starts the corrective action from the answer: the form comes prefilled.
    _as(page, officer)
    page.goto(review_url)
    page.get_by_role("link", name="Start a corrective action for answer 2").click()
    expect(page.get_by_role("heading", name="Started from a non-compliant answer")).to_be_visible()
    expect(page.get_by_label("Action")).to_have_value(
        "HR-2: " + assessment.round.questionnaire.questions.get(order=2).criterion_version.title
    )
    expect(page.get_by_label("Severity")).to_have_value("3")
    expect(page.get_by_label("What must be done")).to_contain_text(REASON)
    assert_accessible(page)
    page.get_by_label("Action").fill("Map the component makers (tier 2)")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Map the component makers (tier 2)")).to_be_visible()
    expect(page.locator("[data-action-answer]")).to_contain_text("Have you mapped the risks in your supply chain?")
    assert_accessible(page)
    action = CorrectiveAction.objects.get(title="Map the component makers (tier 2)")
    assert action.answer.question.order == 2 and action.severity == 3
    page.goto(review_url)
    expect(page.locator("article").nth(1).locator("[data-answer-action]")).to_contain_text(
        "Map the component makers (tier 2)"
    )
    # A second start shows the existing action.
    page.goto(f"/actions/new/from-answer/{assessment.public_id}/?question={action.answer.question.public_id}")
    expect(page.get_by_text("already started from this answer")).to_be_visible()
    expect(page.get_by_role("heading", name="Map the component makers (tier 2)")).to_be_visible()
    assert CorrectiveAction.objects.count() == 1

    # The supplier follows the link on the answer and submits evidence.
    _as(page, user)
    page.goto(f"/portal/assessments/{assessment.public_id}/")
    page.locator("#question-2").get_by_role("link", name="Map the component makers (tier 2)").click()
    expect(page.get_by_text("Self-assessment 2026: 2. Have you mapped the risks")).to_be_visible()
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Attach evidence"))
    assert_accessible(page)
    page.get_by_label("Tier 2 risk map").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Submit the evidence for verification").click()
    expect(page.get_by_text("Your evidence has been submitted.")).to_be_visible()
    assert_accessible(page)

    # The officer verifies and closes (no override needed: the evidence is there).
    _as(page, officer)
    page.goto(f"/actions/{action.public_id}/")
    page.get_by_role("link", name="Verify and close").click()
    expect(page.get_by_label("Close without the supplier's evidence (officer's override)")).to_have_count(0)
    assert_accessible(page)
    page.get_by_label("How was it verified?").fill("The tier 2 map covers every component maker.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Map the component makers (tier 2)")).to_contain_text("Verified and closed")

    # The supplier sees it closed: on the action, on the portal home, and by email.
    _as(page, user)
    page.goto(f"/portal/actions/{action.public_id}/")
    expect(page.get_by_text("The buyer has verified this action and closed it.")).to_be_visible()
    assert_accessible(page)
    page.goto("/portal/")
    expect(page.locator("[data-action-decision]")).to_contain_text("Verified")
    assert_accessible(page)
    assert any(message.to == [user.email] and action.title in message.body for message in mail.outbox)


def test_verdict_reaches_the_suppliers_inbox_and_portal(page, world):
    assessment, officer, user = world["assessment"], world["officer"], world["user"]
    mail.outbox.clear()
    _as(page, officer)
    page.goto(f"/followup/assessments/{assessment.public_id}/")
    page.get_by_role("heading", name="Answers").wait_for()
    # Both at once, as a quick officer does: the second is sent after the first is saved,
    # and the decision form appears when the last answer is reviewed.
    page.get_by_role("button", name="Accept answer 1", exact=True).click()
    page.get_by_role("button", name="Accept answer 2", exact=True).click()
    for index in (0, 1):
        expect(page.locator("article").nth(index)).to_contain_text("Review saved.")
        expect(page.locator("article").nth(index)).not_to_contain_text("pending review")
    page.mouse.move(0, 0)
    assert_accessible(page)
    page.get_by_label("Meets the requirements", exact=True).check()
    page.get_by_label("Comment on the verdict").fill("Policy and risk map in place. Thank you.")
    page.get_by_role("button", name="Accept the self-assessment").click()
    expect(page.get_by_text("The self-assessment is accepted.")).to_be_visible()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.ACCEPTED

    # The supplier's inbox, in the supplier user's language (English here).
    (email,) = [m for m in mail.outbox if m.to == [user.email]]
    assert "has decided on your self-assessment" in email.subject
    assert "Meets the requirements" in email.body and "Policy and risk map in place. Thank you." in email.body

    # The portal: the home page and the self-assessment.
    _as(page, user)
    page.goto("/portal/")
    verdict = page.locator("[data-verdict]")
    expect(verdict).to_contain_text("Meets the requirements")
    expect(verdict).to_contain_text("Policy and risk map in place. Thank you.")
    assert_accessible(page)
    verdict.get_by_role("link", name="Self-assessment 2026").click()
    expect(page.get_by_text("Policy and risk map in place. Thank you.")).to_be_visible()
    assert_accessible(page)


def test_meeting_action_shared_is_visible_to_the_supplier_the_same_day(page, world):
    buyer, officer, supplier, user = world["buyer"], world["officer"], world["supplier"], world["user"]
    now = timezone.now()
    meeting = meeting_services.meeting_create(
        buyer=buyer, supplier=supplier, actor=officer, title="Follow-up on tier 2", starts_at=now
    )
    meeting_services.meeting_record_minutes(
        meeting=meeting, actor=officer, minutes="Tier 2 mapping agreed.", decisions="One action.", internal_notes=""
    )
    deadline = timezone.localdate() + datetime.timedelta(days=21)
    action_services.action_create(
        buyer=buyer,
        supplier=supplier,
        actor=officer,
        title="Send the tier 2 supplier list",
        severity=2,
        deadline=deadline,
        meeting=meeting,
    )
    mail.outbox.clear()

    # Before sharing, the supplier does not see it.
    _as(page, user)
    page.goto("/portal/actions/")
    expect(page.get_by_text("Send the tier 2 supplier list")).to_have_count(0)
    assert_accessible(page)

    # The officer shares the minutes on the meeting day.
    _as(page, officer)
    page.goto(f"/meetings/{meeting.public_id}/")
    assert_accessible(page)
    page.get_by_role("button", name="Share the minutes with the supplier").click()
    expect(page.get_by_text("Minutes shared with the supplier").first).to_be_visible()

    # The same day the supplier sees the action with its deadline, and got an email.
    _as(page, user)
    page.goto("/portal/actions/")
    row = page.get_by_role("row").filter(has_text="Send the tier 2 supplier list")
    expect(row).to_be_visible()
    with translation.override(user.language):
        expect(row).to_contain_text(date_format(deadline, "DATE_FORMAT"))
    assert_accessible(page)
    page.goto(f"/portal/meetings/{meeting.public_id}/")
    expect(page.get_by_role("link", name="Send the tier 2 supplier list")).to_be_visible()
    assert_accessible(page)
    (email,) = [m for m in mail.outbox if m.to == [user.email]]
    assert "Send the tier 2 supplier list" in email.body

    # No evidence came: "Verify and close" is refused until the officer overrides with a reason.
    action = CorrectiveAction.objects.get(title="Send the tier 2 supplier list")
    _as(page, officer)
    page.goto(f"/actions/{action.public_id}/verify/")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("has not submitted evidence for this action").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Close without the supplier's evidence (officer's override)").check()
    page.get_by_label("Why do you close it without the supplier's evidence?").fill(
        "The list was handed over on paper in the meeting."
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Send the tier 2 supplier list")).to_contain_text("Verified and closed")
    page.goto(f"/timeline/supplier/{supplier.public_id}/")
    expect(page.get_by_text("closed without the supplier's evidence (officer's override)").first).to_be_visible()
    expect(page.get_by_text("The list was handed over on paper in the meeting.").first).to_be_visible()
    assert_accessible(page)
