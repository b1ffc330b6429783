"""The app as it runs in production: gunicorn (with gunicorn.conf.py) behind a TLS proxy,
DEBUG off, a real secret, collected static files served by WhiteNoise with hashed names
and long caching, JSON logs on stdout. Started here on a free local port and stopped."""

import gc
import http.client
import json
import re
import runpy
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOST = "procurement.example.org"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port, path, *, host=HOST, https=True, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        sent = {"Host": host, **({"X-Forwarded-Proto": "https"} if https else {}), **(headers or {})}
        connection.request("GET", path, headers=sent)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def wait_until_up(port, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn stopped: {process.stdout.read()}")
        try:
            return fetch(port, "/health/live", https=False)
        except OSError:
            time.sleep(0.3)
    raise AssertionError("gunicorn did not answer within a minute")


def test_gunicorn_serves_the_app_as_in_production(migrated_sqlite, tmp_path):
    var = tmp_path / "var"
    var.mkdir()
    (var / "db.sqlite3").write_bytes(migrated_sqlite.read_bytes())
    port = free_port()
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "oslo_procurement.settings",
        "VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var}/db.sqlite3",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
    }
    collected = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert collected.returncode == 0, collected.stderr
    assert (var / "staticfiles" / "staticfiles.json").is_file()  # the manifest of hashed names

    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "oslo_procurement.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        status, _, body = wait_until_up(port, server)
        assert status == 200 and json.loads(body) == {"status": "ok"}

        # Load balancers probe over plain HTTP: no redirect to HTTPS for the health endpoints.
        status, headers, body = fetch(port, "/health/ready", https=False, headers={"X-Request-ID": "probe-00000001"})
        assert status == 200, body
        ready = json.loads(body)
        assert ready["status"] == "ok" and set(ready["checks"]) == {"database", "migrations"}
        assert headers["x-request-id"] == "probe-00000001"

        # The proxy terminates TLS: with its header the login page is served, securely.
        status, headers, body = fetch(port, "/accounts/login/")
        page = body.decode()
        assert status == 200 and 'name="password"' in page
        assert "max-age=31536000" in headers["strict-transport-security"]
        assert "Secure" in headers["set-cookie"]
        # Without it (plain HTTP straight to gunicorn) the app sends the browser to HTTPS.
        status, headers, _ = fetch(port, "/accounts/login/", https=False)
        assert status == 301 and headers["location"] == f"https://{HOST}/accounts/login/"
        # Another host name is refused.
        assert fetch(port, "/accounts/login/", host="attacker.example")[0] == 400

        # Static files under their hashed names, cached for good, compressed on request.
        stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page).group(1)
        status, headers, body = fetch(port, stylesheet, headers={"Accept-Encoding": "gzip"})
        assert status == 200 and body
        assert headers["cache-control"] == "max-age=315360000, public, immutable"
        assert headers["content-encoding"] == "gzip"
        assert headers["content-type"].startswith("text/css")
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)

    lines = [json.loads(line) for line in output.splitlines() if line.strip()]  # every line is JSON
    assert any(line["logger"] == "gunicorn.error" and "Listening at" in line["message"] for line in lines)
    [login] = [
        line
        for line in lines
        if line["logger"] == "oslo_procurement.request" and line["path"] == "/accounts/login/" and line["status"] == 200
    ]
    assert {"request_id", "user_id", "method", "path", "status", "duration_ms", "timestamp"} <= set(login)


def test_the_workers_collector_leaves_what_the_master_loaded_alone():
    """gunicorn.conf.py freezes the loaded application before each fork (and in a worker that
    loads it itself): the collector then never walks those objects, so a worker has no
    90-130 ms full collection every few hundred requests and shares the master's memory."""
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert conf["preload_app"]
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    loaded = len(gc.get_objects())
    try:
        conf["pre_fork"](None, None)
        assert gc.get_freeze_count() >= loaded  # everything tracked so far
        assert len(gc.get_objects()) < loaded / 10  # left for the collector: what is new
        gc.unfreeze()
        conf["post_worker_init"](None)
        assert gc.get_freeze_count() >= loaded
    finally:
        gc.unfreeze()
