"""The notifications panel on the supplier page. suppliers imports no other domain app,
so followup registers it there: FollowupConfig.ready() imports this module."""

from suppliers import panels

from ..selectors import buyer_membership
from . import selectors

PANEL_ROWS = 5


@panels.register
def supplier_notifications_panel(request, supplier):
    """The latest notifications about the supplier, for the staff of the viewer's buyer."""
    user = request.user
    if not (user.is_authenticated and user.is_buyer_staff):
        return None
    membership = buyer_membership(user)
    if membership is None:
        return None
    qs = selectors.supplier_notifications(supplier=supplier, buyer=membership.buyer)
    latest = list(qs[:PANEL_ROWS])
    for notification in latest:
        notification.step_text = selectors.step_text(notification)
    return "followup/reminders/_supplier_panel.html", {
        "supplier": supplier,
        "notifications": latest,
        "counts": selectors.status_counts(qs),
    }
