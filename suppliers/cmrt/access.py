"""The one way views reach CMRT reports. Staff helpers check the role; the portal helper
scopes the lookup to the user's own organisation, so another supplier's report gives 404."""

from django.shortcuts import get_object_or_404

from oslo_procurement.accounts.access import require_staff

from ..access import get_portal_supplier, get_supplier_for_user
from ..models import CmrtReport, CmrtUpload

_REPORTS = CmrtReport.objects.select_related("supplier", "evidence", "uploaded_by")


def get_report_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    return get_object_or_404(_REPORTS, public_id=public_id)


def get_portal_report(request, public_id):
    supplier = get_portal_supplier(request)
    return get_object_or_404(_REPORTS, public_id=public_id, supplier=supplier, archived_at__isnull=True)


_UPLOADS = CmrtUpload.objects.select_related("supplier", "report", "uploaded_by")


def get_upload_for_user(request, public_id):
    """A background upload, for staff who may see its supplier (the supplier's own rule)."""
    require_staff(request)
    upload = get_object_or_404(_UPLOADS, public_id=public_id)
    get_supplier_for_user(request, upload.supplier.public_id)
    return upload


def get_portal_upload(request, public_id):
    supplier = get_portal_supplier(request)
    return get_object_or_404(_UPLOADS, public_id=public_id, supplier=supplier)
