"""The self-assessments panel on the supplier page. suppliers imports no other domain
app, so followup registers its panel there (FollowupConfig.ready() imports this module)."""

from suppliers import panels

from .selectors import buyer_membership, portal_decisions, supplier_assessments


@panels.register
def supplier_assessments_panel(request, supplier):
    """The supplier's self-assessments in the rounds of the staff user's own buyer."""
    user = request.user
    if not (user.is_authenticated and user.is_buyer_staff):
        return None
    membership = buyer_membership(user)
    if membership is None:
        return None
    return "followup/_supplier_assessments_panel.html", {
        "assessments": supplier_assessments(supplier, membership.buyer)
    }


@panels.register_portal
def portal_decisions_panel(request, supplier):
    """On the portal home: the buyer's latest decisions for the supplier (verdicts on its
    self-assessments, corrective actions verified or returned), each linking to its page."""
    decisions = portal_decisions(supplier)
    if not (decisions["verdicts"] or decisions["action_updates"]):
        return None
    return "portal/followup/_decisions_panel.html", decisions
