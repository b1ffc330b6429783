"""Downloads of sanction letters: staff of the buyer (URL /letters/<id>/download/) and
the supplier's own users in the portal (/portal/letters/). Every download is in the audit
log. The previews are shown from the escalation screens (followup.actions.views)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render

from followup.models import SanctionLetter
from oslo_procurement.accounts.access import staff_required, supplier_required
from oslo_procurement.audit.services import record_export
from oslo_procurement.core import paginate
from oslo_procurement.uploads import serve_private_file
from suppliers.access import get_portal_supplier

from . import selectors
from .access import get_letter_for_user, get_portal_letter


def pdf_inline_response(content, *, filename):
    """A preview PDF shown in the browser (nothing stored): the same protective headers as
    the downloads of stored files."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def _serve(request, letter):
    if letter.status != SanctionLetter.Status.SENT or not letter.file_path:
        raise Http404("The letter is not ready.")
    record_export(
        request,
        "sanction_letter",
        letter,
        supplier=str(letter.supplier),
        rung=letter.rung,
        kind=letter.kind,
        language=letter.language,
        file_name=letter.filename,
    )
    return serve_private_file(letter.file_path, filename=letter.filename, content_type="application/pdf")


@staff_required
def letter_download(request, public_id):
    return _serve(request, get_letter_for_user(request, public_id))


@supplier_required
def portal_letter_list(request):
    supplier = get_portal_supplier(request)
    page = paginate(request, selectors.portal_letters(supplier))
    return render(request, "portal/letters/letter_list.html", {"supplier": supplier, "page": page})


@supplier_required
def portal_letter_download(request, public_id):
    return _serve(request, get_portal_letter(request, public_id))
