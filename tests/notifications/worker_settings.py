"""Settings of the Celery worker subprocess that a test kills with SIGKILL mid-send: the
test settings, a real broker, and a mail backend that hangs on its first send."""

import os

from oslo_procurement.settings_test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
EMAIL_BACKEND = "tests.notifications.helpers.HangingFileBackend"
EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
