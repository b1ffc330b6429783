"""Officer and manager screens for desktop research (URLs under /findings/). Every finding
is fetched through followup.research.access, scoped to the user's buyer."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from contracts.access import get_user_buyer
from oslo_procurement.accounts.access import staff_required, staff_write_required
from oslo_procurement.audit.history import history_entries
from oslo_procurement.compiled import CompiledList
from oslo_procurement.core import archive_views, edit_view, paginate
from suppliers.models import Supplier

from ..models import Finding
from . import selectors, services
from .access import get_finding_for_user
from .forms import FindingFilterForm, FindingForm, RaiseForm, TransitionForm


def finding_url(finding):
    return reverse("findings:detail", args=[finding.public_id])


@staff_required
def finding_list(request):
    buyer = get_user_buyer(request)
    form = FindingFilterForm(request.GET or None, buyer=buyer)
    filters = form.filters()
    if filters.get("search"):  # any text: built as usual
        page = paginate(request, selectors.finding_rows(buyer=buyer, **filters))
    else:
        # Count and rows through SQL compiled once per shape of the filters
        # (oslo_procurement.compiled).
        supplier = filters.pop("supplier", None)
        key = ("findings.list", supplier is not None, *sorted(filters.items()))
        records = {"buyer": buyer} | ({"supplier": supplier} if supplier is not None else {})
        rows = CompiledList(key, lambda **records: selectors.finding_rows(**records, **filters), **records)
        page = paginate(request, rows)
    page.object_list = selectors.with_supplier_links(page.object_list)  # then the page's suppliers
    return render(request, "followup/research/finding_list.html", {"filter_form": form, "page": page})


@staff_required
def finding_detail(request, public_id):
    finding = get_finding_for_user(request, public_id)
    detail = selectors.finding_detail(finding)
    for link in detail["links"]:
        link.responses = selectors.response_history(link) if link.raised_at else []
    return render(
        request,
        "followup/research/finding_detail.html",
        {
            "finding": finding,
            **detail,
            "transitions": [(value, Finding.Status(value).label) for value in services.allowed_transitions(finding)],
            "transition_form": TransitionForm(),
            "history": history_entries(finding),
        },
    )


def _save(request):
    return lambda f: services.finding_save(
        finding=f.instance,
        actor=request.user,
        suppliers=f.cleaned_data["suppliers"],
        sites=f.cleaned_data["sites"],
        lots=f.cleaned_data["lots"],
        ilo_instruments=f.cleaned_data["ilo_instruments"],
    )


def _supplier_from_query(request):
    """``?supplier=<public id>`` from the supplier page's "record a finding" link."""
    try:
        public_id = uuid.UUID(request.GET.get("supplier", ""))
    except ValueError:
        return None
    # The supplier registry is shared by every buyer (README "Decisions"); the view is staff-only.
    return Supplier.objects.active().filter(public_id=public_id).first()  # nosemgrep: oslo-unscoped-lookup-in-view


@staff_write_required
def finding_create(request):
    buyer = get_user_buyer(request)
    finding = Finding(buyer=buyer)
    initial = {}
    supplier = _supplier_from_query(request)
    if supplier is not None:
        initial["suppliers"] = [supplier.pk]
    form = FindingForm(request.POST or None, instance=finding, initial=initial)
    return edit_view(
        request,
        form=form,
        template="followup/research/finding_form.html",
        context={"title": _("New finding"), "cancel_url": reverse("findings:list")},
        save=_save(request),
        success_url=finding_url,
    )


@staff_write_required
def finding_edit(request, public_id):
    finding = get_finding_for_user(request, public_id, write=True)
    form = FindingForm(request.POST or None, instance=finding)
    return edit_view(
        request,
        form=form,
        template="followup/research/finding_form.html",
        context={"finding": finding, "title": finding.title, "cancel_url": finding_url(finding)},
        save=_save(request),
        success_url=finding_url(finding),
    )


@staff_write_required
def finding_transition(request, public_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    finding = get_finding_for_user(request, public_id, write=True)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status; a reason can have at most 100 characters."))
        return redirect(finding_url(finding))
    try:
        services.finding_transition(
            finding=finding, status=form.cleaned_data["status"], reason=form.cleaned_data["reason"], actor=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Status changed to “%(status)s”.") % {"status": finding.get_status_display()})
    return redirect(finding_url(finding))


@staff_write_required
def finding_raise(request, public_id):
    """Raise the finding with one of the suppliers it concerns (POST ``supplier``)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    finding = get_finding_for_user(request, public_id, write=True)
    form = RaiseForm(request.POST)
    link = None
    if form.is_valid():
        link = (
            finding.supplier_links.select_related("supplier")
            .filter(supplier__public_id=form.cleaned_data["supplier"])
            .first()
        )
    if link is None:
        messages.error(request, _("The finding does not concern this supplier."))
        return redirect(finding_url(finding))
    try:
        raised = services.finding_raise(finding=finding, supplier=link.supplier, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if raised:
            messages.success(
                request,
                _("Raised with %(supplier)s. The supplier now sees the finding in the portal.")
                % {"supplier": link.supplier},
            )
        else:
            messages.info(request, _("The finding was already raised with %(supplier)s.") % {"supplier": link.supplier})
    return redirect(finding_url(finding))


finding_archive, finding_restore = archive_views(
    get=get_finding_for_user,
    apply=lambda obj, actor, archived: services.finding_set_archived(finding=obj, actor=actor, archived=archived),
    success_url=finding_url,
)
