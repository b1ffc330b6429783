"""`make load`: 200 supplier users autosaving their answers and officers browsing against
gunicorn with the production settings, PostgreSQL, Redis and a Celery worker; then every
acknowledged save is checked in the database (each one there, exactly once). Writes the
"load" key of bench/results.json and leaves the other keys as they are. See bench/README.md.

    python bench/load.py --db oslo_load --redis redis://127.0.0.1:6379/0 --users 200 --officers 20 --run-time 4m

Steps: (re)create the database, migrate, seed_demo, seed_scale (small), prepare the load
users (child process: passwords, and for each officer a confirmed authenticator device whose
secret locust uses to compute the codes), collectstatic, start a Celery worker and gunicorn,
run locust headless in a second process on 127.0.0.1 (every user logs in through the login
page, officers through the two-factor code step too), verify (child process), stop the
worker and gunicorn, write the results."""

import argparse
import csv
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
BIN = Path(PY).parent
PG = "postgres://postgres@127.0.0.1:5432/"
LOAD_DIR = ROOT / "var" / "load"
PASSWORD = "load-Oslo-2026"  # noqa: S105  (synthetic load-test users only)
TEXT_QUESTION = 5  # seed_scale: every fifth question takes a text answer


def load_env(db, redis_url):
    """The production settings as an operator sets them (DEBUG off, a secret key, Redis for
    the cache and the broker, Celery not eager), except plain HTTP on loopback."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=PG + db,
        REDIS_URL=redis_url,
        SECRET_KEY=env.get("SECRET_KEY") or "load-only-secret-key-000000000000000000000000000000",
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="oslo_procurement.settings",
    )
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    return env


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def child(step, env, *args):
    result = subprocess.run(  # noqa: S603 (our own script)
        [PY, str(Path(__file__).resolve()), step, *args],
        env=env,
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


def prepare(suppliers_wanted, officers_wanted, out):
    """Child process: one supplier user (password PASSWORD) for each of the first
    ``suppliers_wanted`` synthetic suppliers whose open-round self-assessment is not
    submitted; the first officers with the same password and a new confirmed authenticator
    device each (its secret goes to locust, which computes the codes as the phone would).
    No session is prepared: every user logs in through the login page."""
    setup_django()
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.urls import reverse
    from django_otp.plugins.otp_totp.models import TOTPDevice

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
    password = make_password(PASSWORD)  # one hash for all (each login still checks it)
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
                    "email": email,
                    "assessment": str(assessment.public_id),
                    "path": reverse("portal_followup:detail", args=[assessment.public_id]),
                    "prefix": f"q{TEXT_QUESTION}",
                }
            )
    officers = []
    with transaction.atomic():
        for officer in User.objects.filter(email__startswith="officer-", email__endswith="@bench.invalid").order_by(
            "email"
        )[:officers_wanted]:
            officer.password = password
            officer.save(update_fields=["password"])
            TOTPDevice.objects.filter(user=officer).delete()
            device = TOTPDevice.objects.create(user=officer, name="Authenticator app", confirmed=True)
            buyer = officer.buyer_membership.buyer
            reviewed = Assessment.objects.filter(round__agreement__buyer=buyer, status="accepted").order_by("pk")[:5]
            awarded = (
                Assessment.objects.filter(round__agreement__buyer=buyer).values_list("supplier__public_id", flat=True)
            ).distinct()[:10]
            officers.append(
                {
                    "email": officer.email,
                    "totp": {"key": device.key, "step": device.step, "t0": device.t0, "digits": device.digits},
                    "suppliers": [reverse("suppliers:detail", args=[pid]) for pid in awarded],
                    "reviews": [reverse("followup:assessment_review", args=[a.public_id]) for a in reviewed],
                }
            )
    if len(officers) < officers_wanted:
        raise SystemExit(f"only {len(officers)} synthetic officers; seed more suppliers")
    Path(out).write_text(json.dumps({"password": PASSWORD, "suppliers": suppliers, "officers": officers}))
    print(json.dumps({"suppliers": len(suppliers), "officers": len(officers)}))


def verify(tokens_file, run_id):
    """Child process: is every acknowledged save in the database, exactly once?

    Every save of an answer writes one row to the answer's history (django-simple-history,
    in the save's transaction) with the text and the revision the server answered with. So
    each acknowledged token must be in exactly one history row, at the acknowledged
    revision, and the answer itself must hold the last acknowledged token (or the one still
    in flight when the client stopped, which the server may have saved unheard)."""
    setup_django()
    from django.db.models import Count

    from followup.models import Answer

    tokens = json.loads(Path(tokens_file).read_text())
    history = Answer.history.model
    acked = {token: (assessment, revision) for assessment, r in tokens.items() for token, revision in r["acked"]}
    sent = {r["sent"] for r in tokens.values() if r["sent"]}
    rows = {}
    for text, revision, count in (
        history.objects.filter(
            assessment__public_id__in=list(tokens), question__order=TEXT_QUESTION, text__startswith=f"load {run_id} "
        )
        .order_by()
        .values_list("text", "revision")
        .annotate(n=Count("history_id"))
    ):
        rows.setdefault(text, []).append((revision, count))
    final = {
        str(k): v
        for k, v in Answer.objects.filter(
            assessment__public_id__in=list(tokens), question__order=TEXT_QUESTION
        ).values_list("assessment__public_id", "text")
    }
    missing, duplicated, wrong_revision, stale = [], [], [], []
    for token, (assessment, revision) in acked.items():
        found = rows.get(token, [])
        total = sum(count for _revision, count in found)
        if total == 0:
            missing.append({"assessment": assessment, "token": token})
        elif total > 1:
            duplicated.append({"assessment": assessment, "token": token, "rows": total})
        elif found[0][0] != revision:
            wrong_revision.append({"token": token, "acknowledged": revision, "in_history": found[0][0]})
    in_flight_saved = 0
    for assessment, record in tokens.items():
        if not record["acked"]:
            continue
        value = final.get(assessment)
        if value == record["acked"][-1][0]:
            continue
        if record["sent"] is not None and value == record["sent"]:
            in_flight_saved += 1  # saved, but the answer did not reach the client before it stopped
            continue
        stale.append({"assessment": assessment, "expected": record["acked"][-1][0], "in_database": value})
    unacknowledged = sum(1 for text in rows if text not in acked and text not in sent)
    print(
        json.dumps(
            {
                "users_checked": len(tokens),
                "acknowledged_saves": len(acked),
                "acknowledged_saves_in_history_once": len(acked) - len(missing) - len(duplicated),
                "lost_saves": len(missing),
                "duplicated_saves": len(duplicated),
                "wrong_revision": len(wrong_revision),
                "answers_not_at_last_save": len(stale),
                "saved_while_client_stopped": in_flight_saved,
                "saved_without_acknowledgement": unacknowledged,
                "examples": (missing + duplicated + wrong_revision + stale)[:5],
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


def _wait_http(port, path="/health/live", tries=150):
    import http.client

    for _ in range(tries):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path, headers={"Host": "127.0.0.1"})
            if conn.getresponse().status < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer on port {port}")


def _celery(env, *args, timeout=30):
    result = subprocess.run(  # noqa: S603
        [str(BIN / "celery"), "-A", "oslo_procurement", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return result.stdout


def _worker_ready(env, node):
    for _ in range(60):
        if "pong" in _celery(env, "inspect", "ping", "-d", node, "-t", "2"):
            return
        time.sleep(1)
    raise SystemExit("the Celery worker did not answer a ping; see var/load/worker.log")


def _worker_tasks(env, node):
    """Tasks the worker ran, by name (celery inspect stats)."""
    out = _celery(env, "inspect", "stats", "-d", node, "-t", "5", "-j")
    try:
        return json.loads(out).get(node, {}).get("total", {})
    except ValueError:
        return None


def _stop(process, timeout=60):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # warm shutdown: running tasks finish
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="oslo_load")
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
    parser.add_argument("--suppliers", type=int, default=1000, help="seed_scale --suppliers")
    parser.add_argument("--users", type=int, default=200, help="simulated supplier users")
    parser.add_argument("--officers", type=int, default=20, help="simulated officers")
    parser.add_argument("--run-time", default="4m")
    parser.add_argument(
        "--spawn-rate", type=float, default=1, help="users started per second (each logs in: a password hash each)"
    )
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--skip-seed", action="store_true", help="reuse the database as it is")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    args = parser.parse_args()

    LOAD_DIR.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    db = args.db
    env = load_env(db, args.redis)
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
        for command in (
            ["migrate", "--noinput", "-v", "0"],
            ["seed_demo"],
            ["seed_scale", "--suppliers", str(args.suppliers)],
        ):
            subprocess.run(  # noqa: S603
                [PY, "manage.py", *command], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL
            )
    seeded_s = round(time.perf_counter() - started, 1)
    users_file, tokens_file = LOAD_DIR / "users.json", LOAD_DIR / "tokens.json"
    prepared = child("prepare", env, str(args.users), str(args.officers), str(users_file))
    subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True)  # noqa: S603

    port = free_port()
    run_id = f"{time.time():.0f}"
    node = f"load-{os.getpid()}@127.0.0.1"
    worker_log = open(LOAD_DIR / "worker.log", "w")  # noqa: SIM115
    worker = subprocess.Popen(  # noqa: S603  (a real Celery worker on the same Redis)
        [str(BIN / "celery"), "-A", "oslo_procurement", "worker", "-n", node, "--concurrency", "1"],
        env={**env, "LOG_FORMAT": "plain"},
        cwd=ROOT,
        stdout=worker_log,
        stderr=subprocess.STDOUT,
    )
    gunicorn_log = open(LOAD_DIR / "gunicorn.log", "w")  # noqa: SIM115
    server = subprocess.Popen(  # noqa: S603  (the project's gunicorn.conf.py, read from ROOT)
        [str(BIN / "gunicorn"), "oslo_procurement.wsgi"],
        env={
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": str(args.workers),
            "LOG_LEVEL": "WARNING",
        },
        cwd=ROOT,
        stdout=gunicorn_log,
        stderr=subprocess.STDOUT,
    )
    loads = []
    stop_sampling = threading.Event()

    def sample():
        while not stop_sampling.wait(10):
            loads.append(os.getloadavg()[0])

    worker_tasks = None
    try:
        _wait_http(port)
        _worker_ready(env, node)
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
            "LOAD_RUN": run_id,
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
        worker_tasks = _worker_tasks(env, node)
    finally:
        stop_sampling.set()
        _stop(server)
        _stop(worker)
        gunicorn_log.close()
        worker_log.close()

    stats = _stats(LOAD_DIR / "locust_stats.csv")
    check = child("verify", env, str(tokens_file), run_id)
    overall = stats.pop("all")
    results_path = Path(args.out)
    results = json.loads(results_path.read_text()) if results_path.exists() else {}
    ok = (
        overall["failures"] == 0
        and check["lost_saves"] == 0
        and check["duplicated_saves"] == 0
        and check["wrong_revision"] == 0
        and check["answers_not_at_last_save"] == 0
    )
    results["load"] = {
        "what": f"{args.users} supplier users autosaving their own self-assessment (one text answer, a unique "
        f"token per save, every 5-15 s) and {args.officers} officers browsing (every 3-10 s), locust in a second "
        "process on 127.0.0.1; every user logs in through the login page (officers also through the two-factor "
        "code step, the code computed from their authenticator secret with django-otp's TOTP); gunicorn with "
        "the project's gunicorn.conf.py and production settings (DEBUG off, plain HTTP on loopback), "
        "PostgreSQL, Redis (cache and broker), one Celery worker",
        "users": {"suppliers": prepared["suppliers"], "officers": prepared["officers"]},
        "run_time": args.run_time,
        "spawn_rate_per_s": args.spawn_rate,
        "locust_seconds": locust_s,
        "requests": overall["requests"],
        "failures": overall["failures"],
        "failure_details": _failures(LOAD_DIR / "locust_failures.csv"),
        "requests_per_s": overall["requests_per_s"],
        "median_ms": overall["median_ms"],
        "p95_ms": overall["p95_ms"],
        "endpoints": stats,
        "answers": check,
        "lost_saves": check["lost_saves"],
        "verdict": "no failed request; every acknowledged save in the database exactly once"
        if ok
        else "FAILED: see failures and answers",
        "data": {"database": db, "seed": f"seed_demo + seed_scale --suppliers {args.suppliers}"},
        "server": {
            "gunicorn_workers": args.workers,
            "postgres": "127.0.0.1:5432",
            "redis": args.redis.rsplit("@", 1)[-1],
            "celery_worker": {"concurrency": 1, "tasks_run": worker_tasks},
        },
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
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    step = sys.argv[1] if len(sys.argv) > 1 else ""
    if step == "prepare":
        prepare(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    elif step == "verify":
        verify(sys.argv[2], sys.argv[3])
    else:
        main()
