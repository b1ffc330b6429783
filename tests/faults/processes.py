"""Real processes for the fault tests, configured the way production is: through the
environment that oslo_procurement/settings.py reads (DATABASE_URL, REDIS_URL, EMAIL_URL,
EMAIL_TIMEOUT...), never by overriding settings. A private redis-server and an SMTP relay
(smtp_relay.py) on free loopback ports, Celery workers and gunicorn on the test database."""

import email
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.db import connection

from tests import needs

from .helpers import closed_port

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def wait_until(condition, timeout=30.0, interval=0.1):
    stop = time.monotonic() + timeout
    while time.monotonic() < stop:
        if condition():
            return True
        time.sleep(interval)
    return condition()


def stop(process, timeout=15):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class RedisServer:
    """A redis-server of its own on a free port (never the shared one), which a test can
    pause (the process stopped: connections are accepted by the kernel and nothing answers)
    or stop."""

    def __init__(self, directory):
        binary = shutil.which("redis-server")
        if binary is None:
            needs._missing("redis-server (the binary, for a private Redis)")
        self.port = closed_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        command = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        command += ["--dir", str(directory)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)  # noqa: S603
        assert wait_until(self._answers, timeout=20), "redis-server did not start"

    def client(self, **kwargs):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=5, **kwargs)

    def _answers(self):
        try:
            return self.client().ping()
        except Exception:  # noqa: BLE001
            return False

    def pause(self):
        """Redis hangs until ``unpause``: every command waits, from clients already connected
        and from new ones. (``CLIENT PAUSE`` cannot be lifted early: ``CLIENT UNPAUSE`` waits
        for the pause to end like any other command, so a test paid the whole pause.)"""
        self.process.send_signal(signal.SIGSTOP)

    def unpause(self):
        self.process.send_signal(signal.SIGCONT)

    def close(self):
        self.unpause()  # a stopped process would not see the SIGTERM
        stop(self.process)


class Relay:
    """smtp_relay.py in its own process; ``mode`` changes how it answers."""

    def __init__(self, directory):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.log = open(self.directory / "relay.log", "w")  # noqa: SIM115
        script = Path(__file__).with_name("smtp_relay.py")
        self.process = subprocess.Popen(  # noqa: S603
            [PYTHON, str(script), str(self.directory)], stdout=self.log, stderr=subprocess.STDOUT
        )
        assert wait_until((self.directory / "port").exists, timeout=30), (self.directory / "relay.log").read_text()
        self.port = int((self.directory / "port").read_text())
        self.url = f"smtp://127.0.0.1:{self.port}"

    def mode(self, value):
        (self.directory / "mode").write_text(value)

    def message_ids(self):
        """Counter of the Message-IDs the relay accepted: each must be 1."""
        ids = Counter()
        for path in sorted((self.directory / "received").glob("*.eml")):
            ids[email.message_from_bytes(path.read_bytes())["Message-ID"]] += 1
        return ids

    def close(self):
        stop(self.process)
        self.log.close()


def database_url():
    db = connection.settings_dict
    return (
        "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(
            **{key: db.get(key) or "" for key in ("USER", "PASSWORD", "HOST", "PORT", "NAME")}
        )
        .replace(":@", "@")
        .replace("@:", "@127.0.0.1:")
    )


def production_env(directory, *, redis_url, email_url, **extra):
    """The environment of a production process on the test database. DEBUG=true only so
    that static files need no collectstatic manifest; nothing in email, Redis or Celery
    depends on it."""
    needs.postgresql()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("EMAIL_", "REDIS_", "CELERY_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="oslo_procurement.settings",
        DATABASE_URL=database_url(),
        REDIS_URL=redis_url,
        EMAIL_URL=email_url,
        SECRET_KEY=settings.SECRET_KEY,
        DEBUG="true",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        LOG_FORMAT="plain",
        VAR_DIR=str(Path(directory) / "var"),
        PYTHONPATH=str(ROOT),
        SITE_URL="http://127.0.0.1:8000",
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


class Worker:
    """``celery worker`` (solo pool: the process that sends is the one a test kills)."""

    def __init__(self, env, directory, name):
        self.log_path = Path(directory) / f"worker-{name}.log"
        command = [PYTHON, "-m", "celery", "-A", "oslo_procurement", "worker", "--pool", "solo", "--loglevel", "INFO"]
        command += ["-n", f"{name}-{os.getpid()}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat"]
        with open(self.log_path, "w") as out:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
        assert wait_until(lambda: "ready" in self.log(), timeout=90), self.log()

    def log(self):
        return self.log_path.read_text() if self.log_path.exists() else ""

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def close(self):
        stop(self.process)


class WebServer:
    """gunicorn with two sync workers, like a small production server."""

    def __init__(self, env, directory):
        self.port = closed_port()
        self.log_path = Path(directory) / "gunicorn.log"
        command = [str(Path(PYTHON).parent / "gunicorn"), "oslo_procurement.wsgi", "-w", "2"]
        command += ["-b", f"127.0.0.1:{self.port}", "--timeout", "60"]
        with open(self.log_path, "w") as out:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
        assert wait_until(self._answers, timeout=90), self.log_path.read_text()

    def _answers(self):
        import http.client

        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            conn.request("GET", "/health/live", headers={"Host": f"127.0.0.1:{self.port}"})
            return conn.getresponse().status == 200
        except OSError:
            return False

    def close(self):
        stop(self.process)


def send_task(redis_url, name, *args, **kwargs):
    """Queue a task on the private Redis the way the app does, from the test process."""
    from celery import Celery

    # Not the current app: else the test process's own tasks would go to this one afterwards
    # (it knows none of them, and its broker is the private Redis the test stops).
    client = Celery(broker=redis_url, set_as_current=False)
    client.conf.broker_connection_retry_on_startup = False
    try:
        client.send_task(name, args=args, kwargs=kwargs)
    finally:
        client.close()
