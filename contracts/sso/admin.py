"""The back office for a buyer's identity providers (imported by contracts/admin.py)."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from .backend import SSOFailure, get_discovery
from .models import ExternalIdentity, IdentityProvider, IdentityProviderRole


class IdentityProviderRoleInline(admin.TabularInline):
    model = IdentityProviderRole
    extra = 1


@admin.register(IdentityProvider)
class IdentityProviderAdmin(SimpleHistoryAdmin):
    list_display = ["name", "buyer", "issuer", "client_id", "provider_mfa_counts", "enabled"]
    list_filter = ["enabled", "buyer"]
    search_fields = ["name", "buyer__name", "issuer", "client_id"]
    readonly_fields = ["public_id", "redirect_uri_hint"]
    inlines = [IdentityProviderRoleInline]
    actions = ["check_connection"]
    fieldsets = [
        (None, {"fields": ["buyer", "name", "enabled", "email_domains", "public_id", "redirect_uri_hint"]}),
        (
            gettext_lazy("Connection"),
            {
                "fields": [
                    "issuer",
                    "client_id",
                    "token_auth_method",
                    "client_secret_env",
                    "scopes",
                    "signing_algorithm",
                ]
            },
        ),
        (
            gettext_lazy("Roles and multi-factor authentication"),
            {"fields": ["roles_claim", "provider_mfa_counts", "required_acr", "required_amr", "trust_email"]},
        ),
    ]

    @admin.display(description=gettext_lazy("redirect URI to register at the provider"))
    def redirect_uri_hint(self, obj):
        from django.conf import settings
        from django.urls import reverse

        return settings.SITE_URL.rstrip("/") + reverse("sso:callback")

    @admin.action(description=gettext_lazy("Check the connection (discovery document and client secret)"))
    def check_connection(self, request, queryset):
        for provider in queryset:
            try:
                document = get_discovery(provider)
                provider.client_secret()
            except SSOFailure as failure:
                self.message_user(request, f"{provider}: {failure.detail}", messages.ERROR)
            except KeyError:
                self.message_user(
                    request,
                    _("%(provider)s: the environment variable %(name)s is not set on this server.")
                    % {"provider": provider, "name": provider.client_secret_env},
                    messages.ERROR,
                )
            else:
                logout = _("supports logout") if document.get("end_session_endpoint") else _("does not support logout")
                self.message_user(
                    request,
                    _("%(provider)s: discovery document read; the provider %(logout)s.")
                    % {"provider": provider, "logout": logout},
                    messages.SUCCESS,
                )


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(admin.ModelAdmin):
    list_display = ["user", "provider", "subject", "last_login_at"]
    list_filter = ["provider"]
    search_fields = ["user__email", "user__full_name", "subject"]
    raw_id_fields = ["user"]
    readonly_fields = ["last_login_at"]
