"""PDF benchmark: the leadership summary (buyer 0, ~30 pages) and the supplier report
(buyer 0's first supplier), each rendered in a fresh child process, as a worker renders
them (production settings, hashed static files collected). Writes the key ``"pdf"`` of
bench/results.json and leaves every other key as it is.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/oslo_bench_n python bench/pdf_bench.py [--runs 5]

The database must be seeded with ``manage.py seed_scale`` (buyer 0 has 3 agreements and 50
suppliers whatever N is, so the summary has the same pages at any N).

Per child process: the first rendering (imports, fonts, templates: what the first request
of a fresh worker pays) is recorded apart, then ``--runs`` renderings in the same process
(what a warm worker pays: fonts are loaded once per process). Recorded per PDF: pages,
bytes, wall seconds (median and slowest of the warm runs), CPU seconds of the process for
the same runs (user + system, the figure a shared machine distorts least), and the peak
resident memory of the process (``getrusage`` ``ru_maxrss``), with the load average before
and after, since other work on the machine inflates the wall time.

``--instructions supplier|buyer|both`` counts one warm rendering's instructions (valgrind) and
writes nothing; ``--teardown`` compares warm renderings with and without
followup/reports/pdf_teardown.py in alternating pairs and writes the key ``"pdf_teardown"``.
"""

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.calibrate import machine_speed  # noqa: E402

PY = sys.executable
TARGETS = {"summary_s": 3.0, "summary_mib": 250, "summary_pages": 30, "supplier_s": 0.5}


def bench_env():
    env = dict(os.environ)
    if not env.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to a database seeded with manage.py seed_scale.")
    env.update(
        SECRET_KEY=env.get("SECRET_KEY") or "bench-only-secret-key-00000000000000000000000000000",
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="0",
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="oslo_procurement.settings",
    )
    env.pop("REDIS_URL", None)
    return env


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def renderer(kind):
    """In a child process: Django set up, and a function that renders one PDF of ``kind``
    (``supplier``: buyer 0's first supplier's report; ``buyer``: buyer 0's leadership summary)."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from contracts.models import Buyer
    from followup.models import ReportKind
    from followup.reports.services import report_pdf
    from suppliers.models import Supplier

    buyer = Buyer.objects.get(name="Synthetic buyer 0000")
    supplier = Supplier.objects.get(foreign_registry_id="SYN-0000000")

    def render():
        if kind == "supplier":
            return report_pdf(buyer=buyer, kind=ReportKind.SUPPLIER, language="en", supplier=supplier)
        return report_pdf(buyer=buyer, kind=ReportKind.BUYER, language="en")

    return render


def measure(kind, runs, profile_path=None):
    """Child process: render one kind of PDF ``runs + 1`` times; print the figures as JSON."""
    render = renderer(kind)

    walls, cpus = [], []
    for run in range(runs + 1):
        wall, cpu = time.perf_counter(), cpu_seconds()
        content, pages, _summary = render()
        wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
        if run == 0:
            first = {"seconds": round(wall, 3), "cpu_seconds": round(cpu, 3)}
        else:
            walls.append(wall)
            cpus.append(cpu)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if profile_path:  # one more rendering under cProfile, after the timed ones
        import cProfile

        profiler = cProfile.Profile()
        profiler.runcall(render)
        profiler.dump_stats(profile_path)
    print(
        json.dumps(
            {
                "pages": pages,
                "bytes": len(content),
                "seconds": round(statistics.median(walls), 3),
                "seconds_max": round(max(walls), 3),
                "seconds_each": [round(w, 3) for w in walls],
                "cpu_seconds": round(statistics.median(cpus), 3),
                "first_render_in_process": first,
                "runs": runs,
                "peak_rss_mib": round(peak),
            }
        )
    )


def teardown_pairs(kind, runs):
    """Child process: ``runs`` pairs of warm renderings of ``kind``, one with the document taken
    apart after writing (followup/reports/pdf_teardown.py, as in production) and one left to
    the cyclic collector, in alternating order; print the CPU seconds of each (the collection
    the rendering leaves falls inside the measured call or the next one, both measured) and
    how many unreachable objects a collection finds after one rendering of each."""
    import gc

    from followup.reports import pdf_teardown

    render = renderer(kind)
    render()
    render()
    cpus = {"teardown": [], "collector": []}

    def use(mode):
        (pdf_teardown.install if mode == "teardown" else pdf_teardown.uninstall)()

    for run in range(runs):
        for mode in ("teardown", "collector") if run % 2 else ("collector", "teardown"):
            use(mode)
            cpu = cpu_seconds()
            render()
            cpus[mode].append(cpu_seconds() - cpu)
    unreachable, collection = {}, {}
    for mode in cpus:
        use(mode)
        gc.collect()
        gc.disable()
        render()
        started = time.process_time()
        unreachable[mode] = gc.collect(0)  # what the automatic collection after a rendering walks
        collection[mode] = round(time.process_time() - started, 4)
        gc.enable()
    pdf_teardown.install()
    print(
        json.dumps(
            {
                "cpu_seconds": {mode: round(statistics.median(values), 3) for mode, values in cpus.items()},
                "cpu_seconds_each": {mode: [round(value, 3) for value in values] for mode, values in cpus.items()},
                "saved_paired_median": round(
                    statistics.median(a - b for a, b in zip(cpus["collector"], cpus["teardown"], strict=True)), 3
                ),
                "unreachable_objects_after_one": unreachable,
                "young_collection_cpu_seconds": collection,
                "runs": runs,
            }
        )
    )


def counted(kind):
    """Child process, under valgrind: one warm-up rendering now, one counted at exit (the count
    is switched on only inside CPython's ``atexit_callfuncs``, as bench/instructions.py does)."""
    import atexit

    render = renderer(kind)
    render()
    atexit.register(render)


def instructions(kind, env):
    """Instructions one warm rendering of ``kind`` costs (Python, WeasyPrint, Pango, cairo-free
    PDF writing: everything the process runs), counted by callgrind: the same figure whatever
    else the machine does, so a change of a few per cent shows (wall and CPU seconds move by
    more than that between runs on a shared machine)."""
    from bench.instructions import callgrind

    return callgrind([PY, __file__, "counted", kind], cwd=ROOT, env=env, what=f"{kind} PDF")


def child(kind, runs, env, profile=None, mode="child"):
    command = [PY, __file__, mode, kind, str(runs)] + ([profile] if profile else [])
    out = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)  # noqa: S603
    if out.returncode:
        sys.exit(f"{kind} PDF failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5, help="warm renderings per PDF after the first")
    parser.add_argument("--profile", action="store_true", help="write bench/pdf_<kind>.prof (cProfile, last run)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave results.json alone")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    parser.add_argument(
        "--instructions",
        choices=("supplier", "buyer", "both"),
        help="only count the instructions of one warm rendering (valgrind), print them, write nothing",
    )
    parser.add_argument(
        "--teardown",
        action="store_true",
        help="compare warm renderings with and without pdf_teardown (pairs, alternating); writes pdf_teardown",
    )
    args = parser.parse_args()

    env = bench_env()
    subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True)  # noqa: S603
    if args.instructions:
        kinds = ("supplier", "buyer") if args.instructions == "both" else (args.instructions,)
        print(json.dumps({kind: instructions(kind, env) for kind in kinds}))
        return
    if args.teardown:
        return compare_teardown(args, env)
    load_before = os.getloadavg()
    speed_before = machine_speed()
    started = time.perf_counter()
    results = {}
    for key, kind in (("supplier_report", "supplier"), ("leadership_summary", "buyer")):
        profile = str(ROOT / "bench" / f"pdf_{kind}.prof") if args.profile else None
        results[key] = child(kind, args.runs, env, profile)
    load_after = os.getloadavg()
    summary, supplier = results["leadership_summary"], results["supplier_report"]
    record = {
        **results,
        "method": "bench/pdf_bench.py: each PDF in a fresh child process with production settings "
        "(DEBUG off, collected static files), buyer 0 of seed_scale (3 agreements, 50 suppliers) and its "
        f"first supplier, language en; 1 first rendering, then {args.runs} timed renderings in the same "
        "process (median wall and CPU seconds); peak RSS of the child (getrusage ru_maxrss).",
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "load_average_before_after": [[round(x, 2) for x in load_before], [round(x, 2) for x in load_after]],
        # The machine's own speed before and after (bench/calibrate.py): compare sessions by it.
        "machine_speed_loop_ms": [speed_before["loop_ms"], machine_speed()["loop_ms"]],
        "bench_seconds": round(time.perf_counter() - started, 1),
        "targets": TARGETS,
        "targets_met": {
            "summary_at_least_30_pages": summary["pages"] >= TARGETS["summary_pages"],
            "summary_under_3s": summary["seconds"] <= TARGETS["summary_s"],
            "summary_under_250MiB": summary["peak_rss_mib"] <= TARGETS["summary_mib"],
            "supplier_under_0_5s": supplier["seconds"] <= TARGETS["supplier_s"],
        },
    }
    record_under(args, "pdf_reports", record)


