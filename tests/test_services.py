"""The real PostgreSQL and Redis. Locally without them these tests skip with the reason;
under CI=true they fail instead, so CI can never pass without testing on them."""

import os

import pytest
from django.conf import settings
from django.db import connection


def _need(condition, what, under_ci):
    if not condition:
        if under_ci:
            pytest.fail(f"CI=true but {what} is not configured")
        pytest.skip(f"{what} not configured (set it to run this test; CI always does)")


@pytest.mark.services
def test_database_is_postgresql_under_ci(db, under_ci):
    _need(os.environ.get("DATABASE_URL", "").startswith("postgres"), "DATABASE_URL (PostgreSQL)", under_ci)
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


@pytest.mark.services
def test_redis_answers(under_ci):
    _need(bool(settings.REDIS_URL), "REDIS_URL", under_ci)
    import redis

    assert redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=3).ping() is True
