"""Worker CPU per request of the main pages under gunicorn, beside hello-world and each page's floor.

    python bench/pages.py --db bench --db bench_100k [--rounds 5 --batch 20]

For each database (seeded with ``manage.py seed_scale``) it starts gunicorn as in production
(the project's gunicorn.conf.py, DEBUG off, PostgreSQL, Redis; bench/settings.py only adds the
hello-world and floor views of bench/urls.py), logs an officer in through the real login page
and the two-factor code page (the code computed from the seeded key with django-otp's TOTP, the
class the app verifies with) and a supplier user through the login page, then:

1. captures each page's SQL once (a child process with Django's test client on the same
   session cookies, ``CaptureQueriesContext``): the query count, and the statements for the
   page's floor, minus those the middleware runs for every request (the hello-world request's
   own statements, compared with their literals taken out), which the floor request runs itself;
2. requests hello-world, then each page and its floor in turn, in batches of ``--batch``
   sequential GETs on one keep-alive connection, ``--rounds`` times (the databases' servers run
   at once and each batch at N is followed by the same batch at 10 x N, or preceded by it in
   every other round, so that a drift of the shared machine's speed does not enter
   time(10N)/time(N)), reading the CPU time of
   every gunicorn worker from /proc before and after each batch (``schedstat``: nanoseconds
   on the CPU, all threads; ``stat``'s utime+stime in clock ticks as a cross-check over the
   whole run); for the dashboard the database's CPU as well (the PostgreSQL backends of this
   database, the same way). The figure is the median over the rounds of CPU / requests.

Workers are not recycled during the run (GUNICORN_MAX_REQUESTS=0) and connections are kept
(CONN_MAX_AGE=3600), so no process whose CPU is counted goes away in the middle of a batch;
``max_parallel_workers_per_gather`` is 0 for the benchmark's databases, so a query's CPU is
all in the backend that is counted (a parallel worker would come and go unseen).

Prints and returns one JSON object; bench/run.py stores it under "cpu" in bench/results.json.
Talks to 127.0.0.1 only.
"""

import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.calibrate import machine_speed  # noqa: E402

PY = sys.executable
PG = "postgres://postgres@127.0.0.1:5432/"
PASSWORD = "bench-Oslo-2026"  # noqa: S105  (the synthetic data's shared password)
OFFICER = "officer-0000@bench.invalid"
SUPPLIER_USER = "supplier-0000000@bench.invalid"
WORKERS = 2
# Targets of issue 16 (ms of CPU per request, worker; the dashboard worker + PostgreSQL).
TARGETS_MS = {
    "portal_questionnaire": 12,
    "supplier_list": 8,
    "assessment_review": 10,
    "timeline": 15,
    "supplier_detail": 15,
    "dashboard": 60,
}
PAGES = [
    "portal_questionnaire",
    "supplier_list",
    "supplier_detail",
    "assessment_review",
    "timeline",
    "findings_list",
    "actions_list",
    "work_queue",
    "dashboard",
]
PORTAL_PAGES = {"portal_questionnaire"}


def application_name(port):
    return f"bench-pages-{port or 0}"


def bench_env(db, port=None, floor_file=None):
    env = dict(os.environ)
    env.update(
        # The workers' connections carry this name, so the dashboard's PostgreSQL CPU is read
        # from them only, not from other clients of a shared benchmark database.
        DATABASE_URL=PG + db + f"?application_name={application_name(port)}",
        REDIS_URL=env.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6"),
        SECRET_KEY=env.get("SECRET_KEY") or "bench-only-secret-key-00000000000000000000000000000",
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="bench.settings",
        CONN_MAX_AGE="3600",
        WEB_CONCURRENCY=str(WORKERS),
        GUNICORN_MAX_REQUESTS="0",
    )
    if port:
        env["GUNICORN_BIND"] = f"127.0.0.1:{port}"
    if floor_file:
        env["BENCH_FLOOR_FILE"] = str(floor_file)
    return env


