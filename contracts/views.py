"""Officer and manager screens for the buyer's framework agreements, lots, awards and
city entities (URLs under /agreements/), and the staff overview on the start page.
Every object is fetched through contracts.access, scoped to the user's buyer."""

import uuid
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from oslo_procurement.accounts.access import staff_required, staff_write_required
from oslo_procurement.audit.history import history_entries
from oslo_procurement.audit.services import record_export
from oslo_procurement.core import archive_views, edit_view, paginate
from oslo_procurement.imports.services import get_import_for_user
from oslo_procurement.imports.views import preview_view, upload_view
from oslo_procurement.spreadsheets import table_csv, table_xlsx
from oslo_procurement.uploads import CONTENT_TYPES, XLSX
from suppliers.access import get_supplier_for_user
from suppliers.models import SmelterReference

from . import selectors, services
from .access import get_agreement_for_user, get_award_for_user, get_entity_for_user, get_lot_for_user, get_user_buyer
from .forms import (
    AgreementFilterForm,
    AgreementForm,
    AwardForm,
    CityEntityForm,
    EntityFilterForm,
    LotForm,
    SmelterNoteForm,
    SupplierNoteForm,
    SupplierOfficerForm,
)
from .imports import COLUMNS as ENTITY_COLUMNS
from .imports import EntityImporter
from .imports import export_rows as entity_export_rows
from .models import Award, CityEntity, FrameworkAgreement, Lot, SmelterNote, SupplierNote
from .panels import render_agreement_panels


@staff_required
def overview(request):
    """The buyer's registry figures (the staff start page is the work queue)."""
    buyer = get_user_buyer(request)
    return render(request, "contracts/overview.html", {"buyer": buyer, **selectors.buyer_overview(buyer)})


