from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the app for real: health endpoints, request ids and structured logs,
    the worker heartbeat, and the backup/restore commands. Imports no domain app."""

    name = "oslo_procurement.ops"
    label = "ops"
    verbose_name = _("Operations")

    def ready(self):
        from oslo_procurement import choices, translated

        from . import logs

        logs.connect_celery_signals()
        choices.install()
        translated.install()
