"""A supplier user answers a self-assessment in two sittings (autosave) and submits it;
the officer reviews it inline (htmx) and accepts it. Every page passes axe-core's
WCAG 2.1 AA rules."""

import datetime

import pytest
from playwright.sync_api import expect

from followup.models import Answer, Assessment
from oslo_procurement.accounts.models import User
from tests import factories as f
from tests.followup.factories import AssessmentFactory, QuestionFactory, QuestionnaireFactory, RoundFactory

from .conftest import assert_accessible, follow, login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def journey_world():
    buyer = f.BuyerFactory(name="Oslo kommune")
    officer = f.UserFactory(email="ingrid@oslo.example", full_name="Ingrid Solberg", role=User.Role.OFFICER)
    f.BuyerMembershipFactory(user=officer, buyer=buyer)
    supplier = f.SupplierFactory(legal_name="Nordlys IT-Partner AS")
    user = f.SupplierMembershipFactory(
        supplier=supplier, user__email="ola@nordlys.example", user__full_name="Ola Nordmann"
    ).user
    agreement = f.AgreementFactory(buyer=buyer, reference="2026/0042")
    f.AwardFactory(agreement=agreement, supplier=supplier)
    questionnaire = QuestionnaireFactory(buyer=buyer, title_en="Social criteria 2026")
    QuestionFactory(
        questionnaire=questionnaire,
        order=1,
        criterion_version=f.CriterionVersionFactory(criterion__oecd_step=1),
        text_en="Do you have a human rights policy approved by the board?",
        help_en="Name the document and the date it was approved.",
    )
    QuestionFactory(
        questionnaire=questionnaire,
        order=2,
        criterion_version=f.CriterionVersionFactory(criterion__oecd_step=2),
        answer_type="text",
        text_en="Which risks have you found in your supply chain?",
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
    return {"officer": officer, "user": user, "round": round_, "assessment": assessment}


def test_supplier_answers_in_two_sittings_and_officer_accepts(page, journey_world):
    assessment = journey_world["assessment"]
    login(page, journey_world["user"].email, f.PASSWORD)

    page.goto("/portal/assessments/")
    assert_accessible(page)
    page.get_by_role("link", name="Self-assessment spring 2026").click()
    page.get_by_role("heading", name="Self-assessment spring 2026").wait_for()
    expect(page.get_by_text("Name the document and the date it was approved.")).to_be_visible()
    assert_accessible(page)

    # First sitting: each answer saves itself.
    first = page.locator("#question-1")
    first.get_by_label("Yes", exact=True).check()
    first.get_by_label("Explanation to question 1").fill("Approved by the board in June 2025")
    expect(first.get_by_role("status")).to_contain_text("Saved", timeout=10_000)
    second = page.locator("#question-2")
    second.get_by_label("Your answer to question 2").fill("Overtime at a component supplier in Vietnam")
    expect(second.get_by_role("status")).to_contain_text("Saved", timeout=10_000)
    expect(page.locator("#missing-box")).to_contain_text("All required questions are answered")

    # Second sitting: the answers are still there.
    page.reload()
    assert page.locator("#question-1").get_by_label("Yes", exact=True).is_checked()
    expect(page.locator("#question-1").get_by_label("Explanation to question 1")).to_have_value(
        "Approved by the board in June 2025"
    )
    expect(page.locator("#question-2").get_by_label("Your answer to question 2")).to_have_value(
        "Overtime at a component supplier in Vietnam"
    )
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_PROGRESS

    follow(page, page.get_by_role("link", name="Review and submit"))
    assert_accessible(page)
    page.get_by_role("button", name="Submit the self-assessment").click()
    expect(page.get_by_text("has been told and will review your answers")).to_be_visible()
    assert page.locator("textarea").count() == 0  # read-only now
    assert_accessible(page)

    # The officer follows the round, reviews inline and accepts.
    page.context.clear_cookies()
    login(page, journey_world["officer"].email, f.PASSWORD)
    page.goto(journey_world["round"].get_absolute_url())
    expect(page.get_by_role("cell", name="Nordlys IT-Partner AS", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Review Nordlys IT-Partner AS").click()
    page.get_by_role("heading", name="Answers").wait_for()
    assert_accessible(page)
    for number in ("1", "2"):
        page.get_by_role("button", name=f"Accept answer {number}", exact=True).click()
        expect(page.locator("article").nth(int(number) - 1)).to_contain_text("accepted: 1 × 1 = 1 of 1")
    expect(page.locator("#review-summary")).to_contain_text("100.0 %")
    page.get_by_label("Meets the requirements", exact=True).check()
    page.get_by_label("Comment on the verdict").fill("Policy and risk mapping in place.")
    page.get_by_role("button", name="Accept the self-assessment").click()
    expect(page.get_by_text("The self-assessment is accepted.")).to_be_visible()
    assert_accessible(page)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.ACCEPTED
    assert set(Answer.objects.filter(assessment=assessment).values_list("review", flat=True)) == {"accepted"}


def test_expired_session_and_second_tab_keep_what_was_typed(page, journey_world):
    assessment = journey_world["assessment"]
    login(page, journey_world["user"].email, f.PASSWORD)
    url = f"/portal/assessments/{assessment.public_id}/"
    page.goto(url)

    # A second tab saves the same answer first: this tab is told, and does not overwrite it.
    other = page.context.new_page()
    other.goto(url)
    other.locator("#question-2").get_by_label("Your answer to question 2").fill("Saved from the other tab")
    expect(other.locator("#question-2").get_by_role("status")).to_contain_text("Saved", timeout=10_000)
    other.close()
    answer_field = page.locator("#question-2").get_by_label("Your answer to question 2")
    answer_field.fill("Typed in this tab")
    expect(page.locator("#question-2").get_by_role("status")).to_contain_text(
        "This answer was changed in another window; reload to see it.", timeout=10_000
    )
    expect(answer_field).to_have_value("Typed in this tab")
    assert Answer.objects.get(assessment=assessment, question__order=2).text == "Saved from the other tab"

    # The session runs out: the change is not dropped silently and stays in the field.
    page.context.clear_cookies()
    explanation = page.locator("#question-1").get_by_label("Explanation to question 1")
    explanation.fill("Typed after the session expired")
    expect(page.locator("#question-1").get_by_role("status")).to_contain_text(
        "You have been logged out; your last change was not saved", timeout=10_000
    )
    expect(explanation).to_have_value("Typed after the session expired")
    assert not Answer.objects.filter(assessment=assessment, question__order=1).exists()
    assert_accessible(page)
