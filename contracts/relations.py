"""What contracts tells the one reading rule (suppliers.access): the staff user's buyer,
and that an award relates a buyer to its supplier. Registered from ContractsConfig.ready()."""

from suppliers import access

from .access import staff_buyer
from .models import Award


@access.register_buyer_lookup
def staff_buyer_id(request):
    buyer = staff_buyer(request)
    return buyer.pk if buyer is not None else None


@access.register_relation
def awarded(buyer_ids):
    """An award (not archived) in one of the buyers' agreements."""
    qs = Award.objects.filter(archived_at__isnull=True)
    if buyer_ids is not None:
        qs = qs.filter(agreement__buyer__in=buyer_ids)
    return qs.values("supplier")
