"""The settings the tests run with: production settings as configured by the environment
(PostgreSQL and Redis in CI), except what plain-HTTP test servers cannot use: the HTTPS
redirect, HSTS, secure-only cookies and the collectstatic manifest. The production
security settings themselves are tested with `manage.py check --deploy`."""

import os
import re

# pytest-xdist runs the suite in several processes (gw0, gw1, …). Each has its own test
# database (pytest-django names it test_<name>_gw<N>); here each gets its own Redis database
# too, counting down from the one REDIS_URL names (15, 14, …), so that one process's Celery
# worker never takes another's tasks and a flush touches only its own keys. Set before the
# settings read the environment, so the cache, the broker and the processes the fault tests
# start all use it.
# The processes a test starts (a Celery worker, gunicorn) inherit the changed REDIS_URL and
# OSLO_TEST_REDIS_OF, and keep the database as it is.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker.startswith("gw") and os.environ.get("REDIS_URL") and os.environ.get("OSLO_TEST_REDIS_OF") != _worker:
    _url = os.environ["REDIS_URL"]
    _match = re.search(r"/(\d+)$", _url)
    _base = int(_match.group(1)) if _match else 0
    _db = (_base - int(_worker[2:])) % 16
    os.environ["REDIS_URL"] = (_url[: _match.start()] if _match else _url.rstrip("/")) + f"/{_db}"
    os.environ["OSLO_TEST_REDIS_OF"] = _worker

from .settings import *  # noqa: E402, F403
from .settings import STORAGES  # noqa: E402

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; tests only
# Tests run Celery tasks in-process, also when REDIS_URL is set (CI); the tests that need a
# real worker on the real Redis switch this off themselves (tests/notifications/test_worker.py).
CELERY_TASK_ALWAYS_EAGER = True
# Two-factor is enforced for staff in production and in the demo. Most tests log staff in
# with force_login and test something else, so enforcement is off here; the two-factor
# tests (tests/accounts_security/) switch it on themselves. A user who has a device must
# still pass the code step, whatever this setting says.
OTP_REQUIRED_FOR_STAFF = False
# Tests never reach the real Brønnøysund register: the register tests switch it on and point
# BRREG_URL at a server they start on loopback (tests/suppliers/test_brreg*.py).
BRREG_ENABLED = False
