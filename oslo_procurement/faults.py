"""What a user sees when the database goes away under a request (docs/FAULTS.md).

PostgreSQL restarting, a failover, or a network cut between the app and the database
breaks the connection a request is using. Django then raises ``OperationalError`` (or
``InterfaceError`` for a connection already closed). Every write runs in
``transaction.atomic``, so PostgreSQL rolls the whole transaction back: nothing is saved
half-way. This handler turns that error into an honest answer instead of "something went
wrong": HTTP 503, "nothing was saved, try again", as JSON for the questionnaire's autosave
(which then keeps the text in the field and saves again on the next change) and as a plain
page otherwise. The broken connection is closed at the end of the request (Django's
``close_old_connections``), and ``CONN_HEALTH_CHECKS`` makes the next request check a
persistent connection before using it, so the next request works as soon as PostgreSQL
answers again.

It is the project's ``handler500``, so it also catches a database that fails inside a
middleware (loading the session's user), where a view-level handler never runs. It renders
without the database: no user, no context processors."""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)


def database_unavailable_message():
    return _(
        "The database could not be reached, so nothing of what you just sent was saved. Please try again in a moment."
    )


def wants_json(request):
    accept = request.headers.get("Accept", "")
    return accept.startswith("application/json") or request.headers.get("X-Requested-With") == "XMLHttpRequest"


def server_error(request, *args, **kwargs):
    """handler500: a lost database gives a 503 that says nothing was saved; any other
    error the generic 500 page."""
    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_ERRORS):
        logger.error("Database unavailable during %s %s: %s", request.method, request.path, exc)
        if wants_json(request):
            return JsonResponse({"ok": False, "message": database_unavailable_message()}, status=503)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(render_to_string("500.html"), status=500)
