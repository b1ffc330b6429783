"""The one way views reach corrective actions and escalations.

Staff helpers check the role, then scope the lookup to the user's buyer
(contracts.access.get_user_buyer), so another buyer's action or escalation gives 404
whatever URL is typed. Portal helpers scope every lookup to the supplier user's own
organisation (suppliers.access.get_portal_supplier) and to what the supplier may see:
an action agreed in a meeting appears in the portal only once the minutes are shared.

Managers read everything and change nothing, with one exception: they approve or reject
the escalations that need a manager (``manager_required`` below)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.shortcuts import get_object_or_404

from contracts.access import get_user_buyer
from followup.models import CorrectiveAction, Escalation, Meeting
from oslo_procurement.accounts.access import deny, require_staff
from suppliers.access import get_portal_supplier


def is_manager(user):
    """Managers and administrators decide on the sanctions that need approval."""
    return user.is_active and user.role in (user.Role.MANAGER, user.Role.ADMIN)


def require_manager(request):
    require_staff(request)
    if not is_manager(request.user):
        deny(request, "manager decision")


def manager_required(view):
    """Screens where a manager (or administrator) decides: the approval of an escalation.
    Officers get 403 here: they propose, they do not approve."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        require_manager(request)
        return view(request, *args, **kwargs)

    wrapper.access = "manager"
    return wrapper


def get_action_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    buyer = get_user_buyer(request)
    return get_object_or_404(
        CorrectiveAction.objects.select_related(
            "buyer", "supplier", "finding", "meeting", "answer__assessment__round", "answer__question", "verified_by"
        ),
        public_id=public_id,
        buyer=buyer,
    )


def get_escalation_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    buyer = get_user_buyer(request)
    return get_object_or_404(
        Escalation.objects.select_related("buyer", "supplier", "action", "agreement", "decided_by", "approved_by"),
        public_id=public_id,
        buyer=buyer,
    )


def get_escalation_for_manager(request, public_id):
    require_manager(request)
    buyer = get_user_buyer(request)
    return get_object_or_404(
        Escalation.objects.select_related("buyer", "supplier", "action", "agreement", "decided_by", "approved_by"),
        public_id=public_id,
        buyer=buyer,
    )


def portal_visible_actions(supplier):
    """The supplier's actions it may see: those not agreed in a meeting, and those agreed
    in a meeting whose minutes have been shared."""
    return CorrectiveAction.objects.filter(supplier=supplier).filter(
        Q(meeting__isnull=True) | Q(meeting__status=Meeting.Status.MINUTES_SHARED)
    )


def get_portal_action(request, public_id):
    supplier = get_portal_supplier(request)
    return get_object_or_404(
        portal_visible_actions(supplier).select_related(
            "buyer", "supplier", "meeting", "verified_by", "answer__assessment__round", "answer__question"
        ),
        public_id=public_id,
    )
