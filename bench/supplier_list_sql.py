"""The supplier list's registry statements in PostgreSQL at N and 10 x N: the count and the first
page of the officer's default view (buyer 0's followed suppliers), captured through the test
client, then run with EXPLAIN (ANALYZE) five times each; with the page's CPU per request in
process. Writes the key ``supplier_list_registry_sql`` of bench/results.json (bench/README.md ->
"Not reached yet": until session 12 these statements grew with N; since ``Supplier.has_award``
they take the same time at both sizes).

    SECRET_KEY=... .venv/bin/python bench/supplier_list_sql.py [--n-db bench] [--10n-db bench_100k]
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.calibrate import machine_speed  # noqa: E402

# Run in a child per database (bench/profile_page.py's officer and URLs, production settings).
CHILD = r"""
import json, os, statistics, sys, time
sys.path.insert(0, os.getcwd())
for key, value in (("DJANGO_SETTINGS_MODULE", "bench.settings"), ("DEBUG", "0"),
                   ("ALLOWED_HOSTS", "testserver"), ("SECURE_SSL_REDIRECT", "0")):
    os.environ.setdefault(key, value)
import django
django.setup()
from django.db import connection
from django.test.utils import CaptureQueriesContext
from bench.profile_page import logged_in_client, page_urls

client = logged_in_client("supplier_list")
url = page_urls()["supplier_list"]
for _ in range(3):
    client.get(url)
with CaptureQueriesContext(connection) as captured:
    client.get(url)
count = len(captured.captured_queries)
sqls = [q["sql"] for q in captured.captured_queries]
registry = [sql for sql in sqls if '"suppliers_supplier"' in sql and "contracts_award" in sql]
statements = []
with connection.cursor() as cursor:
    for sql in registry:
        times = []
        for _ in range(5):
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            times.append(cursor.fetchone()[0][0]["Execution Time"])
        statements.append({
            "statement": "count" if sql.startswith("SELECT COUNT") else "page",
            "execution_ms": round(statistics.median(times), 1),
            "runs_ms": [round(t, 1) for t in times],
        })
cpu = []
for _ in range(3):
    started = time.process_time()
    for _ in range(30):
        client.get(url)
    cpu.append((time.process_time() - started) / 30 * 1000)
cpu_ms = round(statistics.median(cpu), 2)
print(json.dumps({"statements": statements, "page_cpu_ms_in_process": cpu_ms, "queries": count}))
"""

WHAT = (
    "The supplier list's default view (the officer of buyer 0; the buyer's followed suppliers: awarded by "
    "this buyer or by no buyer): its two registry statements (the capped count and the first page) as "
    "PostgreSQL runs them, EXPLAIN (ANALYZE) execution time, median of 5, and the page's CPU per request "
    "in process (Django's test client, production settings, median of 3 x 30). bench/supplier_list_sql.py; "
    "bench/README.md -> 'Not reached yet'."
)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n-db", default="bench")
    parser.add_argument("--10n-db", dest="tenn_db", default="bench_100k")
    args = parser.parse_args()
    load_before, speed_before = os.getloadavg(), machine_speed()["loop_ms"]
    sizes = {}
    for key, db in (("N", args.n_db), ("10N", args.tenn_db)):
        env = dict(os.environ, DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{db}")
        env.setdefault("SECRET_KEY", "bench-only-secret-key-000000000000000000000000000000")
        done = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, cwd=ROOT)  # noqa: S603
        if done.returncode:
            sys.exit(done.stderr[-2000:])
        sizes[key] = json.loads(done.stdout.strip().splitlines()[-1])
    record = {
        "what": WHAT,
        **sizes,
        "load_average_before_after": [list(load_before), list(os.getloadavg())],
        "machine_speed_loop_ms": [speed_before, machine_speed()["loop_ms"]],
    }
    path = ROOT / "bench" / "results.json"
    data = json.loads(path.read_text())
    data["supplier_list_registry_sql"] = record
    path.write_text(json.dumps(data, indent=2) + "\n")
    print(json.dumps(record, indent=2))


if __name__ == "__main__":
    main()
