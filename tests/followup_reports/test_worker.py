"""A real Celery worker (not eager): a transient SMTP error is retried with backoff and
the report reaches the recipient once. Uses the configured broker (Redis when REDIS_URL
is set, Kombu's in-memory transport otherwise)."""

import smtplib

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from followup.models import ReportDelivery, ReportRecipient, ReportSubscription
from followup.reports import tasks
from oslo_procurement.celery import app

from . import worked

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def real_worker(eager_celery):
    app.conf.task_always_eager = False
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


def test_worker_retries_a_transient_error_and_sends_once(buyer, real_worker, monkeypatch):
    worked.build(buyer)
    subscription = ReportSubscription.objects.create(buyer=buyer, kind="buyer", schedule="monthly", language="en")
    ReportRecipient.objects.create(subscription=subscription, name="Kari", email="kari@oslo.example")
    real = EmailBackend.send_messages
    errors = [smtplib.SMTPServerDisconnected("gone")]

    def send_messages(self, messages):
        if errors:
            raise errors.pop(0)
        return real(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    tasks.send_due_reports.delay()
    import time

    for _ in range(120):
        if ReportDelivery.objects.filter(status="sent").exists():
            break
        time.sleep(0.25)
    delivery = ReportDelivery.objects.get()
    assert delivery.status == "sent" and delivery.attempts == 2
    assert [m.to for m in mail.outbox] == [["kari@oslo.example"]]
    tasks.send_due_reports.delay()
    time.sleep(1.5)
    assert len(mail.outbox) == 1
