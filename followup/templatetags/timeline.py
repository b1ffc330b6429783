"""The supplier timeline's entries written in Python: the same HTML the loop in
templates/followup/timeline/supplier_timeline.html wrote, without the template's lookups,
``date`` filters (oslo_procurement.rows.date_writer) and ``{% if %}`` per entry (bench/README.md;
tests/followup_research/test_timeline_entries.py compares it with the loop)."""

from django import template
from django.template.defaultfilters import linebreaksbr, truncatechars
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from followup.timeline.selectors import KINDS
from oslo_procurement.form_renderer import value_html
from oslo_procurement.rows import date_writer

register = template.Library()


@register.simple_tag
def timeline_entries(entries):
    """``<li>`` per entry: when (date only for a day's entry), the kind, "upcoming" for a
    future date, who, the title (a link to the record when it has one), the detail."""
    now = timezone.now()
    stamp_of = date_writer("Y-m-d\\TH:i:sO")
    day_of, moment_of = date_writer(get_format("SHORT_DATE_FORMAT")), date_writer(get_format("SHORT_DATETIME_FORMAT"))
    labels = {}
    upcoming = None
    parts = []
    for entry in entries:
        when = timezone.template_localtime(entry.when)
        stamp = stamp_of(when)
        shown = day_of(when) if entry.date_only else moment_of(when)
        if entry.kind not in labels:
            labels[entry.kind] = value_html(str(dict(KINDS)[entry.kind]))
        line = labels[entry.kind]
        if entry.when > now:
            if upcoming is None:
                word = value_html(gettext("upcoming"))  # outside the f-string: makemessages finds it
                upcoming = f" · <strong>{word}</strong>"
            line += upcoming
        if entry.who is not None:
            line += f" · {value_html(entry.who)}"
        title = value_html(entry.title)
        if entry.url:
            title = f'<a href="{value_html(entry.url)}">{title}</a>'
        detail = ""
        if entry.detail:
            detail = f'<div class="text-body-secondary">{linebreaksbr(truncatechars(entry.detail, 300))}</div>'
        parts.append(
            f'\n  <li class="border-start border-3 ps-3 mb-3">\n    <div class="small text-body-secondary">'
            f'<time datetime="{stamp}">{shown}</time>\n      · {line}</div>\n    <div>{title}</div>\n'
            f"    {detail}\n  </li>\n  "
        )
    # Every value is escaped above (value_html; linebreaksbr escapes the detail), as the
    # template escaped it.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal
