"""The officer's journey, top to bottom, through the screens: set up a framework
agreement with a lot and an award, open a reporting round for it, review the supplier's
submitted self-assessment (accept one answer, record a non-compliance), give the verdict,
and follow up with a corrective action. Every page passes axe-core (WCAG 2.1 AA). Runs
on PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set (CI)."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contracts.models import Award, FrameworkAgreement
from followup import services
from followup.models import Answer, Assessment, CorrectiveAction, ReportingRound
from oslo_procurement.accounts.models import User
from tests import factories as f
from tests.followup.factories import QuestionFactory, QuestionnaireFactory

from .conftest import assert_accessible, follow, login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def officer_world():
    buyer = f.BuyerFactory(name="Oslo kommune")
    officer = f.UserFactory(email="ingrid@oslo.example", full_name="Ingrid Solberg", role=User.Role.OFFICER)
    f.BuyerMembershipFactory(user=officer, buyer=buyer)
    supplier = f.SupplierFactory(legal_name="Nordlys IT-Partner AS")
    supplier_user = f.SupplierMembershipFactory(supplier=supplier, user__email="ola@nordlys.example").user
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
        criterion_version=f.CriterionVersionFactory(criterion__oecd_step=2),
        text_en="Have you mapped the risks in your supply chain?",
    )
    return {"officer": officer, "supplier": supplier, "supplier_user": supplier_user}


def _supplier_answers_and_submits(world):
    """The supplier's side (its own journey is test_journey_supplier.py)."""
    assessment = Assessment.objects.get(supplier=world["supplier"])
    for question, choice in zip(assessment.round.questionnaire.questions.order_by("order"), ("yes", "no"), strict=True):
        services.answer_save(
            assessment=assessment,
            question=question,
            values={"choice": choice, "explanation": f"Answer {question.order}"},
            expected_revision=0,
            actor=world["supplier_user"],
        )
    assert services.assessment_submit(assessment=assessment, actor=world["supplier_user"])
    return assessment


def test_officer_sets_up_an_agreement_opens_a_round_reviews_and_follows_up(page, officer_world):
    today = timezone.localdate()
    login(page, officer_world["officer"].email, f.PASSWORD)

    # The framework agreement.
    page.goto("/agreements/")
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="New agreement"))
    assert_accessible(page)
    page.get_by_label("Reference").fill("UKE-2026/0101")
    page.get_by_label("Title").fill("PCs, thin clients, monitors and tablets")
    page.get_by_label("Start date").fill(f"{today:%Y-%m-%d}")
    page.get_by_label("End date*", exact=True).fill(f"{today + datetime.timedelta(days=3 * 365):%Y-%m-%d}")
    page.get_by_label("Status").select_option("active")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="PCs, thin clients, monitors and tablets")).to_be_visible()
    agreement = FrameworkAgreement.objects.get(reference="UKE-2026/0101")

    # A lot, rated per production stage.
    follow(page, page.get_by_role("link", name="Add lot"))
    assert_accessible(page)
    page.get_by_label("Lot number").fill("1")
    page.get_by_label("Title").fill("PCs and laptops")
    page.get_by_label("Product category").select_option("pcs")
    page.get_by_label("Risk: raw material").select_option("very_high")
    page.get_by_label("Risk: component manufacturing").select_option("very_high")
    page.get_by_label("Risk: final assembly").select_option("high")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("PCs and laptops").first).to_be_visible()

    # The award to the supplier, for that lot.
    follow(page, page.get_by_role("link", name="Add award"))
    assert_accessible(page)
    page.get_by_role("combobox", name="Supplier").select_option(label="Nordlys IT-Partner AS")
    page.get_by_label("Party").select_option("contract_holder")
    page.get_by_role("checkbox", name=re.compile("PCs and laptops")).check()
    page.get_by_label("Signed on").fill(f"{today:%Y-%m-%d}")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    award = Award.objects.get(agreement=agreement)
    assert award.supplier == officer_world["supplier"] and list(award.lots.values_list("number", flat=True)) == [1]
    assert_accessible(page)

    # The reporting round.
    page.goto("/followup/")
    assert_accessible(page)
    page.get_by_label("Agreement").select_option(label="UKE-2026/0101 PCs, thin clients, monitors and tablets")
    follow(page, page.get_by_role("button", name="Open a round"))
    assert_accessible(page)
    page.get_by_label("Questionnaire").select_option(index=1)
    page.get_by_label("Title (Bokmål)").fill("Self-assessment 2026")
    page.get_by_label("Opens on").fill(f"{today:%Y-%m-%d}")
    page.get_by_label("Deadline").fill(f"{today + datetime.timedelta(weeks=6):%Y-%m-%d}")
    page.get_by_label("Nordlys IT-Partner AS").check()
    page.get_by_role("button", name="Open the round and notify the suppliers").click()
    expect(page.get_by_role("heading", name="Self-assessment 2026")).to_be_visible()
    round_ = ReportingRound.objects.get(agreement=agreement)
    assert_accessible(page)

    # The supplier answers and submits; the officer reviews.
    assessment = _supplier_answers_and_submits(officer_world)
    page.goto(round_.get_absolute_url())
    page.get_by_role("link", name="Review Nordlys IT-Partner AS").click()
    page.get_by_role("heading", name="Answers").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Accept answer 1", exact=True).click()
    expect(page.locator("article").nth(0)).to_contain_text("accepted: 1 × 1 = 1 of 1")
    second = page.locator("article").nth(1)
    second.locator("summary", has_text="Record non-compliance").click()
    second.get_by_label("Severity").select_option(label="High")
    second.get_by_label("Reason for the supplier").fill("No risk mapping of the component suppliers.")
    second.get_by_role("button", name="Record non-compliance").click()
    expect(page.locator("article").nth(1)).to_contain_text("non-compliance: 0 of")
    page.mouse.move(0, 0)  # no button caught half-way through its hover transition
    assert_accessible(page)
    page.get_by_label("Partly meets the requirements", exact=True).check()
    page.get_by_label("Comment on the verdict").fill("Policy in place; the risk mapping is missing.")
    page.get_by_role("button", name="Accept the self-assessment").click()
    expect(page.get_by_text("The self-assessment is accepted.")).to_be_visible()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.ACCEPTED and assessment.verdict == "partly"
    assert Answer.objects.get(assessment=assessment, question__order=2).review == Answer.Review.NON_COMPLIANT

    # Follow-up: a corrective action for the missing risk mapping, from the supplier's page.
    page.goto(officer_world["supplier"].get_absolute_url())
    follow(page, page.get_by_role("link", name="New corrective action"))
    assert_accessible(page)
    page.get_by_label("Action").fill("Map the risks of the component suppliers")
    page.get_by_label("What must be done").fill("Map smelters and component makers; share the map.")
    page.get_by_label("Severity").select_option(label="High")
    page.get_by_label("Responsible at the supplier").fill("Kari Nordmann")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Map the risks of the component suppliers")).to_be_visible()
    assert_accessible(page)
    action = CorrectiveAction.objects.get(title="Map the risks of the component suppliers")
    assert action.supplier == officer_world["supplier"] and action.deadline > today  # the default by severity
