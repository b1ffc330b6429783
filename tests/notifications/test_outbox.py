"""The outbox: every email is a row written in the business transaction, delivered after
the commit, retried when the mail server is away, and never sent twice."""

import datetime
import logging
import smtplib

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from oslo_procurement.notifications import services, tasks
from oslo_procurement.notifications.emails import send_email as send_templated
from oslo_procurement.notifications.models import Notification

from .helpers import FlakyBackend

TEMPLATE = "followup/reminders/email/assessment_overdue"


def context(**extra):
    return {
        "recipient_name": "Kari",
        "title": "Social criteria 2026",
        "supplier": "Alpha Reseller AS",
        "buyer": "Oslo kommune",
        "deadline": datetime.date(2026, 4, 13),
        "link": "http://testserver/portal/assessments/x/",
        **extra,
    }


def queue(to="kari@alpha.example", language="en", **extra):
    return send_templated(template=TEMPLATE, to=to, language=language, context=context(**extra))


@pytest.fixture
def flaky(settings):
    settings.EMAIL_BACKEND = "tests.notifications.helpers.FlakyBackend"
    FlakyBackend.reset()
    return FlakyBackend


def make_pending(**values):
    defaults = {
        "recipient_email": "kari@alpha.example",
        "language": "en",
        "kind": Notification.Kind.MESSAGE,
        "due_step": values.pop("due_step", "x"),
        "subject": "Subject",
        "body_text": "Text",
        "body_html": "<p>HTML</p>",
        "created_at": timezone.now() - datetime.timedelta(minutes=1),
    }
    return Notification.objects.create(**{**defaults, **values})


# --- send_templated goes through the outbox --------------------------------------------------


def test_an_email_is_written_in_the_transaction_and_sent_after_the_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            notification = queue()
            assert Notification.objects.get().status == "pending"
            assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.status == "sent" and notification.sent_at is not None and notification.attempts == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kari@alpha.example"]
    assert message.subject == 'Overdue: the self-assessment "Social criteria 2026"'
    assert "Social criteria 2026" in message.body and message.alternatives[0][1] == "text/html"
    assert message.extra_headers["Message-ID"].startswith(f"<{notification.public_id}@")


