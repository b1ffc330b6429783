"""The follow-up meetings panel on the supplier page. suppliers imports no other domain
app, so followup registers the panel there (FollowupConfig.ready() imports this module)."""

from oslo_procurement.compiled import compiled_queryset
from suppliers import panels

from ..research.access import panel_buyer
from .selectors import supplier_meetings


@panels.register
def supplier_meetings_panel(request, supplier):
    """The supplier's latest meetings with the staff user's own buyer."""
    buyer = panel_buyer(request)
    if buyer is None:
        return None
    return "followup/meetings/_supplier_panel.html", {
        "supplier": supplier,
        "meetings": compiled_queryset(
            "meetings.panel",
            lambda buyer, supplier: supplier_meetings(buyer=buyer, supplier=supplier),
            buyer=buyer,
            supplier=supplier,
        ),
    }
