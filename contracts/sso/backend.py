"""The OpenID Connect client, per buyer: mozilla-django-oidc's authentication backend
(token exchange, JWKS signature check, userinfo), configured from an IdentityProvider
record and its discovery document instead of the single-provider OIDC_* settings.

Its id token check does not compare the issuer or audience; ``_verify_jws`` here does.
Everything that goes wrong raises SSOFailure with a reason the callback view explains."""

import logging

import jwt
import requests
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

logger = logging.getLogger(__name__)

REQUIRED_DISCOVERY_KEYS = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")


class SSOFailure(Exception):
    """A login through an identity provider that did not succeed. ``reason`` is one of the
    keys of contracts.sso.views.FAILURES; ``detail`` is for the audit log, not the user."""

    def __init__(self, reason, detail=""):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = str(detail)[:300]


def get_discovery(provider):
    """The provider's discovery document (cached for SSO_DISCOVERY_CACHE_SECONDS; a failure
    is never cached)."""
    key = f"sso-discovery:{provider.pk}:{provider.issuer}"
    document = cache.get(key) if settings.SSO_DISCOVERY_CACHE_SECONDS else None
    if document is not None:
        return document
    try:
        response = requests.get(provider.discovery_url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except requests.RequestException as exc:
        raise SSOFailure("unreachable", f"discovery {provider.discovery_url}: {exc}") from exc
    except ValueError as exc:
        raise SSOFailure("misconfigured", f"discovery document is not JSON: {exc}") from exc
    if not isinstance(document, dict) or any(not document.get(k) for k in REQUIRED_DISCOVERY_KEYS):
        raise SSOFailure("misconfigured", "discovery document lacks " + ", ".join(REQUIRED_DISCOVERY_KEYS))
    if document["issuer"].rstrip("/") != provider.issuer.rstrip("/"):
        raise SSOFailure(
            "misconfigured", f"issuer in discovery is {document['issuer']!r}, configured {provider.issuer!r}"
        )
    if settings.SSO_DISCOVERY_CACHE_SECONDS:
        cache.set(key, document, settings.SSO_DISCOVERY_CACHE_SECONDS)
    return document


class BuyerOIDCBackend(OIDCAuthenticationBackend):
    """Restores the logged-in user on later requests like Django's ModelBackend (active
    users only). It never authenticates a password login: only the SSO callback calls
    ``login_with_code``."""

    def __init__(self, provider=None, discovery=None):
        from django.contrib.auth import get_user_model

        self.UserModel = get_user_model()
        self.provider = provider
        if provider is not None:
            self.discovery = discovery
            self.OIDC_OP_TOKEN_ENDPOINT = discovery["token_endpoint"]
            self.OIDC_OP_USER_ENDPOINT = discovery.get("userinfo_endpoint")
            self.OIDC_OP_JWKS_ENDPOINT = discovery["jwks_uri"]
            self.OIDC_RP_CLIENT_ID = provider.client_id
            self.OIDC_RP_SIGN_ALGO = provider.signing_algorithm
            self.OIDC_RP_IDP_SIGN_KEY = None
            try:
                self.OIDC_RP_CLIENT_SECRET = provider.client_secret()
            except KeyError as exc:
                raise SSOFailure(
                    "misconfigured", f"environment variable {provider.client_secret_env} is not set"
                ) from exc

    def authenticate(self, request, **kwargs):
        return None

    def get_user(self, user_id):
        return ModelBackend.get_user(self, user_id)

    def get_token(self, payload):
        method = self.provider.token_auth_method
        auth = None
        if method == "client_secret_basic":
            auth = requests.auth.HTTPBasicAuth(payload["client_id"], payload.pop("client_secret"))
        elif method == "none":
            payload.pop("client_secret", None)
        try:
            response = requests.post(
                self.OIDC_OP_TOKEN_ENDPOINT, data=payload, auth=auth, timeout=settings.OIDC_TIMEOUT
            )
        except requests.RequestException as exc:
            raise SSOFailure("unreachable", f"token endpoint: {exc}") from exc
        if response.status_code != 200:
            try:
                error = response.json().get("error", "")
            except ValueError:
                error = ""
            if error == "invalid_grant":
                # RFC 6749 5.2: the code is expired, used already, or not issued to us.
                raise SSOFailure("code_rejected", f"{error}: {response.text[:200]}")
            if error in ("invalid_client", "unauthorized_client"):
                raise SSOFailure("misconfigured", f"token endpoint: {error}")
            raise SSOFailure("token_error", f"token endpoint HTTP {response.status_code}: {response.text[:200]}")
        return response.json()

    def _verify_jws(self, payload, key):
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(f"id token signed with {header.get('alg')!r}, expected {self.OIDC_RP_SIGN_ALGO}")
        claims = jwt.decode(
            payload,
            key,
            algorithms=[self.OIDC_RP_SIGN_ALGO],
            audience=self.OIDC_RP_CLIENT_ID,
            issuer=self.discovery["issuer"],
            leeway=settings.SSO_CLOCK_LEEWAY_SECONDS,
            options={"require": ["exp", "iat", "sub", "iss", "aud"]},
        )
        if (
            isinstance(claims.get("aud"), list)
            and len(claims["aud"]) > 1
            and claims.get("azp") != self.OIDC_RP_CLIENT_ID
        ):
            raise SuspiciousOperation("id token for several audiences without our azp")
        return claims

    def login_with_code(self, request, *, code, redirect_uri, nonce, code_verifier):
        """Exchange the code (with the PKCE verifier), verify the id token and return
        ``(claims, id_token)``: the id token's claims merged over userinfo's."""
        token_payload = {
            "client_id": self.OIDC_RP_CLIENT_ID,
            "client_secret": self.OIDC_RP_CLIENT_SECRET,
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": code_verifier,
        }
        token_info = self.get_token(token_payload)
        id_token = token_info.get("id_token")
        if not id_token:
            raise SSOFailure("token_invalid", "no id_token in the token response")
        try:
            payload = self.verify_token(id_token, nonce=nonce)
        except (SuspiciousOperation, jwt.PyJWTError) as exc:
            raise SSOFailure("token_invalid", str(exc)) from exc
        except requests.RequestException as exc:
            raise SSOFailure("unreachable", f"jwks: {exc}") from exc
        userinfo = {}
        if self.OIDC_OP_USER_ENDPOINT and token_info.get("access_token"):
            try:
                userinfo = self.get_userinfo(token_info["access_token"], id_token, payload)
            except requests.RequestException as exc:
                raise SSOFailure("unreachable", f"userinfo: {exc}") from exc
            if userinfo.get("sub") != payload["sub"]:
                raise SSOFailure("token_invalid", "userinfo is about another subject")
        return {**userinfo, **payload}, id_token

    def get_userinfo(self, access_token, id_token, payload):
        response = requests.get(
            self.OIDC_OP_USER_ENDPOINT,
            headers={"Authorization": f"Bearer {access_token}"},
            timeout=settings.OIDC_TIMEOUT,
        )
        response.raise_for_status()
        if response.headers.get("content-type", "").lower().startswith("application/jwt"):
            return self.verify_token(response.text)
        return response.json()