def test_a_rolled_back_change_sends_nothing(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            queue()
            raise RuntimeError("the business change failed")
    assert Notification.objects.count() == 0 and mail.outbox == []


def test_plain_messages_are_never_deduplicated_and_their_bodies_are_not_kept(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue()
        queue()
    assert len(mail.outbox) == 2
    rows = list(Notification.objects.all())
    assert len({row.due_step for row in rows}) == 2
    # An invitation's one-time link must not linger in the database once sent.
    assert all(row.body_text == "" and row.body_html == "" and row.subject for row in rows)


def test_the_email_is_rendered_in_the_recipients_language(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue(language="nb")
        queue(to="ola@alpha.example", language="en")
    nb, en = mail.outbox
    assert "13. april 2026" in nb.body and 'lang="nb"' in nb.alternatives[0][0]
    assert "April 13, 2026" in en.body and 'lang="en"' in en.alternatives[0][0]
    assert set(Notification.objects.values_list("language", flat=True)) == {"nb", "en"}


def test_a_broker_that_is_down_is_logged_and_the_drain_sends_later(
    db, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    monkeypatch.setattr(tasks.deliver_notification, "delay", broker_down)
    with (
        caplog.at_level(logging.WARNING, logger="oslo_procurement.notifications.services"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        notification = queue()  # does not raise
    assert "the outbox drain will send it later" in caplog.text
    notification.refresh_from_db()
    assert notification.status == "pending" and mail.outbox == []
    monkeypatch.undo()
    assert services.outbox_drain(min_age=datetime.timedelta(0)) == {"stale_reset": 0, "sent": 1}
    assert len(mail.outbox) == 1


# --- Delivery: once, retried, refused ------------------------------------------------------


def test_delivering_twice_sends_once(db):
    notification = make_pending()
    assert services.notification_deliver(notification_id=notification.pk).status == "sent"
    assert services.notification_deliver(notification_id=notification.pk).status == "skipped"
    assert tasks.deliver_notification.delay(notification.pk).get() == "skipped"
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.attempts == 1


def test_a_transient_error_waits_for_its_backoff_then_the_drain_sends_it(db, flaky):
    flaky.reset(failures=1)
    notification = make_pending()
    outcome = services.notification_deliver(notification_id=notification.pk)
    assert outcome.status == "retry" and outcome.retry_in == services.RETRY_BASE_SECONDS
    notification.refresh_from_db()
    assert notification.status == "pending" and notification.attempts == 1
    assert "SMTPServerDisconnected" in notification.last_error and notification.next_attempt_at > timezone.now()
    assert services.outbox_drain().get("sent", 0) == 0  # not before its backoff
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=31)):
        assert services.outbox_drain()["sent"] == 1
    notification.refresh_from_db()
    assert notification.status == "sent" and notification.attempts == 2
    assert len(mail.outbox) == 1


def test_eagerly_a_retry_does_not_spin(db, flaky):
    flaky.reset(failures=10)
    notification = make_pending()
    assert tasks.deliver_notification.delay(notification.pk).get() == "retry"
    notification.refresh_from_db()
    assert notification.attempts == 1 and notification.status == "pending"


def test_a_5xx_refusal_of_the_recipient_fails_at_once_for_that_recipient_only(db, flaky):
    flaky.reset(failures=1, error=smtplib.SMTPRecipientsRefused({"kari@alpha.example": (550, b"No such user")}))
    notification = make_pending()
    other = make_pending(recipient_email="ola@alpha.example", due_step="y")
    assert services.notification_deliver(notification_id=notification.pk).status == "failed"
    notification.refresh_from_db()
    assert notification.status == "failed" and notification.attempts == 1
    assert "SMTPRecipientsRefused" in notification.last_error
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
        assert services.outbox_drain() == {"stale_reset": 0, "sent": 1}
    other.refresh_from_db()
    assert other.status == "sent"
    assert [m.to for m in mail.outbox] == [["ola@alpha.example"]]


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPRecipientsRefused({"kari@alpha.example": (450, b"Greylisted, try again")}),
        smtplib.SMTPSenderRefused(451, b"Greylisted", "noreply@example.org"),
        smtplib.SMTPSenderRefused(554, b"Service unavailable", "noreply@example.org"),
        smtplib.SMTPDataError(554, b"Transaction failed"),
        smtplib.SMTPConnectError(554, b"No SMTP service here"),
    ],
    ids=["recipient 4xx", "sender 451", "sender 554", "data 554", "greeting 554"],
)
def test_a_mail_server_failing_for_everyone_is_retried_not_failed(db, flaky, error):
    flaky.reset(failures=1, error=error)
    notification = make_pending()
    assert services.notification_deliver(notification_id=notification.pk).status == "retry"
    notification.refresh_from_db()
    assert notification.status == "pending" and type(error).__name__ in notification.last_error
    with time_machine.travel(notification.next_attempt_at + datetime.timedelta(seconds=1)):
        assert services.outbox_drain()["sent"] == 1
    assert len(mail.outbox) == 1


def test_a_4xx_sender_refusal_is_transient(db, flaky):
    flaky.reset(failures=1, error=smtplib.SMTPSenderRefused(451, b"Try again later", "noreply@example.org"))
    notification = make_pending()
    assert services.notification_deliver(notification_id=notification.pk).status == "retry"


def test_a_transient_error_is_retried_for_the_retry_period_then_fails(db, flaky, settings):
    assert settings.EMAIL_RETRY_HOURS == 48  # the default, read from the environment
    flaky.reset(failures=1000, error=TimeoutError("timed out"))
    notification = make_pending()
    now = timezone.now()
    for hours in (0, 1, 12, 47):
        with time_machine.travel(now + datetime.timedelta(hours=hours, seconds=1)):
            services.outbox_drain()
        notification.refresh_from_db()
        assert notification.status == "pending", hours
    with time_machine.travel(now + datetime.timedelta(hours=48, seconds=2)):
        services.outbox_drain()
    notification.refresh_from_db()
    assert notification.status == "failed" and notification.attempts == 5
    assert (
        "Gave up after 5 attempts in 48 hours" in notification.last_error and "TimeoutError" in notification.last_error
    )
    assert mail.outbox == []


def test_a_failing_mail_server_stops_the_batch_and_raises_one_alert(db, flaky, administrator, other_buyer):
    from .. import factories as f

    # A buyer's administrator (not the installation's) is not alerted: the outbox and its
    # failed-emails page are the installation's (notifications.views.admin_required).
    bergen_admin = f.UserFactory(email="admin@bergen.example", role="admin", is_staff=True)
    f.BuyerMembershipFactory(user=bergen_admin, buyer=other_buyer)
    flaky.reset(failures=1000, error=ConnectionRefusedError(111, "Connection refused"))
    for n in range(12):
        make_pending(due_step=f"s{n}")
    counts = services.outbox_drain()
    # One attempt against the dead server; the others wait for the same backoff.
    assert flaky.calls == 1 and counts["retry"] == 1 and counts["postponed"] == 11
    assert counts["alerted"] == 1
    alert = Notification.objects.get(kind="mail_alert")  # one: Bergen's administrator got none
    assert alert.recipient_email == administrator.email and "12" in alert.subject
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5)):
        again = services.outbox_drain()
    assert again.get("alerted", 0) == 0 and Notification.objects.filter(kind="mail_alert").count() == 1


