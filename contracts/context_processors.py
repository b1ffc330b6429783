import functools


def _header_buyer(request):
    """The staff user's buyer, looked up once per request (shared with contracts.access)."""
    from .access import staff_buyer

    return staff_buyer(request)


def buyer_brand(request):
    """``header_buyer`` for base.html: the name and logo of the buyer a staff user works for,
    in the page header. A callable, so pages that never show it never ask for it."""
    return {"header_buyer": functools.partial(_header_buyer, request)}
