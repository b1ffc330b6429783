"""Supplier portal screens for the supplier's own CMRTs (URLs under /portal/cmrt/)."""

from django.shortcuts import render
from django.urls import reverse

from oslo_procurement.accounts.access import supplier_required

from ..access import get_portal_supplier
from . import selectors
from .access import get_portal_report, get_portal_upload
from .views import handle_upload, render_upload_status


@supplier_required
def report_list(request):
    supplier = get_portal_supplier(request)
    return render(
        request,
        "portal/cmrt/report_list.html",
        {
            "supplier": supplier,
            "reports": selectors.supplier_reports(supplier),
            "uploads": selectors.open_uploads(supplier),
            "upload_url_name": "portal_cmrt:upload_status",
        },
    )


@supplier_required
def upload(request):
    supplier = get_portal_supplier(request)
    return handle_upload(
        request,
        supplier=supplier,
        template="portal/cmrt/upload.html",
        context={"supplier": supplier},
        detail_url=lambda report: reverse("portal_cmrt:report_detail", args=[report.public_id]),
        upload_url=lambda upload: reverse("portal_cmrt:upload_status", args=[upload.public_id]),
    )


@supplier_required
def upload_status(request, public_id):
    upload = get_portal_upload(request, public_id)
    return render_upload_status(
        request,
        upload,
        template="portal/cmrt/upload_status.html",
        report_url=lambda report: reverse("portal_cmrt:report_detail", args=[report.public_id]),
        context={"supplier": upload.supplier},
    )


@supplier_required
def report_detail(request, public_id):
    report = get_portal_report(request, public_id)
    return render(request, "portal/cmrt/report_detail.html", selectors.report_detail(report, for_supplier=True))
