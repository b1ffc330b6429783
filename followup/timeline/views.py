"""The supplier timeline (URLs under /timeline/): what happened with one supplier, for
the staff user's buyer only, newest first. What an officer reads before a meeting."""

from django.shortcuts import render

from contracts.access import get_user_buyer
from oslo_procurement.accounts.access import staff_required
from suppliers.access import get_supplier_for_user

from . import selectors
from .forms import TimelineFilterForm


@staff_required
def supplier_timeline(request, public_id):
    supplier = get_supplier_for_user(request, public_id)
    buyer = get_user_buyer(request)
    form = TimelineFilterForm(request.GET or None)
    kind = form.cleaned_data.get("kind", "") if form.is_valid() else ""
    try:
        number = int(request.GET.get("page", 1))
    except ValueError:
        number = 1
    page = selectors.supplier_timeline(buyer=buyer, supplier=supplier, kind=kind, page=number)
    return render(
        request,
        "followup/timeline/supplier_timeline.html",
        {"supplier": supplier, "filter_form": form, "page": page, "kind": kind},
    )
