"""Large CMRT uploads with a real Celery worker on the real Redis and PostgreSQL (not
eager): the upload is read by the worker and its page follows the progress to the report;
a worker child killed with SIGKILL in the middle of the reading is replaced, the task comes
back (acks_late + reject_on_worker_lost) and is read again from the first row: one report.

Marked ``services``: locally without REDIS_URL and a PostgreSQL DATABASE_URL they skip;
under CI=true they fail instead."""

import os
import signal
import subprocess
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse

from oslo_procurement.celery import app
from suppliers.models import CmrtReport, CmrtSmelter, CmrtUpload, Evidence
from tests import needs
from tests.faults.processes import PYTHON, ROOT, production_env, stop
from tests.notifications.helpers import clear_queue, eager, wait_for

from . import cmrt_workbooks as w
from .test_cmrt_background import upload_file

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _threshold(settings):
    settings.CMRT_BACKGROUND_ROWS = 600


def _services():
    needs.postgresql()
    needs.redis()
    clear_queue()


def test_a_real_worker_reads_the_upload_and_the_page_follows_it(supplier_a_client):
    _services()
    rows = 3000
    content = w.build_cmrt(smelters=w.many_smelters(rows), template_rows=20, note="worker")
    seen = []
    try:
        with eager(False), start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            response = supplier_a_client.post(reverse("portal_cmrt:upload"), {"file": upload_file(content)})
            assert response.status_code == 302

            def finished():
                fragment = supplier_a_client.get(response.url, headers={"HX-Request": "true"}).content.decode()
                seen.append(fragment)
                return 'data-status="done"' in fragment

            assert wait_for(finished, timeout=120, interval=0.05)
    finally:
        clear_queue()
    upload = CmrtUpload.objects.get()
    assert (upload.status, upload.rows_done, upload.attempts) == ("done", rows, 1)
    assert CmrtReport.objects.count() == 1 and CmrtSmelter.objects.count() == rows
    assert "hx-trigger" in seen[0] and "hx-trigger" not in seen[-1]  # polled, then stopped
    assert "Open the report" in seen[-1]


def _children(pid):
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def test_a_worker_killed_while_reading_leads_to_exactly_one_report(supplier_a_client, settings, tmp_path):
    """A real worker process (prefork, one child) is reading a 9,000-row workbook when its
    child is killed with SIGKILL; the task is redelivered to the new child, which reads the
    file again from the first row and makes the one report."""
    _services()
    settings.MEDIA_ROOT = tmp_path / "var" / "uploads"  # the worker's VAR_DIR below
    rows = 9000
    content = w.build_cmrt(smelters=w.many_smelters(rows), template_rows=20, note="killed")
    env = production_env(tmp_path, redis_url=settings.REDIS_URL, email_url="consolemail://")
    log = tmp_path / "worker.log"
    command = [PYTHON, "-m", "celery", "-A", "oslo_procurement", "worker", "--pool", "prefork"]
    command += ["--concurrency", "1", "--loglevel", "INFO", "-n", f"cmrt-kill-{os.getpid()}@%h"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    with open(log, "w") as out:
        worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        assert wait_for(lambda: "ready" in log.read_text(), timeout=90), log.read_text()
        with eager(False):
            response = supplier_a_client.post(reverse("portal_cmrt:upload"), {"file": upload_file(content)})
        assert response.status_code == 302
        upload = CmrtUpload.objects.get()

        def reading():
            upload.refresh_from_db()
            return upload.status == "processing" and 0 < upload.rows_done < rows

        assert wait_for(reading, timeout=120, interval=0.02), log.read_text()
        (child,) = _children(worker.pid)
        os.kill(child, signal.SIGKILL)  # in the middle of the reading
        assert wait_for(lambda: CmrtUpload.objects.get().status == "done", timeout=180), log.read_text()
        text = log.read_text()
        assert "WorkerLostError" in text and text.count("] received") == 2  # the same task, twice
    finally:
        stop(worker)
        clear_queue()
    upload.refresh_from_db()
    assert (upload.rows_done, upload.attempts) == (rows, 2)
    assert (Evidence.objects.count(), CmrtReport.objects.count(), CmrtSmelter.objects.count()) == (1, 1, rows)
