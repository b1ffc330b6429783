"""An administrator opens the failed emails from the jobs page, reads the reason and sends
one again by keyboard; the page passes axe-core's WCAG 2.1 AA rules and keeps the CSP."""

import datetime

import pytest
from django.utils import timezone

from oslo_procurement.accounts.models import User
from oslo_procurement.notifications.models import Notification
from tests import factories as f

from .conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_administrator_sends_a_failed_email_again_by_keyboard(page):
    # The installation's administrator (a superuser): the outbox holds every buyer's emails.
    admin = f.UserFactory(
        email="astrid@oslo.example", full_name="Astrid Admin", role=User.Role.ADMIN, is_staff=True, is_superuser=True
    )
    f.BuyerMembershipFactory(user=admin, buyer=f.BuyerFactory(name="Oslo kommune"))
    Notification.objects.create(
        recipient_email="refused@alpha.example",
        language="en",
        kind="message",
        due_step="x",
        subject="Your corrective action is due",
        body_text="Please send the evidence.",
        status="failed",
        attempts=1,
        claimed_at=timezone.now() - datetime.timedelta(minutes=5),
        last_error="SMTPRecipientsRefused: 550 5.1.1 No such user",
    )
    login(page, admin.email, f.PASSWORD)
    page.goto("/notifications/jobs/")
    page.get_by_role("link", name="1 failed in the last 7 days").click()
    page.get_by_role("heading", name="Failed emails").wait_for()
    assert "550 5.1.1 No such user" in page.get_by_role("table").inner_text()
    assert_accessible(page)
    button = page.get_by_role("button", name="Send again refused@alpha.example")
    button.focus()
    page.keyboard.press("Enter")
    page.get_by_text("The email to refused@alpha.example is queued again").wait_for()
    page.get_by_text("No email has failed.").wait_for()
    assert_accessible(page)
    assert Notification.objects.get().status in ("pending", "sent")
