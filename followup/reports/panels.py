"""The "follow-up report as PDF" panel on the supplier page. Registered when
FollowupConfig.ready() imports this module (``from .reports import panels``)."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language

from suppliers import panels


@panels.register
def supplier_report_panel(request, supplier):
    user = request.user
    if not (user.is_authenticated and user.is_buyer_staff):
        return None
    try:
        action = reverse("reports:run_create")
    except NoReverseMatch:  # /reports/ not mounted
        return None
    language = "en" if (get_language() or "nb").startswith("en") else "nb"
    return "followup/reports/_supplier_panel.html", {"supplier": supplier, "action": action, "language": language}
