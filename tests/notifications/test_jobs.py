"""The scheduled jobs page: administrators only, the beat schedule in plain words, each
job's last runs, and running a job by hand."""

import datetime

import pytest
from celery.schedules import crontab, schedule
from django.urls import reverse

import followup.reminders.tasks  # noqa: F401  (registers the sweep task until followup's ready() imports it)
from oslo_procurement.audit.models import AuditEvent
from oslo_procurement.notifications.models import JobRun
from oslo_procurement.notifications.views import describe_schedule
from tests.conftest import client_for


@pytest.fixture
def admin_client(client, administrator):
    return client_for(client, administrator)


def test_the_schedule_in_plain_words(settings):
    settings.LANGUAGE_CODE = "en"
    assert describe_schedule(60.0) == "every minute"
    assert describe_schedule(datetime.timedelta(hours=2)) == "every 2 hours"
    assert describe_schedule(schedule(run_every=datetime.timedelta(days=1))) == "every day"
    assert describe_schedule(crontab(hour=6, minute=30)) == "every day at 06:30 (Europe/Oslo time)"
    assert describe_schedule(crontab(minute=5, hour="6-22")) == "every hour from 06:05 to 22:05 (Europe/Oslo time)"
    assert describe_schedule(crontab(minute=0)) == "every hour at 00 minutes past (Europe/Oslo time)"
    assert "0 6 * * 1" in describe_schedule(crontab(minute=0, hour=6, day_of_week=1))


def test_only_administrators_see_the_jobs_page(client, officer, manager, supplier_a_user):
    url = reverse("notifications:jobs")
    assert client.get(url).status_code == 302
    for user in (officer, manager, supplier_a_user):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(reverse("notifications:job_run"), {"job": "reminders-sweep"}).status_code == 403
    assert JobRun.objects.count() == 0


def test_the_jobs_page_lists_the_schedule_and_the_last_runs(admin_client):
    JobRun.objects.create(
        task_name="followup.reminders.tasks.sweep_reminders", status="failed", error="Boom: the database went away"
    )
    page = admin_client.get(reverse("notifications:jobs")).content.decode()
    assert "Reminder sweep" in page and "every hour from 06:05 to 22:05 (Europe/Oslo time)" in page
    assert "Email outbox drain" in page and "every minute" in page
    assert "Boom: the database went away" in page
    assert "Personal data retention" in page  # docs/PRIVACY.md
    assert "Brønnøysund register check" in page  # suppliers.tasks.check_register
    assert page.count("Run now") == 4


@pytest.mark.django_db(transaction=True)  # on-commit callbacks run as in a real request
def test_an_administrator_runs_the_sweep_by_hand(admin_client, administrator):
    response = admin_client.post(reverse("notifications:job_run"), {"job": "reminders-sweep"}, follow=True)
    assert "The job has run." in response.content.decode()
    run = JobRun.objects.get(task_name="followup.reminders.tasks.sweep_reminders")
    assert run.status == "succeeded" and run.trigger == "manual" and run.triggered_by == administrator
    assert run.counts["created"] == 0 and run.finished_at >= run.started_at
    assert AuditEvent.objects.filter(event_type="job_started_by_hand", actor=administrator).exists()
    assert "Started by hand" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_broker_that_is_down_shows_as_a_failed_run(admin_client, monkeypatch):
    from kombu.exceptions import OperationalError

    from followup.reminders import tasks

    def broker_down(*args, **kwargs):
        raise OperationalError("Connection refused")

    monkeypatch.setattr(tasks.sweep_reminders, "apply_async", broker_down)
    response = admin_client.post(reverse("notifications:job_run"), {"job": "reminders-sweep"}, follow=True)
    assert "The job failed: OperationalError: Connection refused" in response.content.decode()
    assert JobRun.objects.get().status == "failed"


def test_unknown_jobs_and_get_are_refused(admin_client):
    assert admin_client.post(reverse("notifications:job_run"), {"job": "rm -rf"}).status_code == 404
    assert admin_client.get(reverse("notifications:job_run")).status_code == 405
