"""Logging in through a buyer's identity provider: the start (authorization request with
state, nonce and PKCE), the one callback every provider returns to, and the failure page.

The state, nonce and PKCE verifier live in the session under the state, together with the
provider; the callback takes them out before anything else, so a state works once."""

import logging
import time
from collections import Counter
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.db import IntegrityError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from mozilla_django_oidc.utils import generate_code_challenge

from oslo_procurement.accounts.two_factor import mark_verified_by_provider
from oslo_procurement.audit.services import record_event

from . import selectors
from .backend import BuyerOIDCBackend, SSOFailure, get_discovery
from .models import IdentityProvider
from .services import provider_mfa_satisfied, sso_user_for_claims

logger = logging.getLogger(__name__)

STATES_KEY = "sso_states"
PROVIDER_KEY = "sso_provider"
ID_TOKEN_KEY = "sso_id_token"  # noqa: S105 (a session key, not a secret)
BACKEND_PATH = "contracts.sso.backend.BuyerOIDCBackend"
MAX_PENDING_STATES = 10

# reason -> (HTTP status, message). %(provider)s is the buyer's name.
FAILURES = {
    "state": (
        400,
        gettext_lazy(
            "This login could not be completed: the answer from the identity provider does not belong to a "
            "login started in this browser, or it was used already. Start again from the login page."
        ),
    ),
    "disabled": (
        403,
        gettext_lazy("Single sign-on for %(provider)s is turned off. Contact your administrator."),
    ),
    "provider_error": (
        400,
        gettext_lazy("%(provider)s's identity provider did not log you in. Start again from the login page."),
    ),
    "unreachable": (
        502,
        gettext_lazy(
            "%(provider)s's identity provider could not be reached. Try again in a few minutes; if it keeps "
            "happening, contact your administrator."
        ),
    ),
    "misconfigured": (
        502,
        gettext_lazy(
            "Single sign-on for %(provider)s is not set up correctly, so you were not logged in. "
            "Contact your administrator."
        ),
    ),
    "code_rejected": (
        400,
        gettext_lazy(
            "The identity provider refused the login code: it has expired or was used already. "
            "Start again from the login page."
        ),
    ),
    "token_error": (
        502,
        gettext_lazy("%(provider)s's identity provider gave an error. Try again in a few minutes."),
    ),
    "token_invalid": (
        400,
        gettext_lazy(
            "The answer from %(provider)s's identity provider could not be verified, so you were not logged in. "
            "Contact your administrator."
        ),
    ),
    "no_role": (
        403,
        gettext_lazy(
            "You have no access to this application: none of your groups at %(provider)s gives a role here. "
            "Ask your administrator for access."
        ),
    ),
    "no_email": (
        403,
        gettext_lazy(
            "%(provider)s's identity provider did not send your email address, so no account could be made. "
            "Contact your administrator."
        ),
    ),
    "email_not_vouched": (
        403,
        gettext_lazy(
            "%(provider)s's identity provider did not confirm that your email address is yours, and the address "
            "is not at one of the organisation's email domains, so no account was made. Contact your administrator."
        ),
    ),
    "account_conflict": (
        403,
        gettext_lazy(
            "An account with your email address already exists and cannot be used with %(provider)s's "
            "single sign-on. Contact your administrator."
        ),
    ),
    "inactive": (403, gettext_lazy("Your account is deactivated. Contact your administrator.")),
}


def _failure(request, reason, *, provider=None, detail=""):
    logger.warning("SSO login failed (%s) at %s: %s", reason, provider or "no provider", detail[:300])
    record_event(
        actor=None,
        event_type="sso_login_failed",
        target=provider,
        request=request,
        details={"reason": reason, "detail": detail[:300], "provider": provider.name if provider else ""},
    )
    status, message = FAILURES[reason]
    name = provider.buyer.name if provider is not None else _("your organisation")
    return render(
        request, "sso/failed.html", {"message": message % {"provider": name}, "provider": provider}, status=status
    )


def _callback_uri(request):
    return request.build_absolute_uri(reverse("sso:callback"))


def _safe_next(request):
    target = request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("home")


def start(request, public_id):
    """Send the browser to the buyer's identity provider (authorization code flow, PKCE S256)."""
    provider = selectors.provider_for_login(public_id)
    if not provider.enabled:
        return _failure(request, "disabled", provider=provider)
    try:
        discovery = get_discovery(provider)
        if provider.token_auth_method != IdentityProvider.TokenAuth.NONE:
            provider.client_secret()
    except SSOFailure as failure:
        return _failure(request, failure.reason, provider=provider, detail=failure.detail)
    except KeyError:
        return _failure(request, "misconfigured", provider=provider, detail=f"{provider.client_secret_env} is not set")
    state = get_random_string(32)
    nonce = get_random_string(32)
    verifier = get_random_string(64)
    states = {
        key: value
        for key, value in request.session.get(STATES_KEY, {}).items()
        if value["added_on"] > time.time() - settings.SSO_STATE_MAX_AGE_SECONDS
    }
    while len(states) >= MAX_PENDING_STATES:
        states.pop(min(states, key=lambda key: states[key]["added_on"]))
    states[state] = {
        "provider": str(provider.public_id),
        "nonce": nonce,
        "code_verifier": verifier,
        "next": _safe_next(request),
        "added_on": time.time(),
    }
    request.session[STATES_KEY] = states
    params = {
        "response_type": "code",
        "client_id": provider.client_id,
        "redirect_uri": _callback_uri(request),
        "scope": provider.scopes,
        "state": state,
        "nonce": nonce,
        "code_challenge": generate_code_challenge(verifier, "S256"),
        "code_challenge_method": "S256",
        "ui_locales": request.LANGUAGE_CODE,
    }
    if provider.required_acr and provider.provider_mfa_counts:
        params["acr_values"] = provider.required_acr
    return HttpResponseRedirect(discovery["authorization_endpoint"] + "?" + urlencode(params))


