"""The follow-up meetings panel on the supplier page. suppliers imports no other domain
app, so followup registers the panel there (FollowupConfig.ready() imports this module)."""

from contracts.models import BuyerMembership
from suppliers import panels

from .selectors import supplier_meetings


@panels.register
def supplier_meetings_panel(request, supplier):
    """The supplier's latest meetings with the staff user's own buyer."""
    user = request.user
    if not (user.is_authenticated and user.is_buyer_staff):
        return None
    membership = BuyerMembership.objects.select_related("buyer").filter(user=user).first()
    if membership is None:
        return None
    return "followup/meetings/_supplier_panel.html", {
        "supplier": supplier,
        "meetings": supplier_meetings(buyer=membership.buyer, supplier=supplier),
    }
