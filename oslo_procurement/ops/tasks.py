"""The worker heartbeat: beat queues it every 30 s, a worker runs it, /health/workers
reads how long ago that was. Stored in the shared cache (Redis), never in one process."""

import time

from celery import shared_task
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from .health import HEARTBEAT_KEY


@shared_task(ignore_result=True, soft_time_limit=10, time_limit=20, title=_("Worker heartbeat"))
def heartbeat():
    cache.set(HEARTBEAT_KEY, time.time(), timeout=None)
