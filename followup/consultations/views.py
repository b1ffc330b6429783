"""Officer and manager screens for market consultations and dialogue conferences (URLs
under /market-dialogue/). Officers write, managers read. Every event is fetched through
followup.consultations.access, scoped to the user's buyer; every change goes through
followup.consultations.services."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contracts.access import get_user_buyer
from contracts.models import FrameworkAgreement
from criteria.access import get_criterion_for_user
from followup.models import CriterionFeedback, MarketEvent
from oslo_procurement.accounts.access import staff_required, staff_write_required
from oslo_procurement.audit.history import history_entries
from oslo_procurement.core import archive_views, edit_view, paginate

from . import selectors, services
from .access import get_event_for_user, get_invitation_for_user, get_proposal_for_user
from .forms import AttendanceForm, EventFilterForm, EventForm, FeedbackForm, InviteForm, ProposalForm, WordingForm


def detail_url(event, anchor=""):
    return reverse("market:detail", args=[event.public_id]) + anchor


def _refused(request, exc):
    for message in exc.messages:
        messages.error(request, message)


def _form_page(
    request, *, event, form, title, save, success_url=None, template="followup/consultations/form.html", **extra
):
    return edit_view(
        request,
        form=form,
        template=template,
        context={"title": title, "event": event, "cancel_url": detail_url(event), **extra},
        save=save,
        success_url=success_url or detail_url(event),
    )


@staff_required
def event_list(request):
    buyer = get_user_buyer(request)
    form = EventFilterForm(request.GET or None)
    page = paginate(request, selectors.event_list(buyer=buyer, **form.filters()))
    return render(request, "followup/consultations/event_list.html", {"filter_form": form, "page": page})


@staff_write_required
def event_create(request):
    buyer = get_user_buyer(request)
    form = EventForm(request.POST or None, buyer=buyer, initial={"agreement": _own_agreement(buyer, request)})
    return edit_view(
        request,
        form=form,
        template="followup/consultations/form.html",
        context={"title": _("Plan a market dialogue event"), "cancel_url": reverse("market:list")},
        save=lambda f: services.event_create(
            buyer=buyer, actor=request.user, **{name: f.cleaned_data[name] for name in services.EVENT_FIELDS}
        ),
        success_url=detail_url,
    )


def _own_agreement(buyer, request):
    """The buyer's agreement named in ``?agreement=`` (the agreement page links here), or None."""
    try:
        public_id = uuid.UUID(request.GET.get("agreement", ""))
    except ValueError:
        return None
    return FrameworkAgreement.objects.filter(buyer=buyer, public_id=public_id).first()


@staff_required
def event_detail(request, public_id):
    event = get_event_for_user(request, public_id)
    return render(
        request,
        "followup/consultations/event_detail.html",
        {
            "event": event,
            "proposals": selectors.event_proposals(event),
            "invitations": selectors.event_invitations(event),
            "open": event.status != MarketEvent.Status.CANCELLED,
            "history": history_entries(event),
        },
    )


@staff_write_required
def event_edit(request, public_id):
    event = get_event_for_user(request, public_id, write=True)
    form = EventForm(request.POST or None, instance=event, buyer=event.buyer)
    return _form_page(
        request,
        event=event,
        form=form,
        title=_("Change the event"),
        save=lambda f: services.event_save(event=f.instance, actor=request.user),
    )


def _post_action(request, event, run, success, anchor=""):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        result = run()
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, success(result) if callable(success) else success)
    return redirect(detail_url(event, anchor))


@staff_write_required
def event_cancel(request, public_id):
    event = get_event_for_user(request, public_id, write=True)
    return _post_action(
        request, event, lambda: services.event_cancel(event=event, actor=request.user), _("The event is cancelled.")
    )


event_archive, event_restore = archive_views(
    get=get_event_for_user,
    apply=lambda obj, actor, archived: services.event_set_archived(event=obj, actor=actor, archived=archived),
    success_url=lambda obj: obj.get_absolute_url(),
)


@staff_write_required
def proposal_add(request, public_id):
    event = get_event_for_user(request, public_id, write=True)
    return _form_page(
        request,
        event=event,
        form=ProposalForm(request.POST or None, buyer_id=event.buyer_id),
        title=_("Propose a criterion for discussion"),
        intro=_(
            "Choose a criterion version from the catalogue, or write the new wording you are considering. "
            "Suppliers will say how ready they are for each criterion on the list."
        ),
        save=lambda f: services.proposal_add(event=event, actor=request.user, **f.cleaned_data),
        success_url=detail_url(event, "#criteria"),
    )


