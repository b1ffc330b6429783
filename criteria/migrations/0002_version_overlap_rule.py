"""Non-draft versions of one criterion may not overlap in time.

PostgreSQL: an exclusion constraint over daterange(effective_from, effective_to).
SQLite (the demo): triggers that abort the insert or update.
Note for later migrations: Django rebuilds a SQLite table to alter it, which drops its
triggers; tests/criteria/test_constraints.py fails if that ever happens."""

from django.db import migrations

TABLE = "criteria_criterionversion"

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    f"""ALTER TABLE {TABLE} ADD CONSTRAINT criterion_version_no_overlap
        EXCLUDE USING gist (criterion_id WITH =, daterange(effective_from, effective_to, '[)') WITH &&)
        WHERE (status <> 'draft')""",
]
PG_BACKWARD = [f"ALTER TABLE {TABLE} DROP CONSTRAINT IF EXISTS criterion_version_no_overlap"]

_OVERLAP = """NEW.status <> 'draft' AND EXISTS (
    SELECT 1 FROM criteria_criterionversion v
    WHERE v.criterion_id = NEW.criterion_id AND v.status <> 'draft' AND v.id IS NOT NEW.id
      AND (v.effective_to IS NULL OR v.effective_to > NEW.effective_from)
      AND (NEW.effective_to IS NULL OR v.effective_from < NEW.effective_to))"""

SQLITE_FORWARD = [
    f"""CREATE TRIGGER criterion_version_no_overlap_insert BEFORE INSERT ON {TABLE}
        WHEN {_OVERLAP} BEGIN SELECT RAISE(ABORT, 'criterion_version_no_overlap'); END""",
    f"""CREATE TRIGGER criterion_version_no_overlap_update BEFORE UPDATE ON {TABLE}
        WHEN {_OVERLAP} BEGIN SELECT RAISE(ABORT, 'criterion_version_no_overlap'); END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS criterion_version_no_overlap_insert",
    "DROP TRIGGER IF EXISTS criterion_version_no_overlap_update",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("criteria", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
