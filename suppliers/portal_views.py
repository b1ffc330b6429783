"""Supplier portal screens for the supplier's own organisation (URLs under /portal/)."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from oslo_procurement.accounts.access import public, supplier_required

from . import selectors, services
from .access import get_portal_site, get_portal_supplier
from .forms import AcceptInvitationForm


@supplier_required
def portal_home(request):
    supplier = get_portal_supplier(request)
    return render(
        request,
        "portal/home.html",
        {
            "supplier": supplier,
            "contacts": selectors.supplier_contacts(supplier),
            "sites": selectors.supplier_sites(supplier),
        },
    )


@supplier_required
def portal_site_detail(request, public_id):
    site = get_portal_site(request, public_id)
    return render(request, "portal/site_detail.html", {"site": site, "supplier": site.supplier})


@public
def accept_invitation(request, token):
    """The link from the invitation email: choose a password, then straight into the portal."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "portal/invitation_invalid.html", status=410)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(token=token, password=form.cleaned_data["password1"])
        except ValidationError as exc:
            form.add_error("password1" if "password" in " ".join(exc.messages).lower() else None, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome. Your account is ready."))
            return redirect("portal:home")
    return render(
        request,
        "portal/invitation_accept.html",
        {"invitation": invitation, "form": form},
        status=400 if form.errors else 200,
    )