start.access = "public"


def callback(request):
    """Where every provider sends the browser back with a code (or an error)."""
    states = request.session.get(STATES_KEY, {})
    pending = states.pop(request.GET.get("state", ""), None)
    request.session[STATES_KEY] = states  # the state is spent, whatever happens next
    if pending is None or pending["added_on"] < time.time() - settings.SSO_STATE_MAX_AGE_SECONDS:
        return _failure(request, "state", detail="unknown, used or expired state")
    provider = selectors.provider_for_callback(pending["provider"])
    if provider is None or not provider.enabled:
        return _failure(request, "disabled", provider=provider)
    answered_by = request.GET.get("iss")
    if answered_by and answered_by.rstrip("/") != provider.issuer.rstrip("/"):
        # RFC 9207: the answer names another issuer than the one the login was sent to (mix-up).
        return _failure(request, "token_invalid", provider=provider, detail=f"iss {answered_by[:100]!r} in the answer")
    if request.GET.get("error"):
        return _failure(request, "provider_error", provider=provider, detail=request.GET["error"][:100])
    if not request.GET.get("code"):
        return _failure(request, "provider_error", provider=provider, detail="no code")
    try:
        discovery = get_discovery(provider)
        backend = BuyerOIDCBackend(provider, discovery)
        claims, id_token = backend.login_with_code(
            request,
            code=request.GET["code"],
            redirect_uri=_callback_uri(request),
            nonce=pending["nonce"],
            code_verifier=pending["code_verifier"],
        )
        try:
            user = sso_user_for_claims(provider=provider, claims=claims, request=request)
        except IntegrityError:  # the same person's first login in another tab made the account just now
            user = sso_user_for_claims(provider=provider, claims=claims, request=request)
    except SSOFailure as failure:
        return _failure(request, failure.reason, provider=provider, detail=failure.detail)
    login(request, user, backend=BACKEND_PATH)
    request.session[PROVIDER_KEY] = str(provider.public_id)
    request.session[ID_TOKEN_KEY] = id_token
    mfa = provider_mfa_satisfied(provider, claims)
    if mfa:
        mark_verified_by_provider(request)
    record_event(
        actor=user,
        event_type="sso_login",
        target=provider,
        request=request,
        details={"provider": provider.name, "second_factor": "provider" if mfa else "app"},
    )
    return HttpResponseRedirect(pending["next"])


callback.access = "public"


@require_POST
def find(request):
    """ "Continue with single sign-on" on the login page: the provider for the email address's
    domain. The next step is a page that moves on at once (a meta refresh, with a link): a
    redirect after a form would be stopped by our form-action 'self' at the provider's origin."""
    email = request.POST.get("email", "").strip()
    provider = selectors.provider_for_email(email) if "@" in email else None
    if provider is None:
        messages.info(
            request,
            _("Single sign-on is not set up for that address. Log in with your email address and password."),
        )
        return HttpResponseRedirect(reverse("accounts:login"))
    url = reverse("sso:start", kwargs={"public_id": provider.public_id})
    next_url = request.POST.get("next", "")
    if next_url:
        url += "?" + urlencode({"next": next_url})
    return render(request, "sso/continue.html", {"url": url, "provider": provider})


find.access = "public"


def login_options(request):
    """The login page's "Log in with <buyer>'s account" buttons."""
    providers = selectors.login_providers()
    per_buyer = Counter(p.buyer_id for p in providers)
    next_url = request.GET.get("next", "")
    suffix = "?" + urlencode({"next": next_url}) if next_url else ""
    options = []
    for p in providers:
        if per_buyer[p.buyer_id] == 1:
            label = _("Log in with %(buyer)s's account") % {"buyer": p.buyer.name}
        else:  # a buyer with several providers: say which
            label = _("Log in with %(buyer)s's account (%(provider)s)") % {"buyer": p.buyer.name, "provider": p.name}
        options.append({"label": label, "url": reverse("sso:start", kwargs={"public_id": p.public_id}) + suffix})
    if options and selectors.any_provider_has_domains():
        options.append({"find_by_email": True, "url": reverse("sso:find"), "next": next_url})
    return options


def logout_redirect(request):
    """For a session that began at an identity provider that supports RP-initiated logout:
    its end_session_endpoint, which ends the provider's session and returns to our login page."""
    public_id = request.session.get(PROVIDER_KEY)
    if not public_id:
        return None
    provider = selectors.provider_for_callback(public_id)
    if provider is None:
        return None
    try:
        endpoint = get_discovery(provider).get("end_session_endpoint")
    except SSOFailure:
        return None  # logged out here; the provider cannot be told
    if not endpoint:
        return None
    params = {
        "client_id": provider.client_id,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("accounts:login")),
    }
    if request.session.get(ID_TOKEN_KEY):
        params["id_token_hint"] = request.session[ID_TOKEN_KEY]
    record_event(actor=request.user, event_type="sso_logout", target=provider, request=request)
    return endpoint + ("&" if "?" in endpoint else "?") + urlencode(params)
