"""SQL that the ORM builds the same way on every request, compiled once per process.

Building a queryset (``filter``, ``annotate``, subqueries: Django's ``add_q`` and
``build_filter``) and compiling it can cost more CPU than PostgreSQL spends running it: the
work queue builds eleven querysets with their access rules to count them in one statement,
two thirds of the page's CPU (bench/README.md). When the SQL depends only on some records'
primary keys (the user's buyer, the user) and on a few plain values (the date, "mine"),
``compiled_sql`` builds it once per value of those plain values (``key``), with a stand-in
for each record (an unsaved instance of its model whose pk is a sentinel number), and on
later calls only puts the real records' pks where the sentinels are in the parameters.

It checks itself when it builds a template: the builder runs once with the real records and
once with the stand-ins, and the template is kept only if both give the same SQL text and
the same parameters once the sentinels are replaced. A builder whose SQL depends on
anything else (a record's other fields, the clock, a pk written into the SQL text) fails
that check on its first call, and is then simply built on every call as before.

So a builder must depend only on its records' pks and on what is in ``key``: it must not
read the database, nor branch on a record's other fields.

``compiled_queryset`` does the same for a queryset whose rows are wanted as the ORM gives
them (model instances with their ``select_related`` objects and annotations, or what
``values()`` gives): the queryset is built and compiled once per key, and each later call
runs the stored SQL with the request's pks through the ORM's own converters and the steps of
its iterable (``_Rows``: ``from_db``, the related populators, the values' names, with their
set-up done once per statement; Django's own iterable for any other kind), so the rows are
those the queryset itself would give (tests/test_compiled.py).
"""

import copy
from contextlib import suppress
from uuid import UUID

from django.core.exceptions import EmptyResultSet
from django.core.signals import request_finished
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    ValuesIterable,
    ValuesListIterable,
    get_related_populators,
)
from django.dispatch import receiver
from django.http import Http404

# Stand-in pks: far above any primary key a sequence hands out here, yet within the range of
# every integer column, even a positive 32-bit one (a generic relation's object id): Django
# turns a lookup whose value is out of its column's range into "no row" without SQL, and the
# template would then never match.
SENTINEL = 2**31 - 1 - 64
MAX_TEMPLATES = 512

_templates = {}
_UNCACHEABLE = object()


# Where statement_cursor keeps a connection's DB-API cursor (in the connection's __dict__).
_CURSOR = "_oslo_statement_cursor"


def statement_cursor(using=DEFAULT_DB_ALIAS):
    """``connections[using].cursor()`` for a statement whose rows are read at once (``fetchall()`` or
    ``fetchone()`` right after ``execute()``): Django's cursor wrapper, made as
    ``connection.cursor()`` makes it (the queries logged while the connection logs them, its
    execute wrappers, its errors translated, the broken-transaction check), around one DB-API
    cursor per connection, kept until the request ends, instead of a new one and its closing
    for each statement: some 20 µs of a statement's CPU in Django, which the supplier page paid
    some thirty times (bench/README.md, "What cut the CPU"). A new DB-API cursor is made, through
    ``connection.cursor()`` (which opens the connection, or checks it when health checks are
    on), whenever the kept one is closed or belongs to an earlier connection. Not for a
    ``with`` block: leaving it would close the cursor."""
    connection = connections[using]
    raw = connection.__dict__.get(_CURSOR)
    if raw is None or raw.connection is not connection.connection or getattr(raw, "closed", False):
        wrapper = connection.cursor()
        connection.__dict__[_CURSOR] = wrapper.cursor
        return wrapper
    connection.validate_thread_sharing()
    return connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)


@receiver(request_finished)
def _close_statement_cursors(**kwargs):
    """A request's kept cursors are closed when it ends (with the last result they hold)."""
    for connection in connections.all(initialized_only=True):
        raw = connection.__dict__.pop(_CURSOR, None)
        if raw is not None:
            with suppress(connection.Database.Error):  # its connection may be closed already
                raw.close()


def _label(record):
    if type(record) is int:
        return "pk"
    if type(record) is UUID:
        return "uuid"
    return record._meta.label


def _pk(record):
    return record if type(record) in (int, UUID) else record.pk


def _stand_in(record, offset):
    if type(record) is int:
        return SENTINEL + offset
    if type(record) is UUID:
        return UUID(int=SENTINEL + offset)
    return record._meta.model(pk=SENTINEL + offset)


def _as_param(value, like):
    """The record's pk as the database adapter was given the stand-in's: a UUID, or its hex
    string where the database has no UUID type (SQLite)."""
    return value.hex if type(value) is UUID and type(like) is str else value


def _full_key(kind, key, records):
    return (kind, key, DEFAULT_DB_ALIAS, *sorted((name, _label(obj)) for name, obj in records.items()))


