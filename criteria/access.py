"""Who may read and change which criteria catalogue: the one rule, used by the screens,
the forms that offer criteria, the API and the admin.

- Every buyer owns its catalogue (``Criterion.owner``). Its officers and administrators
  change it; its managers read it.
- Another buyer's staff read a criterion only when its owner published it, and never
  change it.
- The national catalogue (``owner`` empty) is read by everyone and changed only by the
  installation's administrators (Django superusers: a buyer's administrator role alone
  does not make one). A buyer adopts a national version into its own catalogue
  (services.version_adopt) instead of changing it.

The criteria app does not know the buyer model: contracts registers how to find the
buyer of the logged-in user (``register_owner_resolver``), and the owner is a foreign
key to ``settings.CATALOGUE_OWNER_MODEL``."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from oslo_procurement.accounts.access import deny, is_installation_admin, require_staff

from .models import Criterion, CriterionVersion, IloInstrumentSet

_resolver = {}


def register_owner_resolver(func):
    """``func(request)`` returns the primary key of the buyer the logged-in staff user
    works for, or None. contracts registers it from its AppConfig.ready()."""
    _resolver["owner"] = func
    return func


def user_owner_id(request):
    """The primary key of the catalogue the user works in, or None (no buyer)."""
    func = _resolver.get("owner")
    return func(request) if func else None


def visible_criteria(owner_id):
    """A Q on Criterion: what a buyer's staff (or API token) may read: its own catalogue,
    the national catalogue, and what other buyers published."""
    rule = Q(owner__isnull=True) | Q(published=True)
    if owner_id is not None:
        rule |= Q(owner_id=owner_id)
    return rule


def visible_versions(owner_id):
    """The same rule on CriterionVersion. Drafts of another catalogue are work in progress:
    only the owner (or, for the national catalogue, an installation administrator) sees them."""
    rule = Q(criterion__owner__isnull=True) | Q(criterion__published=True)
    if owner_id is not None:
        rule |= Q(criterion__owner_id=owner_id)
    return rule


def readable_versions(user, owner_id):
    """``visible_versions`` without the drafts the user may not see (``sees_drafts``): for
    lists, where get_version_for_user's check of one version does not apply."""
    seen_drafts = Q(criterion__owner_id=owner_id) if owner_id is not None else Q(pk__in=[])
    if is_installation_admin(user):
        seen_drafts |= Q(criterion__owner__isnull=True)
    return visible_versions(owner_id) & (~Q(status=CriterionVersion.Status.DRAFT) | seen_drafts)


def usable_versions(owner_id):
    """A Q on CriterionVersion: the versions a buyer may put in its awards, questionnaires
    and procurements: its own catalogue's and the national catalogue's."""
    rule = Q(criterion__owner__isnull=True)
    if owner_id is not None:
        rule |= Q(criterion__owner_id=owner_id)
    return rule


def is_usable(criterion, owner_id):
    """The same rule for one criterion (services check it, so no form or API can bypass it)."""
    return criterion.owner_id is None or criterion.owner_id == owner_id


def usable_criteria(owner_id):
    rule = Q(owner__isnull=True)
    if owner_id is not None:
        rule |= Q(owner_id=owner_id)
    return rule


def usable_ilo_sets(owner_id):
    return IloInstrumentSet.objects.filter(Q(owner__isnull=True) | Q(owner_id=owner_id))


def can_change(user, owner_id, criterion):
    """May this user change this criterion (its versions, its archive state)?"""
    if not user.can_edit:
        return False
    if criterion.owner_id is None:
        return is_installation_admin(user)
    return owner_id is not None and criterion.owner_id == owner_id


def sees_drafts(user, owner_id, criterion):
    """The owner's staff see a criterion's drafts; the national drafts, installation administrators."""
    if criterion.owner_id is None:
        return is_installation_admin(user)
    return criterion.owner_id == owner_id


def can_adopt(user, owner_id):
    """Buyers' officers and administrators adopt national versions into their catalogue."""
    return user.can_edit and owner_id is not None


def creates_national(user, owner_id):
    """An installation administrator who works for no buyer writes into the national catalogue."""
    return owner_id is None and is_installation_admin(user)


def _check(request, criterion, write):
    if write and not can_change(request.user, user_owner_id(request), criterion):
        deny(request, "another catalogue" if criterion.owner_id else "national catalogue")


def get_criterion_for_user(request, public_id, *, write=False):
    """A criterion the user may read (404 otherwise); with ``write``, one they may change (403)."""
    require_staff(request, write=write)
    criterion = get_object_or_404(
        Criterion.objects.select_related("owner", "adopted_from").filter(visible_criteria(user_owner_id(request))),
        public_id=public_id,
    )
    _check(request, criterion, write)
    return criterion


def get_version_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    owner_id = user_owner_id(request)
    version = get_object_or_404(
        CriterionVersion.objects.select_related(
            "criterion__owner", "criterion__adopted_from", "ilo_set", "adopted_from__criterion"
        ).filter(visible_versions(owner_id)),
        public_id=public_id,
    )
    if version.status == CriterionVersion.Status.DRAFT and not sees_drafts(request.user, owner_id, version.criterion):
        raise Http404  # another catalogue's draft is its owner's work in progress
    _check(request, version.criterion, write)
    return version
