"""The self-assessments panel on the supplier page. suppliers imports no other domain
app, so followup registers its panel there (FollowupConfig.ready() imports this module)."""

from oslo_procurement.compiled import compiled_queryset
from suppliers import panels

from .research.access import panel_buyer
from .selectors import portal_decisions, supplier_assessments


@panels.register
def supplier_assessments_panel(request, supplier):
    """The supplier's self-assessments in the rounds of the staff user's own buyer."""
    buyer = panel_buyer(request)
    if buyer is None:
        return None
    return "followup/_supplier_assessments_panel.html", {"assessments": _panel_assessments(buyer, supplier)}


def _panel_assessments(buyer, supplier):
    """The panel's rows, reading only what it shows (followup/templatetags/assessment_rows.py);
    SQL compiled once per process."""
    return compiled_queryset(
        "assessments.panel",
        lambda buyer, supplier: supplier_assessments(supplier, buyer).only(
            "public_id",
            "status",
            "round__title_nb",
            "round__title_en",
            "round__deadline",
            "round__agreement__reference",
        ),
        buyer=buyer,
        supplier=supplier,
    )


@panels.register_portal
def portal_decisions_panel(request, supplier):
    """On the portal home: the buyer's latest decisions for the supplier (verdicts on its
    self-assessments, corrective actions verified or returned), each linking to its page."""
    decisions = portal_decisions(supplier)
    if not (decisions["verdicts"] or decisions["action_updates"]):
        return None
    return "portal/followup/_decisions_panel.html", decisions
