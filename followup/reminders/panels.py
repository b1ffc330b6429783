"""The notifications panel on the supplier page. suppliers imports no other domain app,
so followup registers it there: FollowupConfig.ready() imports this module."""

from oslo_procurement.compiled import compiled_queryset
from suppliers import panels

from ..research.access import panel_buyer
from . import selectors

PANEL_ROWS = 5


@panels.register
def supplier_notifications_panel(request, supplier):
    """The latest notifications about the supplier, for the staff of the viewer's buyer
    (two queries, their SQL compiled once per process: oslo_procurement.compiled)."""
    buyer = panel_buyer(request)
    if buyer is None:
        return None
    latest = compiled_queryset(
        "reminders.panel",
        lambda buyer, supplier: selectors.supplier_notifications(supplier=supplier, buyer=buyer)[:PANEL_ROWS],
        buyer=buyer,
        supplier=supplier,
    )
    counts = compiled_queryset(
        "reminders.panel_counts",
        lambda buyer, supplier: selectors.status_count_rows(
            selectors.supplier_notifications(supplier=supplier, buyer=buyer)
        ),
        buyer=buyer,
        supplier=supplier,
    )
    for notification in latest:
        notification.step_text = selectors.step_text(notification)
    return "followup/reminders/_supplier_panel.html", {
        "supplier": supplier,
        "notifications": latest,
        "counts": dict(counts),
    }
