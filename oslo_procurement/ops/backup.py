"""Backup and restore of everything the app keeps, in one tar.gz:

- ``database.ojsonl``: every row of every table (history, audit log, sessions, content
  types and permissions included) in Django's JSON Lines serialisation with exact times,
  so an archive made on SQLite restores on PostgreSQL and the other way round;
- ``files/<name>``: every file in the storage backend (STORAGES["default"]: evidence,
  CMRT workbooks, rendered PDFs), whatever the backend;
- ``manifest.json`` (last): format, versions, the applied migrations, row counts per
  model and the size and SHA-256 of every other member.

A restore checks every checksum before it changes anything, refuses a database or storage
that holds data (unless forced), writes the files, then loads the rows in one transaction;
if loading fails, the files it wrote are removed again."""

import datetime
import hashlib
import json
import os
import platform
import shutil
import tarfile
import tempfile
import time
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core import serializers
from django.core.files import File
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.management.sql import sql_flush
from django.db import connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings
from django.utils.translation import gettext as _

FORMAT = "oslo-procurement-backup"
FORMAT_VERSION = 1
SERIALIZATION = "ojsonl"  # oslo_procurement/ops/serializer.py
DB_MEMBER = f"database.{SERIALIZATION}"
FILES_PREFIX = "files/"
MANIFEST = "manifest.json"
# Rows that `migrate` itself writes into a new database: they do not make it "not empty".
CREATED_BY_MIGRATE = {"contenttypes.contenttype", "auth.permission"}
PACKAGES = ("Django", "django-simple-history", "celery", "psycopg2-binary", "django-storages")
CHUNK = 1024 * 1024

serializers.register_serializer(SERIALIZATION, "oslo_procurement.ops.serializer")


class BackupError(Exception):
    """Something the operator must fix; the message says what."""


# --- helpers ----------------------------------------------------------------------------


def default_storage_backend():
    return storages["default"]


def storage_files(storage):
    """Every file name in the storage, sorted (the names the app saved them under)."""

    def walk(folder):
        try:
            dirs, files = storage.listdir(folder)
        except FileNotFoundError:  # a folder storage whose root does not exist yet
            return
        for name in files:
            yield f"{folder}/{name}" if folder else name
        for name in dirs:
            yield from walk(f"{folder}/{name}" if folder else name)

    return sorted(walk(""))


def _applied_migrations(connection):
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def _models():
    """Every model with a table of its own, automatic many-to-many tables included."""
    return [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy]


def _through_models():
    return [m for m in _models() if m._meta.auto_created]


def row_counts(using="default"):
    return {m._meta.label_lower: m._base_manager.using(using).count() for m in _models()}


def _versions():
    versions = {"python": platform.python_version(), "app": os.environ.get("APP_VERSION")}
    for package in PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
    return versions


def _copy_hashing(source, target):
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if target is not None:
            target.write(chunk)
    return digest.hexdigest(), size


def _add(tar, name, fileobj, size):
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(time.time())
    info.mode = 0o600
    tar.addfile(info, fileobj)


def _safe_name(name):
    path = PurePosixPath(name)
    if not name or path.is_absolute() or ".." in path.parts or "\\" in name or name != path.as_posix():
        raise BackupError(_("The archive holds a file with an unsafe name: %(name)s.") % {"name": repr(name)})
    return name


# --- backup -----------------------------------------------------------------------------


