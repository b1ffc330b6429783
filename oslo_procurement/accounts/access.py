"""Role checks for views. Object-level checks live in each app's access helpers
(``get_supplier_for_user`` and friends), which call these first."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from oslo_procurement.audit.services import record_event


def deny(request, reason):
    """Log the denial and answer 403."""
    record_event(actor=request.user, event_type="permission_denied", request=request, details={"reason": reason})
    raise PermissionDenied(reason)


def require_staff(request, *, write=False):
    """Officers, managers and administrators may read; only officers and administrators write."""
    user = request.user
    if not user.is_buyer_staff:
        deny(request, "staff page")
    if write and not user.can_edit:
        deny(request, "read-only role")


def back_office_allowed(request):
    """The Django admin site (/admin/, "the back office") is the installation's: its lists
    are not scoped by buyer (identity providers, smelter notes, shares and agreements of
    every buyer), so only the installation's administrators enter it (an active superuser
    with back-office access). A buyer's administrator manages that buyer on the app's own
    pages (the team page, the entities, name and logo). Used as AdminSite.has_permission."""
    user = request.user
    return bool(is_installation_admin(user) and user.is_staff)


def is_installation_admin(user):
    """The installation's administrators, who keep what every buyer shares (the national
    criteria catalogue, the smelter reference list): Django superusers. A buyer's
    administrator role (User.Role.ADMIN) alone manages only that buyer's own data."""
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def _login_first(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def staff_required(view):
    """Staff may read; a write (any method but GET/HEAD) needs an editing role."""

    @_login_first
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        require_staff(request, write=request.method not in ("GET", "HEAD"))
        return view(request, *args, **kwargs)

    wrapper.access = "staff"
    return wrapper


def staff_write_required(view):
    """Screens that exist only to change data (create, edit, archive): editing roles only."""

    @_login_first
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        require_staff(request, write=True)
        return view(request, *args, **kwargs)

    wrapper.access = "staff_write"
    return wrapper


def supplier_required(view):
    """Portal screens: only active supplier users. Each view then scopes every object to
    the user's own organisation through the portal access helpers."""

    @_login_first
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_supplier_user:
            deny(request, "portal page")
        return view(request, *args, **kwargs)

    wrapper.access = "portal"
    return wrapper


def public(view):
    """A page anyone may open (login, invitation links). Marked so the URL walk knows."""
    view.access = "public"
    return view
