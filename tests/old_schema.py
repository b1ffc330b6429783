"""The test database at an earlier migration, for the tests of data migrations, and back.

Migrating the test database backwards costs about 48 s of CPU each time (Django re-renders the
state of nearly every model for each migration it undoes: they are all related to the user
model), and forwards again to the latest about 10 s. A test whose rows are written at the old
schema needs neither: ``database_at()`` drops every table and migrates the empty database
forwards to the old migration and what it depends on (about 2 s), as a database of that time
was built; ``back_to_latest()`` drops every table and builds the current
schema with `migrate`'s fast path for a new database (about 2 s), the way every test database is
built. A test whose rows must be written by today's code first (seed_demo, seed_scale) still
migrates backwards with ``migrated_back_to()``.
"""

from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def _executor():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor


def _drop_every_table():
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if not tables:
            return
        if connection.vendor == "postgresql":
            cursor.execute("DROP TABLE " + ", ".join(quote(table) for table in tables) + " CASCADE")
            return
        cursor.execute("PRAGMA foreign_keys = OFF")
        for table in tables:
            cursor.execute(f"DROP TABLE {quote(table)}")
        cursor.execute("PRAGMA foreign_keys = ON")


def apps_at(executor, target):
    """The historical models at ``target``."""
    executor.loader.build_graph()
    return executor.loader.project_state(target).apps


def database_at(target):
    """An empty database built forwards to ``target``: the migrations it names and those they
    depend on, nothing else (the tables of later or unrelated migrations are absent, as in a
    database of that time; the migration under test sees only what it depends on anyway).
    Returns the models at ``target``."""
    _drop_every_table()
    executor = _executor()
    executor.migrate(target)
    return apps_at(executor, target)


def migrated_back_to(target):
    """The database as it is (rows and all) migrated backwards to ``target``; its models."""
    executor = _executor()
    executor.migrate(target)
    return apps_at(executor, target)


def migrated_to(target):
    """Forwards from the old schema to ``target`` (the migration under test); its models."""
    executor = _executor()
    executor.migrate(target)
    return apps_at(executor, target)


def back_to_latest():
    """Leave the database as every other test expects it: the latest schema, built as a new
    test database is built, with its content types and permissions."""
    from django.contrib.contenttypes.models import ContentType

    _drop_every_table()
    call_command("migrate", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
