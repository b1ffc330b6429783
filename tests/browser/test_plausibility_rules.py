"""Plausibility rules in the browser: the supplier types 200 hours a week and is refused
with the message at the field; types 72, is asked why, explains and submits; the officer
sees the flag with the reason in the review. axe on every page."""

import datetime

import pytest
from playwright.sync_api import expect

from followup.models import Answer, Assessment
from oslo_procurement.accounts.models import User
from tests import factories as f
from tests.followup.factories import AssessmentFactory, QuestionFactory, QuestionnaireFactory, RoundFactory

from .conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world():
    buyer = f.BuyerFactory(name="Oslo kommune")
    officer = f.UserFactory(email="ingrid@oslo.example", full_name="Ingrid Solberg", role=User.Role.OFFICER)
    f.BuyerMembershipFactory(user=officer, buyer=buyer)
    supplier = f.SupplierFactory(legal_name="Tamsui Components Ltd")
    user = f.SupplierMembershipFactory(
        supplier=supplier, user__email="mei@tamsui.example", user__full_name="Mei Lin"
    ).user
    agreement = f.AgreementFactory(buyer=buyer, reference="2026/0042")
    f.AwardFactory(agreement=agreement, supplier=supplier)
    questionnaire = QuestionnaireFactory(buyer=buyer, title_en="Social criteria 2026")
    QuestionFactory(
        questionnaire=questionnaire,
        order=1,
        criterion_version=f.CriterionVersionFactory(criterion__oecd_step=1),
        text_en="Do you have a human rights policy approved by the board?",
    )
    QuestionFactory(
        questionnaire=questionnaire,
        order=2,
        criterion_version=f.CriterionVersionFactory(criterion__oecd_step=3),
        answer_type="number",
        text_en="How many hours a week did final-assembly workers work in peak season?",
        unit_en="hours a week",
        min_value=0,
        max_value=168,
        soft_max=60,
    )
    today = datetime.date.today()
    round_ = RoundFactory(
        agreement=agreement,
        questionnaire=questionnaire,
        title="Self-assessment spring 2026",
        opens_on=today,
        deadline=today + datetime.timedelta(weeks=6),
    )
    assessment = AssessmentFactory(round=round_, supplier=supplier)
    return {"officer": officer, "user": user, "assessment": assessment}


def test_impossible_refused_unusual_explained_and_flagged_for_the_officer(page, world):
    assessment = world["assessment"]
    login(page, world["user"].email, f.PASSWORD)
    page.goto(f"/portal/assessments/{assessment.public_id}/")
    page.get_by_role("heading", name="Self-assessment spring 2026").wait_for()
    expect(page.get_by_text("From 0 hours a week to 168 hours a week.")).to_be_visible()
    assert_accessible(page)

    first = page.locator("#question-1")
    first.get_by_label("Yes", exact=True).check()
    expect(first.get_by_role("status")).to_contain_text("Saved", timeout=10_000)

    # 200 hours a week is impossible: refused at the field, nothing saved.
    hours = page.locator("#question-2")
    field = hours.get_by_label("Your answer to question 2")
    field.fill("200")
    refusal = "200 hours a week is not possible here: enter a number from 0 hours a week to 168 hours a week."
    expect(hours.get_by_role("status")).to_contain_text(refusal, timeout=10_000)
    expect(hours.locator("#q2-number-error")).to_have_text(refusal)
    expect(field).to_have_attribute("aria-invalid", "true")
    assert not Answer.objects.filter(assessment=assessment, question__order=2).exists()
    reason_field = hours.get_by_label("Why is the answer outside the usual range? to question 2")
    expect(reason_field).to_be_hidden()
    assert_accessible(page)

    # 72 is possible but above the RBA limit: saved, and the supplier is asked why.
    field.fill("72")
    expect(hours.get_by_role("status")).to_contain_text("Saved", timeout=10_000)
    expect(hours.locator("#q2-number-error")).to_have_text("")
    expect(reason_field).to_be_visible()
    expect(hours).to_contain_text("72 hours a week is above the usual limit of 60 hours a week. Please explain why.")
    assert_accessible(page)

    # The submit page says the reason is missing, and links to the answer.
    page.get_by_role("link", name="Review and submit").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("These answers are outside the usual range.")
    expect(page.get_by_role("button", name="Submit the self-assessment")).to_have_count(0)
    assert_accessible(page)
    alert.get_by_role("link", name="Question 2").click()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_PROGRESS

    # The supplier explains, and submits.
    hours = page.locator("#question-2")
    reason = hours.get_by_label("Why is the answer outside the usual range? to question 2")
    expect(reason).to_be_visible()
    reason.fill("Peak season in September; a second shift starts in May.")
    expect(hours.get_by_role("status")).to_contain_text("Saved", timeout=10_000)
    page.get_by_role("link", name="Review and submit").click()
    page.get_by_role("button", name="Submit the self-assessment").click()
    expect(page.get_by_text("Submitted. The answers are read-only")).to_be_visible()
    expect(page.locator("#question-2")).to_contain_text("Reason given by the supplier")
    assert_accessible(page)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED

    # The officer sees the flag and the reason in the review.
    page.context.clear_cookies()
    login(page, world["officer"].email, f.PASSWORD)
    page.goto(f"/followup/assessments/{assessment.public_id}/")
    page.get_by_role("heading", name="Answers").wait_for()
    answers = page.locator("article")
    expect(answers.nth(0)).not_to_contain_text("Outside the usual range")
    flagged = answers.nth(1)
    expect(flagged).to_contain_text("Outside the usual range")
    expect(flagged).to_contain_text("72 hours a week is above the usual limit of 60 hours a week")
    expect(flagged).to_contain_text("Peak season in September; a second shift starts in May.")
    assert_accessible(page)
