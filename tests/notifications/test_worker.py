"""The outbox with a real Celery worker on the real Redis (not eager): delivered once,
retried after an SMTP failure, never twice when a task comes twice or a worker dies.

Marked ``services``: locally without REDIS_URL (and, for the subprocess test, a
PostgreSQL DATABASE_URL) they skip; under CI=true they fail instead."""

import datetime
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.utils import timezone

from oslo_procurement.celery import app
from oslo_procurement.notifications import services, tasks
from oslo_procurement.notifications.models import Notification
from tests import needs

from .helpers import FlakyBackend, clear_queue, eager, wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def worker():
    """One in-process worker (solo pool) for the module, consuming from the real Redis."""
    needs.redis()
    clear_queue()
    with eager(False), start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield
    clear_queue()


@pytest.fixture
def real_worker(worker):
    with eager(False):
        yield


def pending(n=1, *, prefix="", **values):
    return [
        Notification.objects.create(
            recipient_email=f"kari{i}@alpha.example",
            language="en",
            kind="message",
            due_step=f"{prefix}step-{i}",
            subject=f"{prefix}Reminder {i}",
            body_text="Text",
            body_html="<p>HTML</p>",
            **values,
        )
        for i in range(n)
    ]


def status(notification):
    notification.refresh_from_db()
    return notification.status


def test_a_notification_is_delivered_once_by_the_worker(real_worker):
    (notification,) = pending()
    tasks.deliver_notification.delay(notification.pk)
    assert wait_for(lambda: status(notification) == "sent")
    assert [m.subject for m in mail.outbox] == ["Reminder 0"]


def test_a_task_delivered_twice_sends_once(real_worker):
    notification, sentinel = pending(2)
    tasks.deliver_notification.delay(notification.pk)
    tasks.deliver_notification.delay(notification.pk)
    tasks.deliver_notification.delay(sentinel.pk)  # one worker, one at a time: done last
    assert wait_for(lambda: status(sentinel) == "sent")
    assert [m.subject for m in mail.outbox] == ["Reminder 0", "Reminder 1"]
    notification.refresh_from_db()
    assert notification.attempts == 1


def test_an_smtp_failure_is_retried_and_sent_once(real_worker, settings, monkeypatch):
    settings.EMAIL_BACKEND = "tests.notifications.helpers.FlakyBackend"
    FlakyBackend.reset(failures=1)
    monkeypatch.setattr(services, "RETRY_BASE_SECONDS", 1)
    (notification,) = pending()
    tasks.deliver_notification.delay(notification.pk)
    assert wait_for(lambda: status(notification) == "sent")
    notification.refresh_from_db()
    assert notification.attempts == 2 and FlakyBackend.calls == 2
    assert len(mail.outbox) == 1


def test_a_redelivered_task_after_a_lost_worker_does_not_send_and_the_drain_sends_once(real_worker):
    # A worker claimed the row, then died: it stays "sending" with its old claim.
    long_ago = timezone.now() - datetime.timedelta(minutes=11)
    (notification,) = pending(status="sending", attempts=1, claimed_at=long_ago, created_at=long_ago)
    tasks.deliver_notification.delay(notification.pk)  # acks_late: the task comes again
    tasks.drain_outbox.delay()  # the scheduled drain finds the stale claim
    assert wait_for(lambda: status(notification) == "sent")
    tasks.drain_outbox.delay()
    tasks.deliver_notification.delay(notification.pk)
    (sentinel,) = pending(prefix="sentinel ")
    tasks.deliver_notification.delay(sentinel.pk)
    assert wait_for(lambda: status(sentinel) == "sent")
    assert sum(1 for m in mail.outbox if m.subject == "Reminder 0") == 1
    notification.refresh_from_db()
    assert notification.attempts == 2
