"""Exchange with other public buyers and the OCDS export (URLs under /exchange/).

Officers manage partners, give and withdraw consent item by item, export and import;
managers read every page and may download the OCDS package; supplier users never get
here. Every record is fetched through followup.exchange.access, scoped to the user's buyer.
The JSON schema and the OCDS extension are public files anyone may fetch."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from contracts.access import get_agreement_for_user, get_user_buyer
from followup.models.exchange import ExchangeExport, ItemKind, PartnerBuyer
from oslo_procurement.accounts.access import public, staff_required, staff_write_required
from oslo_procurement.audit.history import history_entries
from oslo_procurement.core import archive_views, edit_view
from suppliers.access import get_supplier_for_user

from . import ocds, selectors, services
from .access import (
    get_consent_for_user,
    get_import_for_user,
    get_partner_for_user,
    get_published_agreement,
    get_published_buyer,
    get_shared_item_for_user,
    get_shared_supplier_for_user,
)
from .forms import ChooseSupplierForm, DecideForm, ImportForm, PartnerForm, ResolveSupplierForm
from .serializers import SCHEMA_PATH

OCDS_EXTENSION_DIR = SCHEMA_PATH.parent.parent / "ocds_extension"
CODELISTS = ("selfAssessmentStatus.csv", "selfAssessmentVerdict.csv", "sanctionsRung.csv")


def home_url():
    return reverse("exchange:home")


def _download(content, *, filename, content_type):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- The exchange page -------------------------------------------------------------------------


@staff_required
def home(request):
    buyer = get_user_buyer(request)
    return render(
        request,
        "followup/exchange/home.html",
        {
            "buyer": buyer,
            "partners": selectors.partner_list(buyer),
            "archived_partners": selectors.partner_list(buyer, include_archived=True).filter(archived_at__isnull=False),
            "exports": selectors.recent_exports(buyer),
            "imports": selectors.recent_imports(buyer),
            "unmatched": selectors.unmatched_suppliers(buyer),
            "to_decide": selectors.items_to_decide(buyer),
        },
    )


# --- Partners --------------------------------------------------------------------------------


@staff_write_required
def partner_create(request):
    buyer = get_user_buyer(request)
    form = PartnerForm(request.POST or None, instance=PartnerBuyer(buyer=buyer), buyer=buyer)
    return edit_view(
        request,
        form=form,
        template="followup/exchange/form.html",
        context={"title": _("New partner buyer"), "cancel_url": home_url()},
        save=lambda f: services.partner_save(partner=f.instance, actor=request.user),
        success_url=lambda partner: partner.get_absolute_url(),
    )


@staff_required
def partner_detail(request, public_id):
    partner = get_partner_for_user(request, public_id)
    buyer = get_user_buyer(request)
    return render(
        request,
        "followup/exchange/partner_detail.html",
        {
            "partner": partner,
            "consents": selectors.partner_consents(partner),
            "withdrawn": selectors.partner_withdrawn_consents(partner),
            "exports": selectors.recent_exports(buyer, partner=partner),
            "imports": selectors.recent_imports(buyer, partner=partner),
            "history": history_entries(partner),
        },
    )


@staff_write_required
def partner_edit(request, public_id):
    partner = get_partner_for_user(request, public_id, write=True)
    form = PartnerForm(request.POST or None, instance=partner, buyer=partner.buyer)
    return edit_view(
        request,
        form=form,
        template="followup/exchange/form.html",
        context={"title": partner.name, "partner": partner, "cancel_url": partner.get_absolute_url()},
        save=lambda f: services.partner_save(partner=f.instance, actor=request.user),
        success_url=partner.get_absolute_url(),
    )


partner_archive, partner_restore = archive_views(
    get=get_partner_for_user,
    apply=lambda partner, actor, archived: services.partner_set_archived(
        partner=partner, actor=actor, archived=archived
    ),
    success_url=lambda partner: partner.get_absolute_url(),
)


# --- Consent, item by item -------------------------------------------------------------------


def _chosen(request):
    """``{kind: [public ids]}`` from the checkboxes named ``share`` (``kind:uuid``)."""
    chosen = {kind: [] for kind in ItemKind.values}
    for value in request.POST.getlist("share"):
        kind, _sep, public_id = value.partition(":")
        try:
            chosen[kind].append(uuid.UUID(public_id))
        except (KeyError, ValueError):
            raise ValidationError(_("One of the chosen items cannot be shared. Nothing was changed.")) from None
    return chosen


@staff_required
def partner_share(request, public_id):
    """Pick, per supplier, which items to share with the partner. Each checked item is an
    explicit consent (who, when); unchecking one withdraws it."""
    partner = get_partner_for_user(request, public_id, write=request.method == "POST")
    buyer = partner.buyer
    suppliers = selectors.suppliers_with_items(buyer)
    chooser = ChooseSupplierForm(request.GET or None, suppliers=suppliers)
    if not chooser.is_valid():
        return render(
            request,
            "followup/exchange/share_choose.html",
            {"partner": partner, "form": ChooseSupplierForm(suppliers=suppliers)},
        )
    supplier = chooser.cleaned_data["supplier"]
    if request.method == "POST":
        try:
            given, withdrawn = services.consent_set(
                partner=partner, supplier=supplier, chosen=_chosen(request), actor=request.user, request=request
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if given or withdrawn:
                messages.success(
                    request,
                    _("Saved: %(given)s item(s) now shared, %(withdrawn)s consent(s) withdrawn.")
                    % {"given": given, "withdrawn": withdrawn},
                )
            else:
                messages.info(request, _("Nothing changed."))
        return redirect(f"{reverse('exchange:partner_share', args=[partner.public_id])}?supplier={supplier.public_id}")
    return render(
        request,
        "followup/exchange/share.html",
        {
            "partner": partner,
            "supplier": supplier,
            "items": selectors.shareable_items(buyer=buyer, supplier=supplier, partner=partner),
        },
    )


@staff_write_required
def consent_withdraw(request, public_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    consent = get_consent_for_user(request, public_id, write=True)
    if services.consent_withdraw(consent=consent, actor=request.user, request=request):
        messages.success(request, _("Consent withdrawn: the item is left out of every later export."))
    else:
        messages.info(request, _("This consent was already withdrawn."))
    return redirect(consent.partner.get_absolute_url())


# --- Exports ---------------------------------------------------------------------------------


def _partner_export(fmt):
    @staff_write_required
    def view(request, public_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        partner = get_partner_for_user(request, public_id, write=True)
        try:
            _export, content, filename = services.export_for_partner(
                partner=partner, fmt=fmt, actor=request.user, request=request
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(partner.get_absolute_url())
        return _download(content, filename=filename, content_type=services.CONTENT_TYPES[fmt])

    return view


export_json = _partner_export(ExchangeExport.Format.JSON)
export_csv = _partner_export(ExchangeExport.Format.CSV)
export_xlsx = _partner_export(ExchangeExport.Format.XLSX)


@staff_required
def ocds_export(request):
    """Every agreement of the buyer as an OCDS 1.1 release package (a download)."""
    buyer = get_user_buyer(request)
    _export, content, filename = services.export_ocds(buyer=buyer, actor=request.user, request=request)
    return _download(content, filename=filename, content_type="application/json")


@staff_required
def ocds_agreement(request, public_id):
    """One agreement as an OCDS 1.1 release package (the link on the agreement page)."""
    agreement = get_agreement_for_user(request, public_id)
    _export, content, filename = services.export_ocds(
        buyer=agreement.buyer, actor=request.user, agreements=[agreement], request=request
    )
    return _download(content, filename=filename, content_type="application/json")


# --- Imports ---------------------------------------------------------------------------------


@staff_write_required
def import_upload(request):
    buyer = get_user_buyer(request)
    form = ImportForm(request.POST or None, request.FILES or None, buyer=buyer)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            imported = services.import_partner_file(
                buyer=buyer,
                partner=form.cleaned_data["partner"],
                filename=upload.name,
                content=content,
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("file", message)
        else:
            messages.success(request, _("The file was imported. Here is what it brought."))
            return redirect(imported.get_absolute_url())
    return render(request, "followup/exchange/import_form.html", {"form": form}, status=400 if form.errors else 200)


@staff_required
def import_detail(request, public_id):
    imported = get_import_for_user(request, public_id)
    items = selectors.import_detail(imported)
    changes = []
    for entry in imported.changes:
        shared = items.get(entry.get("item"))
        changes.append(
            {
                **entry,
                "shared": shared,
                "described": selectors.describe_changes(entry.get("kind"), entry.get("fields")),
                "can_decide": shared is not None and shared.pending_import_id == imported.pk,
            }
        )
    return render(
        request,
        "followup/exchange/import_detail.html",
        {"imported": imported, "changes": changes, "decide_form": DecideForm()},
    )


@staff_write_required
def shared_decide(request, public_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    item = get_shared_item_for_user(request, public_id, write=True)
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to take the partner's version or keep the copy we have."))
    elif services.shared_item_decide(
        item=item, take_incoming=form.cleaned_data["decision"] == "take", actor=request.user, request=request
    ):
        messages.success(request, _("Decision saved for “%(title)s”.") % {"title": item.title})
    else:
        messages.info(request, _("There was nothing left to decide for this item."))
    return redirect(request.POST.get("next") if _safe_next(request) else home_url())


def _safe_next(request):
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    return bool(target) and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})


@staff_write_required
def shared_supplier_resolve(request, public_id):
    shared = get_shared_supplier_for_user(request, public_id, write=True)
    form = ResolveSupplierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.shared_supplier_resolve(shared=shared, supplier=form.supplier, actor=request.user, request=request)
        messages.success(
            request,
            _("%(name)s from %(partner)s is now matched to %(supplier)s.")
            % {"name": shared.name, "partner": shared.partner.name, "supplier": form.supplier.legal_name},
        )
        return redirect(home_url())
    return render(
        request,
        "followup/exchange/resolve_form.html",
        {"shared": shared, "form": form, "items": shared.items.order_by("kind", "title")},
        status=400 if form.errors else 200,
    )


# --- What partners shared about one supplier ---------------------------------------------------


@staff_required
def supplier_shared(request, public_id):
    supplier = get_supplier_for_user(request, public_id)
    buyer = get_user_buyer(request)
    items = selectors.annotate_presentation(selectors.shared_items_for_supplier(buyer=buyer, supplier=supplier))
    return render(
        request,
        "followup/exchange/supplier_shared.html",
        {"supplier": supplier, "items": items, "partners": selectors.partner_list(buyer)},
    )


# --- Public OCDS open data ---------------------------------------------------------------------

# Harvesters fetch from other sites; the packages hold only what buyers chose to publish.
OPEN_HEADERS = {"Access-Control-Allow-Origin": "*", "X-Content-Type-Options": "nosniff"}


def _open_json(data):
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2}, headers=OPEN_HEADERS)
    return response


@public
@require_safe
@cache_control(public=True, max_age=300)
def ocds_open_index(request):
    """The buyers that publish, each with its package's address and one per agreement."""
    return _open_json(selectors.open_data_index())


