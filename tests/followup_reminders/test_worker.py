"""Reminders end to end with a real Celery worker on the real Redis (not eager): the
scheduled sweep reminds once, and a submission made while Redis is down is saved and its
email arrives once Redis is back.

Marked ``services``: locally without REDIS_URL they skip; under CI=true they fail."""

import datetime
import logging

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from followup import services as followup_services
from followup.reminders import tasks as reminder_tasks
from oslo_procurement.celery import app
from oslo_procurement.notifications import tasks
from oslo_procurement.notifications.models import JobRun, Notification
from tests import needs
from tests.notifications.helpers import clear_queue, eager, wait_for

from .conftest import OSLO, make_assessment

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def worker():
    needs.redis()
    clear_queue()
    with eager(False), start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield
    clear_queue()


@pytest.fixture
def real_worker(worker):
    with eager(False):
        yield


def test_the_scheduled_sweep_reminds_once(real_worker, agreement, questionnaire, supplier_a, supplier_a_user):
    today = timezone.localdate()
    make_assessment(agreement, questionnaire, supplier_a, today + datetime.timedelta(days=3))
    reminder_tasks.sweep_reminders.delay()
    assert wait_for(lambda: Notification.objects.filter(status="sent").exists())
    assert [m.to for m in mail.outbox] == [[supplier_a_user.email]]
    reminder_tasks.sweep_reminders.delay()
    assert wait_for(lambda: JobRun.objects.filter(task_name=reminder_tasks.SWEEP_TASK, status="succeeded").count() == 2)
    tasks.drain_outbox.delay()
    assert wait_for(lambda: JobRun.objects.filter(task_name=tasks.DRAIN_TASK).count() >= 2)
    assert len(mail.outbox) == 1 and Notification.objects.count() == 1


def test_a_submission_while_redis_is_down_is_saved_and_the_officer_is_told_later(
    real_worker, agreement, questionnaire, supplier_a, supplier_a_user, officer, monkeypatch, caplog
):
    assessment = make_assessment(agreement, questionnaire, supplier_a, datetime.date(2026, 5, 18))
    dead_broker = app.connection_for_write("redis://127.0.0.1:1/0")  # nothing listens there

    def delay_on_the_dead_broker(*args, **kwargs):
        return tasks.deliver_notification.apply_async(args, kwargs, connection=dead_broker)

    monkeypatch.setattr(tasks.deliver_notification, "delay", delay_on_the_dead_broker)
    with (
        caplog.at_level(logging.WARNING, logger="oslo_procurement.notifications.services"),
        time_machine.travel(datetime.datetime(2026, 5, 4, 10, 0, tzinfo=OSLO), tick=True),
    ):
        assert followup_services.assessment_submit(assessment=assessment, actor=supplier_a_user) is True
    assessment.refresh_from_db()
    assert assessment.status == "submitted"  # the supplier's work is saved
    notification = Notification.objects.get(recipient_email=officer.email)
    assert notification.status == "pending" and mail.outbox == []
    assert any(isinstance(r.exc_info[1], OperationalError) for r in caplog.records if r.exc_info)
    # Redis is back: the scheduled drain sends what waited in the outbox.
    monkeypatch.undo()
    tasks.drain_outbox.delay(min_age_seconds=0)
    assert wait_for(lambda: Notification.objects.get(pk=notification.pk).status == "sent")
    assert [m.to for m in mail.outbox] == [[officer.email]]
    assert "has submitted" in mail.outbox[0].subject
    tasks.drain_outbox.delay(min_age_seconds=0)
    assert wait_for(lambda: JobRun.objects.filter(task_name=tasks.DRAIN_TASK).count() == 2)
    assert len(mail.outbox) == 1
