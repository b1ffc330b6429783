"""Redis (the Celery broker) is down: what users do still works and is saved, nothing
they caused is lost, and it is all delivered once Redis is back. The broker here is a
real Redis URL on a loopback port where nothing listens, so kombu really fails to
connect (no mocks); it needs no Redis, so it runs everywhere. The real-Redis worker tests
are tests/notifications/test_worker.py and test_worker_kill.py."""

import logging

import pytest
from django.core import mail
from django.urls import reverse

from followup.models import Assessment, ReportRun
from followup.reports import services as report_services
from oslo_procurement.celery import app
from oslo_procurement.notifications import services as outbox
from oslo_procurement.notifications.models import Notification
from suppliers.models import Invitation
from tests.followup_reports import worked

from .helpers import closed_port

pytestmark = pytest.mark.django_db


def _reset_pools():
    app._pool = None
    app.__dict__.get("amqp") and setattr(app.amqp, "_producer_pool", None)


@pytest.fixture
def redis_down(caplog):
    """Tasks are sent to a broker (not run in-process), and the broker refuses connections."""
    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url = f"redis://127.0.0.1:{closed_port()}/0"
    app.conf.task_always_eager = False
    _reset_pools()
    caplog.set_level(logging.WARNING)
    yield caplog
    app.conf.broker_url, app.conf.task_always_eager = saved
    _reset_pools()


def _redis_back():
    """The broker answers again (here: tasks run in-process, as in the demo)."""
    app.conf.task_always_eager = True


def test_a_supplier_submits_while_redis_is_down_and_the_officer_is_told_later(
    client, supplier_a_user, officer, open_assessment, redis_down, django_capture_on_commit_callbacks
):
    client.force_login(supplier_a_user)
    detail = reverse("portal_followup:detail", args=[open_assessment.public_id])
    autosave = {"Accept": "application/json", "X-Requested-With": "XMLHttpRequest"}
    for prefix, field, value in (("q1", "choice", "yes"), ("q2", "text", "Overtime at a supplier")):
        response = client.post(
            detail, {"autosave": prefix, f"{prefix}-{field}": value, f"{prefix}-revision": "0"}, headers=autosave
        )
        assert response.status_code == 200, response.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal_followup:submit", args=[open_assessment.public_id]), follow=True)

    assert "has been told and will review your answers" in response.content.decode()
    assert Assessment.objects.get(pk=open_assessment.pk).status == Assessment.Status.SUBMITTED
    assert "the outbox drain will send it later" in redis_down.text  # logged for the operator
    waiting = Notification.objects.get(recipient=officer)
    assert waiting.status == "pending" and mail.outbox == []

    _redis_back()
    assert outbox.outbox_drain(min_age=outbox.datetime.timedelta(0)) == {"stale_reset": 0, "sent": 1}
    assert [m.to for m in mail.outbox] == [[officer.email]]
    assert "Alpha Reseller AS" in mail.outbox[0].subject + mail.outbox[0].body


def test_a_manager_asks_for_a_pdf_while_redis_is_down_and_gets_it_when_it_is_back(
    client, manager, buyer, redis_down, django_capture_on_commit_callbacks
):
    world = worked.build(buyer)
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:run_create"),
            {"kind": "agreement", "agreement": world["agreement_a"].public_id, "language": "en"},
        )
    run = ReportRun.objects.get()
    assert response.status_code == 302 and response.url == run.get_absolute_url()  # no error page
    assert run.status == ReportRun.Status.PENDING
    assert "the catch-up job will take it" in redis_down.text
    assert "Waiting to make the PDF" in client.get(run.get_absolute_url()).content.decode()

    # A minute later the page explains the wait.
    ReportRun.objects.filter(pk=run.pk).update(created_at=run.created_at - report_services.CATCH_UP_AFTER * 2)
    assert "busy or restarting" in client.get(run.get_absolute_url()).content.decode()

    # Redis is back: the scheduled catch-up renders it, once.
    _redis_back()
    assert report_services.reports_catch_up() == {"rendered": 1, "sent": 0}
    assert report_services.reports_catch_up() == {"rendered": 0, "sent": 0}
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE
    assert "Download the PDF" in client.get(run.get_absolute_url()).content.decode()


def test_an_officer_invites_a_supplier_while_redis_is_down(
    client, officer, supplier_a, redis_down, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("suppliers:invitation_create", args=[supplier_a.public_id]),
            {"full_name": "Kari Nordmann", "email": "kari@alpha.example", "language": "nb"},
        )
    assert response.status_code == 302
    assert Invitation.objects.filter(supplier=supplier_a, email="kari@alpha.example").exists()
    assert Notification.objects.get(recipient_email="kari@alpha.example").status == "pending"

    _redis_back()
    outbox.outbox_drain(min_age=outbox.datetime.timedelta(0))
    (invitation_email,) = mail.outbox
    assert invitation_email.to == ["kari@alpha.example"] and "/portal/invitation/" in invitation_email.body


def test_the_catch_up_job_is_scheduled_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["reports-catch-up"]
    assert entry["schedule"] == 60.0 and entry["task"] in app.tasks
