"""The base of the API's endpoints: one read-only viewset per kind of record (in each domain
app's ``api.py``), each reading through its ``selector`` (what the viewer may see) and
declaring who may call it (see ``permissions.py``). Every list page that returns records is written to the audit log
(``services.record_export``)."""

from drf_spectacular.openapi import AutoSchema
from rest_framework import routers, viewsets

from . import services
from .permissions import STAFF, SUPPLIER, viewer_for

BOTH = (STAFF, SUPPLIER)


class ApiSchema(AutoSchema):
    """Takes each endpoint's description from the viewset's ``api_description``."""

    def get_description(self):
        return getattr(self.view, "api_description", None) or super().get_description()


class ApiViewSet(viewsets.ReadOnlyModelViewSet):
    schema = ApiSchema()
    lookup_field = "public_id"
    lookup_url_kwarg = "id"
    audiences = BOTH
    open_data = False
    requires_organisation = True
    api_description = ""
    selector = None  # staticmethod(viewer) -> the queryset the viewer may read

    @property
    def viewer(self):
        return viewer_for(self.request)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI generator has no viewer
            return self.serializer_class.Meta.model.objects.none()
        return type(self).selector(self.viewer)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["viewer"] = self.viewer
        return context

    def page_context(self, objects):
        """Extra serializer context computed once for a page of records."""
        return {}

    def get_serializer(self, *args, **kwargs):
        if args and not getattr(self, "swagger_fake_view", False):
            objects = list(args[0]) if kwargs.get("many") else [args[0]]
            kwargs["context"] = {**self.get_serializer_context(), **self.page_context(objects)}
        return super().get_serializer(*args, **kwargs)

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        count = len(response.data["results"])
        if count:
            services.record_export(request=request, endpoint=self.basename, count=count, total=response.data["count"])
        return response


class ApiRootView(routers.APIRootView):
    """The list of endpoints: any valid token may read it."""

    audiences = BOTH
    open_data = True
    requires_organisation = False


class ApiRouter(routers.DefaultRouter):
    APIRootView = ApiRootView
    include_format_suffixes = False
