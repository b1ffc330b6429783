"""Settings of the gunicorn the PostgreSQL fault tests start: the test settings (with
DATABASE_URL pointing at the test database), persistent connections with health checks
as in production, and the hook that can hold a save open (tests/faults/hooks.py)."""

from oslo_procurement.settings_test import *  # noqa: F403
from oslo_procurement.settings_test import DATABASES, INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.faults.hooks.FaultHooksConfig"]
ALLOWED_HOSTS = ["127.0.0.1"]
DEBUG = False
# As in production (settings.py): a connection lives across requests and is checked first.
DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
