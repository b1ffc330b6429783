"""The exchange pages pass axe-core's WCAG 2.1 AA rules and the CSP, and an officer can tick
an item to share it with a partner by keyboard and mouse alike."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from followup.exchange import services
from followup.models import SharingConsent
from oslo_procurement.accounts.models import User
from tests import factories as f
from tests.followup_exchange import worlds

from .conftest import assert_accessible, follow, login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def exchange_world():
    oslo = f.BuyerFactory(name="Oslo kommune")
    bergen = f.BuyerFactory(name="Bergen kommune")
    officer = f.UserFactory(email="ingrid@oslo.example", full_name="Ingrid Solberg", role=User.Role.OFFICER)
    f.BuyerMembershipFactory(user=officer, buyer=oslo)
    bergen_officer = f.UserFactory(email="ola@bergen.example", full_name="Ola Berg", role=User.Role.OFFICER)
    f.BuyerMembershipFactory(user=bergen_officer, buyer=bergen)
    supplier = f.SupplierFactory(legal_name="Nordlys IT-Partner AS")
    to_bergen = worlds.partner(oslo, bergen)
    from_bergen = worlds.partner(bergen, oslo)
    finding = worlds.finding(oslo, supplier)
    action = worlds.action(oslo, supplier)
    services.consent_set(partner=to_bergen, supplier=supplier, chosen={"action": [action.public_id]}, actor=officer)
    content = services.export_for_partner(partner=to_bergen, fmt="json", actor=officer)[1]
    imported = services.import_partner_file(
        buyer=bergen, partner=from_bergen, filename="oslo.json", content=content, actor=bergen_officer
    )
    return locals()


def test_exchange_pages_are_accessible_and_sharing_works(page, exchange_world):
    world = exchange_world
    supplier, partner = world["supplier"], world["to_bergen"]
    login(page, world["officer"].email, f.PASSWORD)
    share_url = reverse("exchange:partner_share", args=[partner.public_id])
    for url in (
        reverse("exchange:home"),
        partner.get_absolute_url(),
        share_url,
        reverse("exchange:partner_create"),
        reverse("exchange:import_upload"),
    ):
        page.goto(url)
        assert_accessible(page)

    page.goto(share_url)
    page.get_by_label("Supplier").select_option(label=supplier.legal_name)
    follow(page, page.get_by_role("button", name="Show the items"))
    assert_accessible(page)
    page.get_by_label(world["finding"].title).check()
    page.get_by_role("button", name="Save what is shared").click()
    expect(page.get_by_text("Saved: 1 item(s) now shared")).to_be_visible()
    assert SharingConsent.objects.filter(finding=world["finding"], withdrawn_at__isnull=True).exists()

    page.get_by_role("button", name="Log out").click()
    login(page, world["bergen_officer"].email, f.PASSWORD)
    for url in (
        world["imported"].get_absolute_url(),
        supplier.get_absolute_url(),
        reverse("exchange:supplier_shared", args=[supplier.public_id]),
    ):
        page.goto(url)
        assert_accessible(page)
    page.goto(supplier.get_absolute_url())
    expect(page.get_by_text("Shared by Oslo kommune").first).to_be_visible()
