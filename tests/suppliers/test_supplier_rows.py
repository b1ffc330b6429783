"""{% supplier_rows %} writes the supplier list's rows exactly as the template loop it
replaced did, in both languages, for archived and foreign suppliers, names that need
escaping, responsible officers or none, and an empty page."""

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from suppliers.models import Supplier
from tests import factories as f

pytestmark = pytest.mark.django_db

# The loop as suppliers/supplier_list.html had it.
LOOP = (
    "{% load i18n %}  {% for supplier in page %}\n"
    "    <tr>\n"
    '      <td><a href="{{ supplier.get_absolute_url }}">{{ supplier.legal_name }}</a>'
    '{% if supplier.is_archived %} <span class="badge badge-archived">{% translate "Archived" %}</span>{% endif %}'
    "</td>\n"
    "      <td>{{ supplier.registry_id }}</td>\n"
    "      <td>{{ supplier.country.name }}</td>\n"
    "      <td>{{ supplier.get_role_display }}</td>\n"
    '      <td>{% if supplier.transparency_act_covered %}{% translate "Covered" %}'
    '{% else %}{% translate "Not covered" %}{% endif %}</td>\n'
    '      <td class="text-end">{{ supplier.site_count }}</td>\n'
    '      <td>{{ supplier.responsible_officer|default:"–" }}</td>\n'
    "    </tr>\n"
    "  {% empty %}\n"
    '    <tr><td colspan="7">{% translate "No supplier matches the filter." %}</td></tr>\n'
    "  {% endfor %}\n"
    "  </tbody>"
)
TAG = """{% load supplier_rows %}  {% supplier_rows page %}
  </tbody>"""


def _page():
    f.SupplierFactory(legal_name='Åsen & "Sønner" <AS>', org_number="912345678", transparency_act_covered=True)
    f.SupplierFactory(
        legal_name="Tamsui Electronics", org_number=None, foreign_registry_id="TW-1234", country="TW", role="assembler"
    )
    f.SupplierFactory(legal_name="Gammel Leverandør AS", archived_at=timezone.now())
    suppliers = list(Supplier.objects.order_by("legal_name"))
    for number, supplier in enumerate(suppliers):
        supplier.site_count = 1234 * number
        supplier.responsible_officer = "Kari <Nordmann>" if number == 1 else ""
    return suppliers


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_rows_are_the_loops_rows(language):
    page = _page()
    with translation.override(language):
        for rows in (page, []):
            expected = Template(LOOP).render(Context({"page": rows}))
            assert Template(TAG).render(Context({"page": rows})) == expected
        full = Template(TAG).render(Context({"page": page}))
    assert "&lt;AS&gt;" in full and "Kari &lt;Nordmann&gt;" in full and "TW-1234" in full
