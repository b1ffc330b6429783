"""The one way views reach market dialogue events.

Staff helpers check the role, then scope the lookup to the user's buyer
(contracts.access.get_user_buyer), so another buyer's event, proposed criterion or
invitation gives 404 whatever URL is typed. The portal helper finds the event through
the supplier user's own organisation's invitation (suppliers.access.get_portal_supplier):
an event the supplier was not invited to, or another supplier's, gives 404."""

from django.shortcuts import get_object_or_404

from contracts.access import get_user_buyer
from followup.models import EventInvitation, MarketEvent, ProposedCriterion
from oslo_procurement.accounts.access import require_staff
from suppliers.access import get_portal_supplier


def get_event_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    buyer = get_user_buyer(request)
    return get_object_or_404(
        MarketEvent.objects.select_related("buyer", "agreement", "created_by"), public_id=public_id, buyer=buyer
    )


def get_proposal_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    buyer = get_user_buyer(request)
    return get_object_or_404(
        ProposedCriterion.objects.select_related("event__buyer", "criterion", "criterion_version__criterion"),
        public_id=public_id,
        event__buyer=buyer,
    )


def get_invitation_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    buyer = get_user_buyer(request)
    return get_object_or_404(
        EventInvitation.objects.select_related("event__buyer", "event__agreement", "supplier", "input_by"),
        public_id=public_id,
        event__buyer=buyer,
    )


def get_portal_invitation(request, event_public_id):
    """The supplier user's own organisation's invitation to the event (not archived)."""
    supplier = get_portal_supplier(request)
    return get_object_or_404(
        EventInvitation.objects.select_related("event__buyer", "event__agreement", "supplier", "input_by"),
        event__public_id=event_public_id,
        event__archived_at__isnull=True,
        supplier=supplier,
    )
