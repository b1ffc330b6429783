"""The corrective actions panel on the supplier page: the supplier's standing on the
sanctions ladder and its actions that are not closed. suppliers imports no other domain
app, so followup registers the panel there (FollowupConfig.ready() imports this module)."""

from suppliers import panels

from ..research.access import panel_buyer
from .selectors import supplier_open_actions, supplier_standing


@panels.register
def supplier_actions_panel(request, supplier):
    """Standing and open actions at the staff user's own buyer."""
    buyer = panel_buyer(request)
    if buyer is None:
        return None
    return "followup/actions/_supplier_panel.html", {
        "supplier": supplier,
        "standing": supplier_standing(buyer, supplier),
        "actions": supplier_open_actions(buyer=buyer, supplier=supplier),
    }


def agreement_standings_panel(request, agreement):
    """For the agreement page: each supplier with an active award and its standing on the
    sanctions ladder, as ``(template_name, context)`` like the supplier-page panels. Not
    registered anywhere: contracts imports no followup module, so the agreement page needs
    a registry of its own (as suppliers.panels) to show it."""
    from .selectors import standings_for_agreement

    user = request.user
    if not (user.is_authenticated and user.is_buyer_staff):
        return None
    return "followup/actions/_agreement_standings_panel.html", {
        "agreement": agreement,
        "standings": standings_for_agreement(agreement),
    }
