"""Supplier portal screens for the supplier's own organisation (URLs under /portal/)."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from oslo_procurement.accounts.access import public, supplier_required
from oslo_procurement.audit.services import record_export
from oslo_procurement.core import edit_view
from oslo_procurement.uploads import serve_private_file

from . import panels, selectors, services
from .access import get_portal_contact, get_portal_evidence, get_portal_site, get_portal_supplier
from .forms import AcceptInvitationForm, ContactForm, EvidenceForm, SiteForm
from .models import Contact, Evidence, Site


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
            "panels": panels.render_portal_panels(request, supplier),
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


# --- The company profile the supplier keeps: contacts, sites, evidence ----------------------


def _portal_edit(request, *, form, title, save, success_url):
    return edit_view(
        request,
        form=form,
        template="portal/form.html",
        context={"title": title, "cancel_url": success_url},
        save=save,
        success_url=success_url,
    )


@supplier_required
def contact_create(request):
    supplier = get_portal_supplier(request)
    form = ContactForm(request.POST or None, instance=Contact(supplier=supplier))
    return _portal_edit(
        request,
        form=form,
        title=_("New contact"),
        save=lambda f: services.contact_save(contact=f.instance, actor=request.user),
        success_url=reverse("portal:home") + "#contacts",
    )


@supplier_required
def contact_edit(request, public_id):
    contact = get_portal_contact(request, public_id)
    form = ContactForm(request.POST or None, instance=contact)
    return _portal_edit(
        request,
        form=form,
        title=contact.name,
        save=lambda f: services.contact_save(contact=f.instance, actor=request.user),
        success_url=reverse("portal:home") + "#contacts",
    )


@supplier_required
def site_create(request):
    """Disclose a factory that makes the contracted products."""
    supplier = get_portal_supplier(request)
    site = Site(supplier=supplier, disclosed_on=timezone.localdate())
    form = SiteForm(request.POST or None, instance=site)
    return _portal_edit(
        request,
        form=form,
        title=_("Disclose a site or factory"),
        save=lambda f: services.site_save(site=f.instance, actor=request.user),
        success_url=reverse("portal:home") + "#sites",
    )


@supplier_required
def site_edit(request, public_id):
    site = get_portal_site(request, public_id)
    form = SiteForm(request.POST or None, instance=site)
    return _portal_edit(
        request,
        form=form,
        title=site.name,
        save=lambda f: services.site_save(site=f.instance, actor=request.user),
        success_url=reverse("portal:site_detail", args=[site.public_id]),
    )


@supplier_required
def evidence_list(request):
    supplier = get_portal_supplier(request)
    return render(
        request, "portal/evidence_list.html", {"supplier": supplier, "evidence": selectors.supplier_evidence(supplier)}
    )


@supplier_required
def evidence_create(request):
    supplier = get_portal_supplier(request)
    form = EvidenceForm(request.POST or None, request.FILES or None, instance=Evidence(supplier=supplier))
    return _portal_edit(
        request,
        form=form,
        title=_("Add evidence"),
        save=lambda f: services.evidence_save(
            evidence=f.instance, actor=request.user, upload=f.cleaned_data.get("upload")
        ),
        success_url=reverse("portal:evidence_list"),
    )


@supplier_required
def evidence_edit(request, public_id):
    evidence = get_portal_evidence(request, public_id)
    form = EvidenceForm(request.POST or None, request.FILES or None, instance=evidence)
    return _portal_edit(
        request,
        form=form,
        title=evidence.title,
        save=lambda f: services.evidence_save(
            evidence=f.instance, actor=request.user, upload=f.cleaned_data.get("upload")
        ),
        success_url=reverse("portal:evidence_list"),
    )


@supplier_required
def evidence_archive(request, public_id):
    evidence = get_portal_evidence(request, public_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.evidence_set_archived(evidence=evidence, actor=request.user, archived=True)
    messages.success(request, _("Archived: %(name)s") % {"name": evidence})
    return redirect("portal:evidence_list")


@supplier_required
def evidence_download(request, public_id):
    evidence = get_portal_evidence(request, public_id)
    return _download(request, evidence)


def _download(request, evidence):
    if not evidence.file_path:
        raise Http404("This evidence has no file.")
    record_export(request, "evidence_file", evidence, file_name=evidence.file_name, supplier=str(evidence.supplier))
    return serve_private_file(evidence.file_path, filename=evidence.file_name, content_type=evidence.content_type)
