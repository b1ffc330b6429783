"""`manage.py migrate`, with a fast path for a new, empty database.

Replaying the migration history on an empty database cost about 35 s of CPU (a fresh clone's
`make run`, every test database): Django re-renders the state of every model related to the one
a migration adds, and nearly every model is related to the user model (the history tables'
`history_user`), so the work grows with the square of the number of models. Squashing the
migrations was measured and does not help (the same 128 models are still created one by one).

On a database with no table at all this command instead creates the tables from the current
models in one pass (as Django's own test runner does with `MIGRATE = False`), runs the
operations that are not derived from the models (every `RunPython`/`RunSQL` not marked
`elidable`: the PostgreSQL exclusion constraint and the SQLite triggers of
`criteria.0002_version_overlap_rule`; data backfills are marked `elidable`, since an empty
database has nothing to backfill), and records every migration as applied. From then on the
database is an ordinary migrated database: later migrations apply as usual. An existing database
never takes this path. `--replay` forces the history to be replayed;
`tests/ops/test_fresh_migrate.py` checks that both give the same schema.
"""

from contextlib import nullcontext

from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.operations.special import RunPython, RunSQL


class Command(DjangoMigrate):
    help = DjangoMigrate.help + " A new, empty database is built from the models in one pass (see --replay)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--replay",
            action="store_true",
            help="On a new database, replay every migration one by one instead of building the tables from the models.",
        )

    def handle(self, *args, **options):
        connection = connections[options["database"]]
        targeted = options["app_label"] or options["fake"] or options["fake_initial"] or options["plan"]
        checking = options["check_unapplied"] or options["prune"]
        if not (options["replay"] or targeted or checking) and not connection.introspection.table_names():
            self.build_from_models(connection, verbosity=options["verbosity"])
        return super().handle(*args, **options)

    def build_from_models(self, connection, *, verbosity):
        if verbosity >= 1:
            self.stdout.write(self.style.MIGRATE_HEADING("New database: building the tables from the models"))
        recorded = build_from_models(connection)
        if verbosity >= 1:
            self.stdout.write(f"  {recorded} migrations recorded as applied.")


def build_from_models(connection, targets=None):
    """Build an empty database's tables from the models as the migrations describe them at
    ``targets`` (default: the latest of every app), in one pass, and record those migrations
    and what they depend on as applied. Returns how many were recorded. The tests of data
    migrations build a database of an earlier time this way (tests/old_schema.py)."""
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    targets = targets or graph.leaf_nodes()
    plan = executor.migration_plan(targets, clean_start=True)
    # The models as the migrations describe them (rendered once), not the app registry:
    # the two differ in small ways a replayed database has (an auto-created many-to-many
    # table's id is a bigint in migration state, an int in contrib.auth's own models).
    state = executor.loader.project_state(targets)
    models = [
        model
        for model in state.apps.get_models()
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]
    # All or nothing where the database can roll back its DDL (PostgreSQL). SQLite cannot
    # change its schema inside a transaction with foreign keys on: a failure there leaves a
    # partly built file to delete (it is a new database, so nothing else is in it).
    all_or_nothing = connection.features.can_rollback_ddl and connection.vendor != "sqlite"
    with transaction.atomic(using=connection.alias) if all_or_nothing else nullcontext():
        with connection.schema_editor() as editor:
            for model in models:
                editor.create_model(model)  # with its many-to-many tables; foreign keys at the end
        with connection.schema_editor(atomic=False) as editor:
            for migration, _backwards in plan:
                for operation in migration.operations:
                    if isinstance(operation, RunPython | RunSQL) and not operation.elidable:
                        operation.database_forwards(migration.app_label, editor, state, state)
        executor.recorder.ensure_schema()
        for migration, _backwards in plan:
            executor.recorder.record_applied(migration.app_label, migration.name)
    return len(plan)
