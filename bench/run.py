"""Benchmark driver: worker CPU per request of the main pages at N and 10×N beside hello-world
and each page's floor (bench/pages.py), portal requests per second under gunicorn, PDF timings
and the CMRT upload. Writes bench/results.json.

    python bench/run.py --n-db oslo_bench_n --10n-db oslo_bench_10n --n 10000

Each database must be seeded with ``manage.py seed_scale`` (N and 10×N suppliers). Everything
talks to PostgreSQL and gunicorn on 127.0.0.1 only. See bench/README.md.

One step alone, against the database in DATABASE_URL (rolled back afterwards):

    python bench/run.py cmrt [ROWS [RUNS]]     # a 600-row CMRT upload, target under 1 s
"""

import argparse
import http.client
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.calibrate import machine_speed  # noqa: E402
from bench.pages import SUPPLIER_USER, Session  # noqa: E402
from bench.pages import TARGETS_MS as PAGE_CPU_TARGETS  # noqa: E402
from bench.pages import run as pages_cpu  # noqa: E402
from bench.pages import targets_met as pages_targets_met  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PG = "postgres://postgres@127.0.0.1:5432/"
TARGETS = {
    "ratio": 1.2,
    "summary_s": 3.0,
    "summary_mib": 250,
    "cmrt_upload_s": 1.0,
}
PASSWORD = "bench-Oslo-2026"  # noqa: S105  (the synthetic data's shared password)


def bench_env(db):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=PG + db,
        SECRET_KEY=env.get("SECRET_KEY") or "bench-only-secret-key-00000000000000000000000000000",
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="0",
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="oslo_procurement.settings",
    )
    env.pop("REDIS_URL", None)
    return env


def setup_django():
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()


def targets():
    """The representative buyer (buyer 0, a large one: 3 agreements, 50 suppliers) and its
    first supplier, who has a user and an editable questionnaire."""
    from followup.models import Assessment
    from oslo_procurement.accounts.models import User
    from suppliers.models import Supplier

    officer = User.objects.get(email="officer-0000@bench.invalid")
    supplier_user = User.objects.get(email="supplier-0000000@bench.invalid")
    supplier = Supplier.objects.get(foreign_registry_id="SYN-0000000")
    editable = Assessment.objects.get(supplier=supplier, status="in_progress")
    reviewed = Assessment.objects.filter(supplier=supplier, status="accepted").order_by("-submitted_at").first()
    return officer, supplier_user, supplier, editable, reviewed


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def measure_pdf(kind):
    """Child process: one PDF; peak RSS of this process."""
    import resource

    setup_django()
    from contracts.models import Buyer
    from followup.models import ReportKind
    from followup.reports.services import report_pdf

    _officer, _user, supplier, _editable, _reviewed = targets()
    buyer = Buyer.objects.get(name="Synthetic buyer 0000")
    start = time.perf_counter()
    if kind == "supplier":
        content, pages, _summary = report_pdf(buyer=buyer, kind=ReportKind.SUPPLIER, language="en", supplier=supplier)
    else:
        content, pages, _summary = report_pdf(buyer=buyer, kind=ReportKind.BUYER, language="en")
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": round(seconds, 2), "pages": pages, "bytes": len(content), "peak_mib": round(peak)}))


def measure_cmrt(rows=600, runs=5):
    """Child process: upload a CMRT in the RMI template's layout (``rows`` smelters, the
    template's pre-filled rows down to 2504) through cmrt_import, as the upload view does,
    for a supplier created for the purpose; everything is rolled back and the stored file
    removed, so the database is left as it was. Prints the median and the slowest run."""
    setup_django()
    from django.core.files.storage import default_storage
    from django.db import transaction

    from suppliers.cmrt.parser import parse_cmrt
    from suppliers.cmrt.services import cmrt_import
    from suppliers.models import Supplier
    from tests.suppliers.cmrt_workbooks import build_cmrt, many_smelters

    content = build_cmrt(smelters=many_smelters(rows), template_rows="full")
    parse_times, upload_times = [], []
    for run in range(runs + 1):  # the first run warms the imports up
        with transaction.atomic():
            supplier = Supplier.objects.create(
                legal_name="Bench CMRT supplier",
                country="HK",
                role=Supplier.Role.COMPONENT,
                foreign_registry_id=f"BENCH-CMRT-{os.getpid()}-{run}",
            )
            start = time.perf_counter()
            parse_cmrt(content)
            parsed = time.perf_counter()
            _data, report = cmrt_import(supplier=supplier, content=content, filename="cmrt.xlsx", actor=None)
            done = time.perf_counter()
            stored = report.evidence.file_path
            transaction.set_rollback(True)
        default_storage.delete(stored)
        if run:
            parse_times.append(parsed - start)
            upload_times.append(done - parsed)
    print(
        json.dumps(
            {
                "smelter_rows": rows,
                "bytes": len(content),
                "runs": runs,
                "parse_median_s": round(statistics.median(parse_times), 3),
                "upload_median_s": round(statistics.median(upload_times), 3),
                "upload_max_s": round(max(upload_times), 3),
                # Other work on the machine inflates the figures: check this.
                "load_average": round(os.getloadavg()[0], 2),
            }
        )
    )


def session_path():
    """Child process: the supplier user's questionnaire page."""
    setup_django()
    from django.urls import reverse

    _officer, _supplier_user, _supplier, editable, _reviewed = targets()
    print(json.dumps({"path": reverse("portal_followup:detail", args=[editable.public_id])}))


