from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuppliersConfig(AppConfig):
    name = "suppliers"
    verbose_name = _("Suppliers")

    def ready(self):
        from . import panels
        from .cmrt.panels import cmrt_panel

        panels.register(cmrt_panel)
