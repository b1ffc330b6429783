"""The tests that need the real PostgreSQL or Redis call these first. Locally, without
DATABASE_URL or REDIS_URL, the test skips and says why; under CI=true it fails instead, so CI
can never pass without testing on them. A service that is configured but does not answer
fails in both cases."""

import os

import pytest
from django.conf import settings


def _missing(what):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {what} is not configured")
    pytest.skip(f"{what} not configured (set it to run this test; CI always does)")


def postgresql():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        _missing("DATABASE_URL (PostgreSQL)")


def redis():
    if not settings.REDIS_URL:
        _missing("REDIS_URL")
    import redis as redis_client

    try:
        redis_client.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=3).ping()
    except redis_client.RedisError as exc:
        pytest.fail(f"REDIS_URL is set but Redis does not answer: {exc}")
