"""Issue 14, answer once: a supplier shares its accepted self-assessment with a second
buyer from the portal; that buyer's officer sees it offered when starting a round and
accepts it instead of asking again; the supplier sees who holds it and that it was
accepted. Every page passes axe-core's WCAG 2.1 AA rules."""

import datetime

import pytest
from playwright.sync_api import expect

from oslo_procurement.accounts.models import User
from tests import factories as f
from tests.followup_sharing.worlds import answered_world

from .conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def share_world():
    oslo = f.BuyerFactory(name="Oslo kommune")
    bergen = f.BuyerFactory(name="Bergen kommune")
    supplier = f.SupplierFactory(legal_name="Nordlys IT-Partner AS")
    user = f.SupplierMembershipFactory(
        supplier=supplier, user__email="ola@nordlys.example", user__full_name="Ola Nordmann", user__language="en"
    ).user
    officer = f.UserFactory(email="kari@bergen.example", full_name="Kari Bergen", role=User.Role.OFFICER, language="en")
    f.BuyerMembershipFactory(user=officer, buyer=bergen)
    world = answered_world(oslo, bergen, supplier)
    today = datetime.date.today()
    world["round_b"].opens_on, world["round_b"].deadline = today, today + datetime.timedelta(weeks=6)
    world["round_b"].save()
    return {**world, "user": user, "officer": officer}


def test_supplier_shares_and_the_second_buyer_accepts_instead_of_asking(page, share_world):
    # The supplier shares its accepted self-assessment with Bergen.
    login(page, share_world["user"].email, f.PASSWORD)
    page.goto("/portal/")
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Share with other buyers").click()
    page.get_by_role("heading", name="Share with other buyers", level=1).wait_for()
    page.get_by_label("Share with").select_option(label="Bergen kommune")
    page.get_by_label("Self-assessment “Self-assessment 2026”", exact=False).check()
    page.get_by_role("button", name="Share", exact=True).click()
    expect(page.get_by_text("Shared with Bergen kommune.")).to_be_visible()
    holders = page.get_by_test_id("holders")
    expect(holders).to_contain_text("Bergen kommune")
    expect(holders).to_contain_text("Self-assessment 2026")
    assert_accessible(page)

    # Bergen's officer sees it offered when starting a round, and accepts it instead of
    # asking: the supplier is not asked in the new round.
    page.context.clear_cookies()
    login(page, share_world["officer"].email, f.PASSWORD)
    page.goto(f"/followup/rounds/new/?agreement={share_world['round_b'].agreement.public_id}")
    expect(page.get_by_test_id("shared-answers")).to_contain_text("Nordlys IT-Partner AS")
    assert_accessible(page)
    page.get_by_label("Questionnaire").select_option(label="Bergen's")
    page.get_by_label("Title (Bokmål)").fill("Bergen 2027")
    page.get_by_label("Nordlys IT-Partner AS: accept the answer shared on", exact=False).check()
    page.get_by_role("button", name="Open the round and notify the suppliers").click()
    expect(page.get_by_role("heading", name="Bergen 2027", level=1)).to_be_visible()
    expect(page.get_by_text("was accepted instead of asking; it was told")).to_be_visible()
    expect(page.get_by_text("Accepted from the answer the supplier shared")).to_be_visible()
    assert_accessible(page)

    # In the round opened before the supplier shared, the round's page offers it too.
    page.goto(share_world["round_b"].get_absolute_url())
    offer = page.get_by_test_id("shared-offer")
    expect(offer).to_contain_text("A shared answer to the same questions exists")
    assert_accessible(page)
    offer.get_by_role("button", name="Accept instead of asking again").click()
    expect(page.get_by_text("the supplier was told")).to_be_visible()
    expect(page.get_by_text("Accepted from the answer the supplier shared")).to_be_visible()

    # The supplier sees who holds it, and that Bergen accepted it.
    page.context.clear_cookies()
    login(page, share_world["user"].email, f.PASSWORD)
    page.goto("/portal/sharing/")
    expect(page.get_by_test_id("holders")).to_contain_text("Bergen kommune")
    expect(page.get_by_role("heading", name="Buyers that accepted your shared answer")).to_be_visible()
    expect(page.get_by_text("Bergen kommune accepted your shared self-assessment").first).to_be_visible()
    assert_accessible(page)
