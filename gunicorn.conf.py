"""gunicorn settings for production, read from the environment (gunicorn loads this file
from the working directory): `gunicorn oslo_procurement.wsgi`. See README "Operations"."""

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
# Recycle workers now and then, so a slow leak never grows without bound.
max_requests = 2000
max_requests_jitter = 200
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
