"""One SQL statement for many ORM querysets, compiled once per process and bound per request.

The timeline reads sixteen sources; building and compiling their querysets (history models
of thirty columns, window functions, the reading rule's subqueries) cost far more CPU than
PostgreSQL spends running them. Their SQL is the same for every supplier and buyer, only
the parameters differ. So the querysets are built once with *stand-in values* (ids that no
row has, dates in the year 1001), compiled by the ORM, and the stand-ins are found again
among the compiled parameters; each request binds its own values in their place. The
querysets, and the access rules they call (suppliers.access), are the ones written in
selectors.py; tests/followup_research/test_timeline_statement.py checks that the bound
statement is exactly what the ORM compiles with the real values.

The parts are put together as ``SELECT <columns> FROM (<part>) UNION ALL ...``: each part
keeps its own ORDER BY and LIMIT (PostgreSQL and SQLite both accept them in a subquery),
and names the columns it gives; a column a part has no use for is a typed NULL, so the
union's column types agree. Values come back converted as the ORM converts them (SQLite
returns dates, UUIDs and booleans as text and numbers).
"""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import Value

from oslo_procurement.compiled import statement_cursor

# Stand-ins, never real values: ids are positive, and no date of the year 1001 is stored.
STAND_INS = {
    "supplier": -7_301_000_001,
    "buyer": -7_301_000_002,
    "today": datetime.date(1001, 1, 1),
    "soon": datetime.date(1001, 1, 2),
}


def _stand_in(param):
    """The name of the stand-in that ``param`` (as the ORM compiled it) is, or None."""
    for name, value in STAND_INS.items():
        if isinstance(value, datetime.date):
            # The ORM adapts a date for the database (SQLite: its ISO text).
            if param == connection.ops.adapt_datefield_value(value):
                return name
        elif type(param) is int and param == value:
            return name
    return None


@dataclass
class Statement:
    sql: str
    params: list
    slots: list  # (index in params, stand-in name)
    fields: list  # the model field of each column after the first (the part's number)

    def bind(self, values):
        """The parameters with each stand-in replaced by the request's value."""
        params = list(self.params)
        for index, name in self.slots:
            value = values[name]
            params[index] = connection.ops.adapt_datefield_value(value) if isinstance(value, datetime.date) else value
        return params

    def run(self, values):
        """The rows, each ``(part number, *columns)``, values converted as the ORM does."""
        converters = []
        for index, field in enumerate(self.fields, start=1):
            expression = Value(None, output_field=field)
            found = connection.ops.get_db_converters(expression) + field.get_db_converters(connection)
            if found:
                converters.append((index, expression, found))
        cursor = statement_cursor()
        cursor.execute(self.sql, self.bind(values))
        rows = cursor.fetchall()
        if not converters:
            return rows
        converted = []
        for row in rows:
            row = list(row)
            for index, expression, functions in converters:
                value = row[index]
                if value is not None:
                    for function in functions:
                        value = function(value, expression, connection)
                    row[index] = value
            converted.append(row)
        return converted


def compile_union(parts, columns):
    """``parts``: querysets built with the stand-ins, each ``.values()`` of some of
    ``columns`` (name -> model field) and usually ordered and sliced. One statement whose
    rows are ``(index of the part, *columns)``."""
    quote = connection.ops.quote_name
    selects, params = [], []
    for number, queryset in enumerate(parts):
        sql, part_params = queryset.query.get_compiler(connection=connection).as_sql()
        given = set(queryset.query.values_select) | set(queryset.query.annotation_select)
        unknown = given - set(columns)
        if unknown:
            raise ValueError(f"columns not in the statement: {sorted(unknown)}")
        names = ", ".join(
            f"{quote(name)}" if name in given else f"CAST(NULL AS {field.db_type(connection)})"
            for name, field in columns.items()
        )
        # The ORM's own SQL, quoted names and database types: no value is written into it.
        selects.append(f"SELECT {number}, {names} FROM ({sql}) {quote(f'part_{number}')}")  # noqa: S608  # nosec B608  # nosemgrep: oslo-sql-string-formatting
        params.extend(part_params)
    sql = " UNION ALL ".join(selects)
    for value in STAND_INS.values():
        if str(value) in sql:
            raise ValueError("a stand-in was written into the SQL, not passed as a parameter")
    slots = [(index, name) for index, param in enumerate(params) if (name := _stand_in(param))]
    return Statement(sql=sql, params=params, slots=slots, fields=list(columns.values()))
