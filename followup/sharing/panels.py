"""Sharing on two pages: on the officer's supplier page, what the supplier shares with the
buyer (marked as shared, with its date); on the portal home, a notice when a buyer accepted
the supplier's shared answer in a round. Imported by FollowupConfig.ready()."""

from contracts.access import user_buyer_or_none
from oslo_procurement.compiled import compiled_queryset
from suppliers import panels

from . import selectors


@panels.register
def shared_with_us_panel(request, supplier):
    buyer = user_buyer_or_none(request)
    if buyer is None:
        return None
    shares = compiled_queryset(
        "sharing.panel",
        lambda buyer, supplier: selectors.shared_with_buyer(buyer, supplier),
        buyer=buyer,
        supplier=supplier,
    )
    if not shares:
        return None
    return "followup/sharing/_supplier_panel.html", {"shares": shares, "supplier": supplier}


@panels.register_portal
def accepted_notice_panel(request, supplier):
    acceptances = list(selectors.recent_acceptances(supplier, days=60))
    if not acceptances:
        return None
    return "portal/sharing/_notice_panel.html", {"acceptances": acceptances}
