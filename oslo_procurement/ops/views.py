"""Health endpoints: public (no login, no personal data, no secrets), never cached,
HTTP 503 when a check fails. See health.py for what each checks."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from oslo_procurement.accounts.access import public

from . import health


def _answer(checks):
    status = health.overall(checks)
    return JsonResponse({"status": status, "checks": checks}, status=200 if status == "ok" else 503)


@public
@never_cache
@require_safe
def live(request):
    """The process is up and answers; touches neither the database nor Redis."""
    return JsonResponse({"status": "ok"})


@public
@never_cache
@require_safe
def ready(request):
    return _answer(health.readiness())


@public
@never_cache
@require_safe
def workers(request):
    return _answer(health.workers())
