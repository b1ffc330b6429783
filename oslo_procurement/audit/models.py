from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """A domain or security event: who did what, when, with what details.

    Field-level changes to records are kept by django-simple-history; this log holds
    what is not a field change (logins, denials, exports, workflow decisions)."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True, on_delete=models.SET_NULL
    )
    event_type = models.CharField(_("event"), max_length=60)
    target_type = models.CharField(_("record type"), max_length=100, blank=True)
    target_id = models.CharField(_("record id"), max_length=64, blank=True)
    target_repr = models.CharField(_("record"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at"]
        indexes = [
            # A record's timeline: WHERE target_type=? AND target_id=? ORDER BY created_at DESC
            models.Index(fields=["target_type", "target_id", "-created_at"], name="audit_target_time_idx"),
            # Security review: WHERE event_type=? ORDER BY created_at DESC
            models.Index(fields=["event_type", "-created_at"], name="audit_type_time_idx"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.event_type} {self.target_repr}"
