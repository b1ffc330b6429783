"""Backup and restore: one archive holds every row of every table and every stored file;
restored into an empty database and storage, every table is the same row by row and
every file the same by checksum. A damaged archive, an archive of other migrations or a
target that holds data is refused before anything changes.

The in-process tests run on the suite's database (SQLite locally, PostgreSQL in CI); the
command-line test runs `manage.py backup` and `manage.py restore` on brand-new SQLite files."""

import hashlib
import io
import json
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from oslo_procurement.ops.backup import MANIFEST, BackupError, backup_create, backup_restore, storage_files
from suppliers.models import Evidence, Supplier
from suppliers.services import evidence_save
from tests.followup_reports.worked import done_run
from tests.suppliers.cmrt_workbooks import make_cmrt_report

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def table_rows():
    """Every row of every table in primary-key order (django_migrations: names only,
    its `applied` times belong to the database, not to the data)."""
    rows = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            if table == "django_migrations":
                cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
            else:
                keys = connection.introspection.get_primary_key_columns(cursor, table)
                order = ", ".join(quote(k) for k in keys)
                cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {order}")  # noqa: S608 (names from the database)
            rows[table] = cursor.fetchall()
    return rows


def stored_checksums():
    result = {}
    for name in storage_files(default_storage):
        with default_storage.open(name, "rb") as handle:
            result[name] = hashlib.sha256(handle.read()).hexdigest()
    return result


def fresh_database_and_storage(settings, folder):
    """What a new server has: the tables migrate made, holding only the content types and
    permissions migrate writes (with new ids), and an empty upload folder."""
    connection.check_constraints()  # PostgreSQL: TRUNCATE refuses pending deferred checks
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    settings.MEDIA_ROOT = folder


@pytest.fixture
def seeded(db, buyer):
    """The demo world plus stored files of every kind: evidence, a CMRT workbook, a PDF."""
    call_command("seed_demo", stdout=io.StringIO())
    supplier = Supplier.objects.order_by("pk").first()
    evidence_save(
        evidence=Evidence(supplier=supplier, kind="tco", title="TCO certificate", valid_to="2099-01-01"),
        actor=None,
        upload=SimpleUploadedFile("certificate.pdf", PDF),
    )
    make_cmrt_report(supplier)
    done_run(buyer)
    yield
    ContentType.objects.clear_cache()


def test_round_trip_gives_back_every_row_and_every_file(seeded, settings, tmp_path):
    rows, files = table_rows(), stored_checksums()
    assert len(files) == 3
    assert sum(len(r) for r in rows.values()) > 1000
    archive, manifest = backup_create(f"{tmp_path}/backups/")  # a folder: a dated file in it
    assert archive.name.startswith("oslo-backup-") and archive.stat().st_mode & 0o777 == 0o600

    fresh_database_and_storage(settings, tmp_path / "new-uploads")
    assert stored_checksums() == {}
    restored = backup_restore(archive)

    assert restored == manifest
    after = table_rows()
    assert [table for table in rows if rows[table] != after[table]] == []
    assert after == rows
    assert stored_checksums() == files
    assert sorted(Path(settings.MEDIA_ROOT).rglob("*.pdf"))  # really in the new folder


def test_the_manifest_describes_the_archive(seeded, tmp_path):
    archive, manifest = backup_create(tmp_path / "backup.tar.gz")
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        written = json.load(tar.extractfile(MANIFEST))
    assert written == manifest
    assert names[0] == "database.ojsonl" and names[-1] == MANIFEST
    assert sorted(names[1:-1]) == sorted(f"files/{f['name']}" for f in manifest["files"])
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["database"]["rows"]["accounts.user"] >= 5
    assert manifest["database"]["rows"]["suppliers.historicalsupplier"] > 0  # history is data too
    assert ["followup", "0001_initial"] in manifest["migrations"]
    assert manifest["versions"]["Django"].startswith("5.2")
    assert all(len(f["sha256"]) == 64 and f["size"] > 0 for f in manifest["files"])


def test_restore_refuses_a_database_that_holds_data_unless_forced(seeded, tmp_path):
    archive, _ = backup_create(tmp_path / "backup.tar.gz")
    rows = table_rows()
    Supplier.objects.filter(pk=Supplier.objects.order_by("pk").first().pk).update(legal_name="Changed after backup AS")
    with pytest.raises(BackupError, match="The target is not empty"):
        backup_restore(archive)
    assert Supplier.objects.filter(legal_name="Changed after backup AS").exists()

    backup_restore(archive, force=True)
    assert not Supplier.objects.filter(legal_name="Changed after backup AS").exists()
    assert table_rows() == rows


