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
