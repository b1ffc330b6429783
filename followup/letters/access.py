"""The one way views reach sanction letters: staff of the letter's buyer (another buyer's
officer gets 404), and in the portal the supplier's own users (another supplier's user
gets 404), only once the letter is sent."""

from django.shortcuts import get_object_or_404

from contracts.access import get_user_buyer
from followup.models import SanctionLetter
from oslo_procurement.accounts.access import require_staff
from suppliers.access import get_portal_supplier

from . import selectors


def get_letter_for_user(request, public_id):
    require_staff(request)
    buyer = get_user_buyer(request)
    return get_object_or_404(
        SanctionLetter.objects.select_related("buyer", "supplier", "escalation"), public_id=public_id, buyer=buyer
    )


def get_portal_letter(request, public_id):
    supplier = get_portal_supplier(request)
    return get_object_or_404(selectors.portal_letters(supplier), public_id=public_id)
