"""A stand-in for the Brønnøysund register's API on 127.0.0.1 (a free port), answering with the
recorded responses in tests/assets/brreg/ in the register's documented JSON format. A unit set
to HANG accepts the request and never answers, until the server stops."""

import json
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "brreg"
HANG = "hang"


def recorded(name):
    return json.loads((ASSETS / name).read_text(encoding="utf-8"))


FOUND = "923456783"  # FJORDDATA AS, 212 employees
BANKRUPT = "934567897"
DELETED = "945678909"  # answers 410 Gone with slettedato
UNKNOWN = "812345672"


def default_units():
    return {
        FOUND: (200, recorded("found_923456783.json")),
        BANKRUPT: (200, recorded("bankrupt_934567897.json")),
        DELETED: (410, recorded("deleted_945678909.json")),
    }


@contextmanager
def register_server(units=None):
    """Yields (base URL, units dict, list of requested paths); `units` may be changed while it
    runs: {org number: (status, JSON body) or HANG}."""
    units = default_units() if units is None else units
    requests = []
    release = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            requests.append(self.path)
            number = self.path.rstrip("/").rsplit("/", 1)[-1]
            answer = units.get(number)
            if answer == HANG:
                release.wait(30)
                return
            status, body = answer or (404, recorded("not_found.json"))
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/enhetsregisteret/api", units, requests
    finally:
        release.set()
        server.shutdown()
        server.server_close()
