"""Rate limits, counted in the cache (Redis in production: shared by every web worker).
Rates come from settings.API_THROTTLE_RATES (environment: API_RATE_PER_TOKEN,
API_RATE_PUBLIC), read at each request. Over the limit: 429 with Retry-After."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken


class _SettingsRateThrottle(SimpleRateThrottle):
    def get_rate(self):
        return settings.API_THROTTLE_RATES[self.scope]


class TokenRateThrottle(_SettingsRateThrottle):
    """Each token has its own budget of requests."""

    scope = "token"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
        return None


class PublicRateThrottle(_SettingsRateThrottle):
    """The public schema, per client address."""

    scope = "public"

    def get_cache_key(self, request, view):
        # REMOTE_ADDR only, as in audit.services: a client-set X-Forwarded-For is not trusted.
        return self.cache_format % {"scope": self.scope, "ident": request.META.get("REMOTE_ADDR", "")}
