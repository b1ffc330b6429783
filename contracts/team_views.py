"""The buyer's own administration (URLs under /agreements/team/): its people and invitations,
its name and logo; the invitation link's page (/agreements/join/<token>/); and the logo itself,
served to pages, emails and PDFs (/agreements/buyers/<id>/logo/)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from oslo_procurement.accounts.access import public

from . import joining
from .access import buyer_admin_required, get_public_buyer_logo, get_staff_invitation_for_admin, get_user_buyer
from .models import BuyerMembership, StaffInvitation


class StaffInvitationForm(forms.Form):
    full_name = forms.CharField(label=_l("Name"), max_length=200)
    email = forms.EmailField(label=_l("Email"))
    role = forms.ChoiceField(label=_l("Role"), choices=StaffInvitation.Role.choices)
    language = forms.ChoiceField(
        label=_l("Language of the email"), choices=[("nb", _l("Norwegian Bokmål")), ("en", _l("English"))]
    )


class BrandingForm(forms.Form):
    name = forms.CharField(label=_l("The buyer's name"), max_length=200)
    logo = forms.FileField(
        label=_l("Logo (PNG or JPEG, at most 512 KB and 2000 pixels on each side)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_logo = forms.BooleanField(label=_l("Remove the logo"), required=False)


class JoinForm(forms.Form):
    password1 = forms.CharField(
        label=_l("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_l("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return cleaned


def _team_page(request, buyer, *, invite_form=None, branding_form=None, status=200):
    members = BuyerMembership.objects.filter(buyer=buyer).select_related("user").order_by("user__full_name")
    invitations = StaffInvitation.objects.filter(buyer=buyer, accepted_at__isnull=True).select_related("invited_by")[
        :50
    ]
    return render(
        request,
        "contracts/team.html",
        {
            "buyer": buyer,
            "members": members,
            "invitations": invitations,
            "invite_form": invite_form or StaffInvitationForm(initial={"role": "officer", "language": "nb"}),
            "branding_form": branding_form or BrandingForm(initial={"name": buyer.name}),
        },
        status=status,
    )


@buyer_admin_required
def team(request):
    return _team_page(request, get_user_buyer(request))


@buyer_admin_required
@require_POST
def team_invite(request):
    buyer = get_user_buyer(request)
    form = StaffInvitationForm(request.POST)
    if form.is_valid():
        try:
            joining.staff_invitation_create(buyer=buyer, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items() if hasattr(error, "error_dict") else [(None, error)]:
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request, _("The invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("contracts:team")
    return _team_page(request, buyer, invite_form=form, status=400)


@buyer_admin_required
@require_POST
def team_invitation_revoke(request, public_id):
    invitation = get_staff_invitation_for_admin(request, public_id)
    if joining.staff_invitation_revoke(invitation=invitation, actor=request.user):
        messages.success(request, _("The invitation was withdrawn; its link no longer works."))
    return redirect("contracts:team")


@buyer_admin_required
@require_POST
def team_branding(request):
    buyer = get_user_buyer(request)
    form = BrandingForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            joining.buyer_branding_save(
                buyer=buyer,
                name=form.cleaned_data["name"],
                logo=form.cleaned_data["logo"],
                remove_logo=form.cleaned_data["remove_logo"],
                actor=request.user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error("logo", error)
        else:
            messages.success(request, _("The name and logo were saved."))
            return redirect("contracts:team")
    buyer.refresh_from_db()
    return _team_page(request, buyer, branding_form=form, status=400)


@public
def join(request, token):
    """The link from a staff invitation: choose a password, then log in (with the second
    factor the installation requires of staff)."""
    invitation = joining.staff_invitation_for_token(token)
    if invitation is None:
        return render(request, "contracts/join_invalid.html", status=410)
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = joining.staff_invitation_accept(token=token, password=form.cleaned_data["password1"])
        except ValidationError as error:
            form.add_error("password1", error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("Welcome to %(buyer)s. Your account is ready.") % {"buyer": invitation.buyer.name}
            )
            return redirect("home")
    return render(
        request, "contracts/join.html", {"invitation": invitation, "form": form}, status=400 if form.errors else 200
    )


@public
def buyer_logo(request, public_id):
    """A buyer's logo, for its pages, emails and PDFs. Public (emails are read outside the
    site); a logo is what a buyer shows the world, and the address is a random id."""
    buyer = get_public_buyer_logo(public_id)
    content = buyer.logo_bytes()
    if content is None:
        raise Http404
    response = HttpResponse(content, content_type=buyer.logo_content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=86400"
    return response
