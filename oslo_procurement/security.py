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