def compiled_sql(key, build, **records):
    """``build(**records)`` returns ``(sql, params)`` (e.g. a queryset's
    ``query.sql_with_params()``); the same, from a template after the first call for ``key``.
    Each record is a saved model instance with an integer pk, or such a pk itself (an app
    that may not import the record's model passes its id), or a ``uuid.UUID`` (a public id
    from the URL, looked up in a UUID column)."""
    full_key = _full_key("sql", key, records)
    template = _templates.get(full_key)
    if template is None:
        sql, params = build(**records)
        if len(_templates) >= MAX_TEMPLATES:
            _templates.clear()
        _templates[full_key] = _template(build, records, sql, params)
        return sql, params
    if template is _UNCACHEABLE:
        return build(**records)
    sql, params, slots = template
    params = list(params)
    for index, name in slots:
        params[index] = _as_param(_pk(records[name]), params[index])
    return sql, params


def compiled_queryset(key, build, **records):
    """The rows of ``build(**records)`` as a list, as the queryset itself would give them;
    built and compiled once per ``key`` (see ``compiled_sql``). A queryset that carries
    objects of its own (a related manager's instance, prefetches with their querysets) is
    not stored: it is built on every call."""
    full_key = _full_key("queryset", key, records)
    entry = _templates.get(full_key)
    if entry is None:
        queryset = build(**records)
        if len(_templates) >= MAX_TEMPLATES:
            _templates.clear()
        _templates[full_key] = _queryset_template(build, records, queryset)
        return list(queryset)
    if entry is _UNCACHEABLE:
        return list(build(**records))
    queryset, compiler, converters, shape, sql, params, slots = entry
    params = list(params)
    for index, name in slots:
        params[index] = _as_param(_pk(records[name]), params[index])
    if shape is not None:
        return shape(sql, params, converters)
    bound = copy.copy(compiler)  # select, klass_info, annotations: as compiled once
    # Run on this thread's connection: the compiler kept the one of the thread that compiled it.
    bound.connection = connections[DEFAULT_DB_ALIAS]
    bound.as_sql = lambda *args, **kwargs: (sql, params)
    bound.get_converters = lambda expressions: converters
    # A shallow copy of the stored queryset and its query that runs through the bound
    # compiler: Django's clone (queryset._chain(), which copies the query's joins, where
    # tree and annotations) was a tenth of this function's cost. Nothing here changes the
    # query; the stored queryset is never evaluated (copy.copy would: QuerySet.__getstate__
    # fetches the rows).
    query = object.__new__(type(queryset.query))
    query.__dict__.update(queryset.query.__dict__)
    query.get_compiler = lambda using=None, connection=None, elide_empty=True: bound
    run = object.__new__(type(queryset))
    run.__dict__.update(queryset.__dict__)
    run._query = query
    return list(run)


def compiled_first(key, build, **records):
    """The first row of ``build(**records)`` (a queryset ordered and sliced to one row), or
    None; compiled as ``compiled_queryset`` does."""
    return next(iter(compiled_queryset(key, build, **records)), None)


def compiled_get_or_404(key, build, **records):
    """``get_object_or_404`` for a lookup by unique values (a public id, the user's supplier):
    the one row of ``build(**records)``, compiled as ``compiled_queryset`` does, or Http404."""
    row = compiled_first(key, build, **records)
    if row is None:
        raise Http404(f"No record matches the given query ({key}).")
    return row


class CompiledList:
    """The rows of ``build(**records)`` (an ordered, unsliced queryset) for Django's
    Paginator: its count and each page through SQL compiled once per ``key`` (see
    ``compiled_sql``): a list page's querysets (filters, annotations, subqueries) are built
    and compiled once per shape of its filters instead of on every view. ``key`` must hold
    every plain value the SQL depends on (the filters' values, the date). The first
    ``COMPILED_PAGES`` pages are compiled; later ones are built as usual, so that paging
    through a long list does not fill the store."""

    COMPILED_PAGES = 10

    def __init__(self, key, build, **records):
        self.key, self.build, self.records = key, build, records

    def count(self):
        return self._run_count(("list-count", self.key), None)

    def count_at_most(self, limit):
        """The count, up to ``limit`` rows (CappedPaginator)."""
        return self._run_count(("list-count", self.key, limit), limit)

    def _run_count(self, key, limit):
        def count_sql(**records):
            # As QuerySet.count() counts a queryset with annotations: the rows of a subquery
            # (Django's own SQL for it, every value in the parameters).
            rows = self.build(**records).order_by().values("pk")
            inner, params = (rows[:limit] if limit else rows).query.sql_with_params()
            return f'SELECT COUNT(*) FROM ({inner}) "counted"', params  # noqa: S608  # nosec B608

        sql, params = compiled_sql(key, count_sql, **self.records)
        cursor = statement_cursor()
        cursor.execute(sql, params)
        return cursor.fetchone()[0]

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step is not None:
            return self.build(**self.records)[index]
        start, stop = index.start or 0, index.stop
        if stop is None or stop - start > 1000 or start >= self.COMPILED_PAGES * (stop - start or 1):
            return list(self.build(**self.records)[start:stop])
        return compiled_queryset(
            ("list-page", self.key, start, stop), lambda **records: self.build(**records)[start:stop], **self.records
        )


