"""A manager opens the dashboard, follows one number to the records it counts, and
downloads the leadership summary as a PDF; every page passes axe-core's WCAG 2.1 AA
rules."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from oslo_procurement.accounts.models import User
from oslo_procurement.celery import app
from tests import factories as f
from tests.followup_reports import worked

from .conftest import assert_accessible, go_to, login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def manager_world(settings):
    # Until the root urls.py mounts /reports/, use the test urlconf that adds it.
    settings.ROOT_URLCONF = "tests.followup_reports.urls"
    # The PDF renders in the request, as in the demo, even where REDIS_URL is set (CI).
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    buyer = f.BuyerFactory(name="Oslo kommune")
    manager = f.UserFactory(email="mona@oslo.example", full_name="Mona Leder", role=User.Role.MANAGER)
    f.BuyerMembershipFactory(user=manager, buyer=buyer)
    worked.build(buyer)
    yield manager
    app.conf.task_always_eager = saved


def test_manager_follows_a_figure_and_downloads_the_pdf(page, manager_world):
    login(page, manager_world.email, f.PASSWORD)
    page.goto("/reports/dashboard/")
    page.get_by_role("heading", name="Submission and lateness").wait_for()
    expect(page.get_by_role("img", name="Submission and lateness")).to_be_visible()
    assert_accessible(page)

    figure = page.locator("#figure-assessment_timeliness")
    figure.get_by_role("link", name="1 – Submitted late").click()
    page.get_by_role("heading", name="Submission and lateness: Submitted late").wait_for()
    rows = page.locator("#drilldown-list tbody tr")
    assert rows.count() == 1
    assert "Fjord Data AS" in rows.first.inner_text()
    assert_accessible(page)

    go_to(page, "Reports", "Dashboard")
    page.get_by_label("Language of the PDF").select_option("en")
    page.get_by_role("button", name="Make a PDF of this summary").click()
    download_link = page.get_by_role("link", name="Download the PDF")
    download_link.wait_for()
    assert_accessible(page)
    with page.expect_download() as info:
        download_link.click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    reader = PdfReader(io.BytesIO(open(download.path(), "rb").read()))
    first = reader.pages[0].extract_text()
    assert "Leadership summary" in first and f"Page 1 of {len(reader.pages)}" in first
