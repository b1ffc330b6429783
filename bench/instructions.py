"""Instructions a page costs per request, counted by valgrind: the same figure on a quiet machine
and a busy one, so that a change of 2 % shows where CPU time's noise (±6 % between batches on a
shared machine, bench/ab.py's quartiles) hides it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench SECRET_KEY=... \\
        .venv/bin/python bench/instructions.py supplier_detail findings_list [--requests 10] \\
        [--against 7698c6a] [--record KEY]

For each page a child process opens it as bench/profile_page.py does (production settings, the
bench's officer or supplier user, in process through Django's test client: no gunicorn, no
network), five times to warm up, then ``--requests`` times under ``valgrind --tool=callgrind``,
which counts only those requests: the loop runs as an ``atexit`` function and the count is
switched on inside CPython's ``atexit_callfuncs`` alone (``--collect-atstart=no
--toggle-collect``), so the interpreter's start, Django's set-up and the imports are left out.
``PYTHONHASHSEED=0``; the same code on the same data gives the same count to within 0.1 %.

``--against REV`` counts the same pages on that git revision too (a worktree under var/bench/,
its static files collected), both children side by side, and prints the ratio. ``--record KEY``
writes the figures into bench/results.json under KEY with the machine's load average.

An instruction is not a nanosecond (a cache miss costs more than an add), and the database's
work is not counted at all: this says whether a change to the Python pays, and by how much;
bench/pages.py under gunicorn gives the figures the targets are met in.
"""

import argparse
import functools
import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLLECTED = re.compile(r"Collected : (\d+)")


def child(page, requests):
    """Run in the child, under valgrind: the page ``requests`` times at exit."""
    import atexit

    import django

    sys.path.insert(0, str(Path.cwd()))
    from bench.profile_page import logged_in_client, page_urls

    django.setup()
    client = logged_in_client(page)
    url = page_urls()[page]
    for _ in range(5):
        response = client.get(url)
        assert response.status_code == 200, (page, response.status_code)

    def measured():
        for _ in range(requests):
            client.get(url)

    atexit.register(measured)


def count(root, page, requests):
    """Instructions per request of ``page`` in the checkout at ``root``."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",
        "PYTHONPATH": str(root),
    }
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/6")
    command = [
        sys.executable,
        str(ROOT / "bench" / "instructions.py"),  # this one: a revision before it has none
        "--child",
        page,
        "--requests",
        str(requests),
    ]
    return callgrind(command, cwd=root, env=env, what=f"{page} at {root}") // requests


def callgrind(command, *, cwd, env, what):
    """The instructions ``command`` runs inside its ``atexit`` functions, counted by callgrind
    (counting switched on only inside CPython's ``atexit_callfuncs``); ``PYTHONHASHSEED=0``."""
    command = [
        shutil.which("valgrind") or "valgrind",
        "--tool=callgrind",
        "--collect-atstart=no",
        "--toggle-collect=atexit_callfuncs",
        "--callgrind-out-file=/dev/null",
        *command,
    ]
    env = {**env, "PYTHONHASHSEED": "0"}
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    found = COLLECTED.search(done.stderr)
    if done.returncode != 0 or not found:
        raise SystemExit(f"{what}: valgrind or the program failed\n{done.stderr[-3000:]}")
    return int(found.group(1))


def worktree(revision):
    """A checkout of ``revision`` beside this one (var/bench/instructions-<rev>), static files
    collected, sharing this checkout's virtualenv."""
    git = shutil.which("git")
    full = subprocess.run(  # noqa: S603
        [git, "rev-parse", "--short", revision], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    path = ROOT / "var" / "bench" / f"instructions-{full}"
    if not path.exists():
        subprocess.run([git, "worktree", "add", "--detach", "-f", str(path), full], cwd=ROOT, check=True)  # noqa: S603
        (path / ".venv").symlink_to(ROOT / ".venv")
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=path,
        env={**os.environ, "DEBUG": "0", "PYTHONPATH": str(path)},
        check=True,
    )
    return full, path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="+")
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--against", help="a git revision to count too")
    parser.add_argument("--record", help="a key of bench/results.json to write the figures under")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.pages[0], args.requests)
        return
    load_before = os.getloadavg()
    subprocess.run(  # noqa: S603  # this checkout's static files, as the children read them
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "0"},
        check=True,
    )
    roots = {"this": ROOT}
    if args.against:
        revision, path = worktree(args.against)
        roots = {revision: path, "this": ROOT}
    results = {}
    with ThreadPoolExecutor(max_workers=len(roots)) as pool:
        for page in args.pages:
            measure = functools.partial(count, page=page, requests=args.requests)
            counts = dict(zip(roots, pool.map(measure, roots.values()), strict=True))
            entry = {"instructions_per_request": counts}
            if args.against:
                entry["ratio_this_to_" + revision] = round(counts["this"] / counts[revision], 4)
            results[page] = entry
            print(json.dumps({page: entry}), flush=True)
    record = {
        "what": "bench/instructions.py: instructions per request counted by valgrind (callgrind), in process "
        "through Django's test client, production settings; database work not counted",
        "requests": args.requests,
        "database": os.environ.get("DATABASE_URL", "").rsplit("/", 1)[-1],
        "pages": results,
        "load_average_before_after": [list(load_before), list(os.getloadavg())],
    }
    if args.record:
        path = ROOT / "bench" / "results.json"
        data = json.loads(path.read_text())
        data[args.record] = record
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
