"""Officer and manager screens for 1:1 follow-up meetings (URLs under /meetings/). Every
meeting is fetched through followup.meetings.access, scoped to the user's buyer; every
change goes through followup.meetings.services (and followup.actions.services for the
corrective actions agreed in a meeting)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contracts.access import get_user_buyer
from contracts.selectors import my_suppliers
from followup.actions import services as action_services
from followup.actions.forms import ActionForm
from followup.models import Meeting
from oslo_procurement.accounts.access import staff_required, staff_write_required
from oslo_procurement.audit.history import history_entries
from oslo_procurement.core import edit_view, paginate
from suppliers.access import get_supplier_for_user
from suppliers.models import Supplier

from . import selectors, services
from .access import get_meeting_for_user
from .forms import AgendaFormSet, CancelForm, MeetingFilterForm, MeetingForm, MinutesForm


def detail_url(meeting):
    return reverse("meetings:detail", args=[meeting.public_id])


def _refused(request, exc):
    for message in exc.messages:
        messages.error(request, message)


def _form_page(
    request, *, meeting, form, title, save, success_url=None, template="followup/meetings/form.html", **extra
):
    return edit_view(
        request,
        form=form,
        template=template,
        context={"title": title, "meeting": meeting, "cancel_url": detail_url(meeting), **extra},
        save=save,
        success_url=success_url or detail_url(meeting),
    )


@staff_required
def meeting_list(request):
    buyer = get_user_buyer(request)
    suppliers = list(selectors.suppliers_with_meetings(buyer))
    form = MeetingFilterForm(request.GET or None, suppliers=suppliers)
    filters = form.filters()
    mine = filters.pop("mine", "")
    wanted = filters.pop("supplier", None)
    supplier = next((s for s in suppliers if str(s.public_id) == wanted), None)
    meetings = selectors.meeting_list(buyer=buyer, supplier=supplier, **filters)
    if mine:
        meetings = meetings.filter(supplier__in=my_suppliers(buyer, request.user))
    page = paginate(request, meetings)
    return render(request, "followup/meetings/meeting_list.html", {"filter_form": form, "page": page})


@staff_required
def meeting_detail(request, public_id):
    meeting = get_meeting_for_user(request, public_id)
    editable = meeting.status in services.EDITABLE
    return render(
        request,
        "followup/meetings/meeting_detail.html",
        {
            "meeting": meeting,
            **selectors.meeting_participants(meeting),
            "agenda": selectors.staff_agenda(meeting),
            "actions": selectors.agreed_actions(meeting),
            "editable": editable,
            "can_record_minutes": meeting.status != Meeting.Status.CANCELLED
            and timezone.localdate(meeting.starts_at) <= timezone.localdate(),
            "history": history_entries(meeting),
        },
    )


@staff_write_required
def meeting_create(request):
    """Plan a meeting with the supplier in ``?supplier=`` (chosen first when missing)."""
    buyer = get_user_buyer(request)
    supplier_id = request.GET.get("supplier")
    if not supplier_id:
        return render(
            request,
            "followup/actions/choose_supplier.html",
            {
                "title": _("Plan a follow-up meeting"),
                "suppliers": Supplier.objects.active().order_by("legal_name"),
                "cancel_url": reverse("meetings:list"),
            },
        )
    supplier = get_supplier_for_user(request, supplier_id, write=True)
    form = MeetingForm(
        request.POST or None,
        buyer=buyer,
        supplier=supplier,
        initial={
            "title": _("Follow-up meeting with %(supplier)s") % {"supplier": supplier.legal_name},
            "buyer_participants": [request.user.pk],
        },
    )
    return edit_view(
        request,
        form=form,
        template="followup/meetings/form.html",
        context={
            "title": _("Plan a follow-up meeting with %(supplier)s") % {"supplier": supplier.legal_name},
            "cancel_url": reverse("meetings:list"),
            "intro": _(
                "The agenda is proposed from what is open for this supplier: findings, answers returned for "
                "clarification, overdue corrective actions and evidence that expires. You can change it next."
            ),
        },
        save=lambda f: services.meeting_create(buyer=buyer, supplier=supplier, actor=request.user, **f.cleaned_data),
        success_url=detail_url,
    )


@staff_write_required
def meeting_edit(request, public_id):
    meeting = get_meeting_for_user(request, public_id, write=True)
    form = MeetingForm(request.POST or None, instance=meeting, buyer=meeting.buyer, supplier=meeting.supplier)
    return _form_page(
        request,
        meeting=meeting,
        form=form,
        title=_("Change the meeting"),
        save=lambda f: services.meeting_save(
            meeting=f.instance,
            actor=request.user,
            buyer_participants=f.cleaned_data["buyer_participants"],
            supplier_participants=f.cleaned_data["supplier_participants"],
        ),
    )


@staff_write_required
def agenda_edit(request, public_id):
    """Edit, reorder (by the order numbers), remove and add agenda points."""
    meeting = get_meeting_for_user(request, public_id, write=True)
    queryset = meeting.agenda_items.order_by("order")
    formset = AgendaFormSet(request.POST or None, queryset=queryset, prefix="agenda")
    if request.method == "POST" and formset.is_valid():
        points = [
            (
                form.instance if form.instance.pk else None,
                form.cleaned_data["title"],
                form.cleaned_data.get("notes", ""),
            )
            for form in formset.ordered_forms
        ]
        removed = [form.instance for form in formset.deleted_forms if form.instance.pk]
        try:
            services.agenda_save(meeting=meeting, actor=request.user, points=points, removed=removed)
        except ValidationError as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("The agenda is saved."))
            return redirect(detail_url(meeting) + "#agenda")
    return render(
        request,
        "followup/meetings/agenda_form.html",
        {"meeting": meeting, "formset": formset, "cancel_url": detail_url(meeting)},
        status=400 if request.method == "POST" else 200,
    )


def _post_action(request, meeting, run, success):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        result = run()
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, success(result) if callable(success) else success)
    return redirect(detail_url(meeting))


@staff_write_required
def agenda_propose(request, public_id):
    meeting = get_meeting_for_user(request, public_id, write=True)
    return _post_action(
        request,
        meeting,
        lambda: services.agenda_propose(meeting=meeting, actor=request.user),
        lambda added: ngettext("%(count)d point added.", "%(count)d points added.", added) % {"count": added},
    )


@staff_write_required
def agenda_share(request, public_id):
    meeting = get_meeting_for_user(request, public_id, write=True)
    return _post_action(
        request,
        meeting,
        lambda: services.agenda_share(meeting=meeting, actor=request.user),
        _("The agenda is shared with the supplier."),
    )


@staff_write_required
def minutes_edit(request, public_id):
    meeting = get_meeting_for_user(request, public_id, write=True)
    return _form_page(
        request,
        meeting=meeting,
        form=MinutesForm(request.POST or None, instance=meeting),
        title=_("Minutes and decisions"),
        save=lambda f: services.meeting_record_minutes(meeting=meeting, actor=request.user, **f.cleaned_data),
    )


@staff_write_required
def minutes_share(request, public_id):
    meeting = get_meeting_for_user(request, public_id, write=True)
    return _post_action(
        request,
        meeting,
        lambda: services.meeting_share_minutes(meeting=meeting, actor=request.user),
        _("The minutes, decisions and agreed actions are shared with the supplier."),
    )


@staff_write_required
def action_create(request, public_id):
    """A corrective action agreed in the meeting."""
    meeting = get_meeting_for_user(request, public_id, write=True)
    settings = action_services.followup_settings_for(meeting.buyer)
    form = ActionForm(request.POST or None, buyer=meeting.buyer, supplier=meeting.supplier, settings=settings)
    return _form_page(
        request,
        meeting=meeting,
        form=form,
        title=_("Agreed corrective action"),
        save=lambda f: action_services.action_create(
            buyer=meeting.buyer, supplier=meeting.supplier, actor=request.user, meeting=meeting, **f.cleaned_data
        ),
        success_url=detail_url(meeting) + "#actions",
    )


@staff_write_required
def meeting_cancel(request, public_id):
    meeting = get_meeting_for_user(request, public_id, write=True)
    return _form_page(
        request,
        meeting=meeting,
        form=CancelForm(request.POST or None),
        title=_("Cancel the meeting"),
        save=lambda f: services.meeting_cancel(meeting=meeting, actor=request.user, reason=f.cleaned_data["reason"]),
    )
