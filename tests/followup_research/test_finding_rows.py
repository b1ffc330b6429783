# ruff: noqa: E501  (LOOP is the template loop verbatim, one template line per string)
"""{% finding_rows %} writes the findings list's rows exactly as the template loop it replaced
did, in both languages: archived findings, several suppliers (raised or not) or none, no
country, every severity and status, no publisher or no date, text that needs escaping, and an
empty page."""

import datetime

import pytest
from django.db.models import Prefetch
from django.template import Context, Template
from django.utils import timezone, translation

from followup.models import Finding, FindingSupplier
from followup.research import selectors

from .factories import FindingFactory, link

pytestmark = pytest.mark.django_db

# The loop as followup/research/finding_list.html had it.
LOOP = (
    "{% load i18n %}"
    "  {% for finding in page %}\n"
    "    <tr>\n"
    '      <td><a href="{% url \'findings:detail\' finding.public_id %}" lang="{{ finding.language }}">{{ finding.title }}</a>{% if finding.is_archived %} <span class="badge badge-archived">{% translate "Archived" %}</span>{% endif %}</td>\n'
    "      <td>{{ finding.get_issue_type_display }}</td>\n"
    '      <td>{% for link in finding.supplier_links.all %}{{ link.supplier.legal_name }}{% if link.raised_at %} <span class="text-body-secondary small">({% translate "raised" %})</span>{% endif %}{% if not forloop.last %}<br>{% endif %}{% empty %}–{% endfor %}</td>\n'
    '      <td>{{ finding.country.name|default:"–" }}</td>\n'
    '      <td>{% include "followup/research/_severity_badge.html" with severity=finding.severity label=finding.get_severity_display %}</td>\n'
    '      <td>{% include "followup/research/_status_badge.html" with status=finding.status label=finding.get_status_display %}</td>\n'
    '      <td>{{ finding.source_publisher|default:finding.get_source_kind_display }}{% if finding.source_date %}, {{ finding.source_date|date:"SHORT_DATE_FORMAT" }}{% endif %}</td>\n'
    "    </tr>\n"
    "  {% empty %}\n"
    '    <tr><td colspan="7">{% translate "No finding matches the filter." %}</td></tr>\n'
    "  {% endfor %}\n"
    "  </tbody>"
)
TAG = """{% load finding_rows %}  {% finding_rows page %}
  </tbody>"""


def _page(buyer, supplier_a, supplier_b):
    statuses = ["new", "raised", "remedying", "disputed", "closed"]
    for number, status in enumerate(statuses):
        finding = FindingFactory(
            buyer=buyer,
            title=f'Overtime <b>&</b> "fees" {number}',
            status=status,
            severity=number % 4 + 1,
            country="" if number == 2 else "CN",
            source_publisher="" if number == 3 else "Watch & Co",
            source_date=None if number == 1 else datetime.date(2026, 3, 12),
            language="en" if number % 2 else "nb",
            archived_at=timezone.now() if number == 4 else None,
        )
        if number in (0, 1):
            link(finding, supplier_a, raised=True)
            link(finding, supplier_b)
        elif number == 2:
            link(finding, supplier_b, raised=True)
    return selectors.finding_rows(buyer=buyer, status="all")


def _as_the_loop_read_them(findings):
    """The rows as the list read them for the loop: each finding's links prefetched, by name."""
    links = FindingSupplier.objects.select_related("supplier").order_by("supplier__legal_name")
    return list(findings.prefetch_related(Prefetch("supplier_links", queryset=links)))


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_rows_are_the_loops_rows(buyer, supplier_a, supplier_b, language):
    supplier_b.legal_name = "Beta <Brands> AS"
    supplier_b.save()
    findings = _page(buyer, supplier_a, supplier_b)
    page, before = selectors.with_supplier_links(findings), _as_the_loop_read_them(findings)
    assert {finding.status for finding in page} == set(Finding.Status.values) & {
        "new",
        "raised",
        "remedying",
        "disputed",
        "closed",
    }
    with translation.override(language):
        for rows, rows_before in ((page, before), ([], [])):
            expected = Template(LOOP).render(Context({"page": rows_before}))
            assert Template(TAG).render(Context({"page": rows})) == expected
        full = Template(TAG).render(Context({"page": page}))
    assert "Beta &lt;Brands&gt; AS" in full and "&lt;b&gt;&amp;&lt;/b&gt;" in full
