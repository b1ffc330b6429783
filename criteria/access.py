"""The one way views reach the criteria catalogue. The catalogue is buyer-wide: every
staff role may read it, only editing roles may change it."""

from django.shortcuts import get_object_or_404

from oslo_procurement.accounts.access import require_staff

from .models import Criterion, CriterionVersion


def get_criterion_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    return get_object_or_404(Criterion, public_id=public_id)


def get_version_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    return get_object_or_404(CriterionVersion.objects.select_related("criterion", "ilo_set"), public_id=public_id)
