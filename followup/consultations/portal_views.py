"""Supplier portal screens for market dialogue (URLs under /portal/market-dialogue/): the
events the supplier's own organisation was invited to, and its written input on them.
Every event is reached through the supplier's own invitation (get_portal_invitation), so
another supplier's invitation, or an event the supplier was not invited to, gives 404.
Other suppliers' answers and the officer's figures are never shown here."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from followup.models import CriterionFeedback
from oslo_procurement.accounts.access import supplier_required
from oslo_procurement.core import paginate
from suppliers.access import get_portal_supplier

from . import selectors, services
from .access import get_portal_invitation
from .forms import FeedbackForm


@supplier_required
def event_list(request):
    supplier = get_portal_supplier(request)
    page = paginate(request, selectors.portal_invitations(supplier))
    return render(
        request, "portal/market/event_list.html", {"supplier": supplier, "page": page, "today": selectors.today()}
    )


@supplier_required
def event_detail(request, public_id):
    """The event, the criteria under discussion, and the supplier's own answers: a form
    until the input deadline, read-only after it."""
    invitation = get_portal_invitation(request, public_id)
    event = invitation.event
    proposals = selectors.portal_proposals(invitation)
    current = {p.pk: p.mine[0] for p in proposals if p.mine}
    editable = event.accepts_input(selectors.today())
    form = None
    if editable:
        form = FeedbackForm(
            request.POST or None,
            proposals=proposals,
            current=current,
            with_written_input=True,
            written_input=invitation.written_input,
        )
        if request.method == "POST" and form.is_valid():
            try:
                changed = services.feedback_save(
                    invitation=invitation,
                    actor=request.user,
                    answers=form.answers(),
                    source=CriterionFeedback.Source.PORTAL,
                    written_input=form.cleaned_data["written_input"],
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Your input is saved.") if changed else _("Nothing changed."))
                return redirect("portal_market:detail", event.public_id)
    elif request.method == "POST":
        messages.error(request, _("The deadline for written input has passed."))
        return redirect("portal_market:detail", event.public_id)
    return render(
        request,
        "portal/market/event_detail.html",
        {
            "invitation": invitation,
            "event": event,
            "buyer": event.buyer,
            "proposals": proposals,
            "form": form,
            "editable": editable,
        },
        status=400 if form is not None and form.errors else 200,
    )
