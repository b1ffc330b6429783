import time
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.middleware import get_user
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware
from django_otp.models import Device

from oslo_procurement.compiled import compiled_first
from oslo_procurement.fixed_urls import fixed_url

AUTH_AT_KEY = "auth_at"
LAST_SEEN_KEY = "last_seen"
SESSION_EPOCH_KEY = "session_epoch"


class UserLanguageMiddleware:
    """A logged-in user sees the app in the language they chose; others get what
    LocaleMiddleware negotiated (Bokmål by default)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class UserTimeZoneMiddleware:
    """A logged-in user sees every time in the zone they chose (Europe/Oslo by default);
    others see Europe/Oslo. Dates without a time are never converted."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .zones import zone_for

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(zone_for(user))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def _now():
    return int(time.time())


class OTPMiddleware(DjangoOTPMiddleware):
    """django-otp's middleware (``request.user.otp_device``: the device that verified this
    session), reading the device with its SQL compiled once per process
    (oslo_procurement.compiled) instead of a queryset built on every request. The device is
    found from the session's persistent id as django-otp finds it (``Device.from_persistent_id``:
    the model named in it, a subclass of Device, and its id); what follows (the device must be
    confirmed and the user's own) is django-otp's, unchanged.

    On a synchronous request ``request.user`` is the user itself, verified here, instead of
    django-otp's lazy wrapper around AuthenticationMiddleware's lazy wrapper: every request
    loads the user at once anyway (SessionSecurityMiddleware, next in line, reads it), and each
    later read of ``request.user.<attribute>`` through a wrapper runs LazyObject's
    ``__getattribute__``, which raises and catches an AttributeError, then its ``__getattr__``;
    a page reads the user a hundred times and more (bench/README.md, "What cut the CPU").
    ``request.auser`` stays django-otp's."""

    def _install_lazy_accessors(self, request):
        user = getattr(request, "user", None)
        super()._install_lazy_accessors(request)
        if user is not None and not self._is_async:
            if isinstance(user, SimpleLazyObject):  # AuthenticationMiddleware's: the user it loads
                user = get_user(request)
            request.user = self._verify_user_sync(request, user)

    def _device_from_persistent_id(self, persistent_id):
        persistent_id = self._normalize_persistent_id(persistent_id)
        try:
            model_label, device_id = persistent_id.rsplit("/", 1)
            app_label, model_name = model_label.split(".")
            model = apps.get_model(app_label, model_name)
            device_id = int(device_id)
        except (ValueError, LookupError):
            return None
        if not issubclass(model, Device):
            return None
        return compiled_first(
            ("accounts.otp_device", model._meta.label),
            lambda device: model.objects.filter(id=device).order_by("pk")[:1],
            device=device_id,
        )


class SessionSecurityMiddleware:
    """Ends a logged-in session that has been idle too long (SESSION_IDLE_MINUTES_STAFF /
    _SUPPLIER), that is older than SESSION_ABSOLUTE_SECONDS since login, or that was
    started before the user chose "log out everywhere". The login page then says why."""

    # Writing the session on every request would cost a query each time; a minute is
    # precision enough for a 30-minute limit.
    TOUCH_EVERY = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            reason = self._expired(request, user)
            if reason:
                return self._end(request, reason)
        return self.get_response(request)

    def _expired(self, request, user):
        session = request.session
        now = _now()
        if session.get(SESSION_EPOCH_KEY, 0) != user.session_epoch:
            return "everywhere"
        auth_at = session.get(AUTH_AT_KEY)
        last_seen = session.get(LAST_SEEN_KEY)
        if auth_at is None or last_seen is None:  # a session from before these checks
            session[AUTH_AT_KEY] = auth_at or now
            session[LAST_SEEN_KEY] = now
            return None
        if now - last_seen > idle_minutes(user) * 60:
            return "idle"
        if now - auth_at > settings.SESSION_ABSOLUTE_SECONDS:
            return "absolute"
        if now - last_seen >= self.TOUCH_EVERY:
            session[LAST_SEEN_KEY] = now
        return None

    def _end(self, request, reason):
        from oslo_procurement.audit.services import record_event

        user = request.user
        record_event(actor=user, event_type="session_expired", request=request, details={"reason": reason})
        idle = idle_minutes(user)
        logout(request)
        target = redirect_to_login(request.get_full_path()).url
        target += ("&" if "?" in target else "?") + urlencode({"ended": reason, "after": idle})
        if _is_htmx(request):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return HttpResponseRedirect(target)


def idle_minutes(user):
    if user.role == user.Role.SUPPLIER:
        return settings.SESSION_IDLE_MINUTES_SUPPLIER
    return settings.SESSION_IDLE_MINUTES_STAFF


def start_session(request, user):
    """Called at every login (the user_logged_in signal): stamp the session."""
    from .two_factor import STATE_SESSION_KEY, has_two_factor

    now = _now()
    request.session[AUTH_AT_KEY] = now
    request.session[LAST_SEEN_KEY] = now
    request.session[SESSION_EPOCH_KEY] = user.session_epoch
    request.session[STATE_SESSION_KEY] = "device" if has_two_factor(user) else "none"


class TwoFactorMiddleware:
    """After the password: a user with a second factor must enter a code before any page;
    an officer, manager or administrator without one must enrol first
    (OTP_REQUIRED_FOR_STAFF). The two-factor pages, logout and the language switch stay open."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "otp_device", None) is None
            and not self._open(request.path)
        ):
            target = self._target(request, user)
            if target:
                url = reverse(target)
                if request.method == "GET" and not _is_htmx(request):
                    url += "?" + urlencode({"next": request.get_full_path()})
                if _is_htmx(request):
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = url
                    return response
                return HttpResponseRedirect(url)
        return self.get_response(request)

    @staticmethod
    def _open(path):
        return path.startswith(
            (
                fixed_url("accounts:two_factor_verify"),
                fixed_url("accounts:two_factor_setup"),
                fixed_url("accounts:logout"),
                fixed_url("accounts:set_language"),
                settings.STATIC_URL,
            )
        )

    @staticmethod
    def _target(request, user):
        from .two_factor import PROVIDER_VERIFIED, STATE_SESSION_KEY, has_two_factor

        state = request.session.get(STATE_SESSION_KEY)
        if state == PROVIDER_VERIFIED:
            return None  # logged in at the buyer's identity provider, whose multi-factor counts
        if state != "none":
            if has_two_factor(user):
                return "accounts:two_factor_verify"
            request.session[STATE_SESSION_KEY] = "none"
        if user.needs_two_factor:
            return "accounts:two_factor_setup"
        return None


def _is_htmx(request):
    # Read the header itself: django-htmx's middleware runs after these.
    return request.headers.get("HX-Request") == "true"
