"""/api/v1/: the read-only REST API, its OpenAPI description and its documentation page.
Walked as every role by tests/api/test_api_walk.py."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from .docs import api_docs
from .throttling import PublicRateThrottle
from .views import OcdsAgreementView, OcdsBuyerView, router

app_name = "api"


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 description: YAML by default, JSON with ?format=json. Public: it
    describes the shape of the API, no data."""

    throttle_classes = [PublicRateThrottle]


urlpatterns = [
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", api_docs, name="docs"),
    path("ocds/buyers/<uuid:id>/", OcdsBuyerView.as_view(), name="ocds-buyer"),
    path("ocds/agreements/<uuid:id>/", OcdsAgreementView.as_view(), name="ocds-agreement"),
    path("", include(router.urls)),
]
