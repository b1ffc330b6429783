"""The risk and timeline panel on the supplier page. suppliers imports no other domain
app, so this module registers the panel there; followup's AppConfig.ready() imports it."""

from oslo_procurement.compiled import compiled_first
from suppliers import panels

from ..research.access import panel_buyer
from .selectors import latest_rows


@panels.register
def supplier_risk_panel(request, supplier):
    """The supplier's latest recorded risk for the staff user's buyer, with links to the
    risk page and the supplier's timeline."""
    buyer = panel_buyer(request)
    if buyer is None:
        return None
    return "followup/risk/_supplier_risk_panel.html", {
        "supplier": supplier,
        "assessment": compiled_first(
            "risk.panel", lambda buyer, supplier: latest_rows(buyer, supplier)[:1], buyer=buyer, supplier=supplier
        ),
    }


def agreement_risk_panel(request, agreement):
    """On the agreement page: a link to the risk of its suppliers for this agreement."""
    user = request.user
    if not (user.is_authenticated and user.is_buyer_staff):
        return None
    return "followup/risk/_agreement_panel.html", {"agreement": agreement}
