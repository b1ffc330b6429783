"""The tests that need the real PostgreSQL or Redis call these first. Locally, without
DATABASE_URL or REDIS_URL, the test skips and says why; under CI=true it fails instead, so CI
can never pass without testing on them. A service that is configured but does not answer
fails in both cases."""

import os
import pathlib
import shutil

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


ROOT = pathlib.Path(__file__).resolve().parent.parent


def oidc_provider():
    """Node.js and the npm package oidc-provider, for the single sign-on tests' provider."""
    if not shutil.which("node"):
        _missing("Node.js (`node`; `make system-deps` installs it)")
    if not (ROOT / "node_modules" / "oidc-provider" / "package.json").exists():
        _missing("node_modules/oidc-provider (`make node-deps` installs it)")