def test_backoff_doubles_up_to_a_cap():
    assert [services.backoff_seconds(n) for n in (1, 2, 3, 4, 5)] == [30, 60, 120, 240, 480]
    assert services.backoff_seconds(20) == services.RETRY_MAX_SECONDS


def test_a_deactivated_recipient_gets_nothing(db, officer):
    officer.is_active = False
    officer.save()
    notification = make_pending(recipient=officer, recipient_email=officer.email)
    assert services.notification_deliver(notification_id=notification.pk).status == "cancelled"
    assert mail.outbox == []


# --- The worker that died while sending ---------------------------------------------------------


def test_a_stale_claim_is_put_back_and_sent_once(db):
    stale = make_pending(status="sending", attempts=1, claimed_at=timezone.now() - datetime.timedelta(minutes=11))
    busy = make_pending(due_step="y", status="sending", attempts=1, claimed_at=timezone.now())
    # The redelivered task of the dead worker finds the row taken and does nothing.
    assert services.notification_deliver(notification_id=stale.pk).status == "skipped"
    counts = services.outbox_drain()
    assert counts == {"stale_reset": 1, "sent": 1}
    stale.refresh_from_db()
    busy.refresh_from_db()
    assert stale.status == "sent" and stale.attempts == 2
    assert busy.status == "sending"  # a send in progress is left alone
    assert [m.to for m in mail.outbox] == [["kari@alpha.example"]]
    assert services.outbox_drain().get("sent", 0) == 0


def test_a_worker_that_lost_its_claim_does_not_overwrite_the_outcome(db, caplog):
    import uuid

    slow_token = uuid.uuid4()
    notification = make_pending(
        status="sending", attempts=1, claim=slow_token, claimed_at=timezone.now() - datetime.timedelta(minutes=11)
    )
    services.outbox_drain()  # taken over and sent
    with caplog.at_level(logging.WARNING, logger="oslo_procurement.notifications.services"):
        services._finish(notification, slow_token, "failed", error="the slow worker finally gave up")
    notification.refresh_from_db()
    assert notification.status == "sent" and notification.last_error == ""
    assert "claim was taken over" in caplog.text


def test_a_worker_that_died_while_the_relay_received_the_message_is_not_sent_again(db):
    """At most once: the relay may have the message, so the drain does not send it a
    second time; an administrator sees it with the reason."""
    unknown = make_pending(
        status="sending",
        attempts=1,
        claimed_at=timezone.now() - datetime.timedelta(minutes=11),
        handed_over_at=timezone.now() - datetime.timedelta(minutes=11),
    )
    assert services.outbox_drain() == {"stale_reset": 1}
    unknown.refresh_from_db()
    assert unknown.status == "failed" and "may have arrived" in unknown.last_error
    assert mail.outbox == []


# --- Headers -------------------------------------------------------------------------------


def test_reminders_are_marked_auto_submitted(db, buyer):
    from django.contrib.contenttypes.models import ContentType

    from contracts.models import Buyer

    reminder = make_pending(
        kind="officer_digest", item_type=ContentType.objects.get_for_model(Buyer), item_id=buyer.pk, due_step="d"
    )
    services.notification_deliver(notification_id=reminder.pk)
    assert mail.outbox[0].extra_headers["Auto-Submitted"] == "auto-generated"


def test_the_unique_key_refuses_a_second_reminder(db, buyer):
    from django.contrib.contenttypes.models import ContentType
    from django.db import IntegrityError

    from contracts.models import Buyer

    values = {"kind": "officer_digest", "item_type": ContentType.objects.get_for_model(Buyer), "item_id": buyer.pk}
    make_pending(due_step="2026-05-04", **values)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_pending(due_step="2026-05-04", **values)
