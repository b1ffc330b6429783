"""Personal API tokens. Only a SHA-256 hash of each key is stored: the key itself is shown
once, when it is created, and cannot be read back."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oslo_procurement.core import PublicIdModel, TimeStampedModel

KEY_PREFIX = "opk_"


def new_key():
    """A fresh key: a recognisable prefix (so secret scanners can find leaked keys) and
    256 random bits."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_key(key):
    # A fast hash is right here: the key is 256 random bits, not a password to guess.
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class ApiToken(TimeStampedModel, PublicIdModel):
    """A key with which a program reads the API as the user who created it: with the
    user's role and organisation at the time of each request, never more."""

    class Scope(models.TextChoices):
        FULL = "full", _("Everything I may read")
        OPEN_DATA = "open_data", _("Open data only")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. 'Partner exchange'."))
    prefix = models.CharField(_("starts with"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.FULL)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True, help_text=_("Empty: never expires."))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]
        constraints = [
            # A double submit of the creation form cannot make two live tokens of one name.
            models.UniqueConstraint(
                fields=["user", "name"],
                condition=Q(revoked_at__isnull=True),
                name="api_token_name_unique_per_user",
                violation_error_message=_("You already have a token with this name."),
            ),
            models.CheckConstraint(name="api_token_scope_valid", condition=Q(scope__in=["full", "open_data"])),
        ]
        indexes = [
            # The user's token page: WHERE user_id=? ORDER BY created_at DESC
            models.Index(fields=["user", "-created_at"], name="api_token_user_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def status(self):
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= timezone.now():
            return "expired"
        return "active"

    def get_status_display(self):
        return {"revoked": _("Revoked"), "expired": _("Expired"), "active": _("Active")}[self.status]
