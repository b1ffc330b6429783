"""The supplier's sharing page in the portal (URLs under /portal/sharing/): share the
latest accepted self-assessment, the current CMRT and chosen evidence with other buyers,
see who can see what, withdraw, and read the history of it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from oslo_procurement.accounts.access import supplier_required
from suppliers.access import get_portal_supplier

from ..models import SupplierShare
from . import selectors, services
from .forms import ShareForm


def _form(supplier, data=None):
    return ShareForm(
        data,
        buyers=selectors.other_buyers(supplier),
        assessment=selectors.latest_accepted_assessment(supplier),
        cmrt=selectors.current_cmrt(supplier),
        evidence=selectors.shareable_evidence(supplier),
    )


@supplier_required
def sharing_home(request):
    supplier = get_portal_supplier(request)
    form = _form(supplier, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            buyer = form.cleaned_data["buyer"]
            try:
                with transaction.atomic():
                    for kind, item in form.chosen():
                        services.share_create(
                            supplier=supplier, buyer=buyer, kind=kind, item=item, actor=request.user, request=request
                        )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Shared with %(buyer)s.") % {"buyer": buyer.name})
                return redirect("portal_sharing:home")
        status = 400
    shares = list(selectors.supplier_shares(supplier))
    return render(
        request,
        "portal/sharing/home.html",
        {
            "supplier": supplier,
            "form": form,
            "active": [s for s in shares if s.withdrawn_at is None],
            "history": shares,
            "acceptances": selectors.recent_acceptances(supplier),
        },
        status=status,
    )


@supplier_required
def share_withdraw(request, public_id):
    supplier = get_portal_supplier(request)
    share = get_object_or_404(SupplierShare.objects.select_related("buyer"), public_id=public_id, supplier=supplier)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if services.share_withdraw(share=share, actor=request.user, request=request):
        messages.success(request, _("Withdrawn: %(buyer)s can no longer see it.") % {"buyer": share.buyer.name})
    return redirect("portal_sharing:home")
