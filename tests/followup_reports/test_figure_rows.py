"""The figure tables' rows written in Python are the rows the template loop wrote."""

import pytest
from django.template import Context, Template
from django.utils import translation

from followup.reports.figures import Cell, Figure, Row
from followup.templatetags.report_figures import figure_rows

LOOP = Template(
    """{% for row, cells in figure.table %}
      <tr>
        <th scope="row" class="fw-normal">{{ row.label }}</th>
        {% for cell, column in cells %}<td class="text-end num">{% if cell.key and drill %}<a href="{{ drill_url }}?{% if query %}{{ query }}&amp;{% endif %}key={{ cell.key|urlencode }}">{{ cell.display }}<span class="visually-hidden"> – {{ row.label }}{% if cells|length > 1 %}, {{ column }}{% endif %}</span></a>{% else %}{{ cell.display }}{% endif %}</td>{% endfor %}
      </tr>
    {% endfor %}"""  # noqa: E501  (the loop as _figure.html had it)
)


def figure(columns):
    rows = [
        Row(
            label="Norge & <Sverige>",
            key="NO",
            cells=[Cell(1234567, key="NO:pcs"), Cell(None), Cell(3, text="3 (høy)")],
        ),
        Row(label="Kina", cells=[Cell(12.5, key="a b/ø"), Cell("tekst"), Cell(0, key="CN:x")]),
    ]
    return Figure(slug="s", title="T", description="D", columns=columns, rows=rows)


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("drill", [True, False])
@pytest.mark.parametrize("query", ["", "agreement=1&lot=2"])
@pytest.mark.parametrize("columns", [["A", "B <b>", "C"], ["Only"]])
def test_rows_are_the_template_loops_rows(language, drill, query, columns):
    with translation.override(language):
        fig = figure(columns)
        expected = LOOP.render(Context({"figure": fig, "drill": drill, "drill_url": "/reports/d/s/", "query": query}))
        assert figure_rows(fig, drill, "/reports/d/s/", query) == expected
