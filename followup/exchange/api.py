"""Published OCDS release packages in the REST API (/api/v1/ocds/…): the same JSON as the
public open-data addresses, for any valid token. The root urls.py adds ``urlpatterns`` to
the API's."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from oslo_procurement.api.views import BOTH, ApiSchema

from .access import get_published_agreement, get_published_buyer
from .ocds import open_agreement_package, open_buyer_package


class OcdsPackageView(APIView):
    """A published OCDS release package (followup/exchange/ocds.py): the same JSON as the
    public open-data address, for any valid token. Only agreements their buyer marks
    "publish as open data" are in it."""

    schema = ApiSchema()
    audiences = BOTH
    open_data = True
    requires_organisation = False

    def package(self, public_id):
        raise NotImplementedError

    @extend_schema(
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description=_("An OCDS 1.1 release package."))},
    )
    def get(self, request, id):
        return Response(self.package(id))


class OcdsBuyerView(OcdsPackageView):
    api_description = _(
        "A buyer's agreements published as open data, as one OCDS 1.1 release package (also at "
        "/exchange/ocds/open/buyers/<id>.json without a token)."
    )

    def package(self, public_id):
        return open_buyer_package(get_published_buyer(public_id))


class OcdsAgreementView(OcdsPackageView):
    api_description = _(
        "One agreement published as open data, as an OCDS 1.1 release package (also at "
        "/exchange/ocds/open/agreements/<id>.json without a token)."
    )

    def package(self, public_id):
        return open_agreement_package(get_published_agreement(public_id))


urlpatterns = [
    path("ocds/buyers/<uuid:id>/", OcdsBuyerView.as_view(), name="ocds-buyer"),
    path("ocds/agreements/<uuid:id>/", OcdsAgreementView.as_view(), name="ocds-agreement"),
]
