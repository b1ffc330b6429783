"""How long does a new database take to build? `manage.py migrate` on new SQLite files, once
by the fast path (the tables from the models) and once with `--replay` (every migration one
by one, as Django does by default), each run REPEAT times, alternating, in child processes.
CPU seconds (user + system of the child) are the figure that a busy machine distorts least;
wall seconds and the load average are recorded beside them. Writes the "migrate" key of
bench/results.json.

    python bench/migrate.py [--repeat 3]
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(*extra):
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{Path(folder) / 'db.sqlite3'}",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-only-secret-key-00000000000000000000000000000",
        }
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0", *extra], cwd=ROOT, env=env, check=True
        )
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return cpu, wall


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    args = parser.parse_args()
    load_before = os.getloadavg()
    runs = {"fast": [], "replay": []}
    for _ in range(args.repeat):
        runs["fast"].append(build())
        runs["replay"].append(build("--replay"))
    summary = {
        kind: {
            "cpu_s_median": round(statistics.median(cpu for cpu, _wall in values), 2),
            "wall_s_median": round(statistics.median(wall for _cpu, wall in values), 2),
            "runs": [[round(cpu, 2), round(wall, 2)] for cpu, wall in values],
        }
        for kind, values in runs.items()
    }
    result = {
        "what": "manage.py migrate on a new SQLite database: fast path (tables from the models) vs --replay",
        **summary,
        "cpu_ratio_replay_to_fast": round(summary["replay"]["cpu_s_median"] / summary["fast"]["cpu_s_median"], 1),
        "load_average_before_after": [round(x, 2) for x in (*load_before, *os.getloadavg())],
        "cpus": os.cpu_count(),
    }
    out = Path(args.out)
    results = json.loads(out.read_text()) if out.exists() else {}
    results["migrate"] = result
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
