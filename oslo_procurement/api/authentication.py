"""Token authentication: ``Authorization: Token <key>`` or ``Authorization: Bearer <key>``.

The key is looked up by its SHA-256 hash. A revoked or expired token, or one whose user
is deactivated, is refused with 401 and never falls back to anything else (the API has
no session authentication: a browser that is logged in to the screens reads nothing here)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from . import services
from .models import ApiToken, hash_key

KEYWORDS = (b"token", b"bearer")


class ApiTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token after the word Token, with no spaces in it."))
        try:
            key = parts[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if token.status != "active":
            services.record_rejected_token(token, reason=token.status, request=request)
            if token.status == "revoked":
                raise exceptions.AuthenticationFailed(_("This token has been revoked."))
            raise exceptions.AuthenticationFailed(_("This token has expired."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("The token's user is deactivated."))
        services.token_touch(token)
        return token.user, token

    def authenticate_header(self, request):
        # Makes unauthenticated requests answer 401 (not 403) with a hint how to authenticate.
        return 'Token realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "oslo_procurement.api.authentication.ApiTokenAuthentication"
    name = ["tokenAuth", "bearerAuth"]

    def get_security_requirement(self, auto_schema):
        return [{"tokenAuth": []}, {"bearerAuth": []}]

    def get_security_definition(self, auto_schema):
        return [
            {
                "type": "apiKey",
                "in": "header",
                "name": "Authorization",
                "description": str(_('The header "Authorization: Token <key>" with a key made under My settings.')),
            },
            {"type": "http", "scheme": "bearer", "description": str(_("The same key as a bearer token."))},
        ]
