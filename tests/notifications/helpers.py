"""Shared by the notification and reminder tests: eager Celery for unit tests, a real
worker on the real Redis for the integration tests, and a mail backend that fails."""

import os
import smtplib
import threading
import time

from django.core.mail.backends.locmem import EmailBackend

from oslo_procurement.celery import app


def clear_queue():
    """Drop messages that earlier runs left in the test broker database."""
    app.control.purge()
    with app.connection_for_write() as conn:
        client = conn.default_channel.client
        client.delete("unacked", "unacked_index", "unacked_mutex")


class eager:
    """Context manager: Celery tasks run in-process (the demo and unit tests)."""

    def __init__(self, value=True):
        self.value = value

    def __enter__(self):
        self.saved = app.conf.task_always_eager
        app.conf.task_always_eager = self.value
        return self

    def __exit__(self, *exc):
        app.conf.task_always_eager = self.saved


def wait_for(condition, timeout=20.0, interval=0.1):
    stop = time.monotonic() + timeout
    while time.monotonic() < stop:
        if condition():
            return True
        time.sleep(interval)
    return condition()


class FlakyBackend(EmailBackend):
    """The locmem backend, except that the first ``failures`` sends raise ``error``
    (a transient SMTP error by default). Set the class attributes in a test."""

    failures = 0
    error = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
    calls = 0
    lock = threading.Lock()

    def send_messages(self, messages):
        with FlakyBackend.lock:
            FlakyBackend.calls += 1
            if FlakyBackend.failures > 0:
                FlakyBackend.failures -= 1
                raise FlakyBackend.error
        return super().send_messages(messages)

    @classmethod
    def reset(cls, failures=0, error=None):
        cls.failures, cls.calls = failures, 0
        cls.error = error or smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class HangingFileBackend:
    """For the worker subprocess that is killed mid-send: the first send writes its pid to
    ``$HANG_MARKER`` and then hangs (as on a mail server that does not answer) until the
    test kills the process; later sends write the email as a file in ``$EMAIL_FILE_PATH``."""

    def __new__(cls, *args, **kwargs):
        from django.core.mail.backends.filebased import EmailBackend as FileBackend

        class _Backend(FileBackend):
            def send_messages(self, messages):
                marker = os.environ["HANG_MARKER"]
                if not os.path.exists(marker):
                    with open(marker, "w") as handle:
                        handle.write(str(os.getpid()))
                    time.sleep(120)
                return super().send_messages(messages)

        return _Backend(*args, **kwargs)
