"""A test-only app for the gunicorn of tests/faults/test_postgresql.py: when the file
``$FAULT_DIR/pause`` exists, saving an Answer stops inside its transaction (after the
answer and its history row are written, before the rest), writes the database backend's
pid to ``$FAULT_DIR/paused`` and waits for ``$FAULT_DIR/resume``, so the test can cut the
connection in the middle of the save."""

import os
import time
from pathlib import Path

from django.apps import AppConfig
from django.db import connection
from django.db.models.signals import post_save


def _hold_the_save(sender, **kwargs):
    folder = os.environ.get("FAULT_DIR")
    if not folder or not (Path(folder) / "pause").exists():
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    (Path(folder) / "paused").write_text(str(pid))
    stop = time.monotonic() + 20
    while not (Path(folder) / "resume").exists() and time.monotonic() < stop:
        time.sleep(0.05)


class FaultHooksConfig(AppConfig):
    name = "tests.faults"
    label = "fault_hooks"

    def ready(self):
        from followup.models import Answer

        post_save.connect(_hold_the_save, sender=Answer, dispatch_uid="fault-hold-the-save")
