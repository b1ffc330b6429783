from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = _("Agreements")

    def ready(self):
        from . import api, panels  # noqa: F401  (register the awards panel on the supplier page, the API's followed suppliers)
