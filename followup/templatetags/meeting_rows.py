"""A follow-up meeting's status badge, written in Python: the HTML the template
``followup/meetings/_status_badge.html`` wrote (its closing newline included), for the meeting
pages of both sides and the supplier page's meetings panel (tests/suppliers/test_written_panels.py
compares them)."""

from django import template
from django.utils.safestring import mark_safe

from oslo_procurement.form_renderer import value_html

register = template.Library()

STATUS_CLASSES = {"minutes_shared": "text-bg-success", "held": "text-bg-info", "cancelled": "text-bg-secondary"}


def meeting_status_badge_html(meeting):
    css = STATUS_CLASSES.get(meeting.status, "text-bg-light border")
    return f'<span class="badge {css}">{value_html(meeting.get_status_display())}</span>\n'


@register.simple_tag
def meeting_status_badge(meeting):
    # The label is escaped above (value_html), as the template escaped it.
    return mark_safe(meeting_status_badge_html(meeting))  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal
