"""The one way views reach follow-up data.

Staff helpers check the role, then scope the lookup to the user's buyer
(contracts.access.get_user_buyer), so another buyer's questionnaire, round or
self-assessment gives 404 whatever URL is typed. Portal helpers scope every lookup to
the supplier user's own organisation (suppliers.access.get_portal_supplier), so another
supplier's self-assessment gives 404.
"""

from uuid import UUID

from django.db.models import Q
from django.shortcuts import get_object_or_404

from contracts.access import get_user_buyer
from oslo_procurement.accounts.access import deny, is_installation_admin, require_staff
from oslo_procurement.compiled import compiled_get_or_404
from suppliers.access import get_portal_supplier

from .models import Assessment, Question, Questionnaire, ReportingRound


def visible_questionnaires(buyer, user=None):
    """A Q on Questionnaire: what a buyer's staff may read: the buyer's own questionnaires,
    the published ones of the national catalogue (no buyer) and the published ones other
    buyers share; national drafts only for installation administrators."""
    published = Q(status=Questionnaire.Status.PUBLISHED)
    rule = Q(buyer=buyer) | (Q(buyer__isnull=True) & published) | (Q(shared=True) & published)
    if user is not None and is_installation_admin(user):
        rule |= Q(buyer__isnull=True)
    return rule


def can_change_questionnaire(user, buyer, questionnaire):
    """The owner's editing staff; a national questionnaire, installation administrators."""
    if questionnaire.buyer_id is None:
        return is_installation_admin(user)
    return questionnaire.buyer_id == buyer.pk


def get_questionnaire_for_user(request, public_id, *, write=False):
    """The buyer's own questionnaire, a national one or one another buyer shares (404
    otherwise); with ``write``, only one the user may change (403 otherwise)."""
    require_staff(request, write=write)
    buyer = get_user_buyer(request)
    questionnaire = get_object_or_404(
        Questionnaire.objects.select_related("buyer").filter(visible_questionnaires(buyer, request.user)),
        public_id=public_id,
    )
    if write and not can_change_questionnaire(request.user, buyer, questionnaire):
        deny(request, "another buyer's questionnaire" if questionnaire.buyer_id else "national questionnaire")
    return questionnaire


def get_question_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    buyer = get_user_buyer(request)
    own = Q(questionnaire__buyer=buyer)
    if is_installation_admin(request.user):
        own |= Q(questionnaire__buyer__isnull=True)  # the national catalogue's questions
    return get_object_or_404(
        Question.objects.select_related("questionnaire__buyer", "criterion_version__criterion").filter(own),
        public_id=public_id,
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
    if type(public_id) is not UUID:
        return get_object_or_404(_staff_assessment(public_id, buyer))
    # The same lookup on every view of a self-assessment: its SQL compiled once per process.
    return compiled_get_or_404("followup.staff_assessment", _staff_assessment, public_id=public_id, buyer=buyer)


def _staff_assessment(public_id, buyer):
    return Assessment.objects.select_related("round__agreement__buyer", "round__questionnaire", "supplier").filter(
        public_id=public_id, round__agreement__buyer=buyer
    )


def get_portal_assessment(request, public_id):
    """A self-assessment of the supplier user's own organisation in a round that is not
    archived; anything else is 404."""
    supplier = get_portal_supplier(request)
    if type(public_id) is not UUID:
        return get_object_or_404(_portal_assessment(public_id, supplier))
    return compiled_get_or_404("followup.portal_assessment", _portal_assessment, public_id=public_id, supplier=supplier)


def _portal_assessment(public_id, supplier):
    return Assessment.objects.select_related("round__agreement__buyer", "round__questionnaire", "supplier").filter(
        public_id=public_id, supplier=supplier, round__archived_at__isnull=True
    )
