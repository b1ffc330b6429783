"""The awards panel on the supplier page. suppliers imports no other domain app, so
contracts registers its panel there (ContractsConfig.ready() imports this module)."""

from suppliers import panels

from .models import BuyerMembership
from .selectors import supplier_awards


@panels.register
def supplier_awards_panel(request, supplier):
    """The supplier's awards in the agreements of the staff user's own buyer."""
    user = request.user
    if not (user.is_authenticated and user.is_buyer_staff):
        return None
    membership = BuyerMembership.objects.select_related("buyer").filter(user=user).first()
    if membership is None:
        return None
    return "contracts/_supplier_awards_panel.html", {"awards": supplier_awards(supplier, membership.buyer)}


# Panels that higher apps add to the agreement page (the standings on the sanctions
# ladder, for example). Each is ``func(request, agreement) -> (template_name, context)``.
_agreement_panels = []


def register_agreement_panel(func):
    _agreement_panels.append(func)
    return func


def render_agreement_panels(request, agreement):
    return [panel for panel in (func(request, agreement) for func in _agreement_panels) if panel is not None]
