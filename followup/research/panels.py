"""The findings panel on the supplier page. suppliers imports no other domain app, so
this module registers the panel there; followup's AppConfig.ready() imports it."""

from django.utils.translation import gettext, ngettext

from oslo_procurement.compiled import compiled_queryset
from oslo_procurement.fixed_urls import fixed_url
from oslo_procurement.form_renderer import value_html
from suppliers import panels

from .access import panel_buyer
from .selectors import open_findings


@panels.register
def supplier_findings_panel(request, supplier):
    """How many open findings of the staff user's buyer concern the supplier."""
    buyer = panel_buyer(request)
    if buyer is None:
        return None
    return panels.Written(_write_supplier_panel), {
        "supplier": supplier,
        "open_count": len(
            compiled_queryset(
                "research.panel",
                lambda buyer, supplier: open_findings(buyer=buyer, supplier=supplier).values_list("pk"),
                buyer=buyer,
                supplier=supplier,
            )
        ),
    }


def _write_supplier_panel(panel, context):
    """followup/research/_supplier_findings_panel.html (tests/suppliers/test_written_panels.py)."""
    heading = gettext("Desktop research")
    count, supplier = panel["open_count"], panel["supplier"]
    supplier_id = value_html(supplier.public_id)
    counted = ngettext(
        "%(counter)s open finding concerns this supplier.", "%(counter)s open findings concern this supplier.", count
    ) % {"counter": value_html(count)}
    see = ""
    if count:
        see_findings, concerning = gettext("See the findings"), gettext("concerning")
        see = (
            f'<a href="{value_html(fixed_url("findings:list"))}?supplier={supplier_id}&amp;finding_status=open">'
            f'{see_findings}<span class="visually-hidden"> {concerning} {value_html(supplier.legal_name)}</span></a>'
        )
    record = ""
    if context.get("can_edit"):
        record_finding = gettext("Record a finding")
        record = (
            f'{" · " if count else ""}<a href="{value_html(fixed_url("findings:create"))}?supplier={supplier_id}">'
            f"{record_finding}</a>"
        )
    return (
        '\n<section id="findings" aria-labelledby="findings-heading" class="mt-3">\n'
        f'  <h2 id="findings-heading" class="h4">{heading}</h2>\n'
        f"  <p>{counted}\n"
        f"    {see}\n"
        f"    {record}</p>\n"
        "</section>\n"
    )
