"""Health checks for load balancers, orchestrators and monitoring.

Each check returns ``{"status": "ok" | "fail", "latency_ms": ..., ...}``. A failure says
what failed in words that reveal nothing secret: the exception's type, never its message
(which can hold host names, user names or a URL with a password); the full error goes to
the log."""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection

logger = logging.getLogger(__name__)

HEARTBEAT_KEY = "ops:worker-heartbeat"


class CheckFailed(Exception):
    """A check that ran and found a problem; its message is shown as it is."""


def run_check(name, check):
    started = time.perf_counter()
    try:
        result = {"status": "ok", **(check() or {})}
    except CheckFailed as exc:
        result = {"status": "fail", "error": str(exc)}
    except Exception as exc:  # noqa: BLE001  (any error is a failed check, reported by its type)
        logger.warning("Health check %s failed", name, exc_info=True)
        result = {"status": "fail", "error": f"{type(exc).__name__}: the {name} check raised an error"}
    result["latency_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_migrations():
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        raise CheckFailed(f"{len(plan)} migration(s) not applied: run manage.py migrate")


def check_redis():
    import redis

    timeout = settings.HEALTH_TIMEOUT
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        raise CheckFailed("Redis does not answer") from None
    except redis.exceptions.TimeoutError:
        raise CheckFailed(f"Redis did not answer within {timeout:g} s") from None
    finally:
        client.close()


def check_workers():
    from oslo_procurement.celery import app

    timeout = settings.HEALTH_TIMEOUT
    replies = app.control.inspect(timeout=timeout).ping() or {}
    if not replies:
        raise CheckFailed(f"no Celery worker answered within {timeout:g} s")
    return {"answering": len(replies)}


def check_heartbeat():
    beat_at = cache.get(HEARTBEAT_KEY)
    if beat_at is None:
        raise CheckFailed("no heartbeat yet: is `celery beat` running beside the workers?")
    age = max(0, round(time.time() - beat_at))
    if age > settings.HEALTH_HEARTBEAT_MAX_AGE:
        raise CheckFailed(f"the last heartbeat ran {age} s ago: is `celery beat` running?")
    return {"age_s": age}


def readiness():
    """Can this app server take requests: the database answers, every migration of this
    code is applied, and Redis (cache and broker) answers when it is configured."""
    checks = {"database": run_check("database", check_database)}
    checks["migrations"] = run_check("migrations", check_migrations)
    if settings.REDIS_URL:
        checks["redis"] = run_check("redis", check_redis)
    return checks


def workers():
    """Do background jobs run: Celery workers answer a ping, and the heartbeat that beat
    schedules every 30 s was run by a worker recently. With eager tasks (the demo) the
    web process runs them itself and nothing else is needed."""
    from oslo_procurement.celery import app

    if app.conf.task_always_eager:
        return {"workers": {"status": "ok", "mode": "eager", "latency_ms": 0.0}}
    checks = {"broker": run_check("broker", check_redis)}
    if checks["broker"]["status"] != "ok":
        skipped = {"status": "fail", "error": "not checked: the broker (Redis) does not answer", "latency_ms": 0.0}
        return {**checks, "workers": skipped, "heartbeat": dict(skipped)}
    checks["workers"] = run_check("workers", check_workers)
    checks["heartbeat"] = run_check("heartbeat", check_heartbeat)
    checks["mail"] = run_check("mail", check_mail)
    return checks


def check_mail():
    from oslo_procurement.notifications.services import delivery_health

    trouble = delivery_health()
    if trouble:
        raise CheckFailed(
            f"{trouble['failing']} emails are waiting for a retry or failed in the last hour: is the mail server up?"
        )


def overall(checks):
    return "ok" if all(check["status"] == "ok" for check in checks.values()) else "fail"
