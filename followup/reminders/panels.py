"""The notifications panel on the supplier page. suppliers imports no other domain app,
so followup registers it there: FollowupConfig.ready() imports this module."""

from suppliers import panels

from ..research.access import panel_buyer
from . import selectors

PANEL_ROWS = 5


@panels.register
def supplier_notifications_panel(request, supplier):
    """The latest notifications about the supplier, for the staff of the viewer's buyer."""
    buyer = panel_buyer(request)
    if buyer is None:
        return None
    qs = selectors.supplier_notifications(supplier=supplier, buyer=buyer)
    latest = list(qs[:PANEL_ROWS])
    for notification in latest:
        notification.step_text = selectors.step_text(notification)
    return "followup/reminders/_supplier_panel.html", {
        "supplier": supplier,
        "notifications": latest,
        "counts": selectors.status_counts(qs),
    }
