"""Does the server stay up while gunicorn recycles its workers?

    python bench/recycle.py [--requests-per-worker 60] [--workers 4] [--clients 4]

Starts gunicorn with the project's gunicorn.conf.py twice on 127.0.0.1, with a small
`max_requests` so that every worker is replaced several times during the run: once as it was
configured before (no preload, a jitter of a tenth of the limit) and once with today's settings
(preload_app, a jitter of half the limit). Clients request `/health/live` without pause; the
figure is the longest time in which no request was answered (a gap), and the slowest answers.
Writes the "recycling" key of bench/results.json with the machine's load average. Talks to
127.0.0.1 only and stops by itself.
"""

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port, timeout=30):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", "/health/live")
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def run(*, label, preload, jitter_share, requests_per_worker, workers, clients):
    port = free_port()
    env = dict(os.environ)
    env.update(
        SECRET_KEY=env.get("SECRET_KEY") or "bench-only-secret-key-00000000000000000000000000000",
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY=str(workers),
        GUNICORN_MAX_REQUESTS=str(requests_per_worker),
        GUNICORN_MAX_REQUESTS_JITTER=str(int(requests_per_worker * jitter_share)),
        GUNICORN_PRELOAD="true" if preload else "false",
        LOG_LEVEL="WARNING",
    )
    env.pop("REDIS_URL", None)
    server = subprocess.Popen([GUNICORN, "oslo_procurement.wsgi"], env=env, cwd=ROOT)  # noqa: S603
    try:
        for _ in range(300):
            try:
                get(port, timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit(f"gunicorn did not start on 127.0.0.1:{port}")
        # Enough requests that every worker is replaced about four times.
        total = requests_per_worker * workers * 4
        done, errors, latencies = [], [], []
        lock = threading.Lock()
        left = [total]

        def client():
            while True:
                with lock:
                    if left[0] <= 0:
                        return
                    left[0] -= 1
                started = time.perf_counter()
                try:
                    status = get(port)
                except OSError as exc:
                    status = repr(exc)
                finished = time.perf_counter()
                with lock:
                    done.append(finished)
                    latencies.append(finished - started)
                    if status != 200:
                        errors.append(status)

        started = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        done.sort()
        gaps = [b - a for a, b in zip([started, *done], done, strict=False)]
        latencies.sort()
        return {
            "label": label,
            "preload_app": preload,
            "max_requests": requests_per_worker,
            "max_requests_jitter": int(requests_per_worker * jitter_share),
            "workers": workers,
            "clients": clients,
            "requests": len(done),
            "errors": len(errors),
            "seconds": round(elapsed, 2),
            "longest_gap_s": round(max(gaps), 3),
            "gaps_over_1s": sum(1 for gap in gaps if gap > 1),
            "median_ms": round(statistics.median(latencies) * 1000, 1),
            "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1),
            "max_ms": round(latencies[-1] * 1000, 1),
        }
    finally:
        server.terminate()
        server.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests-per-worker", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    args = parser.parse_args()
    shape = dict(requests_per_worker=args.requests_per_worker, workers=args.workers, clients=args.clients)
    load_before = os.getloadavg()
    before = run(label="before: no preload, jitter 10 %", preload=False, jitter_share=0.1, **shape)
    now = run(label="now: preload_app, jitter 50 %", preload=True, jitter_share=0.5, **shape)
    result = {
        "before": before,
        "now": now,
        "target": "no gap above 1 s while workers are replaced",
        "target_met": now["longest_gap_s"] <= 1 and now["errors"] == 0,
        "load_average_before_after": [round(x, 2) for x in (*load_before, *os.getloadavg())],
        "cpus": os.cpu_count(),
    }
    out = Path(args.out)
    results = json.loads(out.read_text()) if out.exists() else {}
    results["recycling"] = result
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
