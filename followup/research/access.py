"""The one way views reach desktop-research findings.

Staff helpers check the role, then scope the lookup to the user's buyer
(contracts.access.get_user_buyer), so another buyer's finding gives 404 whatever URL is
typed. The portal helper scopes to the supplier user's own organisation and to findings
an officer has raised with it, so an unraised finding, or one raised only with another
supplier, gives 404.
"""

from django.shortcuts import get_object_or_404

from contracts.access import get_user_buyer, staff_buyer
from oslo_procurement.accounts.access import require_staff
from suppliers.access import get_portal_supplier

from ..models import Finding, FindingSupplier


def get_finding_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    buyer = get_user_buyer(request)
    return get_object_or_404(Finding.objects.select_related("buyer", "recorded_by"), public_id=public_id, buyer=buyer)


def get_portal_finding_link(request, public_id):
    """The supplier's own link to a finding raised with it (not archived)."""
    supplier = get_portal_supplier(request)
    return get_object_or_404(
        # The internal wording is not even loaded for the portal.
        FindingSupplier.objects.select_related("finding", "supplier").defer(
            "finding__summary", "finding__internal_notes"
        ),
        finding__public_id=public_id,
        supplier=supplier,
        raised_at__isnull=False,
        finding__archived_at__isnull=True,
    )


def panel_buyer(request):
    """The staff user's buyer for a panel on the supplier page, or None (never denies:
    a panel that does not apply is simply left out). Shares get_user_buyer's cache."""
    return staff_buyer(request)
