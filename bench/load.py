"""`make load`: 200 supplier users autosaving their answers and officers browsing, for
five minutes, against gunicorn on PostgreSQL; then every acknowledged save is checked
in the database (no lost answer). Writes the "load" key of bench/results.json and
leaves the other keys as they are. See bench/README.md.

    python bench/load.py --db oslo_load --users 200 --officers 20 --run-time 5m

Steps: (re)create the database, migrate, seed_demo, seed_scale (small), prepare the
load users (child process), collectstatic, start gunicorn, run locust headless in a
second process on 127.0.0.1, verify (child process), write the results."""

import argparse
import csv
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import PY, ROOT, bench_env, free_port  # noqa: E402

BIN = Path(PY).parent
LOAD_DIR = ROOT / "var" / "load"
PASSWORD = "load-Oslo-2026"  # noqa: S105  (synthetic load-test users only)
TEXT_QUESTION = 5  # seed_scale: every fifth question takes a text answer


def run(command, db, **kwargs):
    subprocess.run(command, env=bench_env(db), cwd=ROOT, check=True, **kwargs)  # noqa: S603


def child(step, db, *args):
    result = subprocess.run(  # noqa: S603 (our own script)
        [PY, str(Path(__file__).resolve()), step, *args],
        env=bench_env(db),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=1800,
    )
    if result.returncode != 0:
        raise SystemExit(f"load step {step} failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def setup_django():
    import django

    django.setup()


def _session(user):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return {"cookie_name": settings.SESSION_COOKIE_NAME, "cookie": client.cookies[settings.SESSION_COOKIE_NAME].value}


def prepare(suppliers_wanted, officers_wanted, out):
    """Child process: one supplier user (password PASSWORD) for each of the first
    ``suppliers_wanted`` synthetic suppliers whose open-round self-assessment is not
    submitted, each with a prepared session; and the first officers' sessions."""
    setup_django()
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.urls import reverse

    from followup.models import Assessment
    from oslo_procurement.accounts.models import User
    from suppliers.models import SupplierMembership

    editable = list(
        Assessment.objects.filter(
            round__status="open",
            status__in=["not_started", "in_progress"],
            supplier__foreign_registry_id__startswith="SYN-",
        )
        .select_related("supplier")
        .order_by("supplier__foreign_registry_id")[:suppliers_wanted]
    )
    if len(editable) < suppliers_wanted:
        raise SystemExit(f"only {len(editable)} editable self-assessments; seed more suppliers")
    password = make_password(PASSWORD)  # one hash for all: no 200 slow hashings
    suppliers = []
    with transaction.atomic():
        for index, assessment in enumerate(editable):
            email = f"load-{index:04d}@load.invalid"
            user, _created = User.objects.update_or_create(
                email=email,
                defaults={"full_name": f"Load user {index}", "role": User.Role.SUPPLIER, "password": password},
            )
            SupplierMembership.objects.get_or_create(user=user, supplier=assessment.supplier)
            suppliers.append(
                {
                    **_session(user),
                    "email": email,
                    "assessment": str(assessment.public_id),
                    "path": reverse("portal_followup:detail", args=[assessment.public_id]),
                    "prefix": f"q{TEXT_QUESTION}",
                }
            )
    officers = []
    for officer in User.objects.filter(email__startswith="officer-", email__endswith="@bench.invalid").order_by(
        "email"
    )[:officers_wanted]:
        buyer = officer.buyer_membership.buyer
        reviewed = Assessment.objects.filter(round__agreement__buyer=buyer, status="accepted").order_by("pk")[:5]
        awarded = (
            Assessment.objects.filter(round__agreement__buyer=buyer).values_list("supplier__public_id", flat=True)
        ).distinct()[:10]
        officers.append(
            {
                **_session(officer),
                "email": officer.email,
                "suppliers": [reverse("suppliers:detail", args=[pid]) for pid in awarded],
                "reviews": [reverse("followup:assessment_review", args=[a.public_id]) for a in reviewed],
            }
        )
    Path(out).write_text(json.dumps({"suppliers": suppliers, "officers": officers}))
    print(json.dumps({"suppliers": len(suppliers), "officers": len(officers)}))


def verify(tokens_file):
    """Child process: is every acknowledged save in the database?"""
    setup_django()
    from followup.models import Answer

    tokens = json.loads(Path(tokens_file).read_text())
    saved = dict(
        Answer.objects.filter(assessment__public_id__in=list(tokens), question__order=TEXT_QUESTION).values_list(
            "assessment__public_id", "text"
        )
    )
    saved = {str(k): v for k, v in saved.items()}
    lost, in_flight_saved, saves = [], 0, 0
    for assessment, record in tokens.items():
        saves += record["saves"]
        if record["acked"] is None:
            continue
        value = saved.get(assessment)
        if value == record["acked"]:
            continue
        if record["sent"] is not None and value == record["sent"]:
            in_flight_saved += 1  # saved, but the answer did not reach the client before it stopped
            continue
        lost.append({"assessment": assessment, "expected": record["acked"], "in_database": value})
    print(
        json.dumps(
            {
                "users_checked": len(tokens),
                "acknowledged_saves": saves,
                "lost_answers": len(lost),
                "lost_examples": lost[:5],
                "saved_while_client_stopped": in_flight_saved,
            }
        )
    )


def _stats(csv_file):
    rows = {}
    with open(csv_file) as handle:
        for row in csv.DictReader(handle):
            name = row["Name"] if row["Name"] != "Aggregated" else "all"
            rows[name] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "median_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]),
                "p99_ms": float(row["99%"]),
                "requests_per_s": round(float(row["Requests/s"]), 1),
            }
    return rows


