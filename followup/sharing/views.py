"""Staff screens of sharing (URLs under /shared/): read a self-assessment a supplier shared
with the buyer, and accept a shared answer in a reporting round instead of asking again."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from oslo_procurement.accounts.access import staff_required, staff_write_required

from ..access import get_assessment_for_user
from . import selectors, services
from .access import get_share_for_user


@staff_required
def shared_assessment(request, public_id):
    """The answers the supplier shared, marked as shared with their date; the other buyer's
    review (verdict, comments, notes) is never shown."""
    share = get_share_for_user(request, public_id)
    return render(
        request,
        "followup/sharing/shared_assessment.html",
        {
            "share": share,
            "supplier": share.supplier,
            "assessment": share.assessment,
            "items": selectors.shared_assessment_items(share.assessment),
        },
    )


@staff_write_required
def accept_shared(request, public_id):
    """POST: the round's self-assessment becomes a copy of the answer the supplier shared."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    assessment = get_assessment_for_user(request, public_id, write=True)
    share = selectors.offered_answers(assessment.round, [assessment.supplier_id]).get(assessment.supplier_id)
    if share is None:
        messages.error(request, _("No shared answer fits this round's questionnaire any more."))
        return redirect(assessment.round)
    try:
        services.shared_answer_accept(assessment=assessment, share=share, actor=request.user, request=request)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The shared answer of %(supplier)s was accepted; the supplier was told. Review it as any answer.")
            % {"supplier": assessment.supplier},
        )
    return redirect(assessment.round)
