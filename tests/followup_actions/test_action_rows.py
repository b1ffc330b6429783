# ruff: noqa: E501  (LOOP is the template loop verbatim, one template line per string)
"""{% action_rows %} writes the corrective actions list's rows exactly as the template loop it
replaced did, in both languages: every status, overdue or not, agreed in a meeting or not, a
sanction in force or none, text that needs escaping, and an empty page."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from followup.actions import selectors
from followup.models import CorrectiveAction, Escalation, Meeting
from tests import factories as f

from .conftest import OSLO, TODAY, written_warning_in_force

pytestmark = pytest.mark.django_db

# The loop as followup/actions/action_list.html had it.
LOOP = (
    "{% load i18n %}"
    "  {% for action in page %}\n"
    "    <tr>\n"
    "      <td><a href=\"{% url 'actions:detail' action.public_id %}\">{{ action.title }}</a>\n"
    '        {% if action.meeting %}<div class="small text-body-secondary">{% blocktranslate with title=action.meeting.title %}Agreed in: {{ title }}{% endblocktranslate %}</div>{% endif %}</td>\n'
    "      <td>{{ action.supplier.legal_name }}</td>\n"
    "      <td>{{ action.get_severity_display }}</td>\n"
    '      <td class="text-nowrap">{{ action.deadline|date:"SHORT_DATE_FORMAT" }}</td>\n'
    '      <td>{% include "followup/actions/_status_badge.html" with overdue=action.overdue %}</td>\n'
    '      <td>{{ action.rung_in_force_label|default:"–" }}</td>\n'
    "    </tr>\n"
    "  {% empty %}\n"
    '    <tr><td colspan="6">{% translate "No corrective action matches the filter." %}</td></tr>\n'
    "  {% endfor %}\n"
    "  </tbody>"
)
TAG = """{% load action_rows %}  {% action_rows page %}
  </tbody>"""


def _page(buyer, officer):
    """One action per status, every other one overdue, agreed in a meeting or not, the
    overdue ones with a sanction in force; as the list view gives them."""
    supplier = f.SupplierFactory(legal_name='Beta <Brands> & "Co" AS')
    for number, status in enumerate(CorrectiveAction.Status.values * 2):
        meeting = None
        if number % 3:
            meeting = Meeting.objects.create(
                buyer=buyer,
                supplier=supplier,
                title=f"Follow-up <{number}> & more",
                starts_at=datetime.datetime(2026, 4, 1, tzinfo=OSLO),
            )
        action = CorrectiveAction.objects.create(
            buyer=buyer,
            supplier=supplier,
            title=f'Map tier 2 <b>&</b> "fees" {number}',
            severity=number % 4 + 1,
            deadline=TODAY + datetime.timedelta(days=-3 if number % 2 else 10),
            status=status,
            meeting=meeting,
            **({"verified_by": officer, "verified_at": timezone.now()} if status == "verified_closed" else {}),
        )
        if number % 2:
            written_warning_in_force(action, officer)
    page = list(selectors.action_list_rows(selectors.action_list(buyer=buyer)))
    for action in page:  # as the view does
        action.rung_in_force_label = Escalation.Rung(action.rung_in_force).label if action.rung_in_force else ""
    return page


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_rows_are_the_loops_rows(buyer, officer, language):
    page = _page(buyer, officer)
    assert {action.status for action in page} == set(CorrectiveAction.Status.values)
    assert {bool(action.overdue) for action in page} == {True, False}
    assert {bool(action.rung_in_force_label) for action in page} == {True, False}
    with translation.override(language):
        for rows in (page, []):
            expected = Template(LOOP).render(Context({"page": rows}))
            assert Template(TAG).render(Context({"page": rows})) == expected
        full = Template(TAG).render(Context({"page": page}))
    assert "Map tier 2 &lt;b&gt;&amp;&lt;/b&gt; &quot;fees&quot; 1" in full
    assert "Follow-up &lt;1&gt; &amp; more" in full


# The loop as followup/actions/_supplier_panel.html (the supplier page) had it.
PANEL_LOOP = (
    "{% load i18n %}"
    "    {% for action in actions %}\n"
    "      <tr><td><a href=\"{% url 'actions:detail' action.public_id %}\">{{ action.title }}</a></td>\n"
    '        <td class="text-nowrap">{{ action.deadline|date:"SHORT_DATE_FORMAT" }}</td>\n'
    '        <td>{% include "followup/actions/_status_badge.html" with overdue=action.overdue %}</td></tr>\n'
    '    {% empty %}<tr><td colspan="3">{% translate "No open corrective actions." %}</td></tr>{% endfor %}\n'
    "    </tbody>"
)
PANEL_TAG = """{% load action_rows %}    {% open_action_rows actions %}
    </tbody>"""


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_supplier_page_rows_are_the_loops_rows(buyer, officer, language):
    page = _page(buyer, officer)
    supplier = page[0].supplier
    actions = list(selectors.supplier_open_actions(buyer=buyer, supplier=supplier))
    assert {bool(action.overdue) for action in actions} == {True, False}
    assert len({action.status for action in actions}) > 1
    with translation.override(language):
        for rows in (actions, []):
            expected = Template(PANEL_LOOP).render(Context({"actions": rows}))
            assert Template(PANEL_TAG).render(Context({"actions": rows})) == expected
