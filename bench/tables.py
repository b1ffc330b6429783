"""Rewrite the README tables from bench/results.json: `python bench/tables.py` (make bench runs it).

Each table sits between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` in README.md and
bench/README.md; what is between the markers is replaced, nothing else is touched. A table
whose key is missing from results.json is left as it is.
"""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = [ROOT / "README.md", ROOT / "bench" / "README.md"]
LABELS = {
    "portal_questionnaire": "portal questionnaire",
    "supplier_list": "supplier list",
    "supplier_detail": "supplier page",
    "assessment_review": "self-assessment review",
    "timeline": "supplier timeline",
    "findings_list": "findings list",
    "actions_list": "actions list",
    "work_queue": "work queue",
    "dashboard": "dashboard (worker + PostgreSQL)",
}


def ms(value):
    return f"{value:.1f} ms" if value is not None else "–"


def cpu_table(cpu):
    rows = [
        "| page | CPU at N | CPU at 10 × N | floor (N / 10N) | × floor (round by round) | target | 10N / N | queries |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for page, entry in cpu["pages"].items():
        a, b = entry["N"], entry["10N"]
        key, floor_key = ("total_ms", "floor_total_ms") if "total_ms" in a else ("worker_ms", "floor_ms")
        target = entry.get("target_ms")
        if target is None:
            target_text = "≤ 2× floor"
        else:
            target_text = f"≤ {target} ms {'met' if entry['target_met'] else '**not met**'}"
        times = "" if entry["within_2x_floor"] else " **(over 2×)**"
        queries = f"{a['queries']}" if entry["queries_constant"] else f"{a['queries']} / {b['queries']} **(grows)**"
        paired = f" ({a['x_floor_paired']:.2f} / {b['x_floor_paired']:.2f})" if "x_floor_paired" in a else ""
        rows.append(
            f"| {LABELS.get(page, page)} | {ms(a[key])} | {ms(b[key])} | {ms(a[floor_key])} / {ms(b[floor_key])} "
            f"| {a['x_floor']:.2f} / {b['x_floor']:.2f}{paired}{times} | {target_text} | {entry['ratio_10N_N']:.2f} "
            f"| {queries} |"
        )
    hello = cpu["hello_ms"]
    before, after = cpu["load_average_before"][0], cpu["load_average_after"][0]
    rows.append("")
    rows.append(
        f"N = {cpu['N']:,} and 10 × N = {cpu['10N']:,} suppliers, measured side by side (each batch at N "
        "next to the same batch at 10 × N). Hello-world under the same gunicorn: "
        f"{ms(hello['N'])} / {ms(hello['10N'])}. Load average (1 min) before / after the run: {before} / {after} "
        "(2 cores, shared)."
        + (
            " The machine's own speed before / after (`bench/calibrate.py`, lower is faster): "
            f"{speed[0]} ms / {speed[1]} ms."
            if (speed := cpu.get("machine_speed_loop_ms"))
            else ""
        )
        + " `results.json` → `cpu`."
    )
    return "\n".join(rows)


def sweep_cell(figures):
    """Wall seconds, CPU seconds of the process (and of its PostgreSQL backend), queries."""
    cell = f"{figures['seconds']:.2f} s"
    if "cpu_seconds" in figures:
        cpu = f"{figures['cpu_seconds']:.2f} s"
        if "db_cpu_seconds" in figures:
            cpu += f" + {figures['db_cpu_seconds']:.2f} s in PostgreSQL"
        cell += f" (CPU {cpu})"
    return f"{cell}, {figures['queries']} queries"


def sweep_table(sweep):
    sizes = [key for key in sweep if key.startswith("obligations_")]
    rows = ["| open obligations | " + " | ".join(f"{int(k.split('_')[1]):,}" for k in sizes) + " |"]
    rows.append("| --- |" + " --- |" * len(sizes))
    for step, label in (
        ("cold", "first sweep (catches up)"),
        ("again", "again the same day"),
        ("next_day", "next day"),
        ("drain", "outbox drain"),
    ):
        cells = [sweep_cell(sweep[k][step]) for k in sizes]
        rows.append(f"| {label} | " + " | ".join(cells) + " |")
    rows.append("")
    cpu_target = ""
    if "sweeps_at_most_10s_cpu" in sweep:
        cpu_target = f" (wall), {'yes' if sweep['sweeps_at_most_10s_cpu'] else '**no**'} (CPU of the process)"
    rows.append(
        f"Query count the same at both sizes: {'yes' if sweep['queries_constant'] else '**no**'}; every sweep "
        f"≤ 10 s at 100,000: {'yes' if sweep['sweeps_at_most_10s'] else '**no**'}{cpu_target}. "
        f"{sweep['database']}, load average {sweep['load_average_before'][0]} before, "
        f"{sweep['load_average_after'][0]} after. `results.json` → `reminder_sweep`."
    )
    return "\n".join(rows)


TABLES = {"cpu": ("cpu", cpu_table), "reminder-sweep": ("reminder_sweep", sweep_table)}


def main():
    results = json.loads((ROOT / "bench" / "results.json").read_text())
    for path in FILES:
        text = original = path.read_text()
        for name, (key, render) in TABLES.items():
            if key not in results:
                continue
            pattern = re.compile(rf"(<!-- bench:{name} -->\n)(?:.*?\n)?(<!-- /bench:{name} -->)", re.S)
            table = render(results[key]) + "\n"
            text = pattern.sub(lambda m, table=table: m.group(1) + table + m.group(2), text)
        if text != original:
            path.write_text(text)
            print(f"updated {path.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
