"""Queueing a Celery task by its name: the one way a service asks for background work.

Tasks call services; a service never imports the tasks module that calls it (no import
circle, not even inside a function): it names the task (``"<app>.tasks.<function>"``) and
this module finds it among the registered tasks (importing its module by name if need
be), so eager Celery (the demo, most tests) still runs it at once, as ``.delay()`` would.

A broker (Redis) that is down or hangs is logged, never raised: the caller's change is
committed and its row waits (pending) for the periodic job that sweeps it up. After one
failure the web process stops asking Redis for a while (notifications/breaker.py), so one
request pays the timeout, not every call of every request."""

import importlib
import logging

from celery import current_app

from oslo_procurement.notifications.breaker import redis_failed, redis_suspect

logger = logging.getLogger(__name__)


def registered_task(name):
    """The task registered under ``name``: a task's name is its module and function
    (Celery's default), so its module is imported on first use, as a worker's
    autodiscovery does at start."""
    if name not in current_app.tasks:
        importlib.import_module(name.rpartition(".")[0])
    return current_app.tasks[name]


def enqueue(name, *args, log=logger, later="its catch-up job will take it", **kwargs):
    """Queue the task ``name`` with JSON arguments; True if it was queued. Call it after
    the commit (``transaction.on_commit``). ``later`` tells the operator, in ``log``, what
    takes over when the broker is away."""
    task = registered_task(name)
    if redis_suspect():
        log.warning("Redis did not answer just before: %s%s not queued; %s", name, args, later)
        return False
    try:
        task.delay(*args, **kwargs)
    except Exception:
        redis_failed()
        log.warning("Could not queue %s%s; %s", name, args, later, exc_info=True)
        return False
    return True
