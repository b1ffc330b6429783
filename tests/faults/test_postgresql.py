"""PostgreSQL goes away: a restart (every connection of the app cut between two
requests), and a cut in the middle of a save. Run against a real gunicorn process on the
real PostgreSQL test database, with persistent connections and health checks as in
production (tests/faults/server_settings.py). Marked ``services``: they skip locally
without a PostgreSQL DATABASE_URL and fail under CI=true instead."""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from followup.models import Answer, Assessment
from tests import factories as f
from tests import needs

from .helpers import closed_port
from .web import Browser, hidden_value

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
APP_NAME = "oslo-faults-app"


@pytest.fixture
def app_server(tmp_path):
    """gunicorn, one sync worker (so one persistent connection), on the test database."""
    needs.postgresql()
    db = connection.settings_dict
    url = "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(
        **{key: db.get(key) or "" for key in ("USER", "PASSWORD", "HOST", "PORT", "NAME")}
    ).replace(":@", "@")
    port = closed_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.faults.server_settings",
        "DATABASE_URL": f"{url}?application_name={APP_NAME}",
        "SECRET_KEY": settings.SECRET_KEY if len(settings.SECRET_KEY) >= 40 else "x" * 50,
        "VAR_DIR": str(tmp_path / "var"),
        "FAULT_DIR": str(tmp_path),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("REDIS_URL", None)  # Celery runs eagerly in this server: the database is under test
    log = open(tmp_path / "gunicorn.log", "w")  # noqa: SIM115
    command = [str(Path(sys.executable).parent / "gunicorn"), "oslo_procurement.wsgi", "-w", "1"]
    command += ["-b", f"127.0.0.1:{port}", "--timeout", "60"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        for _ in range(150):
            try:
                Browser(port).get("/accounts/login/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()
        yield port, tmp_path
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def _signed_in(port, user):
    client = Client()
    client.force_login(user)
    return Browser(port, {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value})


def _app_backends():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE application_name = %s", [APP_NAME])
        return {row[0] for row in cursor.fetchall()}


def _terminate(pids):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM unnest(%s::int[]) AS pid", [list(pids)])


def test_after_postgresql_dropped_every_connection_the_next_autosave_works(
    app_server, open_assessment, supplier_a_user
):
    port, _folder = app_server
    browser = _signed_in(port, supplier_a_user)
    path = f"/portal/assessments/{open_assessment.public_id}/"
    status, _h, html = browser.get(path)
    assert status == 200 and hidden_value(html, "q2-revision") == "0"
    status, body = browser.autosave(path, {"autosave": "q2", "q2-text": "Before the restart", "q2-revision": "0"})
    assert status == 200 and body["ok"], body

    before = _app_backends()
    assert before, "the app keeps its connection open between requests (CONN_MAX_AGE)"
    _terminate(before)  # what a PostgreSQL restart does to every open connection

    status, body = browser.autosave(path, {"autosave": "q2", "q2-text": "After the restart", "q2-revision": "1"})
    assert status == 200 and body["ok"], body  # the health check found the dead connection and reconnected
    assert Answer.objects.get(assessment=open_assessment, question__order=2).text == "After the restart"
    assert _app_backends().isdisjoint(before)


def test_a_save_cut_off_midway_is_rolled_back_whole_and_the_user_is_told(app_server, open_assessment, supplier_a_user):
    port, folder = app_server
    browser = _signed_in(port, supplier_a_user)
    path = f"/portal/assessments/{open_assessment.public_id}/"
    assert browser.get(path)[0] == 200

    def cut_off(send):
        """Run ``send`` while the save is held open inside its transaction; cut the
        connection there, then let the save go on."""
        for name in ("paused", "resume"):
            (folder / name).unlink(missing_ok=True)
        (folder / "pause").touch()
        result = {}
        thread = threading.Thread(target=lambda: result.update(response=send()))
        thread.start()
        deadline = time.monotonic() + 20
        while not (folder / "paused").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        pid = int((folder / "paused").read_text())
        _terminate({pid})
        (folder / "pause").unlink()
        (folder / "resume").touch()
        thread.join(timeout=30)
        return result["response"]

    # The autosave: a JSON answer the page shows beside the question, text kept in the field.
    status, body = cut_off(
        lambda: browser.autosave(path, {"autosave": "q2", "q2-text": "Half a save", "q2-revision": "0"})
    )
    assert status == 503 and body == {
        "ok": False,
        "message": "The database could not be reached, so nothing of what you just sent was saved. "
        "Please try again in a moment.",
    }
    # Nothing half-saved: no answer, no history row of it, the assessment not moved on.
    assert not Answer.objects.filter(assessment=open_assessment).exists()
    assert Answer.history.count() == 0
    assert Assessment.objects.get(pk=open_assessment.pk).status == Assessment.Status.NOT_STARTED

    # The page without script (Save all): a page that says so, in plain words.
    status, headers, html = cut_off(
        lambda: browser.post(path, {"q2-text": "Half a save", "q2-revision": "0", "save": "q2"})
    )
    assert status == 503 and headers.get("Retry-After") == "30"
    assert "Nothing of what you just sent was saved, and nothing was saved half-way." in html
    assert not Answer.objects.filter(assessment=open_assessment).exists()

    # The very next save works and is whole.
    status, body = browser.autosave(path, {"autosave": "q2", "q2-text": "Saved in full", "q2-revision": "0"})
    assert status == 200 and body["ok"], body
    answer = Answer.objects.get(assessment=open_assessment)
    assert answer.text == "Saved in full" and answer.history.count() == 1
    assert Assessment.objects.get(pk=open_assessment.pk).status == Assessment.Status.IN_PROGRESS


def test_two_officers_saving_the_minutes_at_once_overwrite_nothing(officer, buyer, supplier_a):
    """The version check locks the row (SELECT ... FOR UPDATE): of two saves made from the
    same version at the same moment, one is saved and the other is told."""
    needs.postgresql()
    from tests.followup_actions.conftest import make_meeting

    from .helpers import form_data

    colleague = f.UserFactory(email="colleague@oslo.example", role=officer.role, full_name="Kari Kollega")
    f.BuyerMembershipFactory(user=colleague, buyer=buyer)
    meeting = make_meeting(buyer, supplier_a, officer)
    url = f"/meetings/{meeting.public_id}/minutes/"
    clients = []
    for user in (officer, colleague):
        client = Client()
        client.force_login(user)
        clients.append((client, form_data(client.get(url), minutes=f"Minutes by {user.full_name}")))
    barrier = threading.Barrier(2)
    statuses = []

    def save(client, data):
        try:
            barrier.wait()
            statuses.append(client.post(url, data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=pair) for pair in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(statuses) == [302, 409]
    meeting.refresh_from_db()
    assert meeting.minutes in ("Minutes by Officer Person", "Minutes by Kari Kollega")
    assert meeting.history.filter(minutes__startswith="Minutes by").count() == 1
