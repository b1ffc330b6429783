"""The timeline's entries written in Python are the entries the template loop wrote."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from followup.templatetags.timeline import timeline_entries
from followup.timeline.selectors import KINDS, Entry

LOOP = Template(
    """{% load i18n %}{% for entry in entries %}
  <li class="border-start border-3 ps-3 mb-3">
    <div class="small text-body-secondary"><time datetime="{{ entry.when|date:'Y-m-d\\TH:i:sO' }}">{% if entry.date_only %}{{ entry.when|date:"SHORT_DATE_FORMAT" }}{% else %}{{ entry.when|date:"SHORT_DATETIME_FORMAT" }}{% endif %}</time>
      · {{ entry.kind_label }}{% if entry.future %} · <strong>{% translate "upcoming" %}</strong>{% endif %}{% if entry.who is not None %} · {{ entry.who }}{% endif %}</div>
    <div>{% if entry.url %}<a href="{{ entry.url }}">{{ entry.title }}</a>{% else %}{{ entry.title }}{% endif %}</div>
    {% if entry.detail %}<div class="text-body-secondary">{{ entry.detail|truncatechars:300|linebreaksbr }}</div>{% endif %}
  </li>
  {% endfor %}"""  # noqa: E501  (the loop as supplier_timeline.html had it)
)


def entries():
    now = timezone.now()
    day = timezone.make_aware(datetime.datetime(2026, 12, 31, 12, 0))
    long = "Første linje & <b>fet</b>\r\nandre linje\n\nfjerde " + "ø" * 400
    return [
        Entry(when=now + datetime.timedelta(days=3), kind="meeting", title="Møte «A» & <B>", url="/m/1/?a=1&b=2"),
        Entry(when=day, kind="evidence", title="Utløper", url="/s/1/#evidence", date_only=True),
        Entry(when=now - datetime.timedelta(hours=5), kind="finding", title="T", detail=long, who='Åse <Ørn> & "Co"'),
        Entry(when=now - datetime.timedelta(days=400), kind="action", title="No link", who="", detail="kort\nlinje"),
        Entry(
            when=datetime.datetime(2025, 3, 30, 0, 30, tzinfo=datetime.UTC),
            kind="supplier",
            title="Changed: website",
            url="/suppliers/x/",
            who=None,
            detail="",
        ),
        *[
            Entry(when=now - datetime.timedelta(minutes=i), kind=kind, title=kind)
            for i, (kind, _label) in enumerate(KINDS)
        ],
    ]


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("zone", ["Europe/Oslo", "America/Los_Angeles", "UTC"])
def test_entries_are_the_template_loops_entries(language, zone):
    with translation.override(language), timezone.override(zone):
        shown = entries()
        now = timezone.now()
        old = [{**entry.__dict__, "kind_label": dict(KINDS)[entry.kind], "future": entry.when > now} for entry in shown]
        assert timeline_entries(shown) == LOOP.render(Context({"entries": old}))
