"""A supplier user uploads a CMRT in the portal: a file with a missing field is refused with
the cell named, the corrected file is read and the summary and attention list shown; every
page passes axe-core's WCAG 2.1 AA rules."""

import datetime

import pytest
from playwright.sync_api import expect

from oslo_procurement.accounts.models import User
from suppliers.models import CmrtReport, SmelterReference
from tests import factories as f
from tests.suppliers import cmrt_workbooks as w

from .conftest import assert_accessible, follow, login

pytestmark = pytest.mark.django_db(transaction=True)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def supplier_user():
    supplier = f.SupplierFactory(legal_name="Nordlys IT-Partner AS")
    user = f.UserFactory(email="mei@nordlys.example", full_name="Mei Chen", role=User.Role.SUPPLIER)
    f.SupplierMembershipFactory(user=user, supplier=supplier)
    SmelterReference.objects.bulk_create(w.reference_rows())
    return user


def test_supplier_uploads_a_cmrt_and_sees_what_needs_attention(page, supplier_user):
    login(page, supplier_user.email, f.PASSWORD)
    page.goto("/portal/cmrt/")
    expect(page.get_by_text("No CMRT has been uploaded yet.")).to_be_visible()
    assert_accessible(page)

    follow(page, page.get_by_role("link", name="Upload a CMRT"))
    assert_accessible(page)
    page.get_by_label("CMRT file (.xlsx)").set_input_files(
        {"name": "CMRT 6.5.xlsx", "mimeType": XLSX, "buffer": w.build_cmrt(company={"contact_email": None})}
    )
    page.get_by_role("button", name="Upload and read the file").click()
    problems = page.get_by_role("alert")
    assert "The file was not accepted. Nothing was saved." in problems.inner_text()
    row = page.locator("tr.cmrt-problem").first.inner_text()
    assert "Declaration\t16\tD" in row and "Contact email is mandatory" in row
    assert CmrtReport.objects.count() == 0
    assert_accessible(page)

    effective = datetime.date.today() - datetime.timedelta(days=30)
    content = w.build_cmrt(
        effective_date=effective, smelters=[*w.DEFAULT_SMELTERS, *w.MESSY_SMELTERS], answers={("6", "gold"): ">90%"}
    )
    page.get_by_label("CMRT file (.xlsx)").set_input_files(
        {"name": "CMRT 6.5.xlsx", "mimeType": XLSX, "buffer": content}
    )
    page.get_by_role("button", name="Upload and read the file").click()

    page.get_by_role("heading", name="CMRT 6.5: Nordlys Components Ltd.").wait_for()
    attention = page.get_by_role("region", name="Needs attention (")
    text = attention.inner_text()
    assert "Row 12: a Gold smelter is not yet identified." in text
    assert (
        "Row 14: Congo Tantalum Refinery is in Congo, Democratic Republic of the, one of the covered countries." in text
    )
    assert "Gold: only >90% of the relevant suppliers have answered (question 6)." in text
    declaration = page.get_by_role("region", name="Declaration").inner_text()
    assert "A. Company" in declaration and "Tantalum, Tin, Gold, Tungsten" in declaration
    expect(page.get_by_role("region", name="Smelters and refiners (11)")).to_be_visible()
    assert CmrtReport.objects.get().supplier.legal_name == "Nordlys IT-Partner AS"
    assert_accessible(page)

    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Conflict minerals (CMRT)").click()
    expect(page.get_by_role("cell", name="Nordlys Components Ltd.", exact=True)).to_be_visible()
    assert_accessible(page)


def test_officer_uploads_for_a_supplier_and_reads_the_smelter_list(page):
    buyer = f.BuyerFactory(name="Oslo kommune")
    officer = f.UserFactory(email="ingrid@oslo.example", full_name="Ingrid Solberg", role=User.Role.OFFICER)
    f.BuyerMembershipFactory(user=officer, buyer=buyer)
    supplier = f.SupplierFactory(legal_name="Nordlys IT-Partner AS")
    f.relate(buyer, supplier)  # the buyer's award: its officers read and upload the supplier's CMRTs
    SmelterReference.objects.bulk_create(w.reference_rows())
    login(page, officer.email, f.PASSWORD)

    page.goto(f"/suppliers/cmrt/supplier/{supplier.public_id}/")
    assert_accessible(page)
    page.get_by_role("link", name="Upload a CMRT").click()
    page.get_by_label("CMRT file (.xlsx)").set_input_files(
        {"name": "cmrt.xlsx", "mimeType": XLSX, "buffer": w.build_cmrt(smelters=w.MESSY_SMELTERS)}
    )
    page.get_by_role("button", name="Upload and read the file").click()
    page.get_by_role("heading", name="CMRT 6.5: Nordlys Components Ltd.").wait_for()
    assert (
        "Row 6: a Gold smelter is not yet identified."
        in page.get_by_role("region", name="Needs attention (").inner_text()
    )
    assert_accessible(page)

    SmelterReference.objects.create(
        cid="CID000900", name="Mystery Refinery", metal="gold", country="Peru", rmap_status="unknown",
        rmap_status_text="Pending Audit",
    )  # fmt: skip
    page.get_by_role("link", name="Smelter reference list").click()
    expect(page.get_by_role("status").filter(has_text="1 smelter has a status this app does not know")).to_be_visible()
    # The legend of attention levels opens by keyboard.
    page.get_by_text("What each status means for a CMRT").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Non-conformant, Outreach required, In communication")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Metal").select_option("gold")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("cell", name="Metalor Technologies S.A.")).to_be_visible()
    assert page.get_by_role("cell", name="Minsur").count() == 0
    assert page.get_by_role("cell", name="Red flag").count() == 0
    assert_accessible(page)
