"""The rows of a dashboard figure's table, written in Python: the same HTML the loop in
followup/reports/_figure.html wrote, without a template lookup per cell (on the dashboard's
eleven figures that loop was most of the page's template time; bench/README.md)."""

from functools import lru_cache
from urllib.parse import quote

from django import template
from django.utils.safestring import mark_safe

from oslo_procurement.form_renderer import value_html

register = template.Library()


@lru_cache(maxsize=4096)
def _key_html(key):
    """A drill-down key as it stands in the link (quoted, escaped): the figures' keys are a
    small set (statuses, countries, criteria), each quoted once per process."""
    return value_html(quote(key, safe="/"))


@register.simple_tag
def figure_rows(figure, drill, drill_url, query):
    """``<tr>`` per row: the row's label, then each cell's number, a link to its drill-down
    list (with the dashboard's filters) when ``drill`` and the cell has a key."""
    link_start = ""
    if drill:
        link_start = f"{value_html(drill_url)}?" + (f"{value_html(query)}&amp;" if query else "") + "key="
    parts = []
    for row, cells in figure.table:
        label = value_html(row.label)
        parts.append(f'\n      <tr>\n        <th scope="row" class="fw-normal">{label}</th>\n        ')
        several = len(cells) > 1
        for cell, column in cells:
            display = value_html(cell.display)
            if cell.key and drill:
                key = _key_html(str(cell.key))
                hidden = f" – {label}" + (f", {value_html(column)}" if several else "")
                parts.append(
                    f'<td class="text-end num"><a href="{link_start}{key}">{display}'
                    f'<span class="visually-hidden">{hidden}</span></a></td>'
                )
            else:
                parts.append(f'<td class="text-end num">{display}</td>')
        parts.append("\n      </tr>\n    ")
    # Every value is escaped above (value_html), as the template escaped it.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal
