"""In a real browser: a supplier uploads a large CMRT and watches its page follow the
reading (htmx polling in an aria-live region) to the report without reloading; an officer
opens the Transparency Act list from the work queue and from the Follow-up menu. axe on
every page."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from oslo_procurement.accounts.models import User
from suppliers.cmrt import services
from suppliers.models import CmrtUpload
from tests import factories as f
from tests.followup_workqueue.world import grow
from tests.suppliers import cmrt_workbooks as w

from .conftest import assert_accessible, go_to, login

pytestmark = pytest.mark.django_db(transaction=True)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_a_large_cmrt_page_follows_the_reading_to_the_report(page, settings, monkeypatch):
    settings.CMRT_BACKGROUND_ROWS = 600
    # The worker is away when the file is uploaded: the page waits, then the reading comes.
    monkeypatch.setattr(services, "_enqueue", lambda upload_id: None)
    supplier = f.SupplierFactory(legal_name="Nordlys IT-Partner AS")
    user = f.UserFactory(email="mei@nordlys.example", full_name="Mei Chen", role=User.Role.SUPPLIER)
    f.SupplierMembershipFactory(user=user, supplier=supplier)
    login(page, user.email, f.PASSWORD)
    page.goto("/portal/cmrt/upload/")
    content = w.build_cmrt(smelters=w.many_smelters(700), template_rows=20)
    upload = {"name": "CMRT large.xlsx", "mimeType": XLSX, "buffer": content}
    page.get_by_label("CMRT file (.xlsx)").set_input_files(upload)
    page.get_by_role("button", name="Upload and read the file").click()
    page.get_by_role("heading", name="Reading CMRT large.xlsx").wait_for()
    status = page.get_by_role("status").filter(has_text="Waiting for its turn to be read")
    expect(status).to_be_visible()
    assert status.get_attribute("aria-live") == "polite"
    assert_accessible(page)
    services.cmrt_upload_process(upload_id=CmrtUpload.objects.get().pk)
    # No reload: the polling fragment brings the outcome and stops.
    expect(page.get_by_role("link", name="Open the report")).to_be_visible(timeout=15_000)
    expect(page.get_by_role("status").filter(has_text="The CMRT was read: 700 smelter rows.")).to_be_visible()
    expect(page.locator("#cmrt-upload-status[data-hx-trigger]")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Open the report").click()
    page.get_by_role("region", name="Smelters and refiners (700)").wait_for()


def test_the_officer_opens_the_transparency_act_list(page):
    buyer = f.BuyerFactory(name="Oslo kommune")
    officer = f.UserFactory(email="ingrid@oslo.example", full_name="Ingrid Solberg", role=User.Role.OFFICER)
    f.BuyerMembershipFactory(user=officer, buyer=buyer)
    grow(buyer, officer, 3, now=timezone.now())  # three contracted, covered, no account this year
    login(page, officer.email, f.PASSWORD)
    line = page.locator("#line-transparency_accounts")
    assert line.get_attribute("data-count") == "3"
    line.get_by_role("link").click()
    page.get_by_role("heading", name="Transparency Act accounts missing").wait_for()
    expect(page.locator("tbody tr")).to_have_count(3)
    assert_accessible(page)
    page.get_by_label("Search").fill("Supplier 001")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    go_to(page, "Follow-up", "Transparency Act accounts missing")
    expect(page.locator("tbody tr")).to_have_count(3)
