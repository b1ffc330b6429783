"""Structured logs. Every line carries the request id of the web request (or the id and
name of the Celery task) that wrote it; in production (LOG_FORMAT=json) each line is one
JSON object on stdout, ready for a log collector. Nothing secret is written: Django's
request object is dropped, and fields named like a password or token are redacted."""

import contextvars
import logging
import re

from pythonjsonlogger import json as jsonlogger
from pythonjsonlogger.core import RESERVED_ATTRS

request_id_var = contextvars.ContextVar("request_id", default=None)
task_var = contextvars.ContextVar("task", default=None)  # (task_id, task_name) inside a Celery task

# Fields whose value is never written, whatever logged them.
SENSITIVE = re.compile(r"pass|secret|token|authorization|cookie|csrf|session", re.IGNORECASE)
# Message header that carries the web request's id to the Celery task it queued.
REQUEST_ID_HEADER = "oslo_request_id"


# URL parts that are secrets (invitation and password-reset links) never reach the log.
_SECRET_KWARG = re.compile(r"token|uidb64|secret", re.IGNORECASE)


def redacted_path(request):
    """The request's path with the secret parts of the URL replaced by ``[redacted]``."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    for name, value in match.kwargs.items() if match else ():
        if _SECRET_KWARG.search(name) and str(value):
            path = path.replace(str(value), "[redacted]")
    return path


class ContextFilter(logging.Filter):
    """Adds ``request_id`` (``-`` outside a request) and, inside a task, ``task_id`` and
    ``task_name`` to every record. Django's own request lines ("Not Found: /path") get the
    request's id and a path without secrets."""

    def filter(self, record):
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            if not hasattr(record, "request_id") and getattr(request, "request_id", None):
                record.request_id = request.request_id
            safe = redacted_path(request)
            if safe != request.path and isinstance(record.args, tuple):
                record.args = tuple(safe if arg == request.path else arg for arg in record.args)
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get() or "-"
        task = task_var.get()
        if task is not None and not hasattr(record, "task_id"):
            record.task_id, record.task_name = task
        return True


class JsonFormatter(jsonlogger.JsonFormatter):
    """``{"level", "logger", "message", "timestamp", "request_id", ...extra fields}``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("fmt", ["levelname", "name", "message"])
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", True)
        # django.request and django.server put the request object (with its query string
        # and cookies) and the socket into `extra`: never serialise them.
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "request", "server_time", "socket"])
        super().__init__(**kwargs)

    def process_log_record(self, log_data):
        if log_data.get("request_id") == "-":
            del log_data["request_id"]
        for key in list(log_data):
            if SENSITIVE.search(key):
                log_data[key] = "[redacted]"
        return super().process_log_record(log_data)


def _task_started(sender=None, task_id=None, task=None, **kwargs):
    task_var.set((task_id, getattr(task, "name", None) or getattr(sender, "name", None)))
    request_id = getattr(getattr(task, "request", None), REQUEST_ID_HEADER, None)
    if request_id and not getattr(task.request, "is_eager", False):
        request_id_var.set(request_id)


def _task_finished(task=None, **kwargs):
    task_var.set(None)
    if not getattr(getattr(task, "request", None), "is_eager", False):
        request_id_var.set(None)  # an eager task runs inside the request: keep its id


def _before_publish(headers=None, **kwargs):
    request_id = request_id_var.get()
    if request_id and headers is not None:
        headers.setdefault(REQUEST_ID_HEADER, request_id)


def connect_celery_signals():
    from celery import signals

    signals.task_prerun.connect(_task_started, weak=False, dispatch_uid="ops-task-started")
    signals.task_postrun.connect(_task_finished, weak=False, dispatch_uid="ops-task-finished")
    signals.before_task_publish.connect(_before_publish, weak=False, dispatch_uid="ops-before-publish")
