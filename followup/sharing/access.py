"""The one way staff reach what a supplier shared with their buyer: a share that is not
withdrawn, to the staff user's own buyer; anything else is 404 (suppliers.access states
the rule; this is its lookup for a shared self-assessment)."""

from django.shortcuts import get_object_or_404

from contracts.access import get_user_buyer
from oslo_procurement.accounts.access import require_staff

from ..models import SupplierShare


def get_share_for_user(request, public_id):
    require_staff(request)
    buyer = get_user_buyer(request)
    return get_object_or_404(
        SupplierShare.objects.select_related(
            "supplier", "buyer", "assessment__round__questionnaire", "assessment__round__agreement__buyer"
        ),
        public_id=public_id,
        buyer=buyer,
        kind=SupplierShare.Kind.ASSESSMENT,
        withdrawn_at__isnull=True,
    )