def test_a_damaged_archive_changes_nothing(seeded, settings, tmp_path):
    archive, manifest = backup_create(tmp_path / "backup.tar.gz")
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source:
            data = source.extractfile(member).read()
            if member.name.startswith("files/"):
                data = data[:-1] + b"X"
            target.addfile(member, io.BytesIO(data))
    fresh_database_and_storage(settings, tmp_path / "new-uploads")
    rows = table_rows()
    with pytest.raises(BackupError, match="Checksums differ"):
        backup_restore(damaged)
    assert table_rows() == rows and stored_checksums() == {}

    (tmp_path / "not-a-backup.tar.gz").write_bytes(b"plain text")
    with pytest.raises(BackupError, match="not a readable backup archive"):
        backup_restore(tmp_path / "not-a-backup.tar.gz")


def test_an_archive_of_other_migrations_is_refused(seeded, settings, tmp_path):
    archive, manifest = backup_create(tmp_path / "backup.tar.gz")
    older = tmp_path / "older.tar.gz"
    manifest["migrations"] = [m for m in manifest["migrations"] if m != ["followup", "0001_initial"]]
    body = json.dumps(manifest).encode()
    with tarfile.open(archive) as source, tarfile.open(older, "w:gz") as target:
        for member in source:
            data = body if member.name == MANIFEST else source.extractfile(member).read()
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    fresh_database_and_storage(settings, tmp_path / "new-uploads")
    with pytest.raises(BackupError, match=r"other migrations.*only here: \['followup.0001_initial'\]"):
        backup_restore(older)
    assert stored_checksums() == {}


# --- the commands, on brand-new databases -----------------------------------------------


def manage(var_dir, *args):
    env = {
        "PATH": "/usr/bin:/bin",
        "VAR_DIR": str(var_dir),
        "DATABASE_URL": f"sqlite:///{var_dir}/db.sqlite3",
        "DEBUG": "true",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def sqlite_rows(path):
    rows = {}
    with sqlite3.connect(path) as db:
        for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall():
            if table == "django_migrations":
                query = "SELECT app, name FROM django_migrations ORDER BY app, name"
            elif table == "sqlite_sequence":  # SQLite's counter of the last id per table
                query = "SELECT name, seq FROM sqlite_sequence WHERE seq > 0 ORDER BY name"
            else:
                keys = [f'"{c[1]}"' for c in db.execute(f'PRAGMA table_info("{table}")') if c[5]] or ["rowid"]
                query = f'SELECT * FROM "{table}" ORDER BY {", ".join(keys)}'  # noqa: S608 (names from the database)
            rows[table] = db.execute(query).fetchall()
    return rows


def folder_checksums(root):
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


STORE_FILES = """
from django.core.files.uploadedfile import SimpleUploadedFile
from suppliers.models import Evidence, Supplier
from suppliers.services import evidence_save
for i, supplier in enumerate(Supplier.objects.order_by("pk")[:2]):
    evidence = Evidence(supplier=supplier, kind="tco", title=f"TCO {i}", valid_to="2099-01-01")
    upload = SimpleUploadedFile("c.pdf", b"%PDF-1.4 number " + bytes([48 + i]))
    evidence_save(evidence=evidence, actor=None, upload=upload)
"""


def test_backup_and_restore_commands_on_new_sqlite_databases(migrated_sqlite, tmp_path):
    source, target = tmp_path / "source", tmp_path / "target"
    for folder in (source, target):  # two new servers: migrated, empty
        folder.mkdir()
        (folder / "db.sqlite3").write_bytes(migrated_sqlite.read_bytes())
    for step in (("seed_demo",), ("shell", "-c", STORE_FILES)):
        result = manage(source, *step)
        assert result.returncode == 0, result.stderr

    made = manage(source, "backup", str(tmp_path / "backups") + "/")
    assert made.returncode == 0, made.stderr
    [archive] = (tmp_path / "backups").glob("oslo-backup-*.tar.gz")
    assert str(archive) in made.stdout  # (in Bokmål, the default language)

    restored = manage(target, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr

    assert sqlite_rows(target / "db.sqlite3") == sqlite_rows(source / "db.sqlite3")
    # The demo stores a Transparency Act account, a CMRT workbook and the written warning's letter.
    assert len(folder_checksums(source / "uploads")) == 3
    assert folder_checksums(target / "uploads") == folder_checksums(source / "uploads")

    again = manage(target, "restore", str(archive))
    assert again.returncode == 1
    assert "CommandError" in again.stderr and "--force" in again.stderr