def child(args, env, timeout=900):
    result = subprocess.run(  # noqa: S603 (our own script)
        [PY, str(Path(__file__).resolve()), *args], env=env, capture_output=True, text=True, timeout=timeout, cwd=ROOT
    )
    if result.returncode != 0:
        raise SystemExit(f"bench step {args} failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- child: targets and SQL capture (Django loaded) ------------------------------------------


def prepare():
    """The pages' URLs for buyer 0 (3 agreements, 50 suppliers) and its first supplier, whose
    2026 questionnaire is in progress; the officer's authenticator key."""
    import django

    django.setup()
    from django.db import connection
    from django.urls import reverse
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from followup.management.commands.seed_scale import seed_bench_two_factor
    from followup.models import Assessment
    from suppliers.models import Supplier

    seed_bench_two_factor()  # databases seeded before seed_scale gave staff an authenticator
    supplier = Supplier.objects.get(foreign_registry_id="SYN-0000000")
    editable = Assessment.objects.get(supplier=supplier, status="in_progress")
    reviewed = Assessment.objects.filter(supplier=supplier, status="accepted").order_by("-submitted_at").first()
    device = TOTPDevice.objects.get(user__email=OFFICER, confirmed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        database = cursor.fetchone()[0]
        # The name comes from current_database(), not from a user.
        cursor.execute(f'ALTER DATABASE "{database}" SET max_parallel_workers_per_gather = 0')  # noqa: S608  # nosemgrep: oslo-sql-string-formatting
        cursor.execute("SELECT count(*) FROM suppliers_supplier")
        suppliers = cursor.fetchone()[0]
    urls = {
        "portal_questionnaire": reverse("portal_followup:detail", args=[editable.public_id]),
        "supplier_list": reverse("suppliers:list"),
        "supplier_detail": reverse("suppliers:detail", args=[supplier.public_id]),
        "assessment_review": reverse("followup:assessment_review", args=[reviewed.public_id]),
        "timeline": reverse("timeline:supplier", args=[supplier.public_id]),
        "findings_list": reverse("findings:list"),
        "actions_list": reverse("actions:list"),
        "work_queue": reverse("home"),
        "dashboard": reverse("reports:dashboard"),
    }
    print(
        json.dumps(
            {
                "urls": urls,
                "suppliers": suppliers,
                "totp": {"key": device.key, "step": device.step, "t0": device.t0, "digits": device.digits},
            }
        )
    )


LITERALS = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b")


def capture(cookies_json, urls_json, floor_file):
    """Each page's statements (and count) on the logged-in sessions; the floor's statements
    (minus the middleware's) written to ``floor_file``."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    cookies, urls = json.loads(cookies_json), json.loads(urls_json)

    def client_for(who):
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = cookies[who]
        return client

    def statements(client, url):
        client.get(url)  # warm
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return [q["sql"] for q in queries.captured_queries]

    out, floors = {}, {}
    for who in ("staff", "portal"):
        middleware = [LITERALS.sub("?", sql) for sql in statements(client_for(who), "/bench/hello/")]
        for page, url in urls.items():
            if (page in PORTAL_PAGES) != (who == "portal"):
                continue
            sqls = statements(client_for(who), url)
            left = list(middleware)
            replay = []
            for sql in sqls:
                shape = LITERALS.sub("?", sql)
                if shape in left:
                    left.remove(shape)
                elif sql.lstrip().upper().startswith(("SELECT", "WITH")):
                    replay.append(sql)
            floors[page] = replay
            out[page] = {"queries": len(sqls), "replayed": len(replay), "middleware": len(middleware)}
    Path(floor_file).write_text(json.dumps(floors))
    print(json.dumps(out))


# --- the measuring side (no Django) ------------------------------------------------------------


class Session:
    """A keep-alive HTTP client with a cookie jar, as a browser logs in."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method, path, form=None):
        headers = {"Host": f"127.0.0.1:{self.port}", "Accept-Language": "nb"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        content = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location"), content.decode("utf-8", "replace")

    def csrf(self, html):
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert match, "no CSRF token in the form"
        return match.group(1)

    def login(self, email, totp=None):
        status, _location, html = self.request("GET", "/accounts/login/")
        assert status == 200, status
        form = {"csrfmiddlewaretoken": self.csrf(html), "username": email, "password": PASSWORD}
        status, location, _html = self.request("POST", "/accounts/login/", form)
        assert status == 302, f"login of {email} refused ({status})"
        if totp is None:
            return
        status, _location, html = self.request("GET", "/accounts/two-factor/verify/")
        assert status == 200, f"no two-factor step for {email} ({status})"
        from django_otp.oath import TOTP

        device = TOTP(bytes.fromhex(totp["key"]), totp["step"], totp["t0"], totp["digits"])
        for _attempt in range(2):
            code = f"{device.token():0{totp['digits']}d}"
            form = {"csrfmiddlewaretoken": self.csrf(html), "code": code}
            status, location, html = self.request("POST", "/accounts/two-factor/verify/", form)
            if status == 302:
                return
            # A code is accepted once: a second run within the same 30 s waits for the next one.
            time.sleep(device.step - (time.time() - device.t0) % device.step + 1)
        raise AssertionError(f"two-factor code of {email} refused ({status})")


def worker_pids(master):
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def cpu_ns(pids):
    """Nanoseconds on the CPU of these processes (every thread), from /proc/<pid>/task/*/schedstat."""
    total = 0
    for pid in pids:
        try:
            for task in Path(f"/proc/{pid}/task").iterdir():
                total += int((task / "schedstat").read_text().split()[0])
        except (FileNotFoundError, ProcessLookupError):  # a PostgreSQL backend that closed mid-batch (its CPU is lost)
            continue
    return total


def cpu_ticks(pids):
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total


def pg_backends(db, port):
    """The PostgreSQL backends of this run's gunicorn workers (their application_name)."""
    out = subprocess.run(  # noqa: S603
        [  # noqa: S607
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-d",
            db,
            "-Atc",
            "SELECT pid, application_name FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    ours = application_name(port)
    rows = (line.split("|", 1) for line in out.stdout.splitlines() if line)
    return [int(pid) for pid, name in rows if name == ours]


class DbRun:
    """One database's gunicorn, logged-in sessions and samples. Started for every database
    before the first batch, so that the batches of the sizes alternate (see ``run``)."""

    def __init__(self, db, port):
        self.db, self.port = db, port
        self.floor_file = ROOT / "var" / "bench" / f"floor-{db}.json"
        self.floor_file.parent.mkdir(parents=True, exist_ok=True)
        env = bench_env(db, port, self.floor_file)
        self.info = child(["prepare"], env)
        urls = self.urls = self.info["urls"]
        # The request log as in production (one JSON line per request), into a file.
        self.log = open(self.floor_file.with_suffix(".log"), "w")  # noqa: SIM115
        self.server = subprocess.Popen(  # noqa: S603
            [str(Path(PY).parent / "gunicorn"), "oslo_procurement.wsgi"],
            env=env,
            cwd=ROOT,
            stdout=self.log,
            stderr=self.log,
        )
        # Wait for the server to answer (on a crowded machine importing the app takes long),
        # for as long as it is alive, up to five minutes.
        deadline = time.monotonic() + 300
        while True:
            if self.server.poll() is not None:
                raise SystemExit(f"gunicorn did not start on 127.0.0.1:{port}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/health/live")
                conn.getresponse().read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit(f"gunicorn did not answer on 127.0.0.1:{port} within 300 s") from None
                time.sleep(0.2)
        staff, portal = Session(port), Session(port)
        staff.login(OFFICER, totp=self.info["totp"])
        portal.login(SUPPLIER_USER)
        cookies = {"staff": staff.cookies["sessionid"], "portal": portal.cookies["sessionid"]}
        self.queries = child(["capture", json.dumps(cookies), json.dumps(urls), str(self.floor_file)], env)
        self.targets = [("hello", staff, "/bench/hello/")]
        for page in PAGES:
            session = portal if page in PORTAL_PAGES else staff
            self.targets.append((page, session, urls[page]))
            self.targets.append((f"{page}.floor", session, f"/bench/floor/{page}/"))
        self.workers = worker_pids(self.server.pid)
        assert len(self.workers) == WORKERS, self.workers
        for _name, session, path in self.targets:  # warm every worker up
            for _ in range(2 * WORKERS):
                status, location, _html = session.request("GET", path)
                assert status == 200, (path, status, location)
        self.samples = {name: {"worker": [], "db": []} for name, _s, _p in self.targets}
        self.ticks_before = cpu_ticks(self.workers)
        self.ns_total = 0

    def batch(self, index, batch):
        """``batch`` GETs of the ``index``-th target, their CPU per request recorded."""
        name, session, path = self.targets[index]
        with_db = name.startswith("dashboard")
        backends = pg_backends(self.db, self.port) if with_db else []
        assert backends or not with_db, "no PostgreSQL connection of the workers found"
        db_before = cpu_ns(backends) if with_db else 0
        before = cpu_ns(self.workers)
        for _ in range(batch):
            status, _location, _html = session.request("GET", path)
            assert status == 200, (path, status)
        spent = cpu_ns(self.workers) - before
        self.ns_total += spent
        self.samples[name]["worker"].append(spent / batch / 1e6)
        if with_db:
            self.samples[name]["db"].append((cpu_ns(backends) - db_before) / batch / 1e6)

    def finish(self):
        self.ticks_ms = (cpu_ticks(self.workers) - self.ticks_before) * 1000 / os.sysconf("SC_CLK_TCK")
        assert worker_pids(self.server.pid) == self.workers, "a worker was replaced during the run"
        self.load_average = [round(v, 2) for v in os.getloadavg()]

    def close(self):
        self.server.terminate()
        try:
            self.server.wait(timeout=120)  # graceful shutdown; slow on a crowded machine
        except subprocess.TimeoutExpired:
            self.server.kill()
            self.server.wait()
        self.log.close()

    def result(self):
        def median(values):
            return round(statistics.median(values), 2) if values else None

        pages = {}
        for page in PAGES:
            own, floor = self.samples[page], self.samples[f"{page}.floor"]
            entry = {
                "url": self.urls[page],
                "queries": self.queries[page]["queries"],
                "worker_ms": median(own["worker"]),
                "floor_ms": median(floor["worker"]),
                "worker_ms_rounds": [round(v, 2) for v in own["worker"]],
                "floor_ms_rounds": [round(v, 2) for v in floor["worker"]],
            }
            if page == "dashboard":
                entry["db_ms"] = median(own["db"])
                entry["floor_db_ms"] = median(floor["db"])
                entry["total_ms"] = round(entry["worker_ms"] + entry["db_ms"], 2)
                entry["floor_total_ms"] = round(entry["floor_ms"] + entry["floor_db_ms"], 2)
                entry["x_floor"] = round(entry["total_ms"] / entry["floor_total_ms"], 2)
            else:
                entry["x_floor"] = round(entry["worker_ms"] / entry["floor_ms"], 2)
            # The same ratio round by round (each batch of the page beside its floor's batch,
            # measured right after it), median over the rounds: what a stretch of a slower or
            # faster machine changes least. Reported beside x_floor, which the targets use.
            paired = zip(per_round(own), per_round(floor), strict=True)
            entry["x_floor_paired"] = round(statistics.median(a / b for a, b in paired), 2)
            pages[page] = entry
        return {
            "database": self.db,
            "suppliers": self.info["suppliers"],
            "hello_ms": median(self.samples["hello"]["worker"]),
            "pages": pages,
            # The cross-check: all batches' schedstat total against utime+stime (10 ms ticks).
            "cpu_check_ms": {"schedstat": round(self.ns_total / 1e6), "utime_stime": round(self.ticks_ms)},
            "load_average": self.load_average,
        }


def per_round(samples):
    """CPU per request of each round: the workers', plus PostgreSQL's where it was read."""
    db = samples["db"] or [0] * len(samples["worker"])
    return [worker + backend for worker, backend in zip(samples["worker"], db, strict=True)]


def measure(dbs, rounds, batch, port):
    """Every database's server runs at once (on ``port``, ``port + 1``, ...) and each target's
    batches alternate between them, the order reversed every round: a machine that slows down
    or speeds up during the run changes both sizes alike, so time(10N)/time(N) compares the two
    side by side instead of an earlier with a later stretch of the run."""
    servers = []
    try:
        for offset, db in enumerate(dbs):
            servers.append(DbRun(db, port + offset))
        for round_ in range(rounds):
            for index in range(len(servers[0].targets)):
                for server in servers if round_ % 2 == 0 else servers[::-1]:
                    server.batch(index, batch)
        for server in servers:
            server.finish()
    finally:
        for server in servers:
            server.close()
    return [server.result() for server in servers]


def run(dbs, rounds, batch, port, collectstatic=True):
    load_before = [round(v, 2) for v in os.getloadavg()]
    speed_before = machine_speed()
    collectstatic and subprocess.run(  # noqa: S603  (hashed static files, as in production)
        [PY, "manage.py", "collectstatic", "--noinput", "-v", "0"], env=bench_env(dbs[0]), cwd=ROOT, check=True
    )
    runs = measure(dbs, rounds, batch, port)
    n, tenn = runs[0], runs[-1]
    pages = {}
    for page in PAGES:
        a, b = n["pages"][page], tenn["pages"][page]
        key = "total_ms" if page == "dashboard" else "worker_ms"
        entry = {
            "N": a,
            "10N": b,
            "ratio_10N_N": round(b[key] / a[key], 2),
            "queries_constant": a["queries"] == b["queries"],
            "within_2x_floor": a["x_floor"] <= 2 and b["x_floor"] <= 2,
        }
        if page in TARGETS_MS:
            entry["target_ms"] = TARGETS_MS[page]
            entry["target_met"] = max(a[key], b[key]) <= TARGETS_MS[page]
        pages[page] = entry
    return {
        "what": "CPU time of the gunicorn workers per request (schedstat of every worker before and after "
        f"a batch of {batch} sequential GETs, median of {rounds} rounds); the dashboard adds its PostgreSQL "
        "backends' CPU. Production settings (DEBUG off, PostgreSQL, Redis), gunicorn.conf.py with "
        f"{WORKERS} workers; officer logged in through the login and two-factor pages, supplier user "
        "through the login page. hello: a hello-world view under the same gunicorn; floor: the page's "
        "own SQL replayed with a raw cursor and every row written as escaped HTML, through the same "
        "middleware. Buyer 0 (3 agreements, 50 suppliers) and its first supplier.",
        "N": n["suppliers"],
        "10N": tenn["suppliers"],
        "hello_ms": {"N": n["hello_ms"], "10N": tenn["hello_ms"]},
        "pages": pages,
        "runs": runs,
        "load_average_before": load_before,
        "load_average_after": [round(v, 2) for v in os.getloadavg()],
        # The machine's own speed before and after (bench/calibrate.py): compare sessions by it.
        "machine_speed_loop_ms": [speed_before["loop_ms"], machine_speed()["loop_ms"]],
    }


def targets_met(cpu):
    """Per page: within 2× its floor, queries the same at both sizes, time(10N)/time(N) ≤ 1.2,
    and the issue's CPU target where it names one."""
    return {
        name: {
            "within_2x_floor": page["within_2x_floor"],
            "queries_constant": page["queries_constant"],
            "ratio_at_most_1_2": page["ratio_10N_N"] <= 1.2,
            **({"cpu_target": page["target_met"]} if "target_met" in page else {}),
        }
        for name, page in cpu["pages"].items()
    }


def write_results(path, cpu):
    """The "cpu" key of results.json, the pages' targets and their entries of "targets_met";
    the in-process timings that "cpu" replaced ("pages", "data", "method") are dropped."""
    out = Path(path)
    data = json.loads(out.read_text()) if out.exists() else {}
    for stale in ("pages", "data", "method"):
        data.pop(stale, None)
    data["cpu"] = cpu
    targets = {k: v for k, v in data.get("targets", {}).items() if k not in ("median_ms", "p95_ms")}
    data["targets"] = {**targets, "ratio": 1.2, "x_floor": 2, "page_cpu_ms": TARGETS_MS}
    met = {k: v for k, v in data.get("targets_met", {}).items() if k not in PAGES}
    data["targets_met"] = {**targets_met(cpu), **met}
    out.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", action="append", required=True, help="N first, then 10×N")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--batch", type=int, default=20)
    parser.add_argument("--port", type=int, default=18601)
    parser.add_argument("--no-collectstatic", action="store_true", help="static files already collected")
    parser.add_argument("--out", help="write the result under 'cpu' in this results.json")
    parser.add_argument("--page", action="append", choices=PAGES, help="only these pages (and hello-world); no --out")
    args = parser.parse_args()
    if args.page:
        if args.out:
            parser.error("--page measures some pages only: the results file keeps every page")
        PAGES[:] = [page for page in PAGES if page in args.page]
    result = run(args.db, args.rounds, args.batch, args.port, not args.no_collectstatic)
    if args.out:
        write_results(args.out, result)
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "prepare":
        prepare()
    elif command == "capture":
        capture(*sys.argv[2:5])
    else:
        main()
