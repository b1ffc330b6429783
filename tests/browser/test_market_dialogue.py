"""Closing the loop in the browser: the officer plans a dialogue conference on the
agreement, puts a criterion of the agreement up for discussion, invites the contract
holder and records its feedback for that criterion, then starts the next procurement
draft from the agreement and sees the market's readiness beside the criterion, and
records a decision on it. Every page on the way passes axe-core's WCAG 2.1 AA rules."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from followup.models import CriterionDecision, CriterionFeedback, MarketEvent
from oslo_procurement.accounts.models import User
from tests import factories as f

from .conftest import assert_accessible, follow, go_to, login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def loop_world():
    buyer = f.BuyerFactory(name="Oslo kommune")
    officer = f.UserFactory(email="ingrid@oslo.example", full_name="Ingrid Solberg", role=User.Role.OFFICER)
    f.BuyerMembershipFactory(user=officer, buyer=buyer)
    supplier = f.SupplierFactory(legal_name="Nordlys IT-Partner AS")
    disclosure = f.CriterionVersionFactory(
        criterion=f.CriterionFactory(code="CLA-8"),
        title_en="Disclosure of factories",
        title_nb="Åpenhet om fabrikker",
        effective_from=datetime.date(2025, 1, 1),
    )
    agreement = f.AgreementFactory(buyer=buyer, reference="UKE-2024/0913", title="ICT equipment")
    f.AwardFactory(agreement=agreement, supplier=supplier).criteria_versions.set([disclosure])
    return {"officer": officer, "agreement": agreement}


def test_officer_plans_a_conference_records_feedback_and_sees_readiness_in_the_draft(page, loop_world):
    today = timezone.localdate()
    login(page, loop_world["officer"].email, f.PASSWORD)

    # Plan the dialogue conference.
    go_to(page, "Market dialogue", "Market dialogue events")
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Plan an event"))
    assert_accessible(page)
    page.get_by_role("radio", name="Dialogue conference").check()
    page.get_by_label("Topic (Bokmål)").fill("Sosiale krav i IKT-avtalen")
    page.get_by_label("Topic (English)").fill("Social criteria in the ICT agreement")
    page.get_by_label("Date", exact=False).first.fill(f"{today:%Y-%m-%d}")
    page.get_by_role("radio", name="In person and online").check()
    page.get_by_label("Place or link").fill("City Hall and Teams")
    page.get_by_label("Agreement it concerns").select_option(label="UKE-2024/0913 ICT equipment")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Social criteria in the ICT agreement")).to_be_visible()
    assert_accessible(page)
    assert MarketEvent.objects.get().kind == "dialogue_conference"

    # A criterion of the agreement up for discussion, and the contract holder invited.
    follow(page, page.get_by_role("link", name="Propose a criterion"))
    assert_accessible(page)
    page.get_by_label("A criterion version from the catalogue").select_option(
        label="CLA-8 v1 – Disclosure of factories (active)"
    )
    page.get_by_role("button", name="Save").click()
    follow(page, page.get_by_role("link", name="Invite suppliers"))
    assert_accessible(page)
    page.get_by_label("Nordlys IT-Partner AS (Norway; holds a contract)").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("1 supplier invited")).to_be_visible()

    # The supplier's feedback on the criterion, recorded at the conference.
    follow(page, page.get_by_role("link", name="Record feedback"))
    assert_accessible(page)
    page.get_by_role("radio", name="Ready with a transition period").check()
    page.get_by_label("Transition period in months").fill("12")
    page.get_by_label("Reasons").fill("Brand owners must approve each factory list.")
    page.get_by_role("button", name="Save").click()
    criteria = page.get_by_role("region", name="Criteria under discussion and how ready the market is")
    expect(criteria).to_contain_text("Brand owners must approve each factory list.")
    expect(criteria).to_contain_text("up to 12 months")
    assert_accessible(page)
    assert CriterionFeedback.objects.get().transition_months == 12

    # The next procurement draft from the agreement shows the readiness beside CLA-8.
    page.goto(loop_world["agreement"].get_absolute_url())
    follow(page, page.get_by_role("link", name="Start the next procurement draft"))
    assert_accessible(page)
    page.get_by_role("button", name="Start the draft").click()
    row = page.get_by_role("row", name="CLA-8")
    expect(row).to_contain_text("With a transition period: 1 (100 %), up to 12 months")
    expect(row).to_contain_text("Asked, no answer: 0 of 1")
    assert_accessible(page)

    # And the officer decides on it, with a reason.
    follow(page, row.get_by_role("link", name="Decide"))
    assert_accessible(page)
    page.get_by_role("radio", name="Tighten").check()
    page.get_by_label("Reason").fill("Give suppliers 12 months, then require the list.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("row", name="CLA-8")).to_contain_text("Give suppliers 12 months")
    assert CriterionDecision.objects.get().decision == "tighten"
