import functools


def _header_buyer(request):
    """The staff user's buyer, looked up once per request (shared with contracts.access)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_buyer_staff:
        return None
    if not hasattr(request, "_contracts_buyer"):
        from .models import BuyerMembership

        membership = BuyerMembership.objects.select_related("buyer").filter(user=user).first()
        request._contracts_buyer = membership.buyer if membership is not None else None
    return request._contracts_buyer


def buyer_brand(request):
    """``header_buyer`` for base.html: the name and logo of the buyer a staff user works for,
    in the page header. A callable, so pages that never show it never ask for it."""
    return {"header_buyer": functools.partial(_header_buyer, request)}
