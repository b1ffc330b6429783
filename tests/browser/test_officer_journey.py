"""The officer finds a supplier by search, edits it and sees the change in its history;
every page on the way passes axe-core's WCAG 2.1 AA rules."""

import pytest
from playwright.sync_api import expect

from oslo_procurement.accounts.models import User
from tests import factories as f

from .conftest import assert_accessible, follow, go_to, login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def officer_world():
    buyer = f.BuyerFactory(name="Oslo kommune")
    officer = f.UserFactory(email="ingrid@oslo.example", full_name="Ingrid Solberg", role=User.Role.OFFICER)
    f.BuyerMembershipFactory(user=officer, buyer=buyer)
    supplier = f.SupplierFactory(legal_name="Nordlys IT-Partner AS", org_number="921734565")
    f.SupplierFactory(legal_name="Fjordvik Gjenbruk AS")
    f.SiteFactory(supplier=supplier, name="Chongqing Plant 3")
    return officer, supplier


def test_officer_searches_edits_and_sees_history(page, officer_world):
    officer, supplier = officer_world
    login(page, officer.email, f.PASSWORD)
    assert_accessible(page)

    go_to(page, "Registry", "Suppliers")
    page.get_by_label("Search").fill("nordlys")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name="Nordlys IT-Partner AS")).to_be_visible()
    assert page.get_by_role("link", name="Fjordvik Gjenbruk AS").count() == 0
    assert_accessible(page)

    follow(page, page.get_by_role("link", name="Nordlys IT-Partner AS"))
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Edit", exact=True))
    assert_accessible(page)
    page.get_by_label("Legal name").fill("Nordlys IT-Partner Norge AS")
    page.get_by_label("Website").fill("https://nordlys.example")
    page.get_by_role("button", name="Save").click()

    page.get_by_role("heading", name="Nordlys IT-Partner Norge AS").wait_for()
    history = page.get_by_role("region", name="History")
    text = history.inner_text()
    assert "Ingrid Solberg" in text
    assert "Nordlys IT-Partner AS" in text and "Nordlys IT-Partner Norge AS" in text
    assert_accessible(page)


def test_bad_input_is_announced_at_the_field(page, officer_world):
    officer, supplier = officer_world
    login(page, officer.email, f.PASSWORD)
    page.goto(f"/suppliers/{supplier.public_id}/edit/")
    page.get_by_label("Organisation number").fill("921734566")
    page.get_by_role("button", name="Save").click()
    # At the field, and in the error summary (which takes focus) as a link to the field.
    expect(page.locator("form").get_by_text("the check digit does not match")).to_be_visible()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Organisation number:")).to_contain_text("check digit")
    assert page.get_by_label("Organisation number").get_attribute("aria-invalid") == "true"
    assert_accessible(page)


def test_narrow_window_collapses_the_menu_without_sideways_scrolling(page, officer_world):
    """WCAG 1.4.10 reflow: at a laptop width the menu folds away instead of pushing the page
    sideways, and it opens and works by keyboard."""
    officer, _supplier = officer_world
    page.set_viewport_size({"width": 1024, "height": 768})
    login(page, officer.email, f.PASSWORD)
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    toggle = page.get_by_role("button", name="Show menu")
    toggle.focus()
    page.keyboard.press("Enter")
    registry = page.get_by_role("button", name="Registry", exact=True)
    registry.wait_for()
    registry.focus()
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Suppliers", exact=True).wait_for()
    page.get_by_role("link", name="Suppliers", exact=True).focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Suppliers").wait_for()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)