@staff_write_required
def supplier_officer_edit(request, public_id):
    """Set or clear the buyer's responsible officer for a supplier (the form on the
    supplier page); "This is my supplier" posts the officer's own id."""
    supplier = get_supplier_for_user(request, public_id, write=True)
    if request.method != "POST":
        return redirect(supplier)
    buyer = get_user_buyer(request)
    form = SupplierOfficerForm(request.POST, officers=selectors.buyer_officers(buyer))
    if not form.is_valid():
        messages.error(request, _("Choose one of your organisation's procurement officers."))
        return redirect(supplier)
    officer = form.cleaned_data["officer"]
    try:
        services.supplier_officer_set(buyer=buyer, supplier=supplier, officer=officer, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(supplier)
    if officer is None:
        messages.success(request, _("%(supplier)s has no responsible officer now.") % {"supplier": supplier})
    else:
        messages.success(
            request,
            _("%(officer)s is now responsible for %(supplier)s.")
            % {"officer": officer.full_name or officer.email, "supplier": supplier},
        )
    return redirect(reverse("suppliers:detail", args=[supplier.public_id]) + "#responsible-officer")


# --- Agreements -------------------------------------------------------------------------


@staff_required
def agreement_list(request):
    buyer = get_user_buyer(request)
    form = AgreementFilterForm(request.GET or None)
    page = paginate(request, selectors.agreement_list(buyer=buyer, **form.filters()))
    return render(request, "contracts/agreement_list.html", {"buyer": buyer, "filter_form": form, "page": page})


@staff_required
def agreement_detail(request, public_id):
    agreement = get_agreement_for_user(request, public_id)
    show_archived = request.GET.get("archived") == "1"
    return render(
        request,
        "contracts/agreement_detail.html",
        {
            "agreement": agreement,
            **selectors.agreement_detail(agreement, include_archived=show_archived),
            "show_archived": show_archived,
            "history": history_entries(agreement),
            "panels": render_agreement_panels(request, agreement),
        },
    )


def _save_agreement(request):
    return lambda f: services.agreement_save(
        agreement=f.instance, actor=request.user, participating_entities=f.cleaned_data["participating_entities"]
    )


@staff_write_required
def agreement_create(request):
    buyer = get_user_buyer(request)
    form = AgreementForm(request.POST or None, instance=FrameworkAgreement(buyer=buyer))
    return edit_view(
        request,
        form=form,
        template="contracts/agreement_form.html",
        context={"cancel_url": reverse("contracts:list")},
        save=_save_agreement(request),
        success_url=lambda a: a.get_absolute_url(),
    )


@staff_write_required
def agreement_edit(request, public_id):
    agreement = get_agreement_for_user(request, public_id, write=True)
    form = AgreementForm(request.POST or None, instance=agreement)
    return edit_view(
        request,
        form=form,
        template="contracts/agreement_form.html",
        context={"agreement": agreement, "cancel_url": agreement.get_absolute_url()},
        save=_save_agreement(request),
        success_url=agreement.get_absolute_url(),
    )


agreement_archive, agreement_restore = archive_views(
    get=get_agreement_for_user,
    apply=lambda obj, actor, archived: services.agreement_set_archived(agreement=obj, actor=actor, archived=archived),
    success_url=lambda obj: obj.get_absolute_url(),
)


# --- Lots -------------------------------------------------------------------------------


@staff_write_required
def lot_create(request, public_id):
    agreement = get_agreement_for_user(request, public_id, write=True)
    form = LotForm(request.POST or None, instance=Lot(agreement=agreement))
    return edit_view(
        request,
        form=form,
        template="contracts/lot_form.html",
        context={"agreement": agreement, "title": _("New lot"), "cancel_url": agreement.get_absolute_url()},
        save=lambda f: services.lot_save(lot=f.instance, actor=request.user),
        success_url=lambda lot: lot.get_absolute_url(),
    )


@staff_write_required
def lot_edit(request, public_id):
    lot = get_lot_for_user(request, public_id, write=True)
    return edit_view(
        request,
        form=LotForm(request.POST or None, instance=lot),
        template="contracts/lot_form.html",
        context={
            "agreement": lot.agreement,
            "lot": lot,
            "title": str(lot),
            "cancel_url": lot.get_absolute_url(),
            "history": history_entries(lot),
        },
        save=lambda f: services.lot_save(lot=f.instance, actor=request.user),
        success_url=lot.get_absolute_url(),
    )


lot_archive, lot_restore = archive_views(
    get=get_lot_for_user,
    apply=lambda obj, actor, archived: services.lot_set_archived(lot=obj, actor=actor, archived=archived),
    success_url=lambda obj: obj.get_absolute_url(),
)


# --- Awards -----------------------------------------------------------------------------


def _awards_url(award):
    return award.agreement.get_absolute_url() + "#awards"


def _save_award(request):
    return lambda f: services.award_save(
        award=f.instance,
        actor=request.user,
        lots=f.cleaned_data["lots"],
        criteria_versions=f.cleaned_data["criteria_versions"],
    )


@staff_write_required
def award_create(request, public_id):
    agreement = get_agreement_for_user(request, public_id, write=True)
    form = AwardForm(request.POST or None, instance=Award(agreement=agreement))
    return edit_view(
        request,
        form=form,
        template="contracts/award_form.html",
        context={"agreement": agreement, "cancel_url": agreement.get_absolute_url() + "#awards"},
        save=_save_award(request),
        success_url=_awards_url,
    )


@staff_write_required
def award_edit(request, public_id):
    award = get_award_for_user(request, public_id, write=True)
    return edit_view(
        request,
        form=AwardForm(request.POST or None, instance=award),
        template="contracts/award_form.html",
        context={
            "agreement": award.agreement,
            "award": award,
            "cancel_url": _awards_url(award),
            "history": history_entries(award),
        },
        save=_save_award(request),
        success_url=_awards_url(award),
    )


def _refusal_as_message(view):
    """An archive or restore that a rule refuses (a ValidationError from the service)
    goes back to the agreement with the reason, instead of failing."""

    @wraps(view)
    def wrapper(request, public_id):
        try:
            return view(request, public_id)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(_awards_url(get_award_for_user(request, public_id)))

    return wrapper


award_archive, award_restore = (
    _refusal_as_message(view)
    for view in archive_views(
        get=get_award_for_user,
        apply=lambda obj, actor, archived: services.award_set_archived(award=obj, actor=actor, archived=archived),
        success_url=_awards_url,
    )
)


# --- City entities ----------------------------------------------------------------------


@staff_required
def entity_list(request):
    buyer = get_user_buyer(request)
    form = EntityFilterForm(request.GET or None)
    page = paginate(request, selectors.entity_list(buyer=buyer, **form.filters()))
    return render(request, "contracts/entity_list.html", {"buyer": buyer, "filter_form": form, "page": page})


@staff_write_required
def entity_create(request):
    buyer = get_user_buyer(request)
    form = CityEntityForm(request.POST or None, instance=CityEntity(buyer=buyer))
    return edit_view(
        request,
        form=form,
        template="contracts/entity_form.html",
        context={"cancel_url": reverse("contracts:entity_list")},
        save=lambda f: services.entity_save(entity=f.instance, actor=request.user),
        success_url=reverse("contracts:entity_list"),
    )


@staff_write_required
def entity_edit(request, public_id):
    entity = get_entity_for_user(request, public_id, write=True)
    return edit_view(
        request,
        form=CityEntityForm(request.POST or None, instance=entity),
        template="contracts/entity_form.html",
        context={"entity": entity, "cancel_url": reverse("contracts:entity_list"), "history": history_entries(entity)},
        save=lambda f: services.entity_save(entity=f.instance, actor=request.user),
        success_url=reverse("contracts:entity_list"),
    )


@staff_required
def entity_export(request):
    """The buyer's city entities (with the list's filters) as CSV or XLSX: the import's format."""
    buyer = get_user_buyer(request)
    form = EntityFilterForm(request.GET or None)
    rows = list(entity_export_rows(selectors.entity_list(buyer=buyer, **form.filters())))
    headers = [str(column.label) for column in ENTITY_COLUMNS]
    if request.GET.get("format") == "xlsx":
        content = table_xlsx(_("City entities"), headers, rows, widths={0: 40})
        content_type, name = CONTENT_TYPES[XLSX], "entities.xlsx"
    else:
        content, content_type, name = table_csv(headers, rows), "text/csv; charset=utf-8", "entities.csv"
    record_export(request, "entity_list", buyer, count=len(rows))
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _entity_import_context():
    return {
        "title": _("Import city entities"),
        "back_url": reverse("contracts:entity_list"),
        "back_label": _("City entities"),
        "export_url": reverse("contracts:entity_export") + "?format=xlsx",
    }


@staff_write_required
def entity_import(request):
    """Upload the buyer's entities as CSV or XLSX; nothing is saved before the preview is
    confirmed (entity_import_preview). The rows go into the user's own buyer only."""
    buyer = get_user_buyer(request)
    return upload_view(
        request,
        importer=EntityImporter(),
        scope=str(buyer.public_id),
        template_context=_entity_import_context(),
        preview_url=lambda upload: reverse("contracts:entity_import_preview", args=[upload.public_id]),
    )


@staff_write_required
def entity_import_preview(request, public_id):
    buyer = get_user_buyer(request)
    upload = get_import_for_user(request, public_id, kind=EntityImporter.kind, scope=str(buyer.public_id))
    return preview_view(
        request,
        upload,
        importer=EntityImporter(),
        template_context=_entity_import_context(),
        done_url=reverse("contracts:entity_list"),
    )


entity_archive, entity_restore = archive_views(
    get=get_entity_for_user,
    apply=lambda obj, actor, archived: services.entity_set_archived(entity=obj, actor=actor, archived=archived),
    success_url=lambda obj: reverse("contracts:entity_list"),
)


@staff_required
def award_detail(request, public_id):
    """An award with the criteria versions it was signed with and its history: readable by
    managers, who cannot open the edit form."""
    award = get_award_for_user(request, public_id)
    return render(
        request,
        "contracts/award_detail.html",
        {
            "award": award,
            "agreement": award.agreement,
            "lots": award.lots.all(),
            "versions": award.criteria_versions.select_related("criterion"),
            "history": history_entries(award),
        },
    )


@staff_required
def entity_detail(request, public_id):
    entity = get_entity_for_user(request, public_id)
    return render(
        request,
        "contracts/entity_detail.html",
        {"entity": entity, "agreements": entity.agreements.all(), "history": history_entries(entity)},
    )


# --- Factories per lot (Electronics Watch disclosure) ----------------------------------------


def factory_headers():
    return [
        _("Agreement"),
        _("Lot"),
        _("Supplier"),
        _("Factory"),
        _("Street address"),
        _("City"),
        _("Country"),
        _("Production stage"),
        _("Products"),
        _("Disclosed"),
    ]


def factory_row(disclosure, agreement):
    site = disclosure.site
    return [
        agreement.reference,
        f"{disclosure.lot.number} {disclosure.lot.title}",
        disclosure.award.supplier.legal_name,
        site.name,
        site.address,
        site.city,
        site.country.name,
        disclosure.get_stage_display(),
        disclosure.products,
        timezone.localtime(disclosure.created_at).date().isoformat(),
    ]


@staff_required
def agreement_factories(request, public_id):
    """The factories that make each lot's products, from the suppliers' disclosures: on
    the page, or as CSV or Excel (``?format=csv|xlsx``), for the whole agreement or one
    lot (``?lot=<id>``). Every file taken out is written to the audit log."""
    agreement = get_agreement_for_user(request, public_id)
    lot = None
    if request.GET.get("lot"):
        try:
            lot_id = uuid.UUID(request.GET["lot"])
        except ValueError:
            raise Http404("No such lot.") from None
        lot = get_lot_for_user(request, lot_id)
        if lot.agreement_id != agreement.pk:
            raise Http404("The lot is not part of this agreement.")
    rows = list(selectors.agreement_factories(agreement, lot=lot))
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx"):
        table = [factory_row(disclosure, agreement) for disclosure in rows]
        name = f"factories-{agreement.reference}" + (f"-lot-{lot.number}" if lot else "")
        name = "".join(c if c.isalnum() or c in "-_" else "-" for c in name)
        if fmt == "csv":
            content, content_type = table_csv(factory_headers(), table), "text/csv; charset=utf-8"
        else:
            content = table_xlsx(_("Factories"), factory_headers(), table, widths={1: 30, 3: 30, 4: 40, 8: 50})
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        record_export(request, f"factory_list_{fmt}", lot or agreement, count=len(rows), agreement=agreement.reference)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return response
    return render(
        request,
        "contracts/agreement_factories.html",
        {
            "agreement": agreement,
            "lot": lot,
            "lots": Lot.objects.active().filter(agreement=agreement).order_by("number"),
            "rows": rows,
        },
    )


@staff_required
def supplier_note(request, public_id):
    """The buyer's own internal notes on one supplier of the shared registry; its history
    below. Managers read them; officers write them. Other buyers and the supplier never
    see them."""
    supplier = get_supplier_for_user(request, public_id, write=request.method == "POST")
    buyer = get_user_buyer(request)
    note = SupplierNote.objects.filter(buyer=buyer, supplier=supplier).first()
    form = SupplierNoteForm(request.POST or None, initial={"text": note.text} if note else {})
    if request.method == "POST" and form.is_valid():
        services.supplier_note_save(buyer=buyer, supplier=supplier, actor=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("Your internal notes on %(supplier)s are saved.") % {"supplier": supplier})
        return redirect(reverse("suppliers:detail", args=[supplier.public_id]) + "#internal-notes")
    return render(
        request,
        "contracts/supplier_note.html",
        {
            "supplier": supplier,
            "note": note,
            "form": form,
            "history": history_entries(note) if note else [],
        },
        status=400 if form.errors else 200,
    )


@staff_required
def smelter_note(request, cid):
    """The buyer's own note and flag on one smelter of the shared reference list (by its
    public smelter id, the CID); its history below. Managers read it; officers write it."""
    buyer = get_user_buyer(request)
    smelter = get_object_or_404(SmelterReference.objects.select_related("last_import"), cid=cid)
    note = SmelterNote.objects.filter(buyer=buyer, smelter=smelter).first()
    initial = {"flag": note.flag, "note": note.note} if note else {}
    form = SmelterNoteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.smelter_note_save(
            buyer=buyer,
            smelter=smelter,
            actor=request.user,
            flag=form.cleaned_data["flag"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Your note on %(smelter)s is saved.") % {"smelter": smelter})
        return redirect("contracts:smelter_note", smelter.cid)
    return render(
        request,
        "contracts/smelter_note.html",
        {
            "smelter": smelter,
            "note": note,
            "form": form,
            "history": history_entries(note) if note else [],
        },
        status=400 if form.errors else 200,
    )
