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
    shares = compiled_queryset("sharing.panel", _panel_shares, buyer=buyer, supplier=supplier)
    if not shares:
        return None
    return "followup/sharing/_supplier_panel.html", {"shares": shares, "supplier": supplier}


def _panel_shares(buyer, supplier):
    """What the panel shows of each share (followup/sharing/_supplier_panel.html), not every
    column of the seven records a share links to."""
    return (
        selectors.shared_with_buyer(buyer, supplier)
        .select_related(None)
        .select_related("assessment__round__questionnaire", "cmrt_report", "evidence")
        .only(
            "kind",
            "public_id",
            "shared_at",
            "assessment__round__questionnaire__title_nb",
            "assessment__round__questionnaire__title_en",
            "cmrt_report__public_id",
            "cmrt_report__template_version",
            "evidence__public_id",
            "evidence__title",
            "evidence__file_path",
        )
    )


@panels.register_portal
def accepted_notice_panel(request, supplier):
    acceptances = list(selectors.recent_acceptances(supplier, days=60))
    if not acceptances:
        return None
    return "portal/sharing/_notice_panel.html", {"acceptances": acceptances}
