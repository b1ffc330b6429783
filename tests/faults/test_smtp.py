"""The mail server refuses, times out, or rejects a recipient: talking to a real SMTP
socket on 127.0.0.1 through Django's SMTP backend (no fake backend). A transient failure
waits for its backoff and is sent once the server answers; a permanent refusal is
recorded and never retried; nothing is sent twice. (The Celery retry itself, with a real
worker on Redis: tests/notifications/test_worker.py.)"""

import datetime

import pytest
import time_machine
from django.utils import timezone

from followup.models import ReportDelivery
from followup.reports import services as report_services
from oslo_procurement.notifications import services
from oslo_procurement.notifications.models import Notification

from .helpers import closed_port
from .smtp import SmtpServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 1
    return settings


@pytest.fixture
def server():
    servers = []

    def start(mode="accept"):
        servers.append(SmtpServer(mode=mode))
        return servers[-1]

    yield start
    for s in servers:
        s.close()


def pending():
    return Notification.objects.create(
        recipient_email="kari@alpha.example",
        language="en",
        kind="message",
        due_step="step-1",
        subject="Your corrective action is due",
        body_text="Please send the evidence.",
    )


def _after_backoff(notification):
    notification.refresh_from_db()
    return time_machine.travel(notification.next_attempt_at + datetime.timedelta(seconds=1))


def test_a_mail_server_that_refuses_connections_is_tried_again_and_sends_once(smtp_settings, server):
    smtp_settings.EMAIL_PORT = closed_port()
    notification = pending()
    assert services.notification_deliver(notification_id=notification.pk).status == "retry"
    notification.refresh_from_db()
    assert notification.status == "pending" and "ConnectionRefusedError" in notification.last_error
    assert notification.next_attempt_at > timezone.now()
    assert services.outbox_drain(min_age=datetime.timedelta(0)).get("sent", 0) == 0  # not before its backoff

    up = server()
    smtp_settings.EMAIL_PORT = up.port
    with _after_backoff(notification):
        assert services.outbox_drain(min_age=datetime.timedelta(0)) == {"stale_reset": 0, "sent": 1}
        assert services.outbox_drain(min_age=datetime.timedelta(0)).get("sent", 0) == 0
    (message,) = up.received
    assert "Subject: Your corrective action is due" in message
    assert f"Message-ID: <{notification.public_id}@" in message
    notification.refresh_from_db()
    assert notification.status == "sent" and notification.attempts == 2


def test_a_mail_server_that_never_answers_times_out_and_is_tried_again(smtp_settings, server):
    smtp_settings.EMAIL_PORT = server(mode="silent").port
    notification = pending()
    started = timezone.now()
    assert services.notification_deliver(notification_id=notification.pk).status == "retry"
    assert (timezone.now() - started).total_seconds() < 10  # EMAIL_TIMEOUT, not forever
    notification.refresh_from_db()
    assert notification.status == "pending" and "timed out" in notification.last_error.lower()


def test_a_refused_recipient_fails_at_once_and_is_never_retried(smtp_settings, server):
    smtp_settings.EMAIL_PORT = server(mode="refuse_recipient").port
    notification = pending()
    assert services.notification_deliver(notification_id=notification.pk).status == "failed"
    notification.refresh_from_db()
    assert notification.status == "failed" and "550" in notification.last_error
    assert notification.next_attempt_at is None
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        assert services.outbox_drain(min_age=datetime.timedelta(0)).get("sent", 0) == 0


def test_a_report_email_to_a_server_that_is_away_waits_and_is_then_sent(smtp_settings, server, buyer):
    from followup.models import ReportSubscription
    from tests.followup_reports.worked import done_run

    run = done_run(buyer)
    subscription = ReportSubscription.objects.create(buyer=buyer, kind="buyer", schedule="monthly")
    delivery = ReportDelivery.objects.create(
        subscription=subscription,
        period_key="2026-11",
        recipient_name="Leader",
        recipient_email="leader@oslo.example",
        language="en",
        run=run,
    )
    smtp_settings.EMAIL_PORT = closed_port()
    # Waiting in the outbox; the task retries it with backoff (so does the outbox's drain).
    assert report_services.delivery_send(delivery_id=delivery.pk) == "retry"
    delivery.refresh_from_db()
    assert delivery.status == "pending" and "ConnectionRefusedError" in delivery.error

    up = server()
    smtp_settings.EMAIL_PORT = up.port
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        assert report_services.reports_catch_up() == {"rendered": 0, "sent": 1}
    delivery.refresh_from_db()
    assert delivery.status == "sent" and delivery.attempts == 2
    (message,) = up.received
    assert "leader@oslo.example" in message and "application/pdf" in message
