"""The mail relay greylists, refuses, hangs, or a worker is killed mid-batch: with a real
SMTP relay process (smtp_relay.py, aiosmtpd), a private redis-server and real Celery worker
processes, all configured by the environment as production is (EMAIL_URL, EMAIL_TIMEOUT,
REDIS_URL): every email is delivered exactly once once the fault ends, and no crash makes
a second copy. Marked ``services``: they need the PostgreSQL test database (the worker
processes share it); locally without it they skip."""

import datetime
import time

import pytest
from django.db.models import F
from django.utils import timezone

from oslo_procurement.notifications import services
from oslo_procurement.notifications.models import Notification
from oslo_procurement.notifications.tasks import DRAIN_TASK

from .processes import Worker, production_env, send_task, wait_until

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

DELIVER_TASK = "oslo_procurement.notifications.tasks.deliver_notification"


def emails(*addresses):
    now = timezone.now() - datetime.timedelta(minutes=1)
    return [
        Notification.objects.create(
            recipient_email=address,
            language="en",
            kind="message",
            due_step=f"step-{n}",
            subject=f"Your corrective action is due ({n})",
            body_text="Please send the evidence.",
            created_at=now + datetime.timedelta(milliseconds=n),
        )
        for n, address in enumerate(addresses)
    ]


def statuses():
    return dict(Notification.objects.values_list("recipient_email", "status"))


def make_due():
    """What the backoff's wait would do: every waiting retry is due now."""
    Notification.objects.filter(status="pending").update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))


def expected_ids(rows):
    return {services.message_id(row): 1 for row in rows}


@pytest.fixture
def env(tmp_path, private_redis, relay):
    return production_env(tmp_path, redis_url=private_redis.url, email_url=relay.url, EMAIL_TIMEOUT=2)


@pytest.fixture
def worker(env, tmp_path):
    process = Worker(env, tmp_path, "mail")
    yield process
    process.close()


@pytest.mark.parametrize("fault", ["451", "554"], ids=["greylisting 451", "relay refusing everything 554"])
def test_emails_refused_by_the_relay_for_a_while_are_delivered_once_after(env, worker, relay, private_redis, fault):
    relay.mode(fault)
    rows = emails("kari@alpha.example", "ola@alpha.example", "per@beta.example")
    for row in rows:
        send_task(private_redis.url, DELIVER_TASK, row.pk)
    assert wait_until(
        lambda: Notification.objects.filter(status="pending", attempts__gte=1).count() == 3, timeout=60
    ), worker.log()
    assert all(fault in row.last_error for row in Notification.objects.all())
    assert relay.message_ids() == {}
    relay.mode("accept")
    make_due()
    send_task(private_redis.url, DRAIN_TASK, min_age_seconds=0)
    assert wait_until(lambda: set(statuses().values()) == {"sent"}, timeout=60), (statuses(), worker.log())
    assert relay.message_ids() == expected_ids(rows)
    # Another drain and the tasks' own retries send nothing more.
    send_task(private_redis.url, DRAIN_TASK, min_age_seconds=0)
    assert wait_until(lambda: worker.log().count("drain_outbox") >= 4, timeout=60)
    assert relay.message_ids() == expected_ids(rows)


def test_a_relay_that_hangs_costs_each_attempt_email_timeout_and_is_retried(env, worker, relay, private_redis):
    assert env["EMAIL_TIMEOUT"] == "2"
    relay.mode("hang")
    (row,) = emails("kari@alpha.example")
    started = time.monotonic()
    send_task(private_redis.url, DELIVER_TASK, row.pk)
    assert wait_until(lambda: Notification.objects.filter(pk=row.pk, status="pending", attempts=1).exists(), 60)
    assert time.monotonic() - started < 15  # one timed-out attempt, not the task's 90 s limit
    row.refresh_from_db()
    assert "timed out" in row.last_error and row.next_attempt_at > timezone.now()
    relay.mode("accept")
    make_due()
    send_task(private_redis.url, DRAIN_TASK, min_age_seconds=0)
    assert wait_until(lambda: statuses() == {"kari@alpha.example": "sent"}, timeout=60), worker.log()
    assert relay.message_ids() == expected_ids([row])


def test_a_recipient_refused_with_5xx_fails_alone_and_the_others_are_delivered(env, worker, relay, private_redis):
    rows = emails("kari@alpha.example", "refused@alpha.example", "ola@alpha.example")
    send_task(private_redis.url, DRAIN_TASK, min_age_seconds=0)
    assert wait_until(lambda: "pending" not in statuses().values() and "sending" not in statuses().values(), 60)
    assert statuses() == {
        "kari@alpha.example": "sent",
        "refused@alpha.example": "failed",
        "ola@alpha.example": "sent",
    }
    assert "550" in Notification.objects.get(recipient_email="refused@alpha.example").last_error
    assert relay.message_ids() == expected_ids([rows[0], rows[2]])


def test_a_worker_killed_with_sigkill_mid_batch_leaves_no_duplicate(env, relay, private_redis, tmp_path):
    """The drain sends a batch of five; the relay stores the third and never answers; the
    worker is killed then (SIGKILL). The first two are sent; the third is with the relay
    but unrecorded: it is failed with the reason, not sent again; the last two were never
    handed over and are sent once by the next drain."""
    env = {**env, "EMAIL_TIMEOUT": "30"}  # the relay's silence outlasts the kill
    rows = emails(
        "kari@alpha.example", "ola@alpha.example", "slow@alpha.example", "per@beta.example", "liv@beta.example"
    )
    first = Worker(env, tmp_path, "first")
    try:
        send_task(private_redis.url, DRAIN_TASK, min_age_seconds=0)
        assert wait_until(lambda: len(relay.message_ids()) == 3, timeout=60), first.log()
        first.kill()
    finally:
        first.close()
    assert statuses() == {
        "kari@alpha.example": "sent",
        "ola@alpha.example": "sent",
        "slow@alpha.example": "sending",
        "per@beta.example": "sending",
        "liv@beta.example": "sending",
    }
    assert Notification.objects.filter(status="sending", handed_over_at__isnull=False).count() == 1
    # Ten minutes later (STALE_CLAIM) the drain reconciles the dead worker's claims.
    Notification.objects.filter(status="sending").update(claimed_at=F("claimed_at") - services.STALE_CLAIM * 2)
    second = Worker(env, tmp_path, "second")
    try:
        send_task(private_redis.url, DRAIN_TASK, min_age_seconds=0)
        assert wait_until(lambda: "sending" not in statuses().values() and "pending" not in statuses().values(), 60)
    finally:
        second.close()
    assert statuses()["slow@alpha.example"] == "failed"
    assert "may have arrived" in Notification.objects.get(recipient_email="slow@alpha.example").last_error
    assert {statuses()[r.recipient_email] for r in rows if not r.recipient_email.startswith("slow")} == {"sent"}
    assert relay.message_ids() == expected_ids(rows)  # five emails, each exactly once
