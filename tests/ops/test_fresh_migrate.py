"""A new database built by `migrate`'s fast path (the tables from the models, see
oslo_procurement/ops/management/commands/migrate.py) has the same schema as one built by
replaying every migration, and either keeps migrating as usual afterwards. Both are built by
`manage.py migrate` in a subprocess with the settings read from the environment: SQLite here,
and PostgreSQL too where DATABASE_URL names one (CI).

The fast path is built on every run. The replay costs 60-85 s of CPU per database (Django
renders the state of every related model again at each step), two and a half minutes of the
suite, and its result depends only on what goes into it: every migration file of every
installed app and what they import, Django, the database engine's version and the fingerprint
below. So its fingerprint is kept in `replayed_schema_<vendor>.json` beside this file under a
hash of all of those, and the replay runs again whenever any of them changes (a new migration, an upgrade,
another engine version): outside CI the new fingerprint is written there to be committed; in CI
the replay runs and nothing is written. `REPLAY_MIGRATIONS=1` replays whatever the hash says."""

import hashlib
import json
import os
import re
import sqlite3
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


def fingerprint(database_url):
    return json.loads(manage(database_url, "shell", "--no-imports", "-c", FINGERPRINT))


def replay_inputs_hash(vendor, engine_version):
    """A hash of everything a replay's fingerprint depends on (see the module's docstring):
    each migration file, and what the migrations import: the project's modules by their
    source (a custom field's column type lives there), other packages by their version."""
    import importlib.metadata
    import importlib.util

    import django
    from django.conf import settings
    from django.db.migrations.loader import MigrationLoader

    digest = hashlib.sha256(
        f"{vendor} {engine_version} Django {django.__version__} {settings.AUTH_USER_MODEL}\n{FINGERPRINT}".encode()
    )
    digest.update((ROOT / "oslo_procurement/ops/management/commands/migrate.py").read_bytes())
    imported = set()
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for key, migration in sorted(loader.disk_migrations.items()):
        source = Path(sys.modules[migration.__module__].__file__).read_bytes()
        digest.update(repr(key).encode() + source)
        imported.update(re.findall(rb"^(?:from|import) ([\w.]+)", source, re.MULTILINE))
    distributions = importlib.metadata.packages_distributions()
    for name in sorted(module.decode() for module in imported):
        origin = Path(importlib.util.find_spec(name).origin)
        if ROOT in origin.parents and ".venv" not in origin.parts:
            digest.update(name.encode() + origin.read_bytes())
        else:  # an installed package by its version; the standard library by Python's
            installed = distributions.get(name.split(".")[0], [])
            versions = [f"{dist} {importlib.metadata.version(dist)}" for dist in sorted(installed)]
            digest.update(f"{name}: {versions or sys.version_info[:2]}".encode())
    return digest.hexdigest()


def replayed(vendor, engine_version, database_url):
    """The fingerprint of a database built by replaying every migration: replayed now, or
    the one recorded for exactly the same inputs."""
    inputs = replay_inputs_hash(vendor, engine_version)
    recorded_at = Path(__file__).with_name(f"replayed_schema_{vendor}.json")
    recorded = json.loads(recorded_at.read_text()) if recorded_at.exists() else {}
    if recorded.get("inputs") == inputs and not os.environ.get("REPLAY_MIGRATIONS"):
        return recorded["fingerprint"]
    manage(database_url, "migrate", "--noinput", "--replay")
    result = fingerprint(database_url)
    if os.environ.get("CI") != "true":
        recorded_at.write_text(recording(inputs, result))
    return result


def recording(inputs, result):
    """The recorded fingerprint as JSON with a line per table, so that a change of schema
    shows in a diff as the tables it touched."""
    tables = ",\n".join(
        f"  {json.dumps(name)}: {json.dumps(shape)}" for name, shape in sorted(result["tables"].items())
    )
    migrations = json.dumps(result["migrations"])
    return f'{{"inputs": "{inputs}",\n"fingerprint": {{"migrations": {migrations},\n"tables": {{\n{tables}\n}}}}}}\n'


def build_both(url_fast, url_replay, vendor, engine_version):
    fast_log = manage(url_fast, "migrate", "--noinput")
    assert "building the tables from the models" in fast_log
    return fingerprint(url_fast), replayed(vendor, engine_version, url_replay)


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
    fast, replay = build_both(
        f"sqlite:///{tmp_path / 'fast.sqlite3'}",
        f"sqlite:///{tmp_path / 'replay.sqlite3'}",
        "sqlite",
        sqlite3.sqlite_version,
    )
    assert_same_schema(fast, replay)
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
        major = admin.server_version // 10000
        fast, replay = build_both(f"{base}/{names[0]}", f"{base}/{names[1]}", "postgresql", major)
        assert_same_schema(fast, replay)
    finally:
        with admin.cursor() as cursor:
            for name in names:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()
