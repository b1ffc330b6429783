"""The findings list's rows, written in Python: the same HTML the loop in
followup/research/finding_list.html wrote, without a template lookup per cell, two badge
templates included per row and a URL reversed per row (the rows were nine tenths of the
list's CPU, cProfile). tests/followup_research/test_finding_rows.py compares the two."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from oslo_procurement.choices import display
from oslo_procurement.countries import country_code, country_names
from oslo_procurement.form_renderer import value_html
from oslo_procurement.rows import badge, row_url, short_dates

register = template.Library()

# followup/research/_severity_badge.html and _status_badge.html
SEVERITY_CLASSES = {4: "text-bg-danger", 3: "text-bg-warning", 2: "text-bg-info"}
STATUS_CLASSES = {
    "closed": "text-bg-success",
    "raised": "text-bg-dark",
    "remedying": "text-bg-info",
    "disputed": "text-bg-warning",
}
OTHER = "text-bg-light border"


@register.simple_tag
def finding_rows(findings):
    """``<tr>`` per finding (with its ``listed_links``: research.selectors.with_supplier_links),
    or the row that says no finding matches."""
    findings = list(findings)
    if not findings:
        empty = value_html(gettext("No finding matches the filter."))
        return mark_safe(f'\n    <tr><td colspan="7">{empty}</td></tr>\n  ')  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal
    url, country = row_url("findings:detail"), country_names()
    short_date = short_dates()
    model = type(findings[0])
    issue_type, severity, status = (display(model, name) for name in ("issue_type", "severity", "status"))
    source_kind = display(model, "source_kind")
    # gettext outside the f-strings, where makemessages finds it
    archived_label, raised_label = value_html(gettext("Archived")), value_html(gettext("raised"))
    archived = f' <span class="badge badge-archived">{archived_label}</span>'
    raised = f' <span class="text-body-secondary small">({raised_label})</span>'
    parts = []
    for finding in findings:
        links = finding.listed_links
        suppliers = (
            "<br>".join(value_html(link.supplier.legal_name) + (raised if link.raised_at else "") for link in links)
            if links
            else "–"
        )
        source = value_html(finding.source_publisher or source_kind(finding))
        if finding.source_date:
            source += ", " + short_date(finding.source_date)
        href = url(finding.public_id)
        parts.append(
            "\n    <tr>\n"
            f'      <td><a href="{href}" lang="{value_html(finding.language)}">{value_html(finding.title)}</a>'
            f"{archived if finding.is_archived else ''}</td>\n"
            f"      <td>{value_html(issue_type(finding))}</td>\n"
            f"      <td>{suppliers}</td>\n"
            f"      <td>{value_html(country(country_code(finding)) or '–')}</td>\n"
            f"      <td>{badge(SEVERITY_CLASSES.get(finding.severity, OTHER), severity(finding))}</td>\n"
            f"      <td>{badge(STATUS_CLASSES.get(finding.status, OTHER), status(finding))}</td>\n"
            f"      <td>{source}</td>\n"
            "    </tr>\n  "
        )
    # Every value is escaped above (value_html), as the template escaped it.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal
