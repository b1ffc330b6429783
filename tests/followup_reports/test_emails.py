"""The scheduled job emails each recipient the PDF once, however often it runs; a
transient SMTP error is retried, a permanent refusal recorded; officers manage the
subscriptions and see the sending log."""

import datetime
import io
import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from pypdf import PdfReader

from followup.models import ReportDelivery, ReportRecipient, ReportRun, ReportSubscription
from followup.reports import figures, services, tasks

NOVEMBER = datetime.datetime(2026, 11, 24, 7, 0, tzinfo=datetime.UTC)


@pytest.fixture
def subscription(buyer, world):
    subscription = ReportSubscription.objects.create(buyer=buyer, kind="buyer", schedule="monthly", language="en")
    ReportRecipient.objects.create(subscription=subscription, name="Kari Leder", email="kari@oslo.example")
    ReportRecipient.objects.create(
        subscription=subscription, name="Ola Direktør", email="ola@oslo.example", language="nb"
    )
    return subscription


def run_job():
    tasks.send_due_reports.delay()


@time_machine.travel(NOVEMBER, tick=False)
def test_the_job_sends_each_recipient_the_pdf_once(subscription):
    run_job()
    assert sorted(m.to[0] for m in mail.outbox) == ["kari@oslo.example", "ola@oslo.example"]
    kari = next(m for m in mail.outbox if m.to == ["kari@oslo.example"])
    # On 24 November the monthly report covers the previous complete month, October.
    assert kari.subject == "Leadership summary for Oslo kommune: October 2026"
    # The figure of October, worded by the one definition the dashboard uses.
    october = figures.Filters(date_from=datetime.date(2026, 10, 1), date_to=datetime.date(2026, 10, 31))
    timeliness = figures.assessment_timeliness_figure(subscription.buyer, october, datetime.date(2026, 11, 24))
    rate = figures.submission_rate(timeliness.counts())
    assert f"Self-assessments: {rate.text()}" in kari.body
    sanctioned = sum(
        figures.sanctions_figure(subscription.buyer, october, datetime.date(2026, 11, 24)).counts().values()
    )
    assert f"Suppliers with a sanction in force: {sanctioned}" in kari.body
    html, mimetype = kari.alternatives[0]
    assert mimetype == "text/html" and "Open findings" in html
    name, content, mimetype = kari.attachments[0]
    assert mimetype == "application/pdf" and name.endswith("-en.pdf")
    assert "Page 1 of" in PdfReader(io.BytesIO(content)).pages[0].extract_text()
    ola = next(m for m in mail.outbox if m.to == ["ola@oslo.example"])
    assert "oktober 2026" in ola.subject  # Bokmål month name: the recipient's language
    # The PDF too is in the recipient's language: rendered once per language.
    ola_name, ola_pdf, _mimetype = ola.attachments[0]
    assert ola_name.endswith("-nb.pdf") and "Side 1 av" in PdfReader(io.BytesIO(ola_pdf)).pages[0].extract_text()
    assert sorted(ReportRun.objects.filter(subscription=subscription).values_list("language", flat=True)) == [
        "en",
        "nb",
    ]
    assert set(ReportDelivery.objects.values_list("status", "period_key")) == {("sent", "2026-10")}

    run_job()
    run_job()
    assert len(mail.outbox) == 2
    assert ReportDelivery.objects.count() == 2 and ReportRun.objects.count() == 2


@time_machine.travel(NOVEMBER, tick=False)
def test_a_recipient_added_later_gets_this_periods_report_too(subscription):
    run_job()
    ReportRecipient.objects.create(subscription=subscription, name="Nils Ny", email="nils@oslo.example")
    run_job()
    assert [m.to[0] for m in mail.outbox].count("nils@oslo.example") == 1
    assert len(mail.outbox) == 3 and ReportRun.objects.count() == 2  # one PDF per language


def test_next_month_and_quarterly_and_inactive(subscription, buyer):
    quarterly = ReportSubscription.objects.create(buyer=buyer, kind="buyer", schedule="quarterly", language="en")
    ReportRecipient.objects.create(subscription=quarterly, name="Q", email="q@oslo.example")
    off = ReportSubscription.objects.create(buyer=buyer, kind="buyer", schedule="monthly", active=False)
    ReportRecipient.objects.create(subscription=off, name="Off", email="off@oslo.example")
    with time_machine.travel(NOVEMBER, tick=False):
        run_job()
    with time_machine.travel(NOVEMBER + datetime.timedelta(days=10), tick=False):
        run_job()
    keys = sorted(ReportDelivery.objects.values_list("period_key", "recipient_email"))
    assert keys == [
        ("2026-10", "kari@oslo.example"),
        ("2026-10", "ola@oslo.example"),
        ("2026-11", "kari@oslo.example"),
        ("2026-11", "ola@oslo.example"),
        ("2026-Q3", "q@oslo.example"),
    ]
    assert len(mail.outbox) == 5


def test_after_round_sends_once_per_round(buyer, world):
    subscription = ReportSubscription.objects.create(
        buyer=buyer, kind="agreement", agreement=world["agreement_a"], schedule="after_round", language="en"
    )
    ReportRecipient.objects.create(subscription=subscription, name="Kari", email="kari@oslo.example")
    spring, autumn, _tablets = world["rounds"]
    run_job()
    run_job()
    assert list(ReportDelivery.objects.values_list("period_key", flat=True)) == [f"round:{spring.public_id}"]
    assert len(mail.outbox) == 1 and mail.outbox[0].subject.endswith(": Spring")
    with time_machine.travel(autumn.deadline + datetime.timedelta(days=1)):
        run_job()
    assert len(mail.outbox) == 2 and mail.outbox[1].subject.endswith(": Autumn")


def _failing(monkeypatch, errors):
    """The mail backend raises the given errors, one per send, then works."""
    real = EmailBackend.send_messages
    attempts = []

    def send_messages(self, messages):
        attempts.append(messages[0].to[0])
        if errors:
            raise errors.pop(0)
        return real(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    return attempts


@time_machine.travel(NOVEMBER, tick=False)
def test_a_transient_smtp_error_then_success_sends_once(subscription, monkeypatch):
    """Eager Celery (the demo) cannot wait to retry: the delivery stays pending with the
    error, the other recipient gets theirs, and the next run sends it, once. (With a real
    worker the task retries with backoff: test_worker.py.)"""
    attempts = _failing(monkeypatch, [smtplib.SMTPServerDisconnected("gone")])
    run_job()
    assert len(mail.outbox) == 1
    waiting = ReportDelivery.objects.get(status="pending")
    assert "SMTPServerDisconnected" in waiting.error and waiting.attempts == 1
    run_job()
    run_job()
    assert sorted(m.to[0] for m in mail.outbox) == ["kari@oslo.example", "ola@oslo.example"]
    assert len(attempts) == 3
    assert set(ReportDelivery.objects.values_list("status", flat=True)) == {"sent"}


@time_machine.travel(NOVEMBER, tick=False)
def test_a_permanent_refusal_is_recorded_not_retried(subscription, monkeypatch):
    refused = smtplib.SMTPRecipientsRefused({"kari@oslo.example": (550, b"5.1.1 No such user")})
    attempts = _failing(monkeypatch, [refused])
    run_job()
    kari = ReportDelivery.objects.get(recipient_email="kari@oslo.example")
    assert kari.status == "failed" and kari.attempts == 1
    assert "No such user" in kari.error
    assert attempts.count("kari@oslo.example") == 1
    assert [m.to[0] for m in mail.outbox] == ["ola@oslo.example"]
    run_job()
    assert ReportDelivery.objects.get(pk=kari.pk).status == "failed" and len(mail.outbox) == 1


@time_machine.travel(NOVEMBER, tick=False)
def test_the_last_retry_records_the_failure(subscription, monkeypatch):
    _failing(monkeypatch, [smtplib.SMTPServerDisconnected("down")] * 3)
    run_job()
    waiting = list(ReportDelivery.objects.filter(status="pending"))
    assert len(waiting) == 2 and mail.outbox == []
    # The task's final attempt (retries == max_retries) records the failure instead of raising.
    last = tasks.send_report_delivery.max_retries
    tasks.send_report_delivery.apply(args=[waiting[0].pk], retries=last)
    failed = ReportDelivery.objects.get(pk=waiting[0].pk)
    assert failed.status == "failed" and "down" in failed.error and failed.attempts == 2


@time_machine.travel(NOVEMBER, tick=False)
def test_two_workers_claiming_the_same_delivery_send_once(subscription):
    run_job()
    delivery = ReportDelivery.objects.first()
    assert services.delivery_send(delivery_id=delivery.pk) == "skipped"
    ReportDelivery.objects.filter(pk=delivery.pk).update(status="sending")
    assert services.delivery_send(delivery_id=delivery.pk) == "skipped"
    assert len(mail.outbox) == 2


@time_machine.travel(NOVEMBER, tick=False)
def test_officer_resends_from_the_log(subscription, officer_client, monkeypatch, on_commit):
    _failing(monkeypatch, [smtplib.SMTPRecipientsRefused({"kari@oslo.example": (550, b"full")})])
    run_job()
    failed = ReportDelivery.objects.get(status="failed")
    page = officer_client.get(reverse("reports:delivery_log")).content.decode()
    assert "kari@oslo.example" in page and "Failed" in page and "Resend" in page
    with on_commit(execute=True):
        response = officer_client.post(reverse("reports:delivery_resend", args=[failed.public_id]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == "sent" and failed.error == "" and failed.attempts == 2
    assert [m.to[0] for m in mail.outbox].count("kari@oslo.example") == 1


def test_officer_manages_a_subscription_and_its_recipients(officer_client, buyer, world):
    response = officer_client.post(
        reverse("reports:subscription_create"),
        {
            "kind": "agreement",
            "agreement": world["agreement_a"].pk,
            "language": "en",
            "schedule": "quarterly",
            "active": "on",
        },
    )
    subscription = ReportSubscription.objects.get()
    assert response.status_code == 302 and subscription.agreement == world["agreement_a"]
    url = reverse("reports:recipient_add", args=[subscription.public_id])
    assert officer_client.post(url, {"name": "Kari", "email": "Kari@Oslo.example"}).status_code == 302
    duplicate = officer_client.post(url, {"name": "Kari again", "email": "kari@oslo.example"})
    assert duplicate.status_code == 400 and "already gets this report" in duplicate.content.decode()
    recipient = subscription.recipients.get()
    assert recipient.email == "kari@oslo.example"
    page = officer_client.get(subscription.get_absolute_url()).content.decode()
    assert "kari@oslo.example" in page
    officer_client.post(reverse("reports:recipient_remove", args=[recipient.public_id]))
    assert not subscription.recipients.exists()
    missing = officer_client.post(
        reverse("reports:subscription_create"), {"kind": "supplier", "language": "en", "schedule": "monthly"}
    )
    assert missing.status_code == 400 and "Choose the supplier" in missing.content.decode()


def test_another_buyer_cannot_see_or_touch_subscriptions(client, other_officer, buyer, world):
    subscription = ReportSubscription.objects.create(buyer=buyer, kind="buyer", schedule="monthly")
    recipient = ReportRecipient.objects.create(subscription=subscription, name="K", email="k@oslo.example")
    delivery = ReportDelivery.objects.create(
        subscription=subscription,
        period_key="2026-11",
        recipient_name="K",
        recipient_email="k@oslo.example",
        language="en",
        status="failed",
    )
    client.force_login(other_officer)
    assert client.get(subscription.get_absolute_url()).status_code == 404
    assert client.get(reverse("reports:subscription_edit", args=[subscription.public_id])).status_code == 404
    assert client.post(reverse("reports:recipient_remove", args=[recipient.public_id])).status_code == 404
    assert client.post(reverse("reports:delivery_resend", args=[delivery.public_id])).status_code == 404
    assert "k@oslo.example" not in client.get(reverse("reports:delivery_log")).content.decode()
    assert ReportRecipient.objects.filter(pk=recipient.pk).exists()


def test_the_schedule_names_registered_tasks():
    from oslo_procurement.celery import app

    for entry in tasks.BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks
        assert entry["task"] == tasks.send_due_reports.name


def test_a_waiting_delivery_from_last_month_is_not_forgotten(subscription, monkeypatch):
    _failing(monkeypatch, [smtplib.SMTPServerDisconnected("gone")])
    with time_machine.travel(NOVEMBER, tick=False):
        run_job()
    assert ReportDelivery.objects.filter(status="pending", period_key="2026-10").count() == 1
    with time_machine.travel(NOVEMBER + datetime.timedelta(days=10), tick=False):
        run_job()
    assert set(ReportDelivery.objects.values_list("period_key", "status")) == {("2026-10", "sent"), ("2026-11", "sent")}
    assert len(mail.outbox) == 4


def test_a_send_interrupted_by_a_dead_worker_is_queued_again(subscription):
    with time_machine.travel(NOVEMBER, tick=False):
        run_job()
        stuck = ReportDelivery.objects.first()
        ReportDelivery.objects.filter(pk=stuck.pk).update(status="sending", sent_at=None)
    with time_machine.travel(NOVEMBER + datetime.timedelta(minutes=10), tick=False):
        run_job()
        assert ReportDelivery.objects.get(pk=stuck.pk).status == "sending"  # may still be running
    with time_machine.travel(NOVEMBER + datetime.timedelta(hours=1), tick=False):
        run_job()
    assert ReportDelivery.objects.get(pk=stuck.pk).status == "sent"
    # Its email had gone out: the outbox knows, so the recipient does not get a second copy.
    assert len(mail.outbox) == 2
