"""Market dialogue on the supplier page and on the agreement page. suppliers and
contracts import no followup module, so followup registers these panels there
(FollowupConfig.ready() imports this module and registers the agreement panel)."""

from oslo_procurement.compiled import compiled_queryset
from suppliers import panels

from ..research.access import panel_buyer
from . import selectors


@panels.register
def supplier_market_panel(request, supplier):
    """The buyer's market dialogue events the supplier was invited to."""
    buyer = panel_buyer(request)
    if buyer is None:
        return None
    invitations = compiled_queryset(
        "consultations.panel",
        lambda buyer, supplier: selectors.supplier_invitations(buyer=buyer, supplier=supplier)[:10],
        buyer=buyer,
        supplier=supplier,
    )
    if not invitations:
        return None
    return "followup/consultations/_supplier_panel.html", {"supplier": supplier, "invitations": invitations}


def agreement_loop_panel(request, agreement):
    """On the agreement page: its market dialogue events, lessons and the next
    procurement draft."""
    from followup.models import ProcurementDraft

    buyer = panel_buyer(request)
    if buyer is None or agreement.buyer_id != buyer.pk:
        return None
    return "followup/consultations/_agreement_panel.html", {
        "agreement": agreement,
        "events": list(selectors.event_list(buyer=buyer, agreement=agreement)[:10]),
        "draft": ProcurementDraft.objects.active().filter(agreement=agreement).first(),
    }
