"""One log line per request, and a request id that ties together every line it caused."""

import logging
import re
import time
import uuid

from django.utils.functional import SimpleLazyObject

from .logs import redacted_path, request_id_var

logger = logging.getLogger("oslo_procurement.request")

# An id from the proxy (or the client) is kept when it looks like an id; anything else is replaced.
_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")


def _user_id(request):
    """The id (never the email) of the user the request ran as, without a query of our own:
    the user login() set, or the one AuthenticationMiddleware's lazy object already loaded."""
    user = request.__dict__.get("user")
    if isinstance(user, SimpleLazyObject):
        user = request.__dict__.get("_cached_user")
    return user.pk if user is not None and user.is_authenticated else None


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        context = request_id_var.set(request.request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response.headers["X-Request-ID"] = request.request_id
            self._log(request, response, time.perf_counter() - started)
            return response
        finally:
            request_id_var.reset(context)

    def _log(self, request, response, elapsed):
        status = response.status_code
        match = getattr(request, "resolver_match", None)
        if status >= 500:
            level = logging.ERROR
        elif request.path.startswith("/health/") and status < 400:
            level = logging.DEBUG  # load-balancer probes every few seconds: only their failures by default
        else:
            level = logging.INFO
        path = redacted_path(request)
        logger.log(
            level,
            "%s %s %s",
            request.method,
            path,
            status,
            extra={
                "method": request.method,
                "path": path,
                "route": match.route if match else None,
                "status": status,
                "duration_ms": round(elapsed * 1000, 1),
                "user_id": _user_id(request),
            },
        )
