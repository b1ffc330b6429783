"""The exchange panels: on the supplier page, what partner buyers shared about the supplier
("Shared by <partner>") and links to share ours; on the agreement page, the OCDS download.
suppliers and contracts import no followup module, so FollowupConfig.ready() registers
these in their panel registries."""

from oslo_procurement.compiled import compiled_queryset
from suppliers import panels

from ..research.access import panel_buyer
from . import selectors

PANEL_LIMIT = 10


@panels.register
def supplier_exchange_panel(request, supplier):
    buyer = panel_buyer(request)
    if buyer is None:
        return None
    items = compiled_queryset(
        "exchange.panel",
        lambda buyer, supplier: selectors.shared_items_for_supplier(buyer=buyer, supplier=supplier)[: PANEL_LIMIT + 1],
        buyer=buyer,
        supplier=supplier,
    )
    shown = selectors.annotate_presentation(items)
    return "followup/exchange/_supplier_panel.html", {
        "supplier": supplier,
        "items": shown[:PANEL_LIMIT],
        "more": len(shown) > PANEL_LIMIT,
        "partners": compiled_queryset("exchange.partners", selectors.partner_list, buyer=buyer),
    }


def agreement_ocds_panel(request, agreement):
    if panel_buyer(request) is None:
        return None
    return "followup/exchange/_agreement_panel.html", {"agreement": agreement}
