"""An officer makes an API token under My settings, reads the API with it, and opens the
API documentation: both pages pass axe-core's WCAG 2.1 AA rules and keep the strict CSP."""

import pytest
from playwright.sync_api import expect

from oslo_procurement.accounts.models import User
from tests import factories as f

from .conftest import assert_accessible, follow, login

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_officer_makes_a_token_and_reads_the_api(page):
    buyer = f.BuyerFactory(name="Oslo kommune")
    officer = f.UserFactory(email="ingrid@oslo.example", full_name="Ingrid Solberg", role=User.Role.OFFICER)
    f.BuyerMembershipFactory(user=officer, buyer=buyer)
    f.AwardFactory(agreement=f.AgreementFactory(buyer=buyer), supplier=f.SupplierFactory(legal_name="Nordlys AS"))

    login(page, officer.email, f.PASSWORD)
    page.goto("/accounts/settings/")
    follow(page, page.get_by_role("link", name="API tokens"))
    assert_accessible(page)
    page.get_by_label("Name").fill("Partner exchange with Bergen")
    page.get_by_label("Everything I may read on the screens").check()
    page.get_by_label("Expires after").select_option("90")
    page.get_by_role("button", name="Make the token").click()
    key = page.get_by_label("Token", exact=True).input_value()
    assert key.startswith("opk_")
    assert_accessible(page)

    response = page.request.get("/api/v1/suppliers/", headers={"Authorization": f"Token {key}"})
    assert response.status == 200
    assert [s["legal_name"] for s in response.json()["results"]] == ["Nordlys AS"]
    page.reload()
    assert page.get_by_label("Token", exact=True).count() == 0  # shown once
    expect(page.get_by_role("cell", name="Partner exchange with Bergen", exact=True)).to_be_visible()

    page.get_by_role("link", name="How to use the API").click()
    expect(page.get_by_role("heading", name="API documentation")).to_be_visible()
    assert_accessible(page)

    page.goto("/accounts/api-tokens/")
    page.get_by_role("button", name="Revoke Partner exchange with Bergen").click()
    expect(page.get_by_text("Revoked", exact=True)).to_be_visible()
    assert page.request.get("/api/v1/suppliers/", headers={"Authorization": f"Token {key}"}).status == 401
