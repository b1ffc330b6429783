# ruff: noqa: E501  (LOOP is the template loop verbatim, one template line per string)
"""{% assessment_rows %} writes the supplier page's self-assessments panel rows exactly as the
template loop it replaced did, in both languages: every status, a round with and without an
English title, text that needs escaping, and no self-assessment at all. The panel reads only
what it shows, with no query per row."""

import datetime

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from followup.models import Assessment
from followup.panels import _panel_assessments
from tests import factories as f

from .factories import AssessmentFactory, RoundFactory

pytestmark = pytest.mark.django_db

# The loop as followup/_supplier_assessments_panel.html had it.
LOOP = (
    "{% load i18n %}"
    "    {% for assessment in panel.assessments %}\n"
    "      <tr><td><a href=\"{% url 'followup:assessment_review' assessment.public_id %}\">{{ assessment.round.title }}</a></td>\n"
    "        <td>{{ assessment.round.agreement.reference }}</td>\n"
    '        <td class="text-nowrap">{{ assessment.round.deadline|date:"SHORT_DATE_FORMAT" }}</td>\n'
    '        <td>{% include "followup/_status_badge.html" with status=assessment.status label=assessment.get_status_display %}</td></tr>\n'
    '    {% empty %}<tr><td colspan="4">{% translate "No self-assessments yet." %}</td></tr>{% endfor %}\n'
    "    </tbody>"
)
TAG = """{% load assessment_rows %}    {% assessment_rows panel.assessments %}
    </tbody>"""


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_rows_are_the_loops_rows(buyer, supplier_a, language):
    agreement = f.AgreementFactory(buyer=buyer, reference="RA <2026> & co")
    for number, status in enumerate(Assessment.Status.values):
        round_ = RoundFactory(
            agreement=agreement,
            title_nb=f"Runde <{number}> & «år»",
            title_en="" if number % 2 else f"Round <{number}>",
            opens_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=number),
            deadline=datetime.date(2026, 3, 1) + datetime.timedelta(days=number),
        )
        submitted = timezone.now() if status in ("submitted", "accepted") else None
        AssessmentFactory(round=round_, supplier=supplier_a, status=status, submitted_at=submitted)
    with CaptureQueriesContext(connection) as queries:
        rows = _panel_assessments(buyer, supplier_a)
        with translation.override(language):
            ours = Template(TAG).render(Context({"panel": {"assessments": rows}}))
    assert len(queries) == 1  # the rows, their rounds and agreements: nothing read per row
    assert len(rows) == len(Assessment.Status.values)
    with translation.override(language):
        for panel in ({"assessments": rows}, {"assessments": []}):
            expected = Template(LOOP).render(Context({"panel": panel}))
            assert Template(TAG).render(Context({"panel": panel})) == expected
    assert "RA &lt;2026&gt; &amp; co" in ours and "text-bg-success" in ours
