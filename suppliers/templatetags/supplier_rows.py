"""The supplier list's rows, written in Python: the same HTML the loop in
suppliers/supplier_list.html wrote, without a template lookup per cell and a URL reversed
per row (the rows were most of the list's template time; bench/README.md).
tests/suppliers/test_supplier_rows.py compares the two."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from oslo_procurement.choices import display
from oslo_procurement.countries import country_code, country_names
from oslo_procurement.form_renderer import value_html
from oslo_procurement.rows import row_url

register = template.Library()


@register.simple_tag
def supplier_rows(suppliers):
    """``<tr>`` per supplier (each with ``site_count`` and ``responsible_officer``), or the
    row that says no supplier matches."""
    suppliers = list(suppliers)
    if not suppliers:
        empty = value_html(gettext("No supplier matches the filter."))
        return mark_safe(f'\n    <tr><td colspan="7">{empty}</td></tr>\n  ')  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal
    url, country = row_url("suppliers:detail"), country_names()
    archived_label = value_html(gettext("Archived"))  # outside the f-string: makemessages finds it
    archived = f' <span class="badge badge-archived">{archived_label}</span>'
    covered, not_covered = value_html(gettext("Covered")), value_html(gettext("Not covered"))
    role = display(type(suppliers[0]), "role")
    parts = []
    for supplier in suppliers:
        href = url(supplier.public_id)
        parts.append(
            "\n    <tr>\n"
            f'      <td><a href="{href}">{value_html(supplier.legal_name)}</a>'
            f"{archived if supplier.is_archived else ''}</td>\n"
            f"      <td>{value_html(supplier.registry_id)}</td>\n"
            f"      <td>{value_html(country(country_code(supplier)))}</td>\n"
            f"      <td>{value_html(role(supplier))}</td>\n"
            f"      <td>{covered if supplier.transparency_act_covered else not_covered}</td>\n"
            f'      <td class="text-end">{value_html(supplier.site_count)}</td>\n'
            f"      <td>{value_html(getattr(supplier, 'responsible_officer', '') or '–')}</td>\n"
            "    </tr>\n  "
        )
    # Every value is escaped above (value_html), as the template escaped it.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal
