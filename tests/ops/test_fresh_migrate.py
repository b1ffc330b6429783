"""A new database built by `migrate`'s fast path (the tables from the models, see
oslo_procurement/ops/management/commands/migrate.py) has the same schema as one built by
replaying every migration, and either keeps migrating as usual afterwards. Both are built by
`manage.py migrate` in a subprocess with the settings read from the environment: SQLite here,
and PostgreSQL too where DATABASE_URL names one (CI)."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests import needs

ROOT = Path(__file__).resolve().parents[2]

FINGERPRINT = r"""
import json
import re
from django.db import connection

# Names no model declares, which depend on how the rule came to be: SQLite numbers unnamed
# foreign keys and inline checks by position; PostgreSQL names a unique column made at
# CREATE TABLE "<table>_<column>_key" and one added later "<table>_<column>_<hash>_uniq".
# Those are compared by what they enforce, not by name.
unnamed = re.compile(r"^(fk_|__unnamed)|_key$|_[0-9a-f]{8}_uniq$")

def shape(info):
    if info["foreign_key"]:
        return ("fk", tuple(info["columns"]), tuple(info["foreign_key"]))
    if info["primary_key"]:
        return ("pk", tuple(info["columns"]))
    kind = "unique" if info["unique"] else "check" if info["check"] else "index" if info["index"] else "other"
    return (kind, tuple(info["columns"] or ()), info.get("type") or "", tuple(info.get("orders") or ()))

tables = {}
with connection.cursor() as cursor:
    for table in sorted(connection.introspection.table_names(cursor)):
        if table == "django_migrations":
            continue
        columns = sorted(
            (col.name, str(col.type_code), bool(col.null_ok))
            for col in connection.introspection.get_table_description(cursor, table)
        )
        constraints = sorted(
            # Names Django gave (named constraints and indexes) must match.
            json.dumps([name if not unnamed.search(name) else "", shape(info)])
            for name, info in connection.introspection.get_constraints(cursor, table).items()
        )
        tables[table] = {"columns": columns, "constraints": constraints}
    if connection.vendor == "sqlite":
        cursor.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
        tables["(triggers)"] = cursor.fetchall()
    else:
        cursor.execute("SELECT conname, contype FROM pg_constraint WHERE contype = 'x' ORDER BY conname")
        tables["(exclusion constraints)"] = cursor.fetchall()
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    migrations = cursor.fetchall()
print(json.dumps({"tables": tables, "migrations": migrations}))
"""


def manage(database_url, *args):
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "oslo_procurement.settings"}
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}"
    return done.stdout


def build_both(url_fast, url_replay):
    fast_log = manage(url_fast, "migrate", "--noinput")
    manage(url_replay, "migrate", "--noinput", "--replay")
    assert "building the tables from the models" in fast_log
    fast = json.loads(manage(url_fast, "shell", "--no-imports", "-c", FINGERPRINT))
    replayed = json.loads(manage(url_replay, "shell", "--no-imports", "-c", FINGERPRINT))
    return fast, replayed


def assert_same_schema(fast, replayed):
    assert fast["migrations"] == replayed["migrations"], "the fast path records every migration as applied"
    assert sorted(fast["tables"]) == sorted(replayed["tables"])
    for table, shape in replayed["tables"].items():
        if fast["tables"][table] != shape:
            built = fast["tables"][table]
            differences = (
                {
                    key: (
                        sorted(set(map(str, built[key])) - set(map(str, shape[key]))),
                        sorted(set(map(str, shape[key])) - set(map(str, built[key]))),
                    )
                    for key in shape
                }
                if isinstance(shape, dict)
                else (built, shape)
            )
            raise AssertionError(f"{table}: (only in the fast build, only in the replayed one): {differences}")
    # The rule that no model states: criteria versions may not overlap (triggers or exclusion).
    special = fast["tables"].get("(triggers)") or fast["tables"].get("(exclusion constraints)")
    assert special, "the non-overlap rule of criteria.0002 was not built"


@pytest.mark.heavy
def test_sqlite_fast_path_builds_the_same_schema_as_replaying(tmp_path):
    fast, replayed = build_both(f"sqlite:///{tmp_path / 'fast.sqlite3'}", f"sqlite:///{tmp_path / 'replay.sqlite3'}")
    assert_same_schema(fast, replayed)
    # An existing database takes the ordinary path: nothing left to apply, nothing rebuilt.
    again = manage(f"sqlite:///{tmp_path / 'fast.sqlite3'}", "migrate", "--noinput")
    assert "No migrations to apply" in again and "building the tables" not in again


@pytest.mark.heavy
@pytest.mark.services
def test_postgresql_fast_path_builds_the_same_schema_as_replaying():
    needs.postgresql()
    import psycopg2

    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    names = [f"oslo_fresh_{uuid.uuid4().hex[:8]}_{kind}" for kind in ("fast", "replay")]
    admin = psycopg2.connect(base + "/postgres")
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            for name in names:
                cursor.execute(f'CREATE DATABASE "{name}"')
        fast, replayed = build_both(f"{base}/{names[0]}", f"{base}/{names[1]}")
        assert_same_schema(fast, replayed)
    finally:
        with admin.cursor() as cursor:
            for name in names:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()
