"""The work queue's rows written in Python are the rows the template loop wrote."""

from dataclasses import dataclass

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import gettext_lazy

from followup.templatetags.work_queue import work_queue_rows

LOOP = Template(
    """{% load i18n %}{% for row in lines %}
    <tr id="line-{{ row.line.key }}" data-count="{{ row.count }}">
      <th scope="row" class="fw-normal">
        <a href="{{ row.url }}">{{ row.line.title }}</a>
        {% if not row.count %}<span class="d-block small text-body-secondary">{% translate "Nothing waits for you here." %}</span>{% endif %}
      </th>
      <td class="text-end"><span class="badge {% if row.count %}text-bg-warning{% else %}text-bg-light border{% endif %} fs-6">{{ row.count }}</span></td>
    </tr>
  {% endfor %}"""  # noqa: E501  (the loop as home.html had it)
)


@dataclass
class Line:
    key: str
    title: object


LINES = [
    {
        "line": Line("overdue_actions", gettext_lazy("Overdue corrective actions")),
        "count": 12345,
        "url": "/actions/?overdue=yes&mine=1",
    },
    {"line": Line("a<b>", "Tom & <Jerry>"), "count": 0, "url": '/work/x/?q="1"'},
    {"line": Line("meetings_this_week", gettext_lazy("Meetings this week")), "count": 1, "url": "/meetings/"},
]


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("thousands", [False, True])
def test_rows_are_the_template_loops_rows(language, thousands, settings):
    settings.USE_THOUSAND_SEPARATOR = thousands
    with translation.override(language):
        assert work_queue_rows(LINES) == LOOP.render(Context({"lines": LINES}))
        assert work_queue_rows([]) == LOOP.render(Context({"lines": []}))
