"""The rows of the supplier page's self-assessments panel, written in Python: the same HTML the
loop in followup/_supplier_assessments_panel.html wrote, without a template lookup per cell,
the status badge template included per row and a URL reversed per row.
tests/followup/test_assessment_rows.py compares the two."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from oslo_procurement.form_renderer import value_html
from oslo_procurement.rows import badge, row_url, short_dates

register = template.Library()

# followup/_status_badge.html
STATUS_CLASSES = {
    "accepted": "text-bg-success",
    "submitted": "text-bg-dark",
    "returned": "text-bg-warning",
    "in_progress": "text-bg-info",
}
OTHER = "text-bg-light border"


@register.simple_tag
def assessment_rows(assessments):
    """``<tr>`` per self-assessment (each with its round and the round's agreement), or the row
    that says there is none."""
    assessments = list(assessments)
    if not assessments:
        empty = value_html(gettext("No self-assessments yet."))
        return mark_safe(f'<tr><td colspan="4">{empty}</td></tr>')  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal
    url = row_url("followup:assessment_review")
    short_date = short_dates()
    parts = []
    for assessment in assessments:
        round_ = assessment.round
        href = url(assessment.public_id)
        status = badge(STATUS_CLASSES.get(assessment.status, OTHER), assessment.get_status_display())
        parts.append(
            f'\n      <tr><td><a href="{href}">{value_html(round_.title)}</a></td>\n'
            f"        <td>{value_html(round_.agreement.reference)}</td>\n"
            f'        <td class="text-nowrap">{short_date(round_.deadline)}</td>\n'
            f"        <td>{status}</td></tr>\n    "
        )
    # Every value is escaped above (value_html), as the template escaped it.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal
