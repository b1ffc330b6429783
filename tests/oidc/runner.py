"""Start tests/oidc/provider.mjs (oidc-provider on Node.js) on a loopback port, and act as
the person's browser at the provider (its login form, its logout confirmation)."""

import contextlib
import json
import os
import pathlib
import re
import socket
import subprocess  # nosec B404: runs node with the fixed provider script
import tempfile
import threading
from html import unescape
from urllib.parse import parse_qs, urljoin, urlsplit

import requests

from tests import needs

SCRIPT = pathlib.Path(__file__).resolve().parent / "provider.mjs"
# This work's share of loopback ports, 18401-18448, split between the test processes when
# pytest-xdist runs several (gw0, gw1, …): two processes never pick the same port.
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
_SHARE = 12
PORTS = range(18401 + _SHARE * (_WORKER % 4), 18401 + _SHARE * (_WORKER % 4 + 1))


def free_port():
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


def closed_port():
    """A port nothing listens on (for an unreachable provider)."""
    return free_port()


class RunningProvider:
    def __init__(self, process, issuer):
        self.process = process
        self.issuer = issuer

    def set_clock(self, offset_seconds):
        requests.post(f"{self.issuer}/__test/clock", data={"offset": offset_seconds}, timeout=5).raise_for_status()


@contextlib.contextmanager
def oidc_provider(*, clients, accounts):
    """Run a provider with ``clients`` and ``accounts`` (see provider.mjs) until the block ends."""
    needs.oidc_provider()
    port = free_port()
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump({"port": port, "clients": clients, "accounts": accounts}, handle)
        config = handle.name
    process = subprocess.Popen(  # noqa: S603
        ["node", str(SCRIPT), config],  # noqa: S607
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Wait for "ready" (or the end of the output, if node stops); a stuck start is killed.
    watchdog = threading.Timer(30, process.kill)
    watchdog.start()
    line = process.stdout.readline()
    watchdog.cancel()
    try:
        if not line.startswith("ready "):
            raise RuntimeError(f"the OIDC test provider did not start: {line}{process.stderr.read()[-2000:]}")
        yield RunningProvider(process, line.split()[1])
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        pathlib.Path(config).unlink(missing_ok=True)


def _form_fields(html):
    return {
        unescape(name): unescape(value)
        for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html)
    }


class ProviderBrowser:
    """The person's browser at the provider: it keeps the provider's session cookie."""

    def __init__(self, app_prefix="http://testserver"):
        self.http = requests.Session()
        self.app_prefix = app_prefix
        self.saw_login_form = False

    def _follow(self, response):
        while response.is_redirect:
            target = urljoin(response.url, response.headers["Location"])
            if target.startswith(self.app_prefix):
                return target
            response = self.http.get(target, allow_redirects=False, timeout=10)
        return response

    def authorize(self, url, username):
        """Go to the provider's authorization URL, sign in as ``username`` if asked, and
        return the query the provider sends back to the application's callback."""
        self.saw_login_form = False
        result = self._follow(self.http.get(url, allow_redirects=False, timeout=10))
        if not isinstance(result, str):
            assert "Sign in to the test provider" in result.text, result.text[:500]
            self.saw_login_form = True
            result = self._follow(
                self.http.post(result.url, data={"login": username}, allow_redirects=False, timeout=10)
            )
        assert isinstance(result, str), result.text[:500]
        return {key: values[0] for key, values in parse_qs(urlsplit(result).query).items()}

    def end_session(self, url):
        """Open the provider's end-session URL, confirm, and return where it sends the browser."""
        page = self.http.get(url, allow_redirects=False, timeout=10)
        assert "Sign out of the test provider?" in page.text, page.text[:500]
        action = unescape(re.search(r'<form[^>]*action="([^"]+)"', page.text).group(1))
        data = {**_form_fields(page.text), "logout": "yes"}
        result = self._follow(self.http.post(urljoin(page.url, action), data=data, allow_redirects=False, timeout=10))
        assert isinstance(result, str), result.text[:500]
        return result