def _failures(csv_file):
    if not Path(csv_file).exists():
        return []
    with open(csv_file) as handle:
        return [
            {"endpoint": row["Name"], "error": row["Error"][:300], "occurrences": int(row["Occurrences"])}
            for row in csv.DictReader(handle)
        ]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="oslo_load")
    parser.add_argument("--suppliers", type=int, default=1000, help="seed_scale --suppliers")
    parser.add_argument("--users", type=int, default=200, help="simulated supplier users")
    parser.add_argument("--officers", type=int, default=20, help="simulated officers")
    parser.add_argument("--run-time", default="5m")
    parser.add_argument("--spawn-rate", type=float, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--skip-seed", action="store_true", help="reuse the database as it is")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    args = parser.parse_args()

    LOAD_DIR.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    db = args.db
    if not args.skip_seed:
        subprocess.run(  # noqa: S603
            [
                shutil.which("psql") or "/usr/bin/psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-v",
                "ON_ERROR_STOP=1",
                "-qc",
                f"DROP DATABASE IF EXISTS {db}",
                "-c",
                f"CREATE DATABASE {db}",
            ],
            check=True,
        )
        run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], db)
        run([PY, "manage.py", "seed_demo"], db, stdout=subprocess.DEVNULL)
        run([PY, "manage.py", "seed_scale", "--suppliers", str(args.suppliers)], db, stdout=subprocess.DEVNULL)
    seeded_s = round(time.perf_counter() - started, 1)
    users_file, tokens_file = LOAD_DIR / "users.json", LOAD_DIR / "tokens.json"
    prepared = child("prepare", db, str(args.users), str(args.officers), str(users_file))
    run([PY, "manage.py", "collectstatic", "--noinput", "-v", "0"], db)

    port = free_port()
    env = bench_env(db)
    gunicorn_log = open(LOAD_DIR / "gunicorn.log", "w")  # noqa: SIM115
    server = subprocess.Popen(  # noqa: S603
        [
            str(BIN / "gunicorn"),
            "oslo_procurement.wsgi",
            "-w",
            str(args.workers),
            "-b",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        stdout=gunicorn_log,
        stderr=subprocess.STDOUT,
    )
    loads = []
    stop_sampling = threading.Event()

    def sample():
        while not stop_sampling.wait(10):
            loads.append(os.getloadavg()[0])

    try:
        import http.client

        for _ in range(100):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/accounts/login/", headers={"Host": "127.0.0.1"})
                conn.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        load_before = os.getloadavg()
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        total = args.users + args.officers
        locust_env = {
            **env,
            "LOAD_USERS": str(users_file),
            "LOAD_TOKENS": str(tokens_file),
            "LOAD_SUPPLIERS": str(args.users),
            "LOAD_OFFICERS": str(args.officers),
        }
        tokens_file.unlink(missing_ok=True)
        locust_started = time.perf_counter()
        subprocess.run(  # noqa: S603  (the second process: locust, on loopback)
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "-u",
                str(total),
                "-r",
                str(args.spawn_rate),
                "--run-time",
                args.run_time,
                "--stop-timeout",
                "30",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(LOAD_DIR / "locust"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env=locust_env,
            cwd=ROOT,
            check=False,
        )
        locust_s = round(time.perf_counter() - locust_started, 1)
        load_after = os.getloadavg()
    finally:
        stop_sampling.set()
        server.terminate()
        server.wait(timeout=30)
        gunicorn_log.close()

    stats = _stats(LOAD_DIR / "locust_stats.csv")
    check = child("verify", db, str(tokens_file))
    overall = stats.pop("all")
    results_path = Path(args.out)
    results = json.loads(results_path.read_text()) if results_path.exists() else {}
    results["load"] = {
        "what": f"{args.users} supplier users autosaving their own self-assessment (one text answer, a unique "
        f"token per save, every 5-15 s) and {args.officers} officers browsing (every 3-10 s), locust in a second "
        "process on 127.0.0.1, gunicorn on PostgreSQL; prepared sessions (force_login), no Redis (Celery eager)",
        "users": {"suppliers": prepared["suppliers"], "officers": prepared["officers"]},
        "run_time": args.run_time,
        "locust_seconds": locust_s,
        "requests": overall["requests"],
        "failures": overall["failures"],
        "failure_details": _failures(LOAD_DIR / "locust_failures.csv"),
        "requests_per_s": overall["requests_per_s"],
        "median_ms": overall["median_ms"],
        "p95_ms": overall["p95_ms"],
        "endpoints": stats,
        "answers": check,
        "lost_answers": check["lost_answers"],
        "verdict": "no failed request and no lost answer"
        if overall["failures"] == 0 and check["lost_answers"] == 0
        else "FAILED: see failures and lost answers",
        "data": {"database": db, "seed": f"seed_demo + seed_scale --suppliers {args.suppliers}"},
        "server": {"gunicorn_workers": args.workers, "postgres": "127.0.0.1:5432"},
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        # The machine is shared with other work: these show how busy it was.
        "load_average": {
            "before": round(load_before[0], 2),
            "after": round(load_after[0], 2),
            "max_during": round(max(loads), 2) if loads else None,
            "mean_during": round(sum(loads) / len(loads), 2) if loads else None,
        },
        "seed_seconds": seeded_s,
        "date": time.strftime("%Y-%m-%d"),
    }
    results_path.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results["load"], indent=2))
    if results["load"]["verdict"].startswith("FAILED"):
        raise SystemExit(1)


if __name__ == "__main__":
    step = sys.argv[1] if len(sys.argv) > 1 else ""
    if step == "prepare":
        prepare(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    elif step == "verify":
        verify(sys.argv[2])
    else:
        main()
