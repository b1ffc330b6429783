"""Officer and manager screens for the next procurement draft (URLs under
/next-procurement/). Officers write, managers read. Every draft, criterion and decision is
fetched through followup.procurement.access, scoped to the user's buyer; every change
goes through followup.procurement.services (which call the criteria app's services for
new versions)."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contracts.access import get_agreement_for_user, get_user_buyer
from criteria.forms import CriterionCreateForm, CriterionVersionForm
from criteria.models import CriterionVersion
from oslo_procurement.accounts.access import staff_required, staff_write_required
from oslo_procurement.audit.history import history_entries
from oslo_procurement.core import archive_views, edit_view, paginate

from . import selectors, services
from .access import get_decision_for_user, get_draft_for_user, get_line_for_user
from .forms import DecisionForm


def _refused(request, exc):
    for message in exc.messages:
        messages.error(request, message)


@staff_required
def draft_list(request):
    buyer = get_user_buyer(request)
    page = paginate(request, selectors.draft_list(buyer=buyer, status=request.GET.get("status", "active")))
    return render(
        request,
        "followup/procurement/draft_list.html",
        {"page": page, "agreements": selectors.agreements_without_draft(buyer)},
    )


@staff_write_required
def draft_start(request, public_id):
    """GET asks for confirmation; POST starts the draft (or opens the one there is)."""
    agreement = get_agreement_for_user(request, public_id, write=True)
    if request.method == "POST":
        try:
            draft = services.draft_start(agreement=agreement, actor=request.user)
        except ValidationError as exc:
            _refused(request, exc)
            return redirect(agreement)
        return redirect(draft)
    return render(request, "followup/procurement/draft_start.html", {"agreement": agreement})


@staff_required
def draft_detail(request, public_id):
    draft = get_draft_for_user(request, public_id)
    return render(
        request,
        "followup/procurement/draft_detail.html",
        {"draft": draft, "lines": selectors.draft_lines(draft), "history": history_entries(draft)},
    )


@staff_write_required
def draft_sync(request, public_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    draft = get_draft_for_user(request, public_id, write=True)
    try:
        added = services.draft_sync(draft=draft, actor=request.user)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            ngettext("%(count)d criterion added.", "%(count)d criteria added.", added) % {"count": added}
            if added
            else _("The draft is up to date."),
        )
    return redirect(draft)


draft_archive, draft_restore = archive_views(
    get=get_draft_for_user,
    apply=lambda obj, actor, archived: services.draft_set_archived(draft=obj, actor=actor, archived=archived),
    success_url=lambda obj: obj.get_absolute_url(),
)


@staff_required
def line_detail(request, public_id):
    """One criterion of the draft: its decisions (all of them, newest first), the lessons
    and the market's readiness; officers record a new decision here."""
    line = get_line_for_user(request, public_id)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_record(line=line, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect(reverse("procurement:detail", args=[line.draft.public_id]) + f"#line-{line.public_id}")
    (annotated,) = selectors.draft_lines(line.draft, only=line)
    return render(
        request,
        "followup/procurement/line_detail.html",
        {
            "line": annotated,
            "draft": line.draft,
            "form": form,
            "decisions": selectors.line_decisions(line),
            "wordings": selectors.proposed_wordings(line.draft, line.criterion) if line.criterion_id else [],
        },
        status=400 if form.errors else 200,
    )


def _next_start(draft, criterion):
    """When the new wording would apply: the day after the agreement ends (or tomorrow,
    once it has ended), and after the version in force started."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    start = max(tomorrow, draft.agreement.end_date + datetime.timedelta(days=1))
    if criterion is not None:
        latest = (
            CriterionVersion.objects.filter(criterion=criterion)
            .exclude(status=CriterionVersion.Status.DRAFT)
            .order_by("-effective_from")
            .first()
        )
        if latest is not None:
            start = max(start, latest.effective_from + datetime.timedelta(days=1))
            if latest.effective_to:
                start = max(start, latest.effective_to)
    return start


def _discussed(proposal):
    """The form's wording fields from new wording discussed with the market: each language
    from its own field (an English field the officer has not written stays empty, never a
    copy of the Bokmål)."""
    return {
        "title_nb": proposal.title_nb,
        "title_en": proposal.title_en,
        "text_nb": proposal.text_nb,
        "text_en": proposal.text_en,
    }


@staff_write_required
def decision_new_version(request, public_id):
    """From a decision that changes the wording: a prefilled form for a new draft version
    of the criterion (or, for new wording, a new criterion) in the catalogue."""
    decision = get_decision_for_user(request, public_id, write=True)
    line, draft = decision.line, decision.line.draft
    back = reverse("procurement:line", args=[line.public_id])
    if decision.new_version_id:
        messages.info(
            request, _("This decision already has its new version: %(version)s.") % {"version": decision.new_version}
        )
        return redirect(decision.new_version)
    if not decision.makes_new_wording:
        messages.error(
            request,
            _("A decision to %(decision)s does not change the wording.")
            % {"decision": decision.get_decision_display().lower()},
        )
        return redirect(back)
    note = f"{decision.get_decision_display()}: {decision.reason}"[:300]
    common = {
        "title": _("New wording from the decision: %(decision)s") % {"decision": decision.get_decision_display()},
        "decision": decision,
        "line": line,
        "draft": draft,
        "cancel_url": back,
    }
    if line.criterion_id:
        criterion = line.criterion
        latest = selectors.latest_version(criterion)
        wordings = list(selectors.proposed_wordings(draft, criterion))
        initial = {name: getattr(latest, name) for name in services.WORDING_FIELDS if latest is not None}
        if wordings:
            # Start from the wording the market discussed (the newest), in both languages.
            initial.update(_discussed(wordings[0]))
        initial.update(
            effective_from=_next_start(draft, criterion),
            effective_to=None,
            change_note=note,
            ilo_instruments=list(latest.ilo_instruments.all()) if latest else [],
        )
        form = CriterionVersionForm(
            request.POST or None, instance=CriterionVersion(criterion=criterion), initial=initial
        )
        return edit_view(
            request,
            form=form,
            template="followup/procurement/version_form.html",
            context={
                **common,
                "criterion": criterion,
                "open_draft": selectors.open_draft_version(criterion),
                "wordings": wordings,
                "discussed": wordings[0] if wordings else None,
            },
            save=lambda f: services.decision_create_version(
                decision=decision,
                actor=request.user,
                wording=f.instance,
                ilo_instruments=f.cleaned_data["ilo_instruments"],
            ),
            success_url=lambda version: version.get_absolute_url(),
        )
    proposal = line.proposal
    form = CriterionCreateForm(
        request.POST or None,
        instance=CriterionVersion(),
        initial={
            **_discussed(proposal),
            "effective_from": _next_start(draft, None),
            "change_note": note,
        },
    )
    return edit_view(
        request,
        form=form,
        template="followup/procurement/version_form.html",
        context={**common, "proposal": proposal},
        save=lambda f: services.decision_create_criterion(
            decision=decision,
            actor=request.user,
            criterion=f.build_criterion(),
            first_version=f.instance,
            ilo_instruments=f.cleaned_data["ilo_instruments"],
        ),
        success_url=lambda version: version.get_absolute_url(),
    )
