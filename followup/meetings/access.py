"""The one way views reach follow-up meetings.

Staff helpers check the role, then scope the lookup to the user's buyer
(contracts.access.get_user_buyer), so another buyer's meeting gives 404 whatever URL is
typed. The portal helper scopes every lookup to the supplier user's own organisation
(suppliers.access.get_portal_supplier), so another supplier's meeting gives 404; what of a
meeting the supplier may see (agenda, minutes) is decided in the portal views."""

from django.shortcuts import get_object_or_404

from contracts.access import get_user_buyer
from followup.models import Meeting
from oslo_procurement.accounts.access import require_staff
from suppliers.access import get_portal_supplier


def get_meeting_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    buyer = get_user_buyer(request)
    return get_object_or_404(Meeting.objects.select_related("buyer", "supplier"), public_id=public_id, buyer=buyer)


def get_portal_meeting(request, public_id):
    """A meeting with the supplier user's own organisation, as listed in the portal."""
    from .selectors import portal_meeting_list

    supplier = get_portal_supplier(request)
    return get_object_or_404(portal_meeting_list(supplier).select_related("supplier"), public_id=public_id)