@public
@require_safe
@cache_control(public=True, max_age=300)
def ocds_open_buyer(request, public_id):
    return _open_json(ocds.open_buyer_package(get_published_buyer(public_id)))


@public
@require_safe
@cache_control(public=True, max_age=300)
def ocds_open_agreement(request, public_id):
    return _open_json(ocds.open_agreement_package(get_published_agreement(public_id)))


# --- Public files: the schema and the OCDS extension ---------------------------------------------


def _public_file(path, content_type):
    if not path.is_file():
        raise Http404
    response = FileResponse(path.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@public
@cache_control(public=True, max_age=3600)
def schema_v1(request):
    return _public_file(SCHEMA_PATH, "application/schema+json")


@public
@cache_control(public=True, max_age=3600)
def ocds_extension_file(request, name):
    if name == "extension.json":
        # The metadata schema wants an absolute documentation address: this installation's README.
        return JsonResponse(
            ocds.extension_metadata(), json_dumps_params={"ensure_ascii": False, "indent": 2}, headers=OPEN_HEADERS
        )
    content_type = {
        "extension.json": "application/json",
        "release-schema.json": "application/json",
        "README.md": "text/markdown; charset=utf-8",
    }.get(name)
    if name in CODELISTS:
        return _public_file(OCDS_EXTENSION_DIR / "codelists" / name, "text/csv; charset=utf-8")
    if content_type is None:
        raise Http404
    return _public_file(OCDS_EXTENSION_DIR / name, content_type)
