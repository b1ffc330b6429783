"""A risk level's badge, written in Python: the HTML the template ``_level_badge.html`` wrote
(its closing newline included), for the risk pages and the supplier page's risk panel
(tests/suppliers/test_written_panels.py compares the two)."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from oslo_procurement.form_renderer import value_html

register = template.Library()

LEVEL_CLASSES = {
    "very_high": "text-bg-danger",
    "high": "text-bg-warning",
    "medium_high": "text-bg-info",
    "medium": "text-bg-light border",
}


def level_badge_html(level, label):
    """The badge of a risk level (``label`` its name), or "Not assessed yet" without one."""
    if not level:
        not_yet = gettext("Not assessed yet")  # outside the f-string: makemessages finds it
        return f'<span class="text-body-secondary">{not_yet}</span>\n'
    return f'<span class="badge {LEVEL_CLASSES.get(level, "text-bg-success")}">{value_html(label)}</span>\n'


@register.simple_tag
def level_badge(level, label):
    # Every value is escaped above (value_html), as the template escaped it.
    return mark_safe(level_badge_html(level, label))  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal
