"""The settings the tests run with: production settings as configured by the environment
(PostgreSQL and Redis in CI), except what plain-HTTP test servers cannot use: the HTTPS
redirect, HSTS, secure-only cookies and the collectstatic manifest. The production
security settings themselves are tested with `manage.py check --deploy`."""

from .settings import *  # noqa: F403
from .settings import STORAGES

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
