"""Desktop research, risk and timeline pages pass axe-core's WCAG 2.1 AA rules, for the
officer and for the supplier in the portal."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from followup.risk.services import risk_recompute
from oslo_procurement.accounts.models import User
from tests import factories as f
from tests.followup_research.events import make_events
from tests.followup_research.factories import FindingFactory, link

from .conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def research_world():
    buyer = f.BuyerFactory(name="Oslo kommune")
    officer = f.UserFactory(email="ingrid@oslo.example", full_name="Ingrid Solberg", role=User.Role.OFFICER)
    f.BuyerMembershipFactory(user=officer, buyer=buyer)
    supplier = f.SupplierFactory(legal_name="Tamsui Precision Manufacturing")
    supplier_user = f.SupplierMembershipFactory(
        supplier=supplier, user__email="weiling@tamsui.example", user__full_name="Chen Wei-Ling"
    ).user
    agreement = make_events(buyer, supplier, 2)
    lot = f.LotFactory(agreement=agreement, category="pcs")
    f.AwardFactory(agreement=agreement, supplier=supplier).lots.set([lot])
    f.SiteFactory(supplier=supplier, name="Chongqing Plant 3", country="CN", stage="final_assembly")
    finding = FindingFactory(buyer=buyer, title="Student interns on night shifts", status="raised", severity=4)
    link(finding, supplier, raised=True, response="We have stopped new intern intakes.")
    risk_recompute(buyer=buyer, supplier=supplier)
    return {"officer": officer, "supplier": supplier, "supplier_user": supplier_user, "finding": finding}


def test_research_pages_are_accessible(page, research_world):
    world = research_world
    login(page, world["officer"].email, f.PASSWORD)
    for url in (
        reverse("findings:list"),
        reverse("findings:detail", args=[world["finding"].public_id]),
        reverse("findings:create"),
        reverse("risk:overview"),
        reverse("risk:supplier", args=[world["supplier"].public_id]),
        reverse("risk:ratings"),
        reverse("risk:category_edit"),
        reverse("timeline:supplier", args=[world["supplier"].public_id]),
    ):
        page.goto(url)
        assert_accessible(page)
    page.goto(reverse("risk:supplier", args=[world["supplier"].public_id]))
    expect(page.get_by_role("img", name="Residual risk over time")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    login(page, world["supplier_user"].email, f.PASSWORD)
    page.goto(reverse("portal_findings:list"))
    assert_accessible(page)
    page.get_by_role("link", name="Student interns on night shifts").click()
    assert page.get_by_text("INTERNAL-SUMMARY").count() == 0
    assert_accessible(page)
