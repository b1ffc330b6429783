"""The one way views reach follow-up data.

Staff helpers check the role, then scope the lookup to the user's buyer
(contracts.access.get_user_buyer), so another buyer's questionnaire, round or
self-assessment gives 404 whatever URL is typed. Portal helpers scope every lookup to
the supplier user's own organisation (suppliers.access.get_portal_supplier), so another
supplier's self-assessment gives 404.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from contracts.access import get_user_buyer
from oslo_procurement.accounts.access import deny, require_staff
from suppliers.access import get_portal_supplier

from .models import Assessment, Question, Questionnaire, ReportingRound


def visible_questionnaires(buyer):
    """A Q on Questionnaire: what a buyer's staff may read: the buyer's own questionnaires,
    and the published ones other buyers share. Only the owner's staff change one."""
    return Q(buyer=buyer) | Q(shared=True, status=Questionnaire.Status.PUBLISHED)


def get_questionnaire_for_user(request, public_id, *, write=False):
    """The buyer's own questionnaire or one another buyer shares (404 otherwise); with
    ``write``, only the buyer's own (403 on a shared one)."""
    require_staff(request, write=write)
    buyer = get_user_buyer(request)
    questionnaire = get_object_or_404(
        Questionnaire.objects.select_related("buyer").filter(visible_questionnaires(buyer)), public_id=public_id
    )
    if write and questionnaire.buyer_id != buyer.pk:
        deny(request, "another buyer's questionnaire")
    return questionnaire


def get_question_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    buyer = get_user_buyer(request)
    return get_object_or_404(
        Question.objects.select_related("questionnaire__buyer", "criterion_version__criterion"),
        public_id=public_id,
        questionnaire__buyer=buyer,
    )


def get_round_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    buyer = get_user_buyer(request)
    return get_object_or_404(
        ReportingRound.objects.select_related("agreement__buyer", "questionnaire", "created_by"),
        public_id=public_id,
        agreement__buyer=buyer,
    )


def get_assessment_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    buyer = get_user_buyer(request)
    return get_object_or_404(
        Assessment.objects.select_related("round__agreement__buyer", "round__questionnaire", "supplier"),
        public_id=public_id,
        round__agreement__buyer=buyer,
    )


def get_portal_assessment(request, public_id):
    """A self-assessment of the supplier user's own organisation in a round that is not
    archived; anything else is 404."""
    supplier = get_portal_supplier(request)
    return get_object_or_404(
        Assessment.objects.select_related("round__agreement__buyer", "round__questionnaire", "supplier"),
        public_id=public_id,
        supplier=supplier,
        round__archived_at__isnull=True,
    )
