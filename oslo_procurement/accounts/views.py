import hashlib
import logging
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import F
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from oslo_procurement.audit.services import record_event
from oslo_procurement.notifications.emails import send_email
from oslo_procurement.security import client_ip

from . import hooks, two_factor
from .demo import demo_two_factor_hint
from .forms import EmailAuthenticationForm, LanguageForm, MySettingsForm, TwoFactorCodeForm, TwoFactorConfirmForm
from .middleware import idle_minutes
from .throttling import over_limit

logger = logging.getLogger(__name__)

RECOVERY_CODES_SESSION_KEY = "two_factor_new_codes"


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        """Why the last session ended (idle, too old, logged out everywhere), said plainly."""
        context = super().get_context_data(**kwargs)
        ended = self.request.GET.get("ended")
        if ended in ("idle", "absolute", "everywhere"):
            context["ended"] = ended
            try:
                context["idle_minutes"] = max(int(self.request.GET.get("after", "")), 1)
            except ValueError:
                context["idle_minutes"] = settings.SESSION_IDLE_MINUTES_STAFF
            context["session_hours"] = max(settings.SESSION_ABSOLUTE_SECONDS // 3600, 1)
        context["sso_options"] = hooks.login_options(self.request)
        return context


class LogoutView(auth_views.LogoutView):
    """Ends the session here, then, for a session that began at a buyer's identity
    provider, sends the browser to the provider to end its session too."""

    def post(self, request, *args, **kwargs):
        provider_url = hooks.logout_redirect(request) if request.user.is_authenticated else None
        response = super().post(request, *args, **kwargs)
        if not provider_url:
            return response
        # Not a redirect: the logout form's Content-Security-Policy (form-action 'self') rightly
        # stops a form submission from being redirected to another origin. An instant meta
        # refresh (WCAG technique H76) is a new navigation, with a link as the fallback.
        return render(request, "accounts/logout_provider.html", {"provider_url": provider_url})


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class OutboxPasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form, except that the email goes into the notification outbox (sent by a
    worker, retried if the mail server is away) instead of being sent inside the request,
    and the link is built from SITE_URL, never from the request's Host header."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        site = urlsplit(settings.SITE_URL)
        user = context["user"]
        send_email(
            "accounts/email/password_reset",
            to=to_email,
            language=user.language or settings.LANGUAGE_CODE,
            context={**context, "protocol": site.scheme, "domain": site.netloc},
            recipient=user,
        )


RESET_WINDOW_SECONDS = 60 * 60


class PasswordResetView(auth_views.PasswordResetView):
    """Answers at once and says the same whether or not the address has an account. At
    most PASSWORD_RESET_RATE_PER_EMAIL emails an hour to one address (more requests get
    the same answer and send nothing) and PASSWORD_RESET_RATE_PER_IP requests an hour from
    one client address (more get HTTP 429)."""

    form_class = OutboxPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    html_email_template_name = "accounts/email/password_reset.html"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        ip = client_ip(request) or "unknown"
        if over_limit(f"reset-ip:{ip}", limit=settings.PASSWORD_RESET_RATE_PER_IP, window_seconds=RESET_WINDOW_SECONDS):
            logger.warning("Password reset refused: too many requests from one client address")
            return render(request, "accounts/password_reset_throttled.html", status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        digest = hashlib.sha256(email.encode()).hexdigest()
        limit = settings.PASSWORD_RESET_RATE_PER_EMAIL
        if over_limit(f"reset-email:{digest}", limit=limit, window_seconds=RESET_WINDOW_SECONDS):
            logger.warning("Password reset not sent: more than %s requests for one address within an hour", limit)
            return redirect(self.get_success_url())  # the same answer: nothing tells whether the address exists
        with transaction.atomic():
            return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


@require_POST
def set_language(request):
    """Switch the interface language; a logged-in user keeps the choice on their account."""
    form = LanguageForm(request.POST)
    target = "/"
    if form.is_valid():
        language = form.cleaned_data["language"]
        nxt = form.cleaned_data["next"]
        if nxt and url_has_allowed_host_and_scheme(nxt, {request.get_host()}, request.is_secure()):
            target = nxt
        if request.user.is_authenticated:
            request.user.language = language
            request.user.save(update_fields=["language"])
        translation.activate(language)
        response = redirect(target)
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
        return response
    return redirect(target)


@login_required
def my_settings(request):
    """Every user's own settings: name, language, and reminders one by one or as a daily digest."""
    form = MySettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        translation.activate(user.language)
        messages.success(request, _("Your settings are saved."))
        response = redirect("accounts:settings")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
        return response
    return render(
        request,
        "accounts/settings.html",
        {
            "form": form,
            "two_factor_on": two_factor.has_two_factor(request.user),
            "idle_minutes": idle_minutes(request.user),
        },
        status=400 if form.errors else 200,
    )


my_settings.access = "user"


def _safe_next(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse(default)


def _wait_message(seconds):
    return ngettext(
        "Too many wrong codes. Wait %(seconds)d second and try again.",
        "Too many wrong codes. Wait %(seconds)d seconds and try again.",
        seconds,
    ) % {"seconds": seconds}


@login_required
def two_factor_setup(request):
    """Enrol an authenticator app: QR code and secret, then a code to confirm it."""
    user = request.user
    if two_factor.has_two_factor(user):
        if not two_factor.is_verified(request):
            # Someone with only the password must not be able to replace the app.
            return redirect("accounts:two_factor_verify")
        messages.info(request, _("Two-factor authentication is already on."))
        return redirect("accounts:two_factor")
    device = two_factor.pending_totp(user)
    form = TwoFactorConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = two_factor.throttle_wait(device)
        codes = (
            None if wait else two_factor.totp_confirm(request=request, device=device, token=form.cleaned_data["code"])
        )
        if codes is not None:
            request.session[RECOVERY_CODES_SESSION_KEY] = codes
            messages.success(request, _("Two-factor authentication is on."))
            return redirect(reverse("accounts:recovery_codes") + "?" + urlencode({"next": _safe_next(request)}))
        if wait:
            form.add_error("code", _wait_message(wait))
        else:
            form.add_error(
                "code", _("That code is not right. Check the clock on your phone and enter the newest code.")
            )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_code": two_factor.qr_code_data_uri(device),
            "secret": two_factor.secret_text(device),
            "required": user.needs_two_factor,
            "next": _safe_next(request),
        },
        status=400 if form.errors else 200,
    )


two_factor_setup.access = "user"


@login_required
def two_factor_verify(request):
    """The step after the password for a user with two-factor authentication."""
    if two_factor.is_verified(request) or not two_factor.has_two_factor(request.user):
        return redirect(_safe_next(request))
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = two_factor.verify(request=request, token=form.cleaned_data["code"])
        if result.ok:
            left = two_factor.recovery_codes_left(request.user)
            if result.device.model_label() == "accounts.recoverycodedevice":
                messages.warning(
                    request,
                    ngettext(
                        "You used a recovery code. %(count)d is left: make new ones under My settings.",
                        "You used a recovery code. %(count)d are left: make new ones under My settings.",
                        left,
                    )
                    % {"count": left},
                )
            return redirect(_safe_next(request))
        if result.wait_seconds:
            form.add_error("code", _wait_message(result.wait_seconds))
        else:
            form.add_error("code", _("That code is not right, or it has been used already. Enter the newest code."))
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": _safe_next(request), "demo_key": demo_two_factor_hint(request.user)},
        status=400 if form.errors else 200,
    )


