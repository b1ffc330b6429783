"""The one way views reach CMRT reports. Staff helpers check the role; the portal helper
scopes the lookup to the user's own organisation, so another supplier's report gives 404.

The smelter reference list is the installation's, shared by every buyer: any buyer's staff
read it; only the installation's administrators import or change it (``may_change_smelters``,
used by the screens, the admin and the import service)."""

from django.shortcuts import get_object_or_404

from oslo_procurement.accounts.access import deny, is_installation_admin, require_staff

from ..access import cmrt_scope, cmrt_upload_scope, get_portal_supplier, staff_buyer_ids
from ..models import CmrtReport, CmrtUpload

_REPORTS = CmrtReport.objects.select_related("supplier", "evidence", "uploaded_by")


def get_report_for_user(request, public_id, *, write=False):
    """A CMRT report the staff user's buyer may read (suppliers.access, the one rule); 404 otherwise."""
    require_staff(request, write=write)
    return get_object_or_404(_REPORTS.filter(cmrt_scope(staff_buyer_ids(request))), public_id=public_id)


def get_portal_report(request, public_id):
    supplier = get_portal_supplier(request)
    return get_object_or_404(_REPORTS, public_id=public_id, supplier=supplier, archived_at__isnull=True)


def may_change_smelters(user):
    return is_installation_admin(user)


def require_smelter_admin(request):
    """The smelter list's import and changes: installation administrators only (403)."""
    if not may_change_smelters(request.user):
        deny(request, "smelter reference list: installation administrators only")


_UPLOADS = CmrtUpload.objects.select_related("supplier", "report", "uploaded_by")


def get_upload_for_user(request, public_id):
    """A background upload, for staff whose buyer may read the supplier's CMRT reports (the one
    reading rule of suppliers.access: a relation with the supplier); 404 otherwise."""
    require_staff(request)
    return get_object_or_404(_UPLOADS.filter(cmrt_upload_scope(staff_buyer_ids(request))), public_id=public_id)


def get_portal_upload(request, public_id):
    supplier = get_portal_supplier(request)
    return get_object_or_404(_UPLOADS, public_id=public_id, supplier=supplier)
