"""Supplier portal screens for findings raised with the supplier (URLs under
/portal/findings/). The supplier sees only findings an officer has raised with its own
organisation, and of each only what is meant for it: title, issue type, country,
severity, the source and the text for the supplier. Never the internal summary or notes,
nor the other suppliers the finding concerns."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from oslo_procurement.accounts.access import supplier_required
from oslo_procurement.core import paginate
from suppliers.access import get_portal_supplier

from . import selectors, services
from .access import get_portal_finding_link
from .forms import ResponseForm


@supplier_required
def finding_list(request):
    supplier = get_portal_supplier(request)
    page = paginate(request, selectors.portal_findings(supplier))
    return render(request, "portal/findings/finding_list.html", {"supplier": supplier, "page": page})


@supplier_required
def finding_detail(request, public_id):
    """The finding as raised with the supplier; a POST sends the supplier's response."""
    link = get_portal_finding_link(request, public_id)
    form = ResponseForm(request.POST or None, initial={"supplier_response": link.supplier_response})
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.finding_respond(
                link=link, text=form.cleaned_data["supplier_response"], actor=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if changed:
                messages.success(request, _("Your response has been sent. Thank you."))
            else:
                messages.info(request, _("Your response is unchanged."))
            return redirect(reverse("portal_findings:detail", args=[link.finding.public_id]))
    return render(
        request,
        "portal/findings/finding_detail.html",
        {
            "link": link,
            "finding": link.finding,
            "form": form,
            "responses": selectors.response_history(link),
            "can_respond": link.finding.status != link.finding.Status.CLOSED,
        },
        status=400 if form.errors else 200,
    )
