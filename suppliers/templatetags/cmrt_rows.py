"""The table of a supplier's CMRTs, written in Python: the HTML the template
``suppliers/cmrt/_report_table.html`` wrote (its leading and closing newlines included), for
the officer's and the supplier's CMRT pages and the supplier page's CMRT panel
(tests/suppliers/test_written_panels.py compares them). The texts are ``gettext`` calls
outside the f-strings, where makemessages finds them."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from oslo_procurement.form_renderer import value_html
from oslo_procurement.rows import row_url, short_dates
from oslo_procurement.translated import per_language

register = template.Library()


@per_language
def _texts():
    """The table's head and its fixed texts, written once per language."""
    caption = gettext("Conflict Minerals Reporting Templates")
    effective, company, version = gettext("Effective date"), gettext("Company in the file"), gettext("Version")
    scope, smelters, uploaded = gettext("Scope"), gettext("Smelters"), gettext("Uploaded")
    return {
        "head": (
            '\n<table class="table table-sm">\n'
            f'  <caption class="visually-hidden">{caption}</caption>\n'
            f'  <thead><tr><th scope="col">{effective}</th><th scope="col">{company}</th>'
            f'<th scope="col">{version}</th><th scope="col">{scope}</th><th scope="col">{smelters}</th>'
            f'<th scope="col">{uploaded}</th></tr></thead>\n'
            "  <tbody>\n"
        ),
        "expired": gettext("Expired"),
        "shared": gettext("Shared with you %(date)s"),
        "none": gettext("No CMRT has been uploaded yet."),
    }


def report_table_html(reports, detail_url_name):
    """The table: a row per report (its effective date linking to ``detail_url_name``), or
    the row that says none has been uploaded."""
    t = _texts()
    rows = []
    reports = list(reports)
    if reports:
        url, short_date = row_url(detail_url_name), short_dates()
        expired, shared_with_you = t["expired"], t["shared"]
    for report in reports:
        shared_at = getattr(report, "shared_at", None)
        shared = ""
        if shared_at:
            text = shared_with_you % {"date": short_date(template_localtime(shared_at))}
            shared = f' <span class="badge text-bg-info">{text}</span>'
        evidence = report.evidence
        is_expired = f' <span class="badge text-bg-secondary">{expired}</span>' if evidence and evidence.expired else ""
        effective_date = short_date(report.effective_date) if report.effective_date else "–"
        name = value_html(report.company_name)
        by = f" ({value_html(report.uploaded_by.full_name)})" if report.uploaded_by else ""
        rows.append(
            f'\n    <tr><td><a href="{url(report.public_id)}">{effective_date}'
            f'<span class="visually-hidden"> {name}</span></a>\n'
            f"        {shared}\n"
            f"        {is_expired}</td>\n"
            f"      <td>{name}</td><td>{value_html(report.template_version)}</td>"
            f"<td>{value_html(report.declaration_scope)}</td><td>{value_html(report.smelter_count)}</td>\n"
            f"      <td>{short_date(template_localtime(report.created_at))}{by}</td></tr>\n  "
        )
    if not rows:
        rows.append(f'<tr><td colspan="6">{t["none"]}</td></tr>')
    return t["head"] + f"  {''.join(rows)}\n  </tbody>\n</table>\n"


@register.simple_tag
def cmrt_report_table(reports, detail_url_name):
    # Every value is escaped above (value_html, row_url, date_writer), as the template escaped it.
    return mark_safe(report_table_html(reports, detail_url_name))  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal
