"""Officer and manager screens for CMRTs and the smelter reference list
(URLs under /suppliers/cmrt/)."""

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from oslo_procurement.accounts.access import staff_required, staff_write_required
from oslo_procurement.core import paginate

from ..access import (
    cmrt_scope,
    cmrt_upload_scope,
    get_supplier_for_user,
    is_related,
    mark_shared,
    require_related,
    staff_buyer_ids,
)
from ..panels import smelter_note_url_name, smelter_notes
from . import selectors, services
from .access import get_report_for_user, get_upload_for_user, may_change_smelters, require_smelter_admin
from .forms import CmrtUploadForm, SmelterFilterForm, SmelterImportForm
from .parser import CmrtError, Problem

logger = logging.getLogger(__name__)

# Parser warnings shown after an upload; the rest are summarised in one line.
MAX_WARNINGS_SHOWN = 15


def handle_upload(request, *, supplier, template, context, detail_url, upload_url):
    """The upload screen shared by officers and supplier users. A refused file shows each
    problem with its sheet, row and column (status 400) and nothing is saved. A workbook
    above settings.CMRT_BACKGROUND_ROWS smelter rows is stored and read by a worker: the
    user is sent to its progress page (``upload_url(upload)``)."""
    form = CmrtUploadForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    problems = []
    status = 400
    if request.method == "POST" and form.is_valid():
        try:
            upload = services.cmrt_upload_start(
                supplier=supplier, uploaded_file=form.cleaned_data["file"], actor=request.user, request=request
            )
            if upload is not None:
                messages.info(
                    request,
                    _("The CMRT was stored. Its %(count)s smelter rows are being read; this page shows the progress.")
                    % {"count": upload.rows_total},
                )
                return redirect(upload_url(upload))
            data, report = services.cmrt_import(
                supplier=supplier, uploaded_file=form.cleaned_data["file"], actor=request.user, request=request
            )
        except CmrtError as exc:
            problems = exc.problems
        except ValidationError as exc:
            form.add_error("file", exc)
        except DatabaseError:
            logger.exception("saving a CMRT failed")
            problems = [Problem(None, None, None, _("The file was read, but saving it failed. Nothing was saved."))]
            status = 503
        else:
            messages.success(
                request,
                _("The CMRT was read: %(count)s smelters.") % {"count": len(data.smelters)},
            )
            for warning in data.warnings[:MAX_WARNINGS_SHOWN]:
                messages.warning(request, str(warning))
            if len(data.warnings) > MAX_WARNINGS_SHOWN:
                messages.warning(
                    request,
                    _("… and %(count)s more warnings.") % {"count": len(data.warnings) - MAX_WARNINGS_SHOWN},
                )
            return redirect(detail_url(report))
    if not (problems or form.errors):
        status = 200
    return render(request, template, {**context, "form": form, "problems": problems}, status=status)


@staff_required
def report_detail(request, public_id):
    report = get_report_for_user(request, public_id)
    mark_shared(staff_buyer_ids(request), "cmrt", [report])
    context = selectors.report_detail(report)
    # The user's buyer's own notes on the smelters (never another buyer's).
    notes = smelter_notes(request, {row["smelter"].cid for row in context["smelter_rows"] if row["smelter"].cid})
    for row in context["smelter_rows"]:
        row["note"] = notes.get(row["smelter"].cid)
    return render(request, "suppliers/cmrt/report_detail.html", context)


@staff_required
def supplier_reports(request, public_id):
    supplier = get_supplier_for_user(request, public_id)
    buyer_ids = staff_buyer_ids(request)
    return render(
        request,
        "suppliers/cmrt/supplier_reports.html",
        {
            "supplier": supplier,
            "related": is_related(buyer_ids, supplier),
            "reports": mark_shared(
                buyer_ids, "cmrt", selectors.supplier_reports(supplier, scope=cmrt_scope(buyer_ids))
            ),
            "uploads": selectors.open_uploads(supplier, scope=cmrt_upload_scope(buyer_ids)),
            "upload_url_name": "cmrt:upload_status",
        },
    )


@staff_write_required
def upload(request, public_id):
    supplier = get_supplier_for_user(request, public_id, write=True)
    require_related(request, supplier)
    return handle_upload(
        request,
        supplier=supplier,
        template="suppliers/cmrt/upload.html",
        context={"supplier": supplier},
        detail_url=lambda report: reverse("cmrt:report_detail", args=[report.public_id]),
        upload_url=lambda upload: reverse("cmrt:upload_status", args=[upload.public_id]),
    )


def render_upload_status(request, upload, *, template, report_url, context):
    """The progress page of a background upload, or (htmx) just its status fragment, which
    polls itself until the upload is read or refused."""
    context = {
        **context,
        "upload": upload,
        "report_url": report_url(upload.report) if upload.report_id else "",
        "status_url": request.path,
    }
    if request.headers.get("HX-Request") == "true":
        return render(request, "suppliers/cmrt/_upload_status.html", context)
    return render(request, template, context)


@staff_required
def upload_status(request, public_id):
    upload = get_upload_for_user(request, public_id)
    return render_upload_status(
        request,
        upload,
        template="suppliers/cmrt/upload_status.html",
        report_url=lambda report: reverse("cmrt:report_detail", args=[report.public_id]),
        context={"supplier": upload.supplier},
    )


@staff_required
def smelter_list(request):
    form = SmelterFilterForm(request.GET or None)
    page = paginate(request, selectors.smelter_reference_list(**form.filters()))
    page.object_list = selectors.with_attention(list(page.object_list))
    notes = smelter_notes(request, [s.cid for s in page.object_list])
    for smelter in page.object_list:
        smelter.buyer_note = notes.get(smelter.cid)
    return render(
        request,
        "suppliers/cmrt/smelter_list.html",
        {
            "filter_form": form,
            "page": page,
            "levels": selectors.attention_legend(),
            "unknown_count": selectors.unknown_status_count(),
            "latest_import": selectors.latest_smelter_import(),
            "may_import": may_change_smelters(request.user),
            "note_url_name": smelter_note_url_name(),
        },
    )


@staff_write_required
def smelter_import(request):
    """The installation's administrators import the shared list (buyers' staff get 403)."""
    require_smelter_admin(request)
    form = SmelterImportForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if request.method == "POST" and form.is_valid():
        try:
            counts = services.smelter_reference_import_csv(
                file=form.cleaned_data["file"], actor=request.user, source=form.cleaned_data["source"]
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(
                request,
                _("Reference list imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.") % counts,
            )
            if counts["unknown"]:
                messages.warning(request, services.unknown_status_message(counts))
            return redirect("cmrt:smelter_list")
    return render(request, "suppliers/cmrt/smelter_import.html", {"form": form}, status=400 if form.errors else 200)
