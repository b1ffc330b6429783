"""Supplier portal: which of the supplier's factories make the products delivered under
each lot it holds (URLs under /portal/factories/). Everything is scoped to the user's own
organisation: its awards, its lots, its sites."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from oslo_procurement.accounts.access import supplier_required
from suppliers.access import get_portal_supplier

from . import selectors, services
from .access import get_portal_factory_disclosure
from .forms import FactoryDisclosureForm
from .models import Award


@supplier_required
def factory_list(request):
    """The supplier's lots with the factories disclosed for each, and a form to add one."""
    supplier = get_portal_supplier(request)
    form = FactoryDisclosureForm(request.POST or None, supplier=supplier)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            lot = form.cleaned_data["lot"]
            award = Award.objects.active().get(supplier=supplier, agreement=lot.agreement_id)
            try:
                services.factory_disclose(
                    award=award,
                    lot=lot,
                    site=form.cleaned_data["site"],
                    stage=form.cleaned_data["stage"],
                    products=form.cleaned_data["products"],
                    actor=request.user,
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("The factory is disclosed for this lot."))
                return redirect("portal_factories:list")
        status = 400
    return render(
        request,
        "portal/factories.html",
        {"supplier": supplier, "awards": selectors.portal_factory_awards(supplier), "form": form},
        status=status,
    )


@supplier_required
def factory_withdraw(request, public_id):
    """POST: the factory no longer makes products for the lot (kept in the history)."""
    disclosure = get_portal_factory_disclosure(request, public_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.factory_withdraw(disclosure=disclosure, actor=request.user)
    messages.success(
        request,
        _("%(factory)s is withdrawn from lot %(lot)s.")
        % {"factory": disclosure.site.name, "lot": disclosure.lot.number},
    )
    return redirect("portal_factories:list")