@staff_write_required
def proposal_edit(request, public_id):
    """The officer writes the wording's missing language (or, before any answer, changes it)."""
    proposal = get_proposal_for_user(request, public_id, write=True)
    if proposal.criterion_version_id:
        return redirect(detail_url(proposal.event, "#criteria"))
    return _form_page(
        request,
        event=proposal.event,
        form=WordingForm(request.POST or None, instance=proposal),
        title=_("Wording in Bokmål and English"),
        intro=_(
            "Suppliers read the wording in their own language. Once a supplier has answered, the wording stays as "
            "it was answered: only a missing language can be written."
        ),
        save=lambda f: services.proposal_save_wording(
            proposal=proposal, actor=request.user, **{name: f.cleaned_data[name] for name in services.WORDING_FIELDS}
        ),
        success_url=detail_url(proposal.event, "#criteria"),
    )


@staff_write_required
def proposal_remove(request, public_id):
    proposal = get_proposal_for_user(request, public_id, write=True)
    return _post_action(
        request,
        proposal.event,
        lambda: services.proposal_remove(proposal=proposal, actor=request.user),
        _("The criterion is taken off the list."),
        "#criteria",
    )


@staff_write_required
def invite(request, public_id):
    event = get_event_for_user(request, public_id, write=True)
    form = InviteForm(request.POST or None, suppliers=selectors.suppliers_to_invite(event))
    if request.method == "POST" and form.is_valid():
        try:
            result = services.invitations_create(
                event=event,
                suppliers=form.cleaned_data["suppliers"],
                actor=request.user,
                send_email=form.cleaned_data["send_email"],
            )
        except ValidationError as exc:
            _refused(request, exc)
            return redirect(detail_url(event))
        count = len(result["invited"])
        messages.success(
            request,
            ngettext("%(count)d supplier invited", "%(count)d suppliers invited", count) % {"count": count}
            + ", "
            + ngettext("%(emails)d email sent.", "%(emails)d emails sent.", result["emails"])
            % {"emails": result["emails"]},
        )
        if result["without_users"]:
            messages.warning(
                request,
                _(
                    "No email went to %(suppliers)s: no portal users yet. "
                    "Invite their people to the portal from the supplier page."
                )
                % {"suppliers": ", ".join(s.legal_name for s in result["without_users"])},
            )
        return redirect(detail_url(event, "#invitations"))
    return render(
        request,
        "followup/consultations/invite_form.html",
        {
            "event": event,
            "form": form,
            "cancel_url": detail_url(event),
            "title": _("Invite suppliers to %(topic)s") % {"topic": event.topic},
        },
        status=400 if form.errors else 200,
    )


@staff_write_required
def invitations_resend(request, public_id):
    """Send the invitation to the invited suppliers' portal users who have not had this
    version of the event yet (for example users created after the invitation)."""
    event = get_event_for_user(request, public_id, write=True)
    return _post_action(
        request,
        event,
        lambda: services.invitations_resend(event=event, actor=request.user),
        lambda sent: (
            ngettext("%(count)d email sent.", "%(count)d emails sent.", sent) % {"count": sent}
            if sent
            else _("Every portal user of the invited suppliers has had this version of the invitation already.")
        ),
        "#invitations",
    )


@staff_write_required
def attendance(request, public_id):
    event = get_event_for_user(request, public_id, write=True)
    invitations = list(event.invitations.select_related("supplier").order_by("supplier__legal_name"))
    form = AttendanceForm(request.POST or None, invitations=invitations)
    return _form_page(
        request,
        event=event,
        form=form,
        title=_("Who came"),
        template="followup/consultations/attendance_form.html",
        save=lambda f: services.attendance_record(event=event, actor=request.user, rows=f.attendance()),
        success_url=detail_url(event, "#invitations"),
    )


@staff_write_required
def feedback(request, public_id):
    """The officer records one supplier's readiness for each proposed criterion."""
    invitation = get_invitation_for_user(request, public_id, write=True)
    event = invitation.event
    current = {f.proposal_id: f for f in CriterionFeedback.objects.filter(invitation=invitation)}
    proposals = event.proposed_criteria.select_related("criterion", "criterion_version__criterion").order_by("order")
    form = FeedbackForm(request.POST or None, proposals=proposals, current=current)
    return _form_page(
        request,
        event=event,
        form=form,
        title=_("Feedback from %(supplier)s") % {"supplier": invitation.supplier.legal_name},
        template="followup/consultations/feedback_form.html",
        invitation=invitation,
        save=lambda f: services.feedback_save(
            invitation=invitation,
            actor=request.user,
            answers=f.answers(),
            source=CriterionFeedback.Source.OFFICER,
        ),
        success_url=detail_url(event, "#criteria"),
    )


@staff_required
def readiness_overview(request):
    """How ready the market says it is, per catalogue criterion, over all events."""
    buyer = get_user_buyer(request)
    return render(request, "followup/consultations/readiness.html", selectors.readiness_overview(buyer))


@staff_required
def criterion_readiness(request, public_id):
    buyer = get_user_buyer(request)
    criterion = get_criterion_for_user(request, public_id)
    return render(
        request,
        "followup/consultations/criterion_readiness.html",
        {"criterion": criterion, **selectors.criterion_feedback(buyer, criterion)},
    )
