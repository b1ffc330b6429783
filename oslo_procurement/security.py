"""Response headers that keep the browser on our side."""

import ipaddress

# Everything is served from our own origin: no inline script, no third-party origin.
POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# Django's admin templates carry inline style attributes; scripts stay our own there too.
ADMIN_POLICY = POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = ADMIN_POLICY if request.path.startswith("/admin/") else POLICY
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


def client_ip(request):
    """The client's address for throttling and the audit log.

    Without CLIENT_IP_HEADER this is REMOTE_ADDR, which a client cannot forge. Behind a
    reverse proxy, name the header it sets (e.g. ``X-Forwarded-For``) and how many proxies
    append to it (TRUSTED_PROXY_COUNT): the address is then read that many entries from the
    right, so whatever a client wrote into the header itself is ignored."""
    from django.conf import settings

    remote = request.META.get("REMOTE_ADDR") or None
    header = settings.CLIENT_IP_HEADER
    if not header:
        return remote
    raw = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
    hops = [part.strip() for part in raw.split(",") if part.strip()]
    count = max(settings.TRUSTED_PROXY_COUNT, 1)
    if len(hops) < count:
        return remote
    candidate = hops[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


class RequestLimitsMiddleware:
    """Two limits on every request, before anything reads its body or renders a page:

    - a body declared larger than REQUEST_MAX_BYTES (the upload limit plus room for the
      form's other fields) is refused with 413 before it is read (the reverse proxy should
      refuse it even earlier: README "Operations");
    - every response to a logged-in user says ``Cache-Control: no-store``, so no browser
      or proxy keeps a copy of a page behind the login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.http import HttpResponse
        from django.utils.translation import gettext as _

        declared = request.META.get("CONTENT_LENGTH") or "0"
        try:
            size = int(declared)
        except ValueError:
            size = -1
        if size < 0 or size > settings.REQUEST_MAX_BYTES:
            message = _("The request is larger than the %(limit)s MB this service accepts; nothing was read or saved.")
            response = HttpResponse(
                message % {"limit": settings.REQUEST_MAX_BYTES // (1024 * 1024)},
                status=413 if size >= 0 else 400,
                content_type="text/plain; charset=utf-8",
            )
            response["Connection"] = "close"
            return response
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store, private"
        return response