def backup_create(destination, *, using="default", storage=None):
    """Write a backup archive to ``destination`` (a file, or a folder to put a dated file
    in) and return ``(path, manifest)``. The archive appears only once it is complete."""
    storage = storage or default_storage_backend()
    as_folder = str(destination).endswith(("/", os.sep))
    destination = Path(destination)
    if as_folder or destination.is_dir():
        destination.mkdir(parents=True, exist_ok=True)
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        destination = destination / f"oslo-backup-{stamp}.tar.gz"
    destination.parent.mkdir(parents=True, exist_ok=True)
    connection = connections[using]

    with tempfile.TemporaryDirectory(prefix="oslo-backup-") as work:
        dump = Path(work) / DB_MEMBER
        # One consistent snapshot of every table while the app keeps running. (Inside a
        # caller's transaction, a test's for one, the snapshot is that transaction's.)
        outermost = not connection.in_atomic_block
        with transaction.atomic(using=using):
            if connection.vendor == "postgresql" and outermost:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            migrations = _applied_migrations(connection)
            rows = row_counts(using)
            call_command(
                "dumpdata",
                format=SERIALIZATION,
                output=str(dump),
                use_base_manager=True,
                database=using,
                verbosity=0,
            )
            with dump.open("a", encoding="utf-8") as stream:
                for model in _through_models():
                    rows_of = model._base_manager.using(using).order_by("pk")
                    serializers.serialize(SERIALIZATION, rows_of.iterator(), stream=stream)
        with dump.open("rb") as handle:
            db_sha, db_size = _copy_hashing(handle, None)

        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "versions": _versions(),
            "database": {
                "vendor": connection.vendor,
                "member": DB_MEMBER,
                "size": db_size,
                "sha256": db_sha,
                "rows": rows,
            },
            "migrations": migrations,
            "storage": {"backend": f"{type(storage).__module__}.{type(storage).__name__}"},
            "files": [],
        }
        partial = destination.with_name(destination.name + ".partial")
        try:
            with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
                with dump.open("rb") as handle:
                    _add(tar, DB_MEMBER, handle, db_size)
                for name in storage_files(storage):
                    with tempfile.SpooledTemporaryFile(max_size=16 * CHUNK) as copy:
                        with storage.open(name, "rb") as source:
                            sha, size = _copy_hashing(source, copy)
                        copy.seek(0)
                        _add(tar, FILES_PREFIX + name, copy, size)
                    manifest["files"].append({"name": name, "size": size, "sha256": sha})
                body = json.dumps(manifest, indent=2, sort_keys=True).encode()
                with tempfile.SpooledTemporaryFile() as handle:
                    handle.write(body)
                    handle.seek(0)
                    _add(tar, MANIFEST, handle, len(body))
            os.chmod(partial, 0o600)  # personal data: readable by the operator only
            partial.replace(destination)
        finally:
            partial.unlink(missing_ok=True)
    return destination, manifest


# --- verify and restore ---------------------------------------------------------------


