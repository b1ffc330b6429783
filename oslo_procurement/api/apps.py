from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "oslo_procurement.api"
    label = "api"
    verbose_name = _("API")

    def ready(self):
        from . import authentication  # noqa: F401  (registers the OpenAPI description of the token scheme)
