"""Supplier portal screens for the supplier's corrective actions (URLs under
/portal/actions/). Every action is fetched through get_portal_action: the user's own
organisation only, and an action agreed in a meeting only once the minutes are shared."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from followup.models import CorrectiveAction
from oslo_procurement.accounts.access import supplier_required
from oslo_procurement.core import edit_view, paginate
from suppliers.access import get_portal_supplier

from . import selectors, services
from .access import get_portal_action
from .forms import AttachEvidenceForm, ProgressForm, SubmitForm


def _detail_url(action):
    return reverse("portal_actions:detail", args=[action.public_id])


@supplier_required
def action_list(request):
    supplier = get_portal_supplier(request)
    page = paginate(request, selectors.portal_action_list(supplier))
    return render(request, "portal/actions/action_list.html", {"supplier": supplier, "page": page})


@supplier_required
def action_detail(request, public_id):
    action = get_portal_action(request, public_id)
    return render(
        request,
        "portal/actions/action_detail.html",
        {
            "action": action,
            "supplier": action.supplier,
            "overdue": action.is_overdue(selectors.today()),
            "updates": selectors.action_updates(action),
            "pending": selectors.pending_evidence(action),
            "submit_form": SubmitForm(),
            "closed": action.status == CorrectiveAction.Status.VERIFIED_CLOSED,
            "submitted": action.status == CorrectiveAction.Status.EVIDENCE_SUBMITTED,
        },
    )


def _form_page(request, *, action, form, title, save):
    return edit_view(
        request,
        form=form,
        template="portal/actions/form.html",
        context={"title": title, "action": action, "cancel_url": _detail_url(action)},
        save=save,
        success_url=_detail_url(action),
    )


@supplier_required
def action_update(request, public_id):
    """Post a progress update."""
    action = get_portal_action(request, public_id)
    return _form_page(
        request,
        action=action,
        form=ProgressForm(request.POST or None),
        title=_("Progress update"),
        save=lambda f: services.action_post_update(action=action, actor=request.user, text=f.cleaned_data["text"]),
    )


@supplier_required
def action_evidence(request, public_id):
    """Attach valid evidence from the library, or a new document."""
    action = get_portal_action(request, public_id)
    form = AttachEvidenceForm(
        request.POST or None,
        request.FILES or None,
        supplier=action.supplier,
        attachable=selectors.attachable_evidence(action.supplier),
    )
    return _form_page(
        request,
        action=action,
        form=form,
        title=_("Attach evidence"),
        save=lambda f: services.action_attach_evidence(
            action=action,
            actor=request.user,
            evidence=f.cleaned_data["evidence"],
            new_evidence=f.new_evidence(),
            upload=f.cleaned_data.get("upload"),
            text=f.cleaned_data.get("text") or "",
        ),
    )


@supplier_required
def action_submit(request, public_id):
    """Submit the attached evidence for the officer's verification."""
    action = get_portal_action(request, public_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = SubmitForm(request.POST)
    text = form.cleaned_data["text"] if form.is_valid() else ""
    try:
        services.action_submit_evidence(action=action, actor=request.user, text=text)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The evidence has been submitted. The buyer's officer will verify it."))
    return redirect(_detail_url(action))