def backup_verify(archive):
    """Read the whole archive, check every member against the manifest; return the manifest."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(_("No such backup file: %(path)s") % {"path": archive})
    found, manifest = {}, None
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                name = _safe_name(member.name)
                if not member.isfile():
                    message = _("The archive holds something that is not a file: %(name)s.")
                    raise BackupError(message % {"name": repr(name)})
                handle = tar.extractfile(member)
                if name == MANIFEST:
                    manifest = json.loads(handle.read(50 * CHUNK))
                else:
                    found[name] = _copy_hashing(handle, None)
    except (tarfile.TarError, EOFError, OSError, json.JSONDecodeError) as exc:
        raise BackupError(
            _("%(name)s is not a readable backup archive (%(error)s).")
            % {"name": archive.name, "error": type(exc).__name__}
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("%(name)s is not an Oslo Procurement backup (no manifest).") % {"name": archive.name})
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            _("%(name)s has backup format %(found)s; this version reads format %(wanted)s.")
            % {"name": archive.name, "found": manifest.get("format_version"), "wanted": FORMAT_VERSION}
        )
    expected = {DB_MEMBER: (manifest["database"]["sha256"], manifest["database"]["size"])}
    for entry in manifest["files"]:
        expected[FILES_PREFIX + _safe_name(entry["name"])] = (entry["sha256"], entry["size"])
    if set(found) != set(expected):
        missing, extra = sorted(set(expected) - set(found)), sorted(set(found) - set(expected))
        raise BackupError(
            _("The archive does not match its manifest: missing %(missing)s, unexpected %(extra)s.")
            % {"missing": missing[:5], "extra": extra[:5]}
        )
    damaged = sorted(name for name, value in found.items() if tuple(value) != tuple(expected[name]))
    if damaged:
        raise BackupError(_("Checksums differ, the archive is damaged: %(names)s.") % {"names": damaged[:5]})
    return manifest


def _rows_in_use(using):
    return {label: n for label, n in row_counts(using).items() if n and label not in CREATED_BY_MIGRATE}


def backup_restore(archive, *, force=False, using="default", storage=None, migrate=True):
    """Restore an archive into an empty database and storage (``force`` replaces what is
    there). Returns the manifest. Raises BackupError, having changed nothing, when the
    archive is damaged, made by other migrations, or the target is not empty."""
    storage = storage or default_storage_backend()
    manifest = backup_verify(archive)
    connection = connections[using]

    applied = _applied_migrations(connection)
    if not applied and migrate:
        call_command("migrate", database=using, interactive=False, verbosity=0)
        applied = _applied_migrations(connection)
    wanted = sorted(manifest["migrations"])
    if applied != wanted:
        only_backup = [f"{a}.{n}" for a, n in wanted if [a, n] not in applied]
        only_here = [f"{a}.{n}" for a, n in applied if [a, n] not in wanted]
        raise BackupError(
            _(
                "The backup was made with other migrations than this database has (only in the backup: "
                "%(backup)s; only here: %(here)s). Restore with the version of Oslo Procurement that made "
                "the backup (%(version)s), then upgrade with migrate."
            )
            % {
                "backup": only_backup[:5] or "-",
                "here": only_here[:5] or "-",
                "version": manifest["versions"].get("app") or manifest["created_at"],
            }
        )

    in_use, present = _rows_in_use(using), storage_files(storage)
    if (in_use or present) and not force:
        tables = ", ".join(sorted(in_use)[:5])
        raise BackupError(
            _(
                "The target is not empty: %(rows)s rows in %(models)s models (%(tables)s) and %(files)s "
                "stored files. Restore only into an empty database and storage, or pass --force to "
                "replace everything in them."
            )
            % {"rows": sum(in_use.values()), "models": len(in_use), "tables": tables or "-", "files": len(present)}
        )

    with tempfile.TemporaryDirectory(prefix="oslo-restore-") as work:
        dump = Path(work) / DB_MEMBER
        for name in present:
            storage.delete(name)
        written = []
        try:
            with tarfile.open(archive, "r:gz") as tar:
                for member in tar:
                    handle = tar.extractfile(member)
                    if member.name == DB_MEMBER:
                        with dump.open("wb") as target:
                            shutil.copyfileobj(handle, target, CHUNK)
                    elif member.name.startswith(FILES_PREFIX):
                        name = member.name[len(FILES_PREFIX) :]
                        saved = storage.save(name, File(handle, name=PurePosixPath(name).name))
                        written.append(saved)
                        if saved != name:
                            raise BackupError(
                                _("The storage saved %(name)s as %(saved)s; is it really empty?")
                                % {"name": name, "saved": saved}
                            )
            _load(dump, manifest, using)
        except BaseException:
            for name in written:
                storage.delete(name)
            raise
    return manifest


def _load(dump, manifest, using):
    from django.contrib.contenttypes.models import ContentType

    connection = connections[using]
    try:
        with transaction.atomic(using=using):
            # Empty every table, the rows migrate wrote included: content types and
            # permissions come back with their original ids, so history rows and
            # permissions that point at them stay right.
            if connection.vendor == "postgresql":
                # Rows written earlier in an enclosing transaction leave deferred foreign-key
                # checks pending, which TRUNCATE refuses: run them now.
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            connection.ops.execute_sql_flush(sql_flush(no_style(), connection, reset_sequences=True))
            # Loading sets many-to-many fields, which django-simple-history would record as
            # new history rows; the history is in the archive already.
            with override_settings(SIMPLE_HISTORY_ENABLED=False):
                call_command("loaddata", str(dump), database=using, verbosity=0)
            counts = row_counts(using)
            expected = manifest["database"]["rows"]
            wrong = {label: (counts.get(label), n) for label, n in expected.items() if counts.get(label) != n}
            if wrong:
                raise BackupError(
                    _("Row counts after loading differ from the backup's (now, expected): %(wrong)s.")
                    % {"wrong": wrong}
                )
    finally:
        ContentType.objects.clear_cache()
