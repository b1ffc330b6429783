"""gunicorn settings for production, read from the environment (gunicorn loads this file
from the working directory): `gunicorn oslo_procurement.wsgi`. See README "Operations"."""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# WEB_CONCURRENCY is gunicorn's own variable; by default two workers per core plus one.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# PDFs render in Celery, so no request needs long; a stuck worker is replaced after this.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak never grows without bound. The jitter is half
# the limit, so the workers reach it at different times and are replaced one at a time: with a
# small jitter every worker restarted within two seconds of the others and the server had no
# live worker for seconds (bench/recycle.py measures the longest gap). 0 turns recycling off.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", str(max_requests // 2)))
# Load Django once in the master: a replacement worker is a fork that serves at once, instead
# of a fresh process importing the whole application (about a second of CPU) before it answers.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() in ("1", "true", "yes")
# The reverse proxy in front: the addresses whose X-Forwarded-* headers gunicorn trusts.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# The app logs every request itself (request id, user id, status, duration):
# no gunicorn access log beside it.
accesslog = None
errorlog = "-"
# gunicorn 27's control socket ($HOME/.gunicorn/gunicorn.ctl) would be shared by every
# gunicorn of one user on a host; signals (HUP, TERM) do the same job.
control_socket_disable = True
loglevel = os.environ.get("LOG_LEVEL", "info").lower()

if os.environ.get("LOG_FORMAT", "json") == "json":
    # gunicorn's own lines (start, worker boot, timeouts) as JSON on stdout too.
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "oslo_procurement.ops.logs.JsonFormatter"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}},
        "loggers": {"gunicorn.error": {"handlers": ["console"], "level": loglevel.upper(), "propagate": False}},
    }


def pre_fork(server, worker):
    # Everything the master loaded (Django, the app, its templates: some 250,000 objects) lives
    # as long as the process. Frozen, Python's collector no longer walks it: each full
    # collection in a worker cost 90-130 ms with them (one every ~200 requests of the supplier
    # page, 0.5 ms a request on average) and writes to every object's header, which copies the
    # pages the workers would otherwise share with the master (bench/README.md, "What cut the
    # CPU"). Called before every fork; a second call freezes only what is new.
    gc.freeze()


def post_worker_init(worker):
    # Without preload_app each worker loads the application itself: freeze it there.
    gc.freeze()


def post_fork(server, worker):
    # With preload_app the master imported Django; nothing it opened (a database connection,
    # should a later change open one at start-up) may be shared by two processes.
    from django.db import connections

    connections.close_all()
