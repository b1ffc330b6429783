"""The one way views reach supplier data. Staff helpers check the role; portal helpers
scope every lookup to the user's own organisation, so another supplier's id gives 404."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from oslo_procurement.accounts.access import deny, require_staff

from .models import Contact, Evidence, Invitation, Site, Supplier, SupplierMembership


def get_supplier_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    return get_object_or_404(Supplier, public_id=public_id)


def get_contact_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    return get_object_or_404(Contact.objects.select_related("supplier"), public_id=public_id)


def get_site_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    return get_object_or_404(Site.objects.select_related("supplier"), public_id=public_id)


def get_membership_for_user(request, public_id, *, write=False):
    """A supplier's portal user, reached through their membership (users have no public id)."""
    require_staff(request, write=write)
    return get_object_or_404(SupplierMembership.objects.select_related("supplier", "user"), public_id=public_id)


def get_invitation_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    return get_object_or_404(Invitation.objects.select_related("supplier"), public_id=public_id)


def supplier_of(user):
    """The active supplier organisation a supplier user belongs to, or None. The one rule
    for the portal and for an API token (oslo_procurement/api/permissions.py)."""
    membership = (
        SupplierMembership.objects.select_related("supplier")
        .filter(user=user, supplier__archived_at__isnull=True)
        .first()
    )
    return membership.supplier if membership is not None else None


def get_portal_supplier(request):
    """The supplier organisation of the logged-in supplier user."""
    if not request.user.is_supplier_user:
        deny(request, "portal page")
    supplier = supplier_of(request.user)
    if supplier is None:
        raise Http404("No active supplier organisation for this user.")
    return supplier


def get_portal_site(request, public_id):
    supplier = get_portal_supplier(request)
    return get_object_or_404(Site.objects.select_related("supplier"), public_id=public_id, supplier=supplier)


def get_evidence_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    return get_object_or_404(Evidence.objects.select_related("supplier"), public_id=public_id)


def get_portal_evidence(request, public_id):
    supplier = get_portal_supplier(request)
    return get_object_or_404(Evidence.objects.select_related("supplier"), public_id=public_id, supplier=supplier)


def get_portal_contact(request, public_id):
    supplier = get_portal_supplier(request)
    return get_object_or_404(Contact.objects.select_related("supplier"), public_id=public_id, supplier=supplier)
