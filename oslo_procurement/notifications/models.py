"""The notification outbox and the record of scheduled job runs.

Every email the application sends is first a Notification row, written in the same
transaction as the change that caused it, then delivered by a Celery task (see
services.py for the delivery guarantees). The unique key
(recipient email, kind, item type, item id, due step) is the claim that makes a
reminder impossible to send twice: a second sweep, a retried task or a second worker
can only fail to insert it again."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Kind(models.TextChoices):
        ASSESSMENT_DUE = "assessment_due", _("Self-assessment coming due")
        ASSESSMENT_OVERDUE = "assessment_overdue", _("Self-assessment overdue")
        ACTION_DUE = "action_due", _("Corrective action coming due")
        ACTION_OVERDUE = "action_overdue", _("Corrective action overdue")
        EVIDENCE_EXPIRING = "evidence_expiring", _("Evidence expiring")
        MEETING_CHANGED = "meeting_changed", _("Meeting changed")
        TRANSPARENCY_ACCOUNT = "transparency_account", _("Transparency Act account due")
        OFFICER_DIGEST = "officer_digest", _("Officer's daily summary")
        ACTION_ESCALATED_OFFICER = "action_escalated_officer", _("Overdue action escalated to the officer")
        ACTION_ESCALATED_MANAGER = "action_escalated_manager", _("Overdue action escalated to the manager")
        INVITATION_PENDING = "invitation_pending", _("Portal invitation not yet accepted")
        MAIL_ALERT = "mail_alert", _("Email delivery failing")
        DIGEST = "digest", _("Daily digest of reminders")
        MESSAGE = "message", _("Other email")

    class Status(models.TextChoices):
        HELD = "held", _("Waiting for its attachment")
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    recipient_email = models.EmailField(_("recipient's email"))
    language = models.CharField(_("language"), max_length=5)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    template = models.CharField(_("email template"), max_length=150, blank=True)
    # The item the email is about (a self-assessment, a corrective action, a document...).
    item_type = models.ForeignKey(
        ContentType, verbose_name=_("item type"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    item_id = models.PositiveBigIntegerField(_("item id"), null=True, blank=True)
    item_label = models.CharField(_("item"), max_length=300, blank=True)
    item_url = models.CharField(_("link"), max_length=500, blank=True)
    due_step = models.CharField(
        _("due step"),
        max_length=40,
        help_text=_("Which reminder of the item this is: days before (-14) or after (+1) its deadline, a year…"),
    )
    # The organisation the email is about (a supplier) and the one it is sent for (a buyer):
    # the supplier page lists a supplier's notifications, scoped to the viewer's buyer.
    about_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    owner_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    owner_id = models.PositiveBigIntegerField(null=True, blank=True)

    subject = models.TextField(_("subject"))
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    # A file from private storage sent with the email (a letter's PDF). An email that needs
    # one is written "held" and released to "pending" once the file exists.
    attachment_path = models.CharField(_("attachment"), max_length=200, blank=True)
    attachment_name = models.CharField(_("attachment's file name"), max_length=150, blank=True)

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    digest = models.BooleanField(
        _("for the daily digest"), default=False, help_text=_("Sent within the recipient's daily digest.")
    )
    bundled_into = models.ForeignKey(
        "self",
        verbose_name=_("sent within digest"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bundled",
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    claim = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    first_attempt_at = models.DateTimeField(
        _("first attempt"), null=True, blank=True, help_text=_("Retries end EMAIL_RETRY_HOURS after this.")
    )
    handed_over_at = models.DateTimeField(
        _("handed to the mail server"),
        null=True,
        blank=True,
        help_text=_("When the current attempt started sending the message itself to the mail server."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        constraints = [
            # The claim: one email per recipient, kind, item and step, ever.
            models.UniqueConstraint(
                fields=["recipient_email", "kind", "item_type", "item_id", "due_step"], name="notification_once"
            ),
            models.CheckConstraint(
                name="notification_status_valid",
                condition=Q(status__in=["held", "pending", "sending", "sent", "failed", "cancelled"]),
            ),
            models.CheckConstraint(
                name="notification_sent_has_time", condition=~Q(status="sent") | Q(sent_at__isnull=False)
            ),
            # Only plain messages may be about no item; every reminder names its item.
            models.CheckConstraint(
                name="notification_item_unless_message",
                condition=Q(kind="message") | Q(item_type__isnull=False, item_id__isnull=False),
            ),
        ]
        indexes = [
            # The drain: WHERE status='pending' AND NOT digest AND created_at < ? ORDER BY created_at
            models.Index(
                fields=["created_at"],
                condition=Q(status="pending", digest=False),
                name="notification_due_idx",
            ),
            # The failed list and the alert: WHERE status='failed' ORDER BY claimed_at DESC
            models.Index(fields=["-claimed_at"], condition=Q(status="failed"), name="notification_failed_idx"),
            # Stale claims: WHERE status='sending' AND claimed_at < ?
            models.Index(fields=["claimed_at"], condition=Q(status="sending"), name="notification_sending_idx"),
            # Digest bundling: WHERE digest AND status='pending' AND bundled_into_id IS NULL
            models.Index(
                fields=["recipient_email"],
                condition=Q(digest=True, status="pending", bundled_into__isnull=True),
                name="notification_digest_idx",
            ),
            # The sweep's "already sent?": WHERE item_type_id=? AND item_id IN (...) AND kind IN (...)
            models.Index(fields=["item_type", "item_id", "kind"], name="notification_item_idx"),
            # A supplier's notifications: WHERE about_type_id=? AND about_id=? ORDER BY created_at DESC
            models.Index(fields=["about_type", "about_id", "-created_at"], name="notification_about_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient_email} ({self.due_step})"


class JobRun(models.Model):
    """One run of a scheduled job (or of one started by hand), with what it did."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("Schedule")
        MANUAL = "manual", _("Started by hand")
        COMMAND = "command", _("Command line")

    task_name = models.CharField(_("task"), max_length=200)
    trigger = models.CharField(_("started by"), max_length=10, choices=Trigger.choices, default=Trigger.SCHEDULE)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="jobrun_status_valid", condition=Q(status__in=["queued", "running", "succeeded", "failed"])
            ),
        ]
        indexes = [
            # The jobs page: WHERE task_name=? ORDER BY created_at DESC LIMIT 5
            models.Index(fields=["task_name", "-created_at"], name="jobrun_task_idx"),
        ]

    def __str__(self):
        return f"{self.task_name} {self.created_at:%Y-%m-%d %H:%M} {self.status}"

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None
