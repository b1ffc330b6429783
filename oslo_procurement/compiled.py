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
"""

from django.db import DEFAULT_DB_ALIAS

# Far below any primary key a sequence hands out.
SENTINEL = -(2**62)
MAX_TEMPLATES = 512

_templates = {}
_UNCACHEABLE = object()


def compiled_sql(key, build, **records):
    """``build(**records)`` returns ``(sql, params)`` (e.g. a queryset's
    ``query.sql_with_params()``); the same, from a template after the first call for ``key``.
    Each record is a saved model instance with an integer pk."""
    full_key = (key, DEFAULT_DB_ALIAS, *sorted((name, obj._meta.label) for name, obj in records.items()))
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
        params[index] = records[name].pk
    return sql, params


def _template(build, records, real_sql, real_params):
    names = sorted(records)
    sentinels = {SENTINEL + offset: name for offset, name in enumerate(names)}
    stand_ins = {name: records[name]._meta.model(pk=SENTINEL + offset) for offset, name in enumerate(names)}
    sql, params = build(**stand_ins)
    params = list(params)
    if sql != real_sql or len(params) != len(real_params):
        return _UNCACHEABLE
    slots = []
    for index, (value, real) in enumerate(zip(params, real_params, strict=True)):
        name = sentinels.get(value) if type(value) is int else None
        if name is not None:
            if real != records[name].pk:
                return _UNCACHEABLE
            slots.append((index, name))
        elif value != real:
            return _UNCACHEABLE
    return sql, tuple(params), tuple(slots)


def clear():
    """Forget every template (tests)."""
    _templates.clear()
