"""A buyer's identity providers, how their groups map to roles, and which person at which
provider each account belongs to. Imported by contracts/models.py."""

import os
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from oslo_procurement.core import PublicIdModel, TimeStampedModel

ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]{2,99}$")
STAFF_ROLES = [("officer", _("Procurement officer")), ("manager", _("Manager")), ("admin", _("Administrator"))]
# When several groups match, the strongest role wins.
ROLE_RANK = {"officer": 1, "manager": 2, "admin": 3}


def validate_env_name(value):
    if value and not ENV_NAME.match(value):
        raise ValidationError(
            _("Write the name of an environment variable in capitals, for example OIDC_SECRET_OSLO."), code="env_name"
        )


DOMAIN = re.compile(r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def validate_domains(value):
    bad = [d for d in value.split() if not DOMAIN.match(d.lower())]
    if bad:
        raise ValidationError(
            _("Not an email domain: %(domains)s. Write domains like oslo.kommune.no, separated by spaces."),
            code="domain",
            params={"domains": ", ".join(bad)},
        )


class IdentityProvider(TimeStampedModel, PublicIdModel):
    """One OpenID Connect provider (Entra ID, ID-porten, Keycloak, ...) through which the
    buyer's officers, managers and administrators log in. The client secret itself is never
    stored here: the record names the environment variable that holds it."""

    class TokenAuth(models.TextChoices):
        BASIC = "client_secret_basic", _("Client secret in the Authorization header (client_secret_basic)")
        POST = "client_secret_post", _("Client secret in the request body (client_secret_post)")
        NONE = "none", _("No secret: public client with PKCE only (none)")

    buyer = models.ForeignKey(
        "contracts.Buyer", verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="identity_providers"
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the provider is called, for example 'Entra ID' or 'ID-porten'.")
    )
    issuer = models.URLField(
        _("issuer"),
        max_length=300,
        help_text=_(
            "The provider's issuer URL; its discovery document is read from <issuer>/.well-known/openid-configuration."
        ),
    )
    client_id = models.CharField(_("client ID"), max_length=200)
    client_secret_env = models.CharField(
        _("client secret: environment variable"),
        max_length=100,
        blank=True,
        validators=[validate_env_name],
        help_text=_("The name of the server's environment variable that holds the client secret (not the secret)."),
    )
    token_auth_method = models.CharField(
        _("client authentication"), max_length=30, choices=TokenAuth.choices, default=TokenAuth.BASIC
    )
    scopes = models.CharField(_("scopes"), max_length=300, default="openid email profile")
    signing_algorithm = models.CharField(
        _("ID token signing algorithm"),
        max_length=10,
        default="RS256",
        choices=[(a, a) for a in ("RS256", "RS384", "RS512", "PS256", "ES256", "ES384")],
    )
    roles_claim = models.CharField(
        _("roles claim"),
        max_length=100,
        default="groups",
        help_text=_("The claim that lists the person's groups or roles, for example 'groups' or 'roles'."),
    )
    provider_mfa_counts = models.BooleanField(
        _("the provider's multi-factor authentication counts"),
        default=True,
        help_text=_(
            "When on, people who log in through this provider are not asked for this application's own "
            "authenticator code."
        ),
    )
    required_acr = models.CharField(
        _("required authentication level (acr)"),
        max_length=300,
        blank=True,
        help_text=_(
            "Space-separated acr values, for example 'idporten-loa-high'. When set, the provider's "
            "multi-factor authentication counts only if the ID token carries one of them."
        ),
    )
    required_amr = models.CharField(
        _("required authentication methods (amr)"),
        max_length=300,
        blank=True,
        help_text=_(
            "Space-separated amr values, for example 'mfa'. When set, the provider's multi-factor "
            "authentication counts only if the ID token's amr claim holds one of them."
        ),
    )
    email_domains = models.CharField(
        _("email domains"),
        max_length=300,
        blank=True,
        validators=[validate_domains],
        help_text=_(
            "Space-separated, for example 'oslo.kommune.no bym.oslo.kommune.no': staff who type an address at "
            "one of these domains on the login page are sent to this provider."
        ),
    )
    trust_email = models.BooleanField(
        _("link existing accounts by email address"),
        default=False,
        help_text=_(
            "At a person's first login, tie the buyer's existing staff account with the same address to them even "
            "when the provider does not send email_verified (Entra ID does not). Turn on only for a provider where "
            "nobody can choose their own address."
        ),
    )
    enabled = models.BooleanField(_("enabled"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")
        ordering = ["buyer__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "client_id"],
                name="identity_provider_issuer_client_unique",
                violation_error_message=_("This issuer and client ID are already configured."),
            ),
            models.CheckConstraint(
                name="identity_provider_secret_named",
                condition=models.Q(token_auth_method="none") | ~models.Q(client_secret_env=""),  # noqa: S106
                violation_error_message=_("Name the environment variable that holds the client secret."),
            ),
        ]

    def __str__(self):
        return f"{self.buyer} – {self.name}"

    def clean(self):
        if self.issuer:
            self.issuer = self.issuer.rstrip("/")
        self.email_domains = " ".join(self.email_domains.lower().split())

    @property
    def discovery_url(self):
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"

    def client_secret(self):
        """The secret from the environment; None for a public client. Raises KeyError when
        the variable is not set on this server."""
        if self.token_auth_method == self.TokenAuth.NONE:
            return None
        return os.environ[self.client_secret_env]

    def role_for(self, values):
        """The strongest role any of ``values`` (the roles claim) maps to, or None."""
        wanted = {str(v) for v in values}
        best = None
        for mapping in self.role_mappings.all():
            if mapping.claim_value in wanted and (best is None or ROLE_RANK[mapping.role] > ROLE_RANK[best]):
                best = mapping.role
        return best


class IdentityProviderRole(models.Model):
    """A value of the roles claim (a group id or an app role name) and the role it gives."""

    provider = models.ForeignKey(
        IdentityProvider, verbose_name=_("identity provider"), on_delete=models.CASCADE, related_name="role_mappings"
    )
    claim_value = models.CharField(
        _("group or role"), max_length=200, help_text=_("The value exactly as the provider sends it.")
    )
    role = models.CharField(_("role in this application"), max_length=20, choices=STAFF_ROLES)

    class Meta:
        verbose_name = _("group mapping")
        verbose_name_plural = _("group mappings")
        ordering = ["claim_value"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "claim_value"],
                name="identity_provider_role_unique",
                violation_error_message=_("This group is already mapped."),
            ),
            models.CheckConstraint(
                name="identity_provider_role_staff", condition=models.Q(role__in=["officer", "manager", "admin"])
            ),
        ]

    def __str__(self):
        return f"{self.claim_value} → {self.get_role_display()}"


class ExternalIdentity(TimeStampedModel):
    """Ties an account to one person at one provider: the issuer and the provider's stable
    subject id (``sub``), never the email address alone."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="external_identities"
    )
    provider = models.ForeignKey(
        IdentityProvider, verbose_name=_("identity provider"), on_delete=models.PROTECT, related_name="identities"
    )
    issuer = models.CharField(_("issuer"), max_length=300)
    subject = models.CharField(_("subject id"), max_length=255)
    last_login_at = models.DateTimeField(_("last login"), null=True, blank=True)

    class Meta:
        verbose_name = _("external identity")
        verbose_name_plural = _("external identities")
        constraints = [
            # Also the lookup at every login: WHERE issuer=? AND subject=?
            models.UniqueConstraint(fields=["issuer", "subject"], name="external_identity_subject_unique"),
        ]

    def __str__(self):
        return f"{self.user} @ {self.provider.name}"
