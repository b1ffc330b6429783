"""Login throttling with django-axes: how an attempt is named, and the page a locked-out
person sees. The limits are AXES_FAILURE_LIMIT and AXES_COOLOFF_TIME in settings."""

from django.conf import settings
from django.shortcuts import render


def attempted_email(request, credentials):
    """Count attempts per email address whatever its case: the login is case-insensitive."""
    value = (credentials or {}).get("username")
    if value is None and request is not None:
        value = request.POST.get("username")
    return (value or "").strip().lower()


def lockout_response(request, original_response=None, credentials=None):
    """A full page in the user's language (HTTP 429), not django-axes' plain text."""
    cool_off = settings.AXES_COOLOFF_TIME
    minutes = max(int(cool_off.total_seconds() // 60), 1) if cool_off else None
    return render(
        request,
        "accounts/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


def over_limit(key, *, limit, window_seconds):
    """Count one request under ``key`` in the cache (Redis in production, shared by every
    app server) and say whether it is more than ``limit`` in the current window. A cache
    that does not answer (or did not answer just before, see notifications.breaker) counts
    nothing: the request goes on (fail open) and it is logged."""
    import logging

    from django.core.cache import cache

    from oslo_procurement.notifications.breaker import redis_failed, redis_suspect

    if settings.REDIS_URL and redis_suspect():
        return False
    name = f"throttle:{key}"
    try:
        if cache.add(name, 1, timeout=window_seconds):
            return limit < 1
        return cache.incr(name) > limit
    except ValueError:  # the key expired between add and incr
        return False
    except Exception:  # noqa: BLE001  (any cache error: let the request through)
        redis_failed()
        logging.getLogger(__name__).warning("Throttle %s not counted: the cache does not answer", key, exc_info=True)
        return False
