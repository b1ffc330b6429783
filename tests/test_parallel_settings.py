"""`make test` runs the suite in several processes (pytest-xdist). Each gets its own Redis
database, counted down from the one REDIS_URL names, and so its own cache and Celery queue;
one process's worker test never takes another's tasks."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
READ = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps([settings.REDIS_URL, settings.CELERY_BROKER_URL, settings.CACHES['default'].get('LOCATION')]))"
)


def settings_in(worker, redis_url, **extra):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_XDIST_WORKER", "REDIS_URL", "OSLO_TEST_REDIS_OF")}
    env.update(DJANGO_SETTINGS_MODULE="oslo_procurement.settings_test", REDIS_URL=redis_url, **extra)
    if worker:
        env["PYTEST_XDIST_WORKER"] = worker
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", READ], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "worker, expected",
    [(None, "redis://127.0.0.1:6379/15"), ("gw0", "redis://127.0.0.1:6379/15"), ("gw2", "redis://127.0.0.1:6379/13")],
)
def test_each_process_has_its_own_redis_database(worker, expected):
    redis_url, broker, cache = settings_in(worker, "redis://127.0.0.1:6379/15")
    assert redis_url == broker == expected
    assert cache == expected


def test_a_url_without_a_database_number_counts_from_0():
    assert settings_in("gw1", "redis://:secret@redis.example:6380")[0] == "redis://:secret@redis.example:6380/15"


def test_a_worker_that_a_test_process_starts_uses_the_same_database():
    # A Celery worker started by a test in gw2 inherits REDIS_URL (already /13) and the mark.
    started = settings_in("gw2", "redis://127.0.0.1:6379/13", OSLO_TEST_REDIS_OF="gw2")
    assert started[0] == started[1] == "redis://127.0.0.1:6379/13"
