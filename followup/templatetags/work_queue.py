"""The work queue's rows, written in Python: the same HTML the loop in
followup/workqueue/home.html wrote, without a template lookup, translation and filter per
row (that loop was most of the page's own template time; bench/README.md)."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from oslo_procurement.form_renderer import value_html

register = template.Library()


@register.simple_tag
def work_queue_rows(lines):
    """``<tr>`` per line of ``followup.workqueue.selectors.work_queue``: its title linking to
    its list, and its count (with "nothing waits" when it is zero)."""
    nothing = value_html(gettext("Nothing waits for you here."))
    parts = []
    for row in lines:
        count = row["count"]
        shown = value_html(count)
        parts.append(
            f'\n    <tr id="line-{value_html(row["line"].key)}" data-count="{shown}">\n'
            '      <th scope="row" class="fw-normal">\n'
            f'        <a href="{value_html(row["url"])}">{value_html(row["line"].title)}</a>\n'
            "        "
            + ("" if count else f'<span class="d-block small text-body-secondary">{nothing}</span>')
            + "\n      </th>\n"
            '      <td class="text-end"><span class="badge '
            + ("text-bg-warning" if count else "text-bg-light border")
            + f' fs-6">{shown}</span></td>\n'
            "    </tr>\n  "
        )
    # Every value is escaped above (value_html), as the template escaped it.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal
