"""The one way views reach lessons learned: the role is checked, then the lookup is
scoped to the user's buyer, so another buyer's lesson gives 404 whatever URL is typed."""

from django.shortcuts import get_object_or_404

from contracts.access import get_user_buyer
from followup.models import Lesson
from oslo_procurement.accounts.access import require_staff


def get_lesson_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    buyer = get_user_buyer(request)
    return get_object_or_404(
        Lesson.objects.select_related("buyer", "criterion", "created_by", "agreed_by"), public_id=public_id, buyer=buyer
    )
