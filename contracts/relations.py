"""What contracts tells the one reading rule (suppliers.access): the staff user's buyer,
and that an award relates a buyer to its supplier. Registered from ContractsConfig.ready()."""

from suppliers import access

from .models import Award, BuyerMembership


@access.register_buyer_lookup
def staff_buyer_id(request):
    user = request.user
    if not (user.is_authenticated and user.is_buyer_staff):
        return None
    if not hasattr(request, "_contracts_buyer"):
        membership = BuyerMembership.objects.select_related("buyer").filter(user=user).first()
        request._contracts_buyer = membership.buyer if membership is not None else None
    return request._contracts_buyer.pk if request._contracts_buyer is not None else None


@access.register_relation
def awarded(buyer_ids):
    """An award (not archived) in one of the buyers' agreements."""
    qs = Award.objects.filter(archived_at__isnull=True)
    if buyer_ids is not None:
        qs = qs.filter(agreement__buyer__in=buyer_ids)
    return qs.values("supplier")
