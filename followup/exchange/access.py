"""The one way views reach exchange records. Each helper checks the role, then scopes the
lookup to the staff user's buyer (contracts.access.get_user_buyer), so another buyer's
partner, consent, import or shared item gives 404 whatever URL is typed. Supplier users
never reach these screens (the role check answers 403)."""

from django.shortcuts import get_object_or_404

from contracts.access import get_user_buyer
from contracts.models import Buyer, FrameworkAgreement
from followup.models.exchange import ExchangeImport, PartnerBuyer, SharedItem, SharedSupplier, SharingConsent
from oslo_procurement.accounts.access import require_staff


def get_partner_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    buyer = get_user_buyer(request)
    return get_object_or_404(
        PartnerBuyer.objects.select_related("buyer", "linked_buyer"), public_id=public_id, buyer=buyer
    )


def get_consent_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    buyer = get_user_buyer(request)
    return get_object_or_404(
        SharingConsent.objects.select_related("partner", "supplier"), public_id=public_id, buyer=buyer
    )


def get_import_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    buyer = get_user_buyer(request)
    return get_object_or_404(
        ExchangeImport.objects.select_related("partner", "imported_by"), public_id=public_id, buyer=buyer
    )


def get_shared_item_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    buyer = get_user_buyer(request)
    return get_object_or_404(
        SharedItem.objects.select_related("partner", "shared_supplier__supplier"), public_id=public_id, buyer=buyer
    )


def get_shared_supplier_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    buyer = get_user_buyer(request)
    return get_object_or_404(
        SharedSupplier.objects.select_related("partner", "supplier"), public_id=public_id, buyer=buyer
    )


# --- Public open data: no user, so the scoping is "published" ----------------------------------


def get_published_buyer(public_id):
    """A buyer for its open-data package (only what it marks "publish as open data" is in it)."""
    return get_object_or_404(Buyer.objects.active(), public_id=public_id)


def get_published_agreement(public_id):
    """An agreement its buyer publishes as open data; any other agreement answers 404."""
    return get_object_or_404(
        FrameworkAgreement.objects.active().select_related("buyer"),
        public_id=public_id,
        publish_open_data=True,
        buyer__archived_at__isnull=True,
    )