def load(port, path, cookie, clients, seconds):
    """Child process (the second process): concurrent GETs on 127.0.0.1 for ``seconds``."""
    stop = time.perf_counter() + seconds
    ok, errors, latencies = [0] * clients, [0] * clients, [[] for _ in range(clients)]

    def worker(n):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.perf_counter() < stop:
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
                response = conn.getresponse()
                response.read()
                if response.status == 200:
                    ok[n] += 1
                    latencies[n].append((time.perf_counter() - start) * 1000)
                else:
                    errors[n] += 1
            except (OSError, http.client.HTTPException):
                errors[n] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    all_lat = [v for lat in latencies for v in lat]
    print(
        json.dumps(
            {
                "requests_per_s": round(sum(ok) / elapsed, 1),
                "ok": sum(ok),
                "errors": sum(errors),
                "clients": clients,
                "seconds": round(elapsed, 1),
                "median_ms": round(statistics.median(all_lat), 1) if all_lat else None,
                "p95_ms": round(percentile(all_lat, 0.95), 1) if all_lat else None,
            }
        )
    )


def child(args, db, timeout=900, **extra_env):
    env = bench_env(db)
    env.update(extra_env)
    result = subprocess.run(  # noqa: S603 (our own script)
        [PY, str(Path(__file__).resolve()), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )
    if result.returncode != 0:
        raise SystemExit(f"bench step {args} failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn_rps(db, port, clients, seconds, workers):
    env = bench_env(db)
    port = port or free_port()
    server = subprocess.Popen(  # noqa: S603
        [
            str(Path(PY).parent / "gunicorn"),
            "oslo_procurement.wsgi",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        for _ in range(100):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/")
                conn.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        if server.poll() is not None:
            raise SystemExit(f"gunicorn did not start on 127.0.0.1:{port}")
        # The supplier user logs in through the login page, as in a browser.
        login = Session(port)
        login.login(SUPPLIER_USER)
        session = {"path": child(["session"], db)["path"], "cookie": f"sessionid={login.cookies['sessionid']}"}
        # Warm every worker up before measuring.
        child(["load", str(port), session["path"], session["cookie"], str(clients), "3"], db)
        result = child(["load", str(port), session["path"], session["cookie"], str(clients), str(seconds)], db)
        result.update(workers=workers, page="portal_questionnaire")
        return result
    finally:
        server.terminate()
        server.wait(timeout=20)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n-db", default="oslo_bench_n")
    parser.add_argument("--10n-db", dest="tenn_db", default="oslo_bench_10n")
    parser.add_argument("--n", type=int, default=10000)
    parser.add_argument("--port", type=int, default=0, help="0: a free port")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=5, help="CPU per page: batches per page")
    parser.add_argument("--batch", type=int, default=20, help="CPU per page: requests per batch")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    args = parser.parse_args()

    started = time.perf_counter()
    load_before = os.getloadavg()
    subprocess.run(  # noqa: S603
        [PY, "manage.py", "collectstatic", "--noinput", "-v", "0"], env=bench_env(args.n_db), cwd=ROOT, check=True
    )
    # Worker CPU per request of every main page, hello-world and the floors (bench/pages.py).
    cpu = pages_cpu([args.n_db, args.tenn_db], args.rounds, args.batch, args.port or 18601, collectstatic=False)
    rps = gunicorn_rps(args.n_db, args.port, args.clients, args.seconds, args.workers)
    # Production settings (DEBUG off, hashed static files collected above), as a worker renders them.
    pdf = {
        "supplier_report": child(["pdf", "supplier"], args.n_db),
        "leadership_summary": child(["pdf", "buyer"], args.n_db),
    }
    cmrt = child(["cmrt"], args.n_db)
    summary = pdf["leadership_summary"]
    met = pages_targets_met(cpu)
    met["cmrt_upload"] = {"600_rows_under_1s": cmrt["upload_median_s"] < TARGETS["cmrt_upload_s"]}
    met["leadership_summary"] = {
        "under_3s": summary["seconds"] < TARGETS["summary_s"],
        "under_250MiB": summary["peak_mib"] < TARGETS["summary_mib"],
        "at_least_30_pages": summary["pages"] >= 30,
    }
    results = {
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "postgres": "127.0.0.1:5432",
            "speed": machine_speed(),  # bench/calibrate.py: compare sessions relative to it
        },
        "N": args.n,
        "cpu": cpu,
        "gunicorn": rps,
        "pdf": pdf,
        "cmrt_upload": cmrt,
        "targets": {**TARGETS, "x_floor": 2, "page_cpu_ms": PAGE_CPU_TARGETS},
        "targets_met": met,
        "bench_seconds": round(time.perf_counter() - started, 1),
        # Other work on the machine (a test run, say) inflates every figure: check these.
        "load_average_before_after": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
    }
    out = Path(args.out)
    # Keep what other benchmarks wrote into the same file (make load writes "load", bench/recycle.py
    # "recycling", ...); "pages" and "data" were the in-process timings that "cpu" replaces.
    previous = json.loads(out.read_text()) if out.exists() else {}
    results = {**{k: v for k, v in previous.items() if k not in ("pages", "data", "method")}, **results}
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "pdf":
        measure_pdf(sys.argv[2])
    elif command == "cmrt":
        measure_cmrt(*(int(arg) for arg in sys.argv[2:4]))
    elif command == "session":
        session_path()
    elif command == "load":
        load(int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5]), float(sys.argv[6]))
    else:
        main()
