"""Remember, in this process, that Redis just failed to answer.

A Redis that accepts connections and never answers costs each call REDIS_SOCKET_TIMEOUT.
After one such failure, the web process stops asking Redis for REDIS_RETRY_AFTER seconds:
queueing a task is skipped (the row waits in the outbox and the drain or catch-up job
sends it) and rate-limit counts fail open. So one request pays the timeout, not every
call of every request."""

import time

from django.conf import settings

_down_until = 0.0


def redis_suspect():
    return time.monotonic() < _down_until


def redis_failed():
    global _down_until
    _down_until = time.monotonic() + settings.REDIS_RETRY_AFTER


def redis_reset():
    global _down_until
    _down_until = 0.0
