"""Two versions of the code measured side by side on the same machine, in turns.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench SECRET_KEY=... \\
        .venv/bin/python bench/side_by_side.py --base 715716a [--rounds 3] [--requests 40] \\
        [--pdf-runs 4] [--out bench/results.json]

The machines this project is measured on are shared and their speed drifts within minutes, so
a change is judged by running the old code (``--base``, checked out in a temporary git worktree
with its static files collected) and the current checkout in turns, ``--rounds`` times: for each
page of bench/pages.py, CPU time per request in process (Django's test client, production
settings, the bench's officer or supplier user with a session as after the two-factor step, as
bench/profile_page.py), and with ``--pdf-runs`` the PDFs through bench/pdf_bench.py
(``--no-write``) in each tree. Medians and every round are written under ``side_by_side`` in
results.json (other keys are kept), with both revisions, the load average and the machine's
speed (bench/calibrate.py) before and after.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.calibrate import machine_speed  # noqa: E402
from bench.pages import PAGES  # noqa: E402

PY = sys.executable

# Runs inside the tree being measured (its own code first on sys.path); the client and the
# pages' URLs come from this checkout's bench/profile_page.py. Prints {page: ms}.
CHILD = r"""
import importlib.util, json, os, sys, time
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
import django
django.setup()
import bench.pages  # the measured tree's own, before the helpers' file puts this checkout on the path
spec = importlib.util.spec_from_file_location("profile_page_here", sys.argv[1])
helpers = importlib.util.module_from_spec(spec)
spec.loader.exec_module(helpers)
urls = helpers.page_urls()
requests = int(sys.argv[2])
result = {}
for page in sys.argv[3:]:
    client = helpers.logged_in_client(page)
    for _ in range(3):
        assert client.get(urls[page]).status_code == 200, page
    start = time.process_time()
    for _ in range(requests):
        client.get(urls[page])
    result[page] = round((time.process_time() - start) * 1000 / requests, 2)
print(json.dumps(result))
"""


def env():
    values = dict(os.environ)
    if not values.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to a database seeded with manage.py seed_scale.")
    values.setdefault("SECRET_KEY", "bench-only-secret-key-000000000000000000000000000000")
    values.setdefault("REDIS_URL", "redis://127.0.0.1:6379/6")
    values.update(DEBUG="0", ALLOWED_HOSTS="testserver,127.0.0.1,localhost", SECURE_SSL_REDIRECT="0")
    return values


def run(command, cwd, **kwargs):
    out = subprocess.run(command, cwd=cwd, env=env(), capture_output=True, text=True, **kwargs)  # noqa: S603
    if out.returncode:
        sys.exit(f"{' '.join(map(str, command))} failed in {cwd}:\n{out.stderr[-3000:]}")
    return out.stdout


def prepare_tree(base, where):
    subprocess.run(["git", "worktree", "add", "--detach", "-f", str(where), base], cwd=ROOT, check=True)  # noqa: S603 S607
    for shared in (".venv", "node_modules"):
        if (ROOT / shared).exists():
            (where / shared).symlink_to(ROOT / shared)
    run([PY, "manage.py", "collectstatic", "--noinput", "-v", "0"], where)


def pages_in(tree, requests):
    helpers = ROOT / "bench" / "profile_page.py"
    return json.loads(run([PY, "-c", CHILD, str(helpers), str(requests), *PAGES], tree).strip().splitlines()[-1])


def pdfs_in(tree, runs):
    record = _last_json(run([PY, "bench/pdf_bench.py", "--runs", str(runs), "--no-write"], tree))
    return {
        kind: {"cpu_seconds": record[kind]["cpu_seconds"], "pages": record[kind]["pages"]}
        for kind in ("supplier_report", "leadership_summary")
    }


def _last_json(text):
    """pdf_bench.py prints its record as indented JSON after collectstatic's silence."""
    return json.loads(text[text.index("{") :])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True, help="the revision to compare with (e.g. the session's start)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--pdf-runs", type=int, default=0, help="also the PDFs, this many renderings per round")
    parser.add_argument("--out", help="write under 'side_by_side' in this results.json")
    args = parser.parse_args()

    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout  # noqa: S603 S607
    base = subprocess.run(["git", "rev-parse", "--short", args.base], cwd=ROOT, capture_output=True, text=True).stdout  # noqa: S603 S607
    load_before, speed_before = [round(v, 2) for v in os.getloadavg()], machine_speed()["loop_ms"]
    run([PY, "manage.py", "collectstatic", "--noinput", "-v", "0"], ROOT)
    with tempfile.TemporaryDirectory(prefix="side-by-side-") as tmp:
        old_tree = Path(tmp) / "base"
        prepare_tree(args.base, old_tree)
        try:
            rounds = {"base": [], "head": []}
            pdf_rounds = {"base": [], "head": []}
            for _ in range(args.rounds):
                for name, tree in (("base", old_tree), ("head", ROOT)):
                    rounds[name].append(pages_in(tree, args.requests))
                    if args.pdf_runs:
                        pdf_rounds[name].append(pdfs_in(tree, args.pdf_runs))
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(old_tree)], cwd=ROOT, check=False)  # noqa: S603 S607
    result = {
        "what": "bench/side_by_side.py: the base revision and the checkout measured in turns on the same machine; "
        f"pages: CPU ms per request in process (Django's test client, production settings), {args.requests} "
        f"requests per page per round, {args.rounds} rounds, median; PDFs: bench/pdf_bench.py CPU seconds "
        f"({args.pdf_runs} renderings per round) in each tree.",
        "base": base.strip(),
        "head": head.strip(),
        "pages": {
            page: {
                "base_ms": statistics.median(r[page] for r in rounds["base"]),
                "head_ms": statistics.median(r[page] for r in rounds["head"]),
                "base_rounds": [r[page] for r in rounds["base"]],
                "head_rounds": [r[page] for r in rounds["head"]],
            }
            for page in PAGES
        },
        "load_average_before_after": [load_before, [round(v, 2) for v in os.getloadavg()]],
        "machine_speed_loop_ms": [speed_before, machine_speed()["loop_ms"]],
    }
    if args.pdf_runs:
        result["pdf"] = {
            kind: {
                "base_cpu_seconds": [r[kind]["cpu_seconds"] for r in pdf_rounds["base"]],
                "head_cpu_seconds": [r[kind]["cpu_seconds"] for r in pdf_rounds["head"]],
                "base_pages": pdf_rounds["base"][0][kind]["pages"],
                "head_pages": pdf_rounds["head"][0][kind]["pages"],
            }
            for kind in ("supplier_report", "leadership_summary")
        }
    print(json.dumps(result, indent=2))
    if args.out:
        out = Path(args.out)
        data = json.loads(out.read_text()) if out.exists() else {}
        data["side_by_side"] = result
        out.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
