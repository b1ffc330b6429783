"""Officer and manager screens for the supplier registry (URLs under /suppliers/)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from oslo_procurement.accounts.access import staff_required, staff_write_required
from oslo_procurement.audit.history import history_entries
from oslo_procurement.audit.services import record_export
from oslo_procurement.compiled import CompiledList, compiled_queryset
from oslo_procurement.core import archive_views, edit_view, paginate
from oslo_procurement.imports.services import get_import_for_user
from oslo_procurement.imports.tables import MAX_IMPORT_ROWS
from oslo_procurement.imports.views import preview_view, upload_view
from oslo_procurement.spreadsheets import table_csv, table_xlsx
from oslo_procurement.uploads import CONTENT_TYPES, XLSX, serve_private_file

from . import privacy, selectors, services
from .access import (
    evidence_scope,
    get_contact_for_user,
    get_evidence_for_user,
    get_invitation_for_user,
    get_membership_for_user,
    get_registry_supplier_for_user,
    get_site_for_user,
    get_supplier_for_user,
    is_related_to_user,
    mark_shared,
    staff_buyer_ids,
)
from .brreg import RegisterUnavailable
from .forms import ContactForm, InvitationForm, SiteFilterForm, SiteForm, SupplierFilterForm, SupplierForm
from .imports import COLUMNS as IMPORT_COLUMNS
from .imports import SupplierImporter, export_rows
from .models import Contact, Site, Supplier
from .panels import (
    buyer_rules,
    followed_scope,
    my_supplier_ids,
    render_panels,
    render_summary_panels,
    responsible_names,
)
from .register import register_lookup as lookup_unit
from .register import supplier_register_refresh
from .validators import normalise_org_number, validate_org_number


@staff_required
def supplier_list(request):
    form = SupplierFilterForm(request.GET or None)
    filters = form.filters()
    buyer_ids, rules = staff_buyer_ids(request), buyer_rules()
    if buyer_ids and rules and not filters.get("search"):
        # The buyer's rule and the filters, built and compiled once per shape of the filters
        # (oslo_procurement.compiled): the same rows as below.
        followed_by, mine_of = rules
        mine = filters.pop("mine", "")

        def rows(buyer, user):
            ids = {"supplier_ids": mine_of(buyer, user)} if mine else {}
            return selectors.supplier_list_rows(selectors.supplier_list(scope=followed_by(buyer), **ids, **filters))

        key = ("suppliers.list", bool(mine), *sorted(filters.items()))
        queryset = CompiledList(key, rows, buyer=buyer_ids[0], user=request.user)
    else:
        if filters.pop("mine", ""):
            mine = my_supplier_ids(request)
            filters["supplier_ids"] = mine if mine is not None else Supplier.objects.none().values("pk")
        queryset = selectors.supplier_list_rows(selectors.supplier_list(scope=followed_scope(request), **filters))
    page = paginate(request, queryset, count_cap=settings.REGISTRY_COUNT_CAP)
    officers = responsible_names(request, [supplier.pk for supplier in page])
    for supplier in page:
        supplier.responsible_officer = officers.get(supplier.pk, "")
    return render(request, "suppliers/supplier_list.html", {"filter_form": form, "page": page})


@staff_required
def supplier_detail(request, public_id):
    supplier = get_supplier_for_user(request, public_id)
    show_archived = request.GET.get("archived") == "1"
    buyer_ids = staff_buyer_ids(request)
    # The statements are the same on every view but for the pks: compiled once per process.
    if buyer_ids:
        items = compiled_queryset(
            ("suppliers.evidence", show_archived),
            lambda buyer, supplier: selectors.supplier_evidence_queryset(
                supplier, include_archived=show_archived, scope=evidence_scope([buyer])
            ),
            buyer=buyer_ids[0],
            supplier=supplier,
        )
    else:  # a staff account without a buyer reads no supplier's files
        items = selectors.supplier_evidence_queryset(supplier, include_archived=show_archived, scope=evidence_scope([]))
    evidence = selectors.supplier_evidence(supplier, items=list(items))
    return render(
        request,
        "suppliers/supplier_detail.html",
        {
            "supplier": supplier,
            "contacts": compiled_queryset(
                ("suppliers.contacts", show_archived),
                lambda supplier: selectors.supplier_contacts(supplier, include_archived=show_archived),
                supplier=supplier,
            ),
            "sites": compiled_queryset(
                ("suppliers.sites", show_archived),
                lambda supplier: selectors.supplier_sites(supplier, include_archived=show_archived),
                supplier=supplier,
            ),
            "show_archived": show_archived,
            "invitations": compiled_queryset(
                "suppliers.invitations", selectors.supplier_invitations, supplier=supplier
            ),
            "portal_users": compiled_queryset(
                "suppliers.portal_users", selectors.supplier_memberships, supplier=supplier
            ),
            "evidence": mark_shared(buyer_ids, "evidence", evidence),
            "files_readable": is_related_to_user(request, supplier),
            "panels": render_panels(request, supplier),
            "summary_panels": render_summary_panels(request, supplier),
            "history": history_entries(supplier),
        },
    )


def _save_with_register(request):
    """The supplier is saved with what the officer typed; then the register's data is stored
    beside it (from the lookup's cached answer), or the officer is told it could not be."""

    def refresh(supplier):
        if not supplier_register_refresh(supplier=supplier):
            messages.warning(
                request,
                _(
                    "The Brønnøysund register could not be reached, so the supplier was saved with what you "
                    "typed. The daily register check will fetch its data later."
                ),
            )

    def save(form):
        supplier = services.supplier_save(supplier=form.instance, actor=request.user)
        if supplier.org_number:
            # After the commit: a slow register never holds the supplier's transaction open.
            transaction.on_commit(lambda: refresh(supplier))
        return supplier

    return save


@staff_write_required
def supplier_create(request):
    form = SupplierForm(request.POST or None)
    return edit_view(
        request,
        form=form,
        template="suppliers/supplier_form.html",
        context={"title": _("New supplier"), "brreg_enabled": settings.BRREG_ENABLED},
        save=_save_with_register(request),
        success_url=lambda s: s.get_absolute_url(),
    )


@staff_write_required
def supplier_edit(request, public_id):
    supplier = get_registry_supplier_for_user(request, public_id)
    form = SupplierForm(request.POST or None, instance=supplier)
    return edit_view(
        request,
        form=form,
        template="suppliers/supplier_form.html",
        context={"supplier": supplier, "brreg_enabled": settings.BRREG_ENABLED},
        save=_save_with_register(request),
        success_url=supplier.get_absolute_url(),
    )


@staff_write_required
def register_lookup(request):
    """htmx: what the Brønnøysund register says about the organisation number being typed in
    the supplier form. The partial fills the legal name (static/js/app.js) and shows the rest."""
    number = normalise_org_number(request.GET.get("org_number"))
    context = {"org_number": number, "state": "empty"}
    if not settings.BRREG_ENABLED:
        context["state"] = "disabled"
    elif number and not (number.isdigit() and len(number) < 9):  # still typing: say nothing yet
        try:
            validate_org_number(number)
        except ValidationError as exc:
            context.update(state="invalid", error=exc.messages[0])
        else:
            try:
                unit = lookup_unit(number)
            except RegisterUnavailable:
                context["state"] = "unavailable"
            else:
                context.update(state="found" if unit else "not_found", unit=unit, fetched_at=timezone.now())
    return render(request, "suppliers/_register_lookup.html", context)


supplier_archive, supplier_restore = archive_views(
    get=get_registry_supplier_for_user,
    apply=lambda obj, actor, archived: services.supplier_set_archived(supplier=obj, actor=actor, archived=archived),
    success_url=lambda obj: obj.get_absolute_url(),
)


@staff_write_required
def contact_create(request, public_id):
    supplier = get_registry_supplier_for_user(request, public_id)
    form = ContactForm(request.POST or None, instance=Contact(supplier=supplier))
    return edit_view(
        request,
        form=form,
        template="suppliers/child_form.html",
        context={"supplier": supplier, "title": _("New contact")},
        save=lambda f: services.contact_save(contact=f.instance, actor=request.user),
        success_url=supplier.get_absolute_url() + "#contacts",
    )


@staff_write_required
def contact_edit(request, public_id):
    contact = get_contact_for_user(request, public_id, write=True)
    form = ContactForm(request.POST or None, instance=contact)
    return edit_view(
        request,
        form=form,
        template="suppliers/child_form.html",
        context={"supplier": contact.supplier, "title": contact.name, "history": history_entries(contact)},
        save=lambda f: services.contact_save(contact=f.instance, actor=request.user),
        success_url=contact.supplier.get_absolute_url() + "#contacts",
    )


contact_archive, contact_restore = archive_views(
    get=get_contact_for_user,
    apply=lambda obj, actor, archived: services.contact_set_archived(contact=obj, actor=actor, archived=archived),
    success_url=lambda obj: obj.supplier.get_absolute_url() + "#contacts",
)


@staff_required
def site_list(request):
    form = SiteFilterForm(request.GET or None)
    page = paginate(request, selectors.site_list(**form.filters()), count_cap=settings.REGISTRY_COUNT_CAP)
    return render(request, "suppliers/site_list.html", {"filter_form": form, "page": page})


@staff_required
def site_detail(request, public_id):
    site = get_site_for_user(request, public_id)
    return render(request, "suppliers/site_detail.html", {"site": site, "history": history_entries(site)})


@staff_write_required
def site_create(request, public_id):
    supplier = get_registry_supplier_for_user(request, public_id)
    form = SiteForm(request.POST or None, instance=Site(supplier=supplier))
    return edit_view(
        request,
        form=form,
        template="suppliers/child_form.html",
        context={"supplier": supplier, "title": _("New site")},
        save=lambda f: services.site_save(site=f.instance, actor=request.user),
        success_url=lambda s: s.get_absolute_url(),
    )


@staff_write_required
def site_edit(request, public_id):
    site = get_site_for_user(request, public_id, write=True)
    form = SiteForm(request.POST or None, instance=site)
    return edit_view(
        request,
        form=form,
        template="suppliers/child_form.html",
        context={"supplier": site.supplier, "title": site.name},
        save=lambda f: services.site_save(site=f.instance, actor=request.user),
        success_url=site.get_absolute_url(),
    )


site_archive, site_restore = archive_views(
    get=get_site_for_user,
    apply=lambda obj, actor, archived: services.site_set_archived(site=obj, actor=actor, archived=archived),
    success_url=lambda obj: obj.get_absolute_url(),
)


@staff_write_required
def invitation_create(request, public_id):
    supplier = get_registry_supplier_for_user(request, public_id)
    primary = selectors.supplier_contacts(supplier).filter(is_primary=True).first()
    initial = {"full_name": primary.name, "email": primary.email, "language": primary.language} if primary else {}
    form = InvitationForm(request.POST or None, initial=initial)
    return edit_view(
        request,
        form=form,
        template="suppliers/child_form.html",
        context={
            "supplier": supplier,
            "title": _("Invite to the supplier portal"),
            "cancel_url": supplier.get_absolute_url(),
        },
        save=lambda f: services.invitation_create(supplier=supplier, actor=request.user, **f.cleaned_data)[0],
        success_url=supplier.get_absolute_url() + "#invitations",
    )


@staff_write_required
def invitation_resend(request, public_id):
    """A new link for the same person; the old link stops working."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    invitation = get_invitation_for_user(request, public_id, write=True)
    services.invitation_create(
        supplier=invitation.supplier,
        email=invitation.email,
        full_name=invitation.full_name,
        language=invitation.language,
        actor=request.user,
    )
    messages.success(request, _("A new invitation has been sent to %(email)s.") % {"email": invitation.email})
    return redirect(invitation.supplier.get_absolute_url() + "#invitations")


@staff_required
def evidence_download(request, public_id):
    evidence = get_evidence_for_user(request, public_id)
    if not evidence.file_path:
        raise Http404("This evidence has no file.")
    record_export(request, "evidence_file", evidence, file_name=evidence.file_name, supplier=str(evidence.supplier))
    return serve_private_file(evidence.file_path, filename=evidence.file_name, content_type=evidence.content_type)


# --- Personal data: anonymisation on request (docs/PRIVACY.md) ------------------------------


@staff_write_required
def contact_anonymise(request, public_id):
    """Confirm, then replace the contact's name, email and phone everywhere, history included."""
    contact = get_contact_for_user(request, public_id, write=True)
    if request.method == "POST" and not contact.anonymised_at:
        privacy.contact_anonymise(contact=contact, actor=request.user, request=request)
        messages.success(request, _("The contact is anonymised. The compliance record is kept."))
        return redirect(contact.supplier.get_absolute_url() + "?archived=1#contacts")
    return render(
        request,
        "suppliers/anonymise_confirm.html",
        {"supplier": contact.supplier, "person": contact.name, "kind": "contact", "done": contact.anonymised_at},
    )


@staff_write_required
def user_anonymise(request, public_id):
    """Confirm, then anonymise a supplier's portal user and close their login for good."""
    membership = get_membership_for_user(request, public_id, write=True)
    user = membership.user
    if request.method == "POST" and not user.anonymised_at:
        privacy.supplier_user_anonymise(membership=membership, actor=request.user, request=request)
        messages.success(request, _("The portal user is anonymised and can no longer log in."))
        return redirect(membership.supplier.get_absolute_url() + "#portal-users")
    return render(
        request,
        "suppliers/anonymise_confirm.html",
        {"supplier": membership.supplier, "person": user.full_name, "kind": "user", "done": user.anonymised_at},
    )


# --- Spreadsheets: the export and the import in the same format ---------------------------


@staff_required
def supplier_export(request):
    """The supplier list (with the list's filters) as CSV or XLSX, one contact a row: the
    format the import reads back."""
    form = SupplierFilterForm(request.GET or None)
    filters = form.filters()
    if filters.pop("mine", ""):
        mine = my_supplier_ids(request)
        filters["supplier_ids"] = mine if mine is not None else Supplier.objects.none().values("pk")
    suppliers = (
        selectors.supplier_list(scope=followed_scope(request), **filters)
        .order_by("legal_name", "pk")
        .prefetch_related(Prefetch("contacts", queryset=Contact.objects.order_by("-is_primary", "name")))
    )
    # As many as one import takes (the registry is shared by every buyer: filter for more).
    rows = list(export_rows(suppliers[:MAX_IMPORT_ROWS]))[:MAX_IMPORT_ROWS]
    headers = [str(column.label) for column in IMPORT_COLUMNS]
    if request.GET.get("format") == "xlsx":
        content = table_xlsx(_("Suppliers"), headers, rows, widths={2: 40, 7: 30, 8: 30})
        content_type, name = CONTENT_TYPES[XLSX], "suppliers.xlsx"
    else:
        content, content_type, name = table_csv(headers, rows), "text/csv; charset=utf-8", "suppliers.csv"
    record_export(request, "supplier_list", count=len(rows))
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _import_context():
    return {
        "title": _("Import suppliers and contacts"),
        "back_url": reverse("suppliers:list"),
        "back_label": _("Suppliers"),
        "export_url": reverse("suppliers:export") + "?format=xlsx",
    }


@staff_write_required
def supplier_import(request):
    """Upload a CSV or XLSX file of suppliers and contacts; nothing is saved before the preview
    is confirmed (supplier_import_preview)."""
    return upload_view(
        request,
        importer=SupplierImporter(),
        template_context=_import_context(),
        preview_url=lambda upload: reverse("suppliers:import_preview", args=[upload.public_id]),
    )


@staff_write_required
def supplier_import_preview(request, public_id):
    upload = get_import_for_user(request, public_id, kind=SupplierImporter.kind)
    return preview_view(
        request,
        upload,
        importer=SupplierImporter(),
        template_context=_import_context(),
        done_url=reverse("suppliers:list"),
    )
