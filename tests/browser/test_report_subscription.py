"""An officer opens a leadership report subscription, previews the next report (the PDF of
the previous complete month) and sends it now; the second press sends nothing again.
Every page passes axe-core's WCAG 2.1 AA rules."""

import datetime

import pytest
from django.core import mail
from playwright.sync_api import expect

from followup.models import ReportDelivery, ReportRecipient, ReportSubscription
from followup.reports import services
from oslo_procurement.accounts.models import User
from oslo_procurement.celery import app
from tests import factories as f
from tests.followup_reports import worked

from .conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def officer_world(settings):
    settings.ROOT_URLCONF = "tests.followup_reports.urls"
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    buyer = f.BuyerFactory(name="Oslo kommune")
    officer = f.UserFactory(email="ingrid@oslo.example", full_name="Ingrid Solberg", role=User.Role.OFFICER)
    f.BuyerMembershipFactory(user=officer, buyer=buyer)
    worked.build(buyer)
    subscription = ReportSubscription.objects.create(buyer=buyer, kind="buyer", schedule="monthly", language="en")
    ReportRecipient.objects.create(subscription=subscription, name="Kari Leder", email="kari@oslo.example")
    yield officer, subscription
    app.conf.task_always_eager = saved


def test_officer_previews_and_sends_the_next_report_once(page, officer_world):
    officer, subscription = officer_world
    period = services.period_label(services.previous_month_key(datetime.date.today()))
    login(page, officer.email, f.PASSWORD)
    page.goto(subscription.get_absolute_url())
    expect(page.locator("#next-report")).to_contain_text(period)
    assert_accessible(page)

    page.get_by_role("button", name="Preview the PDF").click()
    expect(page.get_by_role("link", name="Download the PDF")).to_be_visible()
    expect(page.locator("dl")).to_contain_text(period)
    assert_accessible(page)
    assert not mail.outbox

    page.goto(subscription.get_absolute_url())
    page.get_by_role("button", name="Send it now").click()
    expect(page.get_by_text("is being sent to 1 recipient.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send it now").click()
    expect(page.get_by_text("Every recipient has already had the report")).to_be_visible()
    assert ReportDelivery.objects.filter(status="sent").count() == 1
