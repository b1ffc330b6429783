"""The health endpoints that load balancers, orchestrators and monitoring call: public,
JSON with each check's status and latency, HTTP 503 when a check fails, and nothing in
them that is personal or secret."""

import socket
import time

import pytest
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from oslo_procurement.celery import app
from oslo_procurement.ops import health
from oslo_procurement.ops.tasks import heartbeat
from tests import needs
from tests.notifications.helpers import clear_queue, eager


def closed_port():
    """A local port nothing listens on (bound for a moment by us, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_live_answers_without_touching_the_database(client):
    # No `db` fixture: any query here would raise.
    response = client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_health_endpoints_take_only_get_and_head(client, db):
    assert client.post("/health/ready").status_code == 405
    assert client.head("/health/live").status_code == 200


def test_ready_checks_the_database_and_the_migrations(client, db, settings):
    settings.REDIS_URL = ""
    response = client.get("/health/ready")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "migrations"}
    for check in body["checks"].values():
        assert check["status"] == "ok"
        assert isinstance(check["latency_ms"], float)


def test_ready_is_503_with_a_clear_answer_when_redis_is_down(client, db, settings):
    port = closed_port()
    settings.REDIS_URL = f"redis://:hunter2-secret@127.0.0.1:{port}/3"
    started = time.monotonic()
    response = client.get("/health/ready")
    assert time.monotonic() - started < 3  # a load balancer's probe must not hang
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["redis"]["status"] == "fail"
    assert body["checks"]["redis"]["error"] == "Redis does not answer"
    assert body["checks"]["database"]["status"] == "ok"
    text = response.content.decode()
    assert "hunter2" not in text and str(port) not in text


def test_ready_is_503_when_a_migration_is_not_applied(client, db, settings):
    settings.REDIS_URL = ""
    app_label, name = next(node for node in sorted(MigrationLoader(None).graph.leaf_nodes()) if node[0] == "followup")
    MigrationRecorder(connection).record_unapplied(app_label, name)
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == {
        "status": "fail",
        "error": "1 migration(s) not applied: run manage.py migrate",
        "latency_ms": response.json()["checks"]["migrations"]["latency_ms"],
    }


def test_a_database_error_is_reported_by_its_type_never_its_message(client, db, settings, monkeypatch):
    settings.REDIS_URL = ""

    def down():
        raise DatabaseError('connection to server at "10.1.2.3" failed: password authentication failed for "kari"')

    monkeypatch.setattr(health, "check_database", down)
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["database"]["error"] == "DatabaseError: the database check raised an error"
    assert "kari" not in response.content.decode() and "10.1.2.3" not in response.content.decode()


def test_workers_need_nothing_when_tasks_run_eagerly(client):
    with eager(True):
        response = client.get("/health/workers")
    assert response.status_code == 200
    assert response.json()["checks"] == {"workers": {"status": "ok", "mode": "eager", "latency_ms": 0.0}}


def test_workers_fail_fast_when_the_broker_is_down(client, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port()}/0"
    started = time.monotonic()
    with eager(False):
        response = client.get("/health/workers")
    assert time.monotonic() - started < 3
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["broker"]["error"] == "Redis does not answer"
    assert (
        checks["workers"]["error"] == checks["heartbeat"]["error"] == "not checked: the broker (Redis) does not answer"
    )


def test_the_heartbeat_task_records_when_it_ran(settings):
    cache.delete(health.HEARTBEAT_KEY)
    with pytest.raises(health.CheckFailed, match="no heartbeat yet"):
        health.check_heartbeat()
    heartbeat.apply()
    assert health.check_heartbeat()["age_s"] <= 1
    cache.set(health.HEARTBEAT_KEY, time.time() - settings.HEALTH_HEARTBEAT_MAX_AGE - 5)
    with pytest.raises(health.CheckFailed, match="the last heartbeat ran"):
        health.check_heartbeat()


def test_beat_runs_the_heartbeat_often_enough(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["ops-heartbeat"]
    assert entry["task"] == heartbeat.name
    assert entry["schedule"] * 3 < settings.HEALTH_HEARTBEAT_MAX_AGE


@pytest.mark.services
def test_workers_with_a_real_worker_on_the_real_redis(client, transactional_db):
    """A worker answers the ping; the check fails until a worker has run the heartbeat."""
    from celery.contrib.testing.worker import start_worker

    needs.redis()
    clear_queue()
    cache.delete(health.HEARTBEAT_KEY)
    with eager(False), start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        before = client.get("/health/workers")
        heartbeat.delay()
        deadline = time.monotonic() + 15
        while cache.get(health.HEARTBEAT_KEY) is None and time.monotonic() < deadline:
            time.sleep(0.1)
        after = client.get("/health/workers")
    clear_queue()

    assert before.status_code == 503
    assert before.json()["checks"]["workers"]["status"] == "ok"
    assert before.json()["checks"]["workers"]["answering"] >= 1
    assert "no heartbeat yet" in before.json()["checks"]["heartbeat"]["error"]
    assert after.status_code == 200, after.json()
    assert after.json()["status"] == "ok"
    assert set(after.json()["checks"]) == {"broker", "workers", "heartbeat", "mail"}
