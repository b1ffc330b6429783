"""Factories per lot in the browser: the supplier discloses which factory makes a lot's
products; the officer finds it in the agreement's factory list, filtered to the lot.
axe on every page."""

import pytest
from playwright.sync_api import expect

from oslo_procurement.accounts.models import User
from tests import factories as f

from .conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world():
    buyer = f.BuyerFactory(name="Oslo kommune")
    officer = f.UserFactory(email="ingrid@oslo.example", full_name="Ingrid Solberg", role=User.Role.OFFICER)
    f.BuyerMembershipFactory(user=officer, buyer=buyer)
    supplier = f.SupplierFactory(legal_name="Nordlys IT-Partner AS")
    user = f.SupplierMembershipFactory(
        supplier=supplier, user__email="ola@nordlys.example", user__full_name="Ola Nordmann"
    ).user
    agreement = f.AgreementFactory(buyer=buyer, reference="2026/0042", title="PCs and monitors")
    pcs = f.LotFactory(agreement=agreement, number=1, title="PCs and laptops")
    monitors = f.LotFactory(agreement=agreement, number=2, title="Monitors", category="monitors")
    award = f.AwardFactory(agreement=agreement, supplier=supplier)
    award.lots.set([pcs, monitors])
    f.SiteFactory(supplier=supplier, name="Kunshan Assembly Co.", address="88 Huashan Road", city="Kunshan")
    return {"officer": officer, "user": user, "agreement": agreement}


def test_supplier_discloses_a_factory_per_lot_and_the_officer_finds_it(page, world):
    login(page, world["user"].email, f.PASSWORD)
    page.goto("/portal/")
    page.get_by_role("link", name="Say which factories make each lot's products").click()
    page.get_by_role("heading", name="Factories per lot", exact=True).wait_for()
    assert_accessible(page)

    page.get_by_role("combobox", name="Lot").select_option(label="2026/0042 – 1 PCs and laptops")
    page.get_by_role("combobox", name="Factory").select_option(label="Kunshan Assembly Co., China")
    page.get_by_role("combobox", name="Production stage").select_option(label="Final assembly")
    page.get_by_role("textbox", name="Products (models)").fill("EliteBook 840 G11")
    page.get_by_role("button", name="Disclose", exact=True).click()
    expect(page.get_by_text("The factory is disclosed for this lot.")).to_be_visible()
    lot_table = page.get_by_role("table", name="Lot 1 PCs and laptops")
    expect(lot_table).to_contain_text("Kunshan Assembly Co.")
    expect(lot_table).to_contain_text("EliteBook 840 G11")
    expect(page.get_by_role("table", name="Lot 2 Monitors")).to_contain_text("No factory disclosed for this lot yet.")
    assert_accessible(page)

    page.context.clear_cookies()
    login(page, world["officer"].email, f.PASSWORD)
    page.goto(world["agreement"].get_absolute_url())
    page.get_by_role("link", name="Factories of lot 1").click()
    page.get_by_role("heading", name="Factory list: 2026/0042 PCs and monitors, lot 1 PCs and laptops").wait_for()
    table = page.get_by_role("table", name="1 factory and lot")
    expect(table).to_contain_text("Nordlys IT-Partner AS")
    expect(table).to_contain_text("88 Huashan Road, Kunshan")
    expect(table).to_contain_text("Final assembly")
    expect(page.get_by_role("link", name="Download as Excel")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("combobox", name="Lot", exact=True).select_option(label="2 Monitors")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("No supplier has disclosed a factory for this yet.")).to_be_visible()
    assert_accessible(page)
