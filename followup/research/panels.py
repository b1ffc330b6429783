"""The findings panel on the supplier page. suppliers imports no other domain app, so
this module registers the panel there; followup's AppConfig.ready() imports it."""

from oslo_procurement.compiled import compiled_queryset
from suppliers import panels

from .access import panel_buyer
from .selectors import open_findings


@panels.register
def supplier_findings_panel(request, supplier):
    """How many open findings of the staff user's buyer concern the supplier."""
    buyer = panel_buyer(request)
    if buyer is None:
        return None
    return "followup/research/_supplier_findings_panel.html", {
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