def record_under(args, key, record):
    """Print ``record``; unless --no-write, store it under ``key`` of results.json (every other
    key left as it is)."""
    print(json.dumps(record, indent=2))
    if not args.no_write:
        out = Path(args.out)
        previous = json.loads(out.read_text()) if out.exists() else {}
        previous[key] = record
        out.write_text(json.dumps(previous, indent=2) + "\n")


def compare_teardown(args, env):
    load_before, speed_before = os.getloadavg(), machine_speed()
    results = {
        key: child(kind, args.runs, env, mode="pairs")
        for key, kind in (("supplier_report", "supplier"), ("leadership_summary", "buyer"))
    }
    record = {
        **results,
        "method": "bench/pdf_bench.py --teardown: per PDF a fresh child process (production settings), two warm "
        f"renderings, then {args.runs} pairs: one rendering with the finished document taken apart "
        "(followup/reports/pdf_teardown.py) and one with pdf_teardown uninstalled, the order alternating; CPU "
        "seconds of the process per rendering (medians, and the median of the pairs' differences); then one "
        "rendering of each with the collector off and the young generation's collection after it (objects found "
        "unreachable, CPU seconds).",
        "load_average_before_after": [[round(x, 2) for x in load_before], [round(x, 2) for x in os.getloadavg()]],
        "machine_speed_loop_ms": [speed_before["loop_ms"], machine_speed()["loop_ms"]],
    }
    record_under(args, "pdf_teardown", record)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "counted":
        counted(sys.argv[2])
    elif len(sys.argv) > 1 and sys.argv[1] == "pairs":
        teardown_pairs(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) > 1 and sys.argv[1] == "child":
        measure(sys.argv[2], int(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else None)
    else:
        main()
