"""Administrators see the emails that finally failed, with the reason, and send one again
(audited); nobody else sees the list."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from oslo_procurement.audit.models import AuditEvent
from oslo_procurement.notifications.models import Notification

from ..conftest import client_for

pytestmark = pytest.mark.django_db


def failed(n=0, **values):
    return Notification.objects.create(
        recipient_email=f"kari{n}@alpha.example",
        language="en",
        kind="message",
        due_step=f"f{n}",
        subject=f"Your corrective action is due {n}",
        body_text="Please send the evidence.",
        status="failed",
        attempts=3,
        claimed_at=timezone.now() - datetime.timedelta(minutes=n),
        last_error=values.pop("last_error", "SMTPRecipientsRefused: {'kari@alpha.example': (550, b'No such user')}"),
        **values,
    )


def test_only_administrators_see_the_failed_emails(client, officer, manager, supplier_a_user):
    row = failed()
    url = reverse("notifications:failed")
    assert client.get(url).status_code == 302
    for user in (officer, manager, supplier_a_user):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(reverse("notifications:resend", args=[row.public_id])).status_code == 403
    row.refresh_from_db()
    assert row.status == "failed"


def test_an_administrator_reads_the_reason_and_sends_it_again(
    client, administrator, django_capture_on_commit_callbacks
):
    row = failed()
    admin = client_for(client, administrator)
    page = admin.get(reverse("notifications:failed")).content.decode()
    assert "kari0@alpha.example" in page and "No such user" in page and "Send again" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(reverse("notifications:resend", args=[row.public_id]), follow=True)
    assert "queued again" in response.content.decode()
    row.refresh_from_db()
    # Sent at once by the eager task in tests; a worker does it in production.
    assert row.status == "sent" and row.attempts == 1
    assert [m.to for m in mail.outbox] == [["kari0@alpha.example"]]
    event = AuditEvent.objects.get(event_type="email_sent_again")
    assert event.actor == administrator
    # A second click changes nothing and sends nothing.
    admin.post(reverse("notifications:resend", args=[row.public_id]))
    assert len(mail.outbox) == 1


def test_the_failed_list_costs_the_same_queries_at_two_sizes(client, administrator):
    admin = client_for(client, administrator)
    url = reverse("notifications:failed")
    failed(0)
    admin.get(url)  # warm the session and content types
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert admin.get(url).status_code == 200
    for n in range(1, 30):
        failed(n)
    with CaptureQueriesContext(connection) as large:
        page = admin.get(url).content.decode()
    assert "kari24@alpha.example" in page and "kari25@alpha.example" not in page  # 25 a page, newest first
    assert len(large) == len(small)


def test_another_buyers_administrator_neither_reads_nor_resends_the_installations_failed_emails(
    client, buyer, other_buyer
):
    """The outbox is the installation's: a failed email of Oslo's names Oslo, its supplier and
    the recipient. Bergen's administrator (a buyer's administrator, not the installation's)
    gets 403 on the list, on "Send again" and on the jobs page, and nothing is queued."""
    from contracts.models import Buyer
    from oslo_procurement.notifications.services import content_type_id

    from .. import factories as f

    row = failed(owner_type_id=content_type_id(Buyer), owner_id=buyer.pk)
    bergen_admin = f.UserFactory(email="admin@bergen.example", role="admin", is_staff=True)
    f.BuyerMembershipFactory(user=bergen_admin, buyer=other_buyer)
    bergen = client_for(client, bergen_admin)
    assert bergen.get(reverse("notifications:failed")).status_code == 403
    assert bergen.get(reverse("notifications:jobs")).status_code == 403
    assert bergen.post(reverse("notifications:resend", args=[row.public_id])).status_code == 403
    row.refresh_from_db()
    assert row.status == "failed" and row.attempts == 3
