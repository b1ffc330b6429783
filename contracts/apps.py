from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = _("Agreements")

    def ready(self):
        from oslo_procurement.accounts import hooks

        from . import panels  # noqa: F401  (registers the awards panel on the supplier page)
        from .sso import views as sso_views

        hooks.register_login_options(sso_views.login_options)
        hooks.register_logout_redirect(sso_views.logout_redirect)
