"""The one way views reach next procurement drafts, their criteria and decisions: the
role is checked, then the lookup is scoped to the user's buyer, so another buyer's draft
gives 404 whatever URL is typed."""

from django.shortcuts import get_object_or_404

from contracts.access import get_user_buyer
from followup.models import CriterionDecision, DraftCriterion, ProcurementDraft
from oslo_procurement.accounts.access import require_staff


def get_draft_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    buyer = get_user_buyer(request)
    return get_object_or_404(
        ProcurementDraft.objects.select_related("buyer", "agreement", "created_by"), public_id=public_id, buyer=buyer
    )


def get_line_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    buyer = get_user_buyer(request)
    return get_object_or_404(
        DraftCriterion.objects.select_related(
            "draft__buyer", "draft__agreement", "criterion", "current_version__criterion", "proposal__event"
        ),
        public_id=public_id,
        draft__buyer=buyer,
    )


def get_decision_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    buyer = get_user_buyer(request)
    return get_object_or_404(
        CriterionDecision.objects.select_related(
            "line__draft__buyer",
            "line__draft__agreement",
            "line__criterion",
            "line__current_version",
            "line__proposal__event",
            "new_version",
        ),
        public_id=public_id,
        line__draft__buyer=buyer,
    )
