"""The two screens every spreadsheet import shares: upload (with the format described) and
preview (each row's verdict, then Import or Cancel). Domain views check access and call
these with their importer; they never save anything on GET."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from . import services
from .models import SpreadsheetImport
from .tables import MAX_IMPORT_BYTES, MAX_IMPORT_ROWS

PREVIEW_PAGE_SIZE = 100


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_l("CSV or Excel file (.csv, .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )


def upload_view(request, *, importer, scope="", template_context, preview_url):
    """GET: the form and the format. POST: read and check the file; on success go to the
    preview (``preview_url(upload)``), otherwise show why the file cannot be used."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            upload = services.import_preview_create(
                importer=importer, uploaded=form.cleaned_data["file"], scope=scope, actor=request.user
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect(preview_url(upload))
    context = {
        "form": form,
        "columns": importer.columns,
        "max_rows": MAX_IMPORT_ROWS,
        "max_bytes": MAX_IMPORT_BYTES,
        **template_context,
    }
    return render(request, "imports/upload.html", context, status=400 if form.errors else 200)


def preview_view(request, upload, *, importer, template_context, done_url):
    """GET: the verdict on every row, a page at a time (``?show=error`` for the errors only).
    POST ``action=confirm`` imports, ``action=cancel`` drops the upload."""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "cancel":
            if services.import_cancel(upload=upload, actor=request.user):
                messages.info(request, _("The import was cancelled; nothing was saved."))
            return redirect(done_url)
        if action == "confirm":
            try:
                counts = services.import_confirm(upload=upload, importer=importer, actor=request.user)
            except services.AlreadyDecided as decided:
                if decided.upload.status == SpreadsheetImport.Status.IMPORTED:
                    messages.info(request, _("This file was imported already; it was not imported again."))
                else:
                    messages.info(request, _("This import was cancelled; nothing was saved."))
                return redirect(request.path)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect(request.path)
            messages.success(
                request,
                _("Imported: %(new)s new, %(update)s updated, %(unchanged)s unchanged.")
                % {"new": counts["new"], "update": counts["update"], "unchanged": counts["unchanged"]},
            )
            return redirect(request.path)
    show = request.GET.get("show", "")
    rows = upload.preview
    if show in services.STATUSES:
        rows = [row for row in rows if row["status"] == show]
    page = Paginator(rows, PREVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "upload": upload,
        "page": page,
        "show": show,
        "counts": upload.counts,
        "waiting": upload.status == SpreadsheetImport.Status.PREVIEW,
        "status_filters": [
            ("", _("All rows"), len(upload.preview)),
            ("error", _("Errors"), upload.counts.get("error", 0)),
            ("new", _("New"), upload.counts.get("new", 0)),
            ("update", _("Updates"), upload.counts.get("update", 0)),
            ("unchanged", _("Unchanged"), upload.counts.get("unchanged", 0)),
        ],
        **template_context,
    }
    return render(request, "imports/preview.html", context)
