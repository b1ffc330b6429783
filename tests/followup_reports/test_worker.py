"""A real Celery worker (not eager): a transient SMTP error is retried with backoff and
the report reaches the recipient once. Uses the configured broker (Redis when REDIS_URL
is set, Kombu's in-memory transport otherwise)."""

import smtplib
import threading

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


class Settled:
    """Waits for a state, not a clock: every task published while it listens (the worker
    runs in a thread of this process, so Celery's signals fire here) has run to its end;
    a run that ends in a retry counts as still pending until its retry has run."""

    def __init__(self):
        from celery.signals import after_task_publish, task_postrun

        self.pending, self.condition = set(), threading.Condition()
        after_task_publish.connect(self._published, weak=False)
        task_postrun.connect(self._finished, weak=False)

    def _published(self, headers=None, **kwargs):
        with self.condition:
            self.pending.add(headers["id"])

    def _finished(self, task_id=None, state=None, **kwargs):
        with self.condition:
            if state != "RETRY":
                self.pending.discard(task_id)
            self.condition.notify_all()

    def wait(self, limit=120):
        with self.condition:
            # The limit only stops a broken run from hanging the suite; no result depends on it.
            assert self.condition.wait_for(lambda: not self.pending, timeout=limit), self.pending

    def close(self):
        from celery.signals import after_task_publish, task_postrun

        after_task_publish.disconnect(self._published)
        task_postrun.disconnect(self._finished)


@pytest.fixture
def settled():
    tracker = Settled()
    yield tracker
    tracker.close()


def test_worker_retries_a_transient_error_and_sends_once(buyer, real_worker, settled, monkeypatch):
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
    settled.wait()  # the job, the period's preparation, the failed send and its retry
    delivery = ReportDelivery.objects.get()
    assert delivery.status == "sent" and delivery.attempts == 2
    assert [m.to for m in mail.outbox] == [["kari@oslo.example"]]
    tasks.send_due_reports.delay()
    settled.wait()  # the second run of the job and whatever it queued have finished
    assert len(mail.outbox) == 1
