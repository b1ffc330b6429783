"""The follow-up meetings panel on the supplier page. suppliers imports no other domain
app, so followup registers the panel there (FollowupConfig.ready() imports this module)."""

from django.utils.formats import get_format
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from oslo_procurement.accounts import zones
from oslo_procurement.compiled import compiled_queryset
from oslo_procurement.fixed_urls import fixed_url
from oslo_procurement.form_renderer import value_html
from oslo_procurement.rows import date_writer, row_url
from oslo_procurement.translated import per_language
from suppliers import panels

from ..research.access import panel_buyer
from ..templatetags.meeting_rows import meeting_status_badge_html
from .selectors import supplier_meetings


@panels.register
def supplier_meetings_panel(request, supplier):
    """The supplier's latest meetings with the staff user's own buyer."""
    buyer = panel_buyer(request)
    if buyer is None:
        return None
    return panels.Written(_write_supplier_panel), {
        "supplier": supplier,
        "meetings": compiled_queryset(
            "meetings.panel",
            lambda buyer, supplier: supplier_meetings(buyer=buyer, supplier=supplier),
            buyer=buyer,
            supplier=supplier,
        ),
    }


@per_language
def _texts():
    """The panel's fixed texts, translated once per language."""
    return {
        "heading": gettext("Follow-up meetings"),
        "caption": gettext("Follow-up meetings with this supplier"),
        "meeting": gettext("Meeting"),
        "when": gettext("When"),
        "status": gettext("Status"),
        "plan": gettext("Plan a meeting"),
        "none": gettext("No meetings yet."),
    }


def _write_supplier_panel(panel, context):
    """followup/meetings/_supplier_panel.html (tests/suppliers/test_written_panels.py)."""
    t = _texts()
    heading, caption = t["heading"], t["caption"]
    meeting_th, when, status = t["meeting"], t["when"], t["status"]
    plan = ""
    if context.get("can_edit"):
        plan_label = t["plan"]
        plan = (
            f'<a class="btn btn-sm btn-outline-primary" href="{value_html(fixed_url("meetings:create"))}'
            f'?supplier={value_html(panel["supplier"].public_id)}">{plan_label}</a>'
        )
    zone = value_html(zones.zone_label())
    rows = []
    meetings = list(panel["meetings"])
    if meetings:
        url, starts = row_url("meetings:detail"), date_writer(get_format("SHORT_DATETIME_FORMAT"))
    for meeting in meetings:
        rows.append(
            f'\n      <tr><td><a href="{url(meeting.public_id)}">{value_html(meeting.title)}</a></td>\n'
            f'        <td class="text-nowrap">{starts(template_localtime(meeting.starts_at))}</td>\n'
            f"        <td>{meeting_status_badge_html(meeting)}</td></tr>\n    "
        )
    if not rows:
        rows.append(f'<tr><td colspan="3">{t["none"]}</td></tr>')
    return (
        '\n<section id="meetings" aria-labelledby="meetings-heading" class="mt-3">\n'
        '  <div class="d-flex flex-wrap gap-2 justify-content-between align-items-center">\n'
        f'    <h2 id="meetings-heading" class="h4">{heading}</h2>\n'
        f"    {plan}\n"
        "  </div>\n"
        '  <table class="table table-sm align-middle">\n'
        f'    <caption class="visually-hidden">{caption}</caption>\n'
        f'    <thead><tr><th scope="col">{meeting_th}</th><th scope="col">{when} ({zone})</th>'
        f'<th scope="col">{status}</th></tr></thead>\n'
        "    <tbody>\n"
        f"    {''.join(rows)}\n"
        "    </tbody>\n"
        "  </table>\n"
        "</section>\n"
    )
