from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = _("Agreements")

    def ready(self):
        from criteria.access import register_owner_resolver
        from oslo_procurement.accounts import hooks

        from . import (
            api,  # noqa: F401  (the API's followed suppliers)
            awarded,  # noqa: F401  (keeps Supplier.has_award on every award and agreement save)
            panels,  # noqa: F401  (registers the awards panel on the supplier page)
            relations,  # noqa: F401  (the buyer and the awards, for the reading rule)
        )
        from .access import user_buyer_pk
        from .sso import views as sso_views

        register_owner_resolver(user_buyer_pk)
        hooks.register_login_options(sso_views.login_options)
        hooks.register_logout_redirect(sso_views.logout_redirect)
