"""The one way views reach agreement data. Every officer, manager and administrator
works for one buyer (BuyerMembership); each helper checks the role first, then scopes
the lookup to that buyer, so another buyer's id gives 404 whatever URL is typed."""

from django.shortcuts import get_object_or_404

from oslo_procurement.accounts.access import deny, require_staff
from oslo_procurement.compiled import compiled_first
from suppliers.access import get_portal_supplier

from .models import Award, Buyer, BuyerMembership, CityEntity, FactoryDisclosure, FrameworkAgreement, Lot


def _membership(user):
    return BuyerMembership.objects.select_related("buyer").filter(user=user).order_by("pk")[:1]


def buyer_of(user):
    """The buyer a staff user works for, or None. The one rule for the screens and for an
    API token (oslo_procurement/api/permissions.py). Asked on nearly every page: its SQL is
    compiled once per process (oslo_procurement.compiled)."""
    membership = compiled_first("contracts.buyer_of", _membership, user=user)
    return membership.buyer if membership is not None else None


def staff_buyer(request):
    """The buyer the logged-in staff user works for, or None for anyone else (never denies:
    for panels, the page header and the reading rule). Looked up once per request, shared
    with ``user_buyer_or_none``."""
    user = getattr(request, "user", None)
    if user is None or not (user.is_authenticated and user.is_buyer_staff):
        return None
    if not hasattr(request, "_contracts_buyer"):
        request._contracts_buyer = buyer_of(user)
    return request._contracts_buyer


def user_buyer_or_none(request):
    """The buyer the logged-in staff user works for, or None (an administrator without a
    membership). Looked up once per request."""
    require_staff(request)
    return staff_buyer(request)


def user_buyer_pk(request):
    """The key of the staff user's buyer, or None: whose criteria catalogue they work in
    (registered with criteria.access, which may not import this app)."""
    buyer = user_buyer_or_none(request)
    return buyer.pk if buyer is not None else None


def get_user_buyer(request):
    """The buyer the logged-in staff user works for; 403 when they belong to none.
    Looked up once per request."""
    if user_buyer_or_none(request) is None:
        deny(request, "no buyer membership")
    return request._contracts_buyer


def get_agreement_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    buyer = get_user_buyer(request)
    return get_object_or_404(FrameworkAgreement.objects.select_related("buyer"), public_id=public_id, buyer=buyer)


def get_lot_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    buyer = get_user_buyer(request)
    return get_object_or_404(
        Lot.objects.select_related("agreement__buyer"), public_id=public_id, agreement__buyer=buyer
    )


def get_award_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    buyer = get_user_buyer(request)
    return get_object_or_404(
        Award.objects.select_related("agreement__buyer", "supplier"), public_id=public_id, agreement__buyer=buyer
    )


def get_entity_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    buyer = get_user_buyer(request)
    return get_object_or_404(CityEntity.objects.select_related("buyer"), public_id=public_id, buyer=buyer)


def get_portal_factory_disclosure(request, public_id):
    """A factory disclosure of the logged-in supplier user's own organisation, or 404."""
    supplier = get_portal_supplier(request)
    return get_object_or_404(
        FactoryDisclosure.objects.select_related("award", "lot", "site"), public_id=public_id, award__supplier=supplier
    )


def buyer_admin_required(view):
    """The buyer's own administrators (role admin with a membership of the buyer): the team,
    invitations, name and logo of that buyer. Others get 403, anonymous users the login."""
    from functools import wraps

    from django.contrib.auth.views import redirect_to_login

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (request.user.is_active and request.user.role == request.user.Role.ADMIN):
            deny(request, "buyer administrator page")
        get_user_buyer(request)
        return view(request, *args, **kwargs)

    wrapper.access = "admin"
    return wrapper


def get_staff_invitation_for_admin(request, public_id):
    """An invitation of the administrator's own buyer, or 404."""
    from .models import StaffInvitation

    return get_object_or_404(
        StaffInvitation.objects.select_related("buyer"), public_id=public_id, buyer=get_user_buyer(request)
    )


def get_public_buyer_logo(public_id):
    """The buyer whose logo is asked for: public (a logo is what a buyer shows the world, and
    emails are read outside the site); only the logo's fields are read."""
    return get_object_or_404(Buyer.objects.only("pk", "logo_path", "logo_content_type"), public_id=public_id)
