"""Benchmark: a 10,000-row spreadsheet of suppliers with contacts, read and checked (the
preview) and then imported (the confirm), through the same services as the import screens,
against the PostgreSQL database in DATABASE_URL. Half the rows update suppliers that exist,
half create new ones, each with a contact. Everything is rolled back afterwards, so the
database is left as it was.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> python bench/import_bench.py [ROWS [RUNS]] [--write]

``--write`` stores the figures under "spreadsheet_import" in bench/results.json (that key only).
The register is not asked (BRREG_ENABLED=0): the preview never asks it, and the import only
queues the lookups for after the commit."""

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
TARGET_S = {"preview": 10.0, "confirm": 30.0}


def setup_django():
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oslo_procurement.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-00000000000000000000000000000")
    os.environ["BRREG_ENABLED"] = "0"
    os.environ.pop("REDIS_URL", None)
    django.setup()


def build_file(rows, existing_numbers, fmt):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from oslo_procurement.spreadsheets import table_csv, table_xlsx
    from suppliers.imports import COLUMNS
    from tests.factories import valid_org_number

    headers = [str(column.label) for column in COLUMNS]
    table = []
    for n in range(rows):
        if n < len(existing_numbers):
            number, name = existing_numbers[n], f"Bench Supplier {n:05d} AS (renamed)"
        else:
            number, name = valid_org_number(800_000 + n), f"Bench New Supplier {n:05d} AS"
        table.append(
            [
                number,
                "",
                name,
                "NO",
                "reseller",
                "yes",
                "",
                f"Contact {n}",
                f"contact{n}@bench.example",
                "",
                "",
                "nb",
                "yes",
            ]
        )
    if fmt == "xlsx":
        return SimpleUploadedFile("bench.xlsx", table_xlsx("Suppliers", headers, table))
    return SimpleUploadedFile("bench.csv", table_csv(headers, table))


def measure(rows=10_000, runs=3, fmt="xlsx"):
    setup_django()
    from django.db import transaction

    from oslo_procurement.accounts.models import User
    from oslo_procurement.imports.services import import_confirm, import_preview_create
    from suppliers.imports import SupplierImporter
    from suppliers.models import Supplier
    from tests.factories import valid_org_number

    importer = SupplierImporter()
    existing = [valid_org_number(700_000 + n) for n in range(rows // 2)]
    preview_s, confirm_s, preview_cpu, confirm_cpu, sizes = [], [], [], [], []
    for run in range(runs + 1):  # the first run warms up
        with transaction.atomic():
            actor = User.objects.create(
                email=f"bench-import-{os.getpid()}@example.org", full_name="Bench", role="officer"
            )
            Supplier.objects.bulk_create(
                Supplier(legal_name=f"Bench Supplier {n:05d} AS", org_number=number, country="NO", role="reseller")
                for n, number in enumerate(existing)
            )
            uploaded = build_file(rows, existing, fmt)
            sizes.append(uploaded.size)
            start, start_cpu = time.perf_counter(), time.process_time()
            upload = import_preview_create(importer=importer, uploaded=uploaded, actor=actor)
            previewed, previewed_cpu = time.perf_counter(), time.process_time()
            counts = import_confirm(upload=upload, importer=importer, actor=actor)
            done, done_cpu = time.perf_counter(), time.process_time()
            assert counts["new"] == rows - len(existing) and counts["update"] == len(existing), counts
            transaction.set_rollback(True)
        if run:
            preview_s.append(previewed - start)
            confirm_s.append(done - previewed)
            preview_cpu.append(previewed_cpu - start_cpu)
            confirm_cpu.append(done_cpu - previewed_cpu)
    return {
        "what": (
            f"a {rows:,}-row {fmt.upper()} of suppliers with one contact each (half update existing suppliers, "
            "half are new) through import_preview_create (read, check, store the preview) and import_confirm "
            "(check again, bulk insert/update with history, audit) on PostgreSQL, as the import screens do; "
            f"median of {runs} runs after one warm-up, rolled back"
        ),
        "rows": rows,
        "format": fmt,
        "bytes": sizes[-1],
        "preview_median_s": round(statistics.median(preview_s), 2),
        "confirm_median_s": round(statistics.median(confirm_s), 2),
        "total_median_s": round(statistics.median(p + c for p, c in zip(preview_s, confirm_s, strict=True)), 2),
        # CPU seconds of this (the Django) process alone: less inflated by other work on the
        # machine than the wall-clock figures above; PostgreSQL's own time is not in them.
        "preview_cpu_median_s": round(statistics.median(preview_cpu), 2),
        "confirm_cpu_median_s": round(statistics.median(confirm_cpu), 2),
        "target_s": TARGET_S,
        "target_met": statistics.median(preview_s) < TARGET_S["preview"]
        and statistics.median(confirm_s) < TARGET_S["confirm"],
        # Other work on the machine (2 cores shared) inflates the figures: check this.
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        "command": "python bench/import_bench.py " + " ".join(sys.argv[1:]),
    }


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    fmt = "csv" if "--csv" in sys.argv else "xlsx"
    result = measure(*(int(a) for a in args[:2]), fmt=fmt)
    print(json.dumps(result, indent=2))
    if "--write" in sys.argv:
        data = json.loads(RESULTS.read_text())
        data.setdefault("spreadsheet_import", {})[fmt] = result
        RESULTS.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
