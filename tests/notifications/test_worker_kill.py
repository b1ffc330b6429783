"""Worker processes that die, and drains that run at the same time, on the real
PostgreSQL and Redis: each email is still sent exactly once.

Marked ``services``: locally without REDIS_URL and a PostgreSQL DATABASE_URL they skip;
under CI=true they fail instead."""

import datetime
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection
from django.utils import timezone

from oslo_procurement.notifications import services, tasks
from oslo_procurement.notifications.models import Notification
from tests import needs

from .helpers import clear_queue, eager, wait_for
from .test_worker import pending

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


def test_two_drains_at_once_never_send_the_same_row_twice(db):
    needs.postgresql()
    rows = pending(40, created_at=timezone.now() - datetime.timedelta(minutes=5))
    errors = []

    def drain():
        try:
            services.outbox_drain(batch_size=3)
        except Exception as exc:  # pragma: no cover - shown by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=drain) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(m.subject for m in mail.outbox) == sorted(row.subject for row in rows)
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}
    assert set(Notification.objects.values_list("attempts", flat=True)) == {1}


def test_a_worker_killed_with_sigkill_mid_send_leads_to_exactly_one_email(db, tmp_path):
    """A real worker process (prefork, one child) hangs in the SMTP send and is killed
    with SIGKILL. acks_late + reject_on_worker_lost put the task back in the queue; the
    new child finds the row claimed and does not send; the drain rescues the stale claim
    and sends it once."""
    needs.redis()
    needs.postgresql()
    clear_queue()
    (notification,) = pending()
    db_settings = connection.settings_dict
    database_url = "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(
        **{key: db_settings.get(key) or "" for key in ("USER", "PASSWORD", "HOST", "PORT", "NAME")}
    ).replace(":@", "@")
    mail_dir, marker, log = tmp_path / "mail", tmp_path / "hang.pid", tmp_path / "worker.log"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.REDIS_URL,
        "SECRET_KEY": settings.SECRET_KEY,
        "VAR_DIR": str(tmp_path / "var"),
        "EMAIL_FILE_PATH": str(mail_dir),
        "HANG_MARKER": str(marker),
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-m", "celery", "-A", "oslo_procurement", "worker", "--pool", "prefork"]
    command += ["--concurrency", "1", "--loglevel", "INFO", "-n", f"sigkill-{os.getpid()}@%h"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    with open(log, "w") as out:
        worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        with eager(False):
            tasks.deliver_notification.delay(notification.pk)
        assert wait_for(marker.exists, timeout=60), log.read_text()
        assert wait_for(lambda: marker.read_text().strip().isdigit(), timeout=5)
        os.kill(int(marker.read_text()), signal.SIGKILL)  # the child, in the middle of the send
        # The task comes back (reject_on_worker_lost) and the new child leaves the claimed row alone.
        assert wait_for(lambda: "not claimed" in log.read_text(), timeout=60), log.read_text()
        text = log.read_text()
        assert "WorkerLostError" in text and text.count("] received") == 2  # the same task, twice
        assert list(mail_dir.iterdir()) == []
        notification.refresh_from_db()
        assert notification.status == "sending" and notification.attempts == 1
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        clear_queue()
    # Ten minutes later the scheduled drain finds the stale claim and sends it, once.
    with time_machine.travel(timezone.now() + services.STALE_CLAIM + datetime.timedelta(seconds=30)):
        assert services.outbox_drain() == {"stale_reset": 1, "sent": 1}
    notification.refresh_from_db()
    assert notification.status == "sent" and notification.attempts == 2
    assert len(mail.outbox) + len(list(mail_dir.iterdir())) == 1
