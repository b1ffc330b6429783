"""An officer types a Norwegian organisation number in the supplier form and sees it filled from
a Brønnøysund register started on loopback, saves it, and sees the register data and the
Transparency Act hint on the supplier page; then makes a calendar feed under My settings.
Every page passes axe-core and keeps the strict CSP."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from oslo_procurement.accounts.models import User
from suppliers.models import Supplier
from tests import factories as f
from tests.suppliers.brreg_server import FOUND, register_server

from .conftest import assert_accessible, follow, login

pytestmark = pytest.mark.django_db(transaction=True)


def test_officer_fills_a_supplier_from_the_register(page, settings):
    cache.clear()
    buyer = f.BuyerFactory(name="Oslo kommune")
    officer = f.UserFactory(email="ingrid@oslo.example", full_name="Ingrid Solberg", role=User.Role.OFFICER)
    f.BuyerMembershipFactory(user=officer, buyer=buyer)
    with register_server() as (url, _units, requests):
        settings.BRREG_ENABLED = True
        settings.BRREG_URL = url
        settings.BRREG_TIMEOUT = 2.0
        login(page, officer.email, f.PASSWORD)
        page.goto("/suppliers/new/")
        assert_accessible(page)
        page.get_by_label("Organisation number").press_sequentially("923 456 783")
        lookup = page.locator("#register-lookup")
        expect(lookup.get_by_role("heading", name="From the Brønnøysund register")).to_be_visible()
        expect(page.get_by_label("Legal name")).to_have_value("FJORDDATA AS")
        expect(lookup).to_contain_text("Schweigaards gate 34, Bygg C, 0191 OSLO")
        expect(lookup).to_contain_text("46.510")
        expect(lookup).to_contain_text("212")
        expect(lookup).to_contain_text("Transparency Act?")
        assert_accessible(page)
        page.get_by_label("Role in the supply chain").select_option("reseller")
        page.get_by_role("button", name="Save").click()
        page.get_by_role("heading", name="Brønnøysund register").wait_for()
        assert_accessible(page)
        expect(page.locator("#register")).to_contain_text("Aksjeselskap")
        assert Supplier.objects.get(org_number=FOUND).register_entry.employees == 212
        assert any(path.endswith(f"/enheter/{FOUND}") for path in requests)

    page.goto("/accounts/settings/")
    follow(page, page.get_by_role("link", name="Calendar feed of my deadlines"))
    assert_accessible(page)
    page.get_by_role("button", name="Make a feed address").click()
    expect(page.get_by_label("Your feed address (shown only once):")).to_have_value(
        re.compile(r"/calendar/feed/cal_.+\.ics$")
    )
    assert_accessible(page)