two_factor_verify.access = "user"


@login_required
def two_factor_manage(request):
    """My two-factor settings: state, recovery codes left, new codes, and (supplier users) turn off."""
    user = request.user
    device = two_factor.confirmed_totp(user)
    return render(
        request,
        "accounts/two_factor.html",
        {
            "device": device,
            "codes_left": two_factor.recovery_codes_left(user) if device else 0,
            "may_disable": device is not None and not user.needs_two_factor,
            "required": user.needs_two_factor,
        },
    )


two_factor_manage.access = "user"


@login_required
def recovery_codes(request):
    """The new recovery codes, shown this once; only their hashes are kept."""
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    return render(
        request, "accounts/recovery_codes.html", {"codes": codes, "next": _safe_next(request, "accounts:two_factor")}
    )


recovery_codes.access = "user"


@login_required
@require_POST
def recovery_codes_regenerate(request):
    if not two_factor.has_two_factor(request.user):
        return redirect("accounts:two_factor")
    request.session[RECOVERY_CODES_SESSION_KEY] = two_factor.recovery_codes_regenerate(request=request)
    messages.success(request, _("New recovery codes are made. The old ones no longer work."))
    return redirect("accounts:recovery_codes")


recovery_codes_regenerate.access = "user"


@login_required
@require_POST
def two_factor_disable(request):
    """Supplier users chose two-factor authentication themselves and may turn it off;
    staff cannot (an administrator resets it when a phone is lost)."""
    user = request.user
    if user.needs_two_factor:
        messages.error(
            request, _("Two-factor authentication is required for your role. An administrator can reset it.")
        )
        return redirect("accounts:two_factor")
    two_factor.two_factor_remove(user=user, actor=user, request=request)
    messages.success(request, _("Two-factor authentication is off."))
    return redirect("accounts:two_factor")


two_factor_disable.access = "user"


@login_required
@require_POST
def logout_everywhere(request):
    """End every session of this user, on every device, this one included."""
    user = request.user
    get_user_model().objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    record_event(actor=user, event_type="logout_everywhere", target=user, request=request)
    logout(request)
    return redirect(reverse("accounts:login") + "?" + urlencode({"ended": "everywhere"}))


logout_everywhere.access = "user"
