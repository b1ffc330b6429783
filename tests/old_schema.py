"""The test database at an earlier migration, for the tests of data migrations, and back.

Django's own backward migration (``MigrationExecutor.migrate`` to an earlier target) first
computes the state before each migration it will undo on *rendered* models, and re-renders
nearly every model at each step (they are all related to the user model): about 48 s of CPU
each time. ``migrated_back_to()`` computes those states on the models' descriptions only
(cheap), renders each once just before its migration is undone, and undoes it with Django's
own ``unapply_migration`` (the same operations, the same states): about 5 s.

A test whose rows are written at the old schema needs no backward step at all:
``database_at()`` drops every table and builds the old migration and what it depends on with
`migrate`'s fast path for a new database (the tables from the models as those migrations
describe them, about 1 s; replaying them one by one cost up to 50 s).
``back_to_latest()`` drops every table and builds the current schema with `migrate`'s fast
path for a new database (about 2 s), the way every test database is built.
"""

from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.state import ProjectState


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
    """An empty database built to ``target``: the migrations it names and those they depend
    on, nothing else (the tables of later or unrelated migrations are absent, as in a
    database of that time; the migration under test sees only what it depends on anyway).
    Returns the models at ``target``."""
    from oslo_procurement.ops.management.commands.migrate import build_from_models

    _drop_every_table()
    build_from_models(connection, target)
    return apps_at(_executor(), target)


def migrated_back_to(target):
    """The database as it is (rows and all) migrated backwards to ``target``; its models.

    What ``MigrationExecutor._migrate_all_backwards`` does, in the same order and with the same
    states, but with the states before each undone migration computed unrendered."""
    executor = _executor()
    plan = executor.migration_plan(target)
    assert all(backwards for _migration, backwards in plan), f"{target} is not behind the database"
    graph = executor.loader.graph
    full_plan = executor.migration_plan(graph.leaf_nodes(), clean_start=True)
    applied = {graph.nodes[key] for key in executor.loader.applied_migrations if key in graph.nodes}
    to_undo = {migration for migration, _backwards in plan}
    states = {}
    state = ProjectState(real_apps=executor.loader.unmigrated_apps)
    for migration, _forwards in full_plan:
        if len(states) == len(to_undo):
            break
        if migration in to_undo:
            states[migration] = state.clone()
        if migration in applied:
            migration.mutate_state(state, preserve=False)
    for migration, _backwards in plan:
        before = states.pop(migration)
        before.apps  # noqa: B018 - rendered once here; unapply() then clones it as Django does
        executor.unapply_migration(before, migration)
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
