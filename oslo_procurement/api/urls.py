"""/api/v1/: the read-only REST API, its OpenAPI description and its documentation page.
The resources are the domain apps' (``<app>/api.py``); the root urls.py registers them on
one router and passes it here. Walked as every role by tests/api/test_api_walk.py."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from .docs import api_docs
from .throttling import PublicRateThrottle
from .views import ApiRouter


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 description: YAML by default, JSON with ?format=json. Public: it
    describes the shape of the API, no data."""

    throttle_classes = [PublicRateThrottle]


def compose(*routes):
    """One router with each domain app's endpoints, in the order given:
    ``routes`` are lists of ``(prefix, viewset, basename)``."""
    router = ApiRouter()
    for app_routes in routes:
        for prefix, viewset, basename in app_routes:
            router.register(prefix, viewset, basename=basename)
    return router


def api_urls(router, extra=()):
    """The API's URL patterns (namespace ``api``) for ``include()``: the schema, the docs,
    ``extra`` paths of the domain apps, then the router's endpoints."""
    urlpatterns = [
        path("schema/", SchemaView.as_view(), name="schema"),
        path("docs/", api_docs, {"router": router}, name="docs"),
        *extra,
        path("", include(router.urls)),
    ]
    return urlpatterns, "api"