def _queryset_template(build, records, queryset):
    if queryset._known_related_objects or queryset._prefetch_related_lookups:
        return _UNCACHEABLE
    compiler = queryset.query.get_compiler(DEFAULT_DB_ALIAS)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return _UNCACHEABLE
    template = _template(lambda **stand_ins: build(**stand_ins).query.sql_with_params(), records, sql, params)
    if template is _UNCACHEABLE:
        return _UNCACHEABLE
    # The columns' converters (dates, decimals, UUIDs...) are found once too: the select is fixed.
    columns = [column for column, _sql, _alias in compiler.select[: compiler.col_count]]
    converters = compiler.get_converters(columns)
    shape = None
    if not compiler.has_composite_fields(columns):
        shape = _Rows.for_queryset(queryset, compiler)
    return (queryset._chain(), compiler, converters, shape, *template)


class _Rows:
    """The rows of a stored statement as the queryset's own iterable gives them: model
    instances as ``ModelIterable`` makes them from its compiler (the same ``from_db``, related
    populators and annotations, in the same order), tuples, single values or dicts as
    ``values_list()``, ``values_list(flat=True)`` and ``values()`` give them; with what those
    iterables work out from the compiler before the first row (the columns' attribute names,
    the populators of the ``select_related`` objects, the values' names) worked out once per
    statement instead of on every run, and the rows read with one ``fetchall``. A query of a
    supplier page panel spent as much in that setup as the database driver spent on it
    (bench/README.md). tests/test_compiled.py compares the results field by field."""

    @classmethod
    def for_queryset(cls, queryset, compiler):
        """The rows' maker for this queryset, or None (another iterable: Django's path)."""
        kind = {
            ModelIterable: "instances",
            ValuesListIterable: "tuples",
            FlatValuesListIterable: "values",
            ValuesIterable: "dicts",
        }.get(queryset._iterable_class)
        return cls(queryset, compiler, kind) if kind else None

    def __init__(self, queryset, compiler, kind):
        self.kind = kind
        # Columns selected only for the ordering are not part of a row (SQLCompiler.execute_sql).
        self.width = compiler.col_count if compiler.has_extra_select else None
        if kind == "instances":
            select, klass_info = compiler.select, compiler.klass_info
            self.model = klass_info["model"]
            fields = klass_info["select_fields"]
            self.start, self.end = fields[0], fields[-1] + 1
            self.init_list = [column[0].target.attname for column in select[self.start : self.end]]
            self.related_populators = get_related_populators(klass_info, select, DEFAULT_DB_ALIAS)
            self.annotations = tuple((compiler.annotation_col_map or {}).items())
        elif kind == "dicts":  # ValuesIterable's names
            query = queryset.query
            self.names = (
                list(query.selected)
                if query.selected
                else [*query.extra_select, *query.values_select, *query.annotation_select]
            )

    def __call__(self, sql, params, converters):
        cursor = statement_cursor()
        connection = cursor.db
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        if self.width is not None:
            rows = [row[: self.width] for row in rows]
        if converters:  # SQLCompiler.apply_converters
            convert = list(converters.items())
            converted = []
            for row in map(list, rows):
                for position, (functions, expression) in convert:
                    value = row[position]
                    for function in functions:
                        value = function(value, expression, connection)
                    row[position] = value
                converted.append(row)
            rows = converted
        kind = self.kind
        if kind == "tuples":
            return [tuple(row) for row in rows]
        if kind == "values":
            return [row[0] for row in rows]
        if kind == "dicts":
            names = self.names
            return [dict(zip(names, row, strict=False)) for row in rows]
        model, start, end, init_list = self.model, self.start, self.end, self.init_list
        populators, annotations = self.related_populators, self.annotations
        instances = []
        for row in rows:
            obj = model.from_db(DEFAULT_DB_ALIAS, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            for name, position in annotations:
                setattr(obj, name, row[position])
            instances.append(obj)
        return instances


def _template(build, records, real_sql, real_params):
    names = sorted(records)
    stand_ins = {name: _stand_in(records[name], offset) for offset, name in enumerate(names)}
    sentinels = {}
    for name, stand_in in stand_ins.items():
        pk = _pk(stand_in)
        sentinels[pk] = name
        if type(pk) is UUID:
            sentinels[pk.hex] = name
    try:
        sql, params = build(**stand_ins)
    except EmptyResultSet:  # the builder read the database with a stand-in, found nothing
        return _UNCACHEABLE
    params = list(params)
    if sql != real_sql or len(params) != len(real_params):
        return _UNCACHEABLE
    slots = []
    for index, (value, real) in enumerate(zip(params, real_params, strict=True)):
        name = sentinels.get(value) if type(value) in (int, str, UUID) else None
        if name is not None:
            if real != _as_param(_pk(records[name]), value):
                return _UNCACHEABLE
            slots.append((index, name))
        elif value != real:
            return _UNCACHEABLE
    return sql, tuple(params), tuple(slots)


def clear():
    """Forget every template (tests)."""
    _templates.clear()
