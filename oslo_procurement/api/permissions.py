"""Who may call which endpoint. Each view declares:

- ``audiences``: ``("staff", "supplier")`` (the default) or ``("staff",)``. Staff are the
  buyer's officers, managers and administrators; a supplier user's token is refused
  (403) where the portal shows nothing of the kind (risk, sanctions, agreements).
- ``open_data``: whether an open-data token may call it (only public procurement data
  and the criteria catalogue).
- ``requires_organisation``: whether the caller must belong to a buyer (staff) or a
  supplier (supplier users). The criteria catalogue is readable without one.

Object scoping (another buyer's record, another supplier's record) is not decided here
but by each endpoint's selector (in the domain app's ``api.py``): what is not yours is not
in the queryset, so lists leave it out and a detail answers 404, as on the screens."""

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.permissions import BasePermission

from oslo_procurement.audit.services import record_event

from .models import ApiToken

STAFF = "staff"
SUPPLIER = "supplier"


@dataclass(frozen=True)
class Viewer:
    """Who reads: the token's user as they are now, with their organisation."""

    user: object
    token: ApiToken
    kind: str  # STAFF or SUPPLIER
    buyer: object = None  # contracts.Buyer of a staff user
    supplier: object = None  # suppliers.Supplier of a supplier user

    @property
    def is_staff(self):
        return self.kind == STAFF

    @property
    def open_data(self):
        return self.token.scope == ApiToken.Scope.OPEN_DATA

    @property
    def sees_internal(self):
        """Internal notes and scores are for the buyer's staff with a full token."""
        return self.is_staff and not self.open_data


@cache
def organisation_of(kind):
    """The domain app's rule for the organisation a user of this kind reads for, named in
    settings.API_ORGANISATION_OF (the core imports no domain app)."""
    return import_string(settings.API_ORGANISATION_OF[kind])


def viewer_for(request):
    """The request's Viewer, worked out once per request."""
    cached = getattr(request, "_api_viewer", None)
    if cached is not None:
        return cached
    user = request.user
    if user.is_buyer_staff:
        viewer = Viewer(user=user, token=request.auth, kind=STAFF, buyer=organisation_of(STAFF)(user))
    elif user.is_supplier_user:
        viewer = Viewer(user=user, token=request.auth, kind=SUPPLIER, supplier=organisation_of(SUPPLIER)(user))
    else:
        viewer = None
    request._api_viewer = viewer
    return viewer


def _deny(request, reason, message):
    record_event(actor=request.user, event_type="permission_denied", request=request, details={"reason": reason})
    raise exceptions.PermissionDenied(message)


class ApiAccess(BasePermission):
    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated and isinstance(request.auth, ApiToken)):
            return False  # answered 401 with the WWW-Authenticate hint
        viewer = viewer_for(request)
        if viewer is None:
            _deny(request, "api: no role", _("Your account has no role that may read the API."))
        if viewer.open_data and not getattr(view, "open_data", False):
            _deny(request, "api: open-data token", _("An open-data token cannot read this."))
        if viewer.kind not in getattr(view, "audiences", (STAFF, SUPPLIER)):
            _deny(request, "api: staff only", _("Only the buyer's staff can read this."))
        if getattr(view, "requires_organisation", True):
            if viewer.is_staff and viewer.buyer is None:
                _deny(request, "api: no buyer membership", _("Your account belongs to no buyer."))
            if not viewer.is_staff and viewer.supplier is None:
                _deny(request, "api: no supplier", _("Your account belongs to no active supplier."))
        return True
