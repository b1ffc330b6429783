"""Reports for managers and leadership: PDF renderings (ReportRun), the leadership's
email subscriptions (ReportSubscription with its ReportRecipient rows) and the log of
each email sent (ReportDelivery, one row per subscription, period and recipient, so a
job that runs twice sends once)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from oslo_procurement.core import PublicIdModel, TimeStampedModel
from oslo_procurement.fixed_urls import cached_reverse


class ReportKind(models.TextChoices):
    SUPPLIER = "supplier", _("Follow-up report for one supplier")
    AGREEMENT = "agreement", _("Leadership summary for one agreement")
    BUYER = "buyer", _("Leadership summary for all agreements")


class ReportLanguage(models.TextChoices):
    NB = "nb", _("Norwegian Bokmål")
    EN = "en", _("English")


def _scope_matches_kind():
    """A supplier report names a supplier, an agreement summary an agreement, and the
    buyer-wide summary neither."""
    return (
        Q(kind="supplier", supplier__isnull=False, agreement__isnull=True)
        | Q(kind="agreement", agreement__isnull=False, supplier__isnull=True)
        | Q(kind="buyer", agreement__isnull=True, supplier__isnull=True)
    )


class ReportScopeMixin:
    def scope_label(self):
        if self.kind == ReportKind.SUPPLIER and self.supplier_id:
            return str(self.supplier)
        if self.kind == ReportKind.AGREEMENT and self.agreement_id:
            return str(self.agreement)
        return str(self.buyer)


class ReportSubscription(ReportScopeMixin, TimeStampedModel, PublicIdModel):
    """Leadership gets a report by email on a schedule: monthly, quarterly, or once after
    each reporting round's deadline. Switched off (``active``), never deleted: its
    deliveries are the log of what was sent."""

    class Schedule(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        AFTER_ROUND = "after_round", _("After each reporting round's deadline")

    buyer = models.ForeignKey(
        "contracts.Buyer", verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="report_subscriptions"
    )
    kind = models.CharField(_("report"), max_length=10, choices=ReportKind.choices)
    agreement = models.ForeignKey(
        "contracts.FrameworkAgreement",
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    supplier = models.ForeignKey(
        "suppliers.Supplier",
        verbose_name=_("supplier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    language = models.CharField(
        _("language of the report"), max_length=5, choices=ReportLanguage.choices, default=ReportLanguage.NB
    )
    schedule = models.CharField(_("schedule"), max_length=12, choices=Schedule.choices, default=Schedule.MONTHLY)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report subscription")
        verbose_name_plural = _("report subscriptions")
        ordering = ["-active", "kind", "-created_at"]
        constraints = [
            models.CheckConstraint(name="report_subscription_scope_matches_kind", condition=_scope_matches_kind()),
            models.CheckConstraint(
                name="report_subscription_schedule_valid",
                condition=Q(schedule__in=["monthly", "quarterly", "after_round"]),
            ),
            models.CheckConstraint(name="report_subscription_language_valid", condition=Q(language__in=["nb", "en"])),
        ]
        indexes = [
            # The daily job: WHERE active ORDER BY id; the list of one buyer: WHERE buyer_id=?
            models.Index(fields=["buyer", "active"], name="report_subscription_buyer_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.scope_label()} ({self.get_schedule_display()})"

    def get_absolute_url(self):
        return cached_reverse("reports:subscription_detail", [self.public_id])


class ReportRecipient(TimeStampedModel, PublicIdModel):
    """A person in leadership who gets the subscription's report."""

    subscription = models.ForeignKey(
        ReportSubscription, verbose_name=_("subscription"), on_delete=models.CASCADE, related_name="recipients"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    language = models.CharField(
        _("language of the email and the PDF"),
        max_length=5,
        choices=ReportLanguage.choices,
        blank=True,
        help_text=_("Empty: the report's language."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report recipient")
        verbose_name_plural = _("report recipients")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "email"],
                name="report_recipient_once_per_subscription",
                violation_error_message=_("This person already gets this report."),
            ),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    @property
    def email_language(self):
        return self.language or self.subscription.language


class ReportRun(ReportScopeMixin, TimeStampedModel, PublicIdModel):
    """One PDF rendering, asked for on screen or by the scheduled job. A Celery task
    renders it (``status`` pending → running → done or failed) and stores the file under
    a random name outside every URL; the download view checks the buyer first."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Rendering")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    buyer = models.ForeignKey(
        "contracts.Buyer", verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="report_runs"
    )
    kind = models.CharField(_("report"), max_length=10, choices=ReportKind.choices)
    supplier = models.ForeignKey(
        "suppliers.Supplier",
        verbose_name=_("supplier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agreement = models.ForeignKey(
        "contracts.FrameworkAgreement",
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    options = models.JSONField(
        _("filters"), default=dict, blank=True, help_text=_("The dashboard's lot and period filters, if any.")
    )
    language = models.CharField(_("language"), max_length=5, choices=ReportLanguage.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked for by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    subscription = models.ForeignKey(
        ReportSubscription, verbose_name=_("subscription"), null=True, blank=True, on_delete=models.PROTECT
    )
    period_key = models.CharField(_("period"), max_length=50, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    file_path = models.CharField(max_length=200, blank=True, editable=False)
    size = models.PositiveIntegerField(_("size"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    summary = models.JSONField(
        _("top figures"),
        default=dict,
        blank=True,
        help_text=_("The numbers the email's short summary is written from."),
    )
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("report rendering")
        verbose_name_plural = _("report renderings")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(name="report_run_scope_matches_kind", condition=_scope_matches_kind()),
            models.CheckConstraint(
                name="report_run_status_valid", condition=Q(status__in=["pending", "running", "done", "failed"])
            ),
            models.CheckConstraint(name="report_run_done_has_file", condition=~Q(status="done") | ~Q(file_path="")),
            # The scheduled job renders once per subscription, period and language (each
            # recipient gets the PDF in the language of their email).
            models.UniqueConstraint(
                fields=["subscription", "period_key", "language"],
                condition=Q(subscription__isnull=False),
                name="report_run_once_per_period_language",
            ),
        ]
        indexes = [
            # Recent renderings of a buyer (reports page): WHERE buyer_id=? ORDER BY created_at DESC
            models.Index(fields=["buyer", "-created_at"], name="report_run_buyer_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.scope_label()}"

    def get_absolute_url(self):
        return cached_reverse("reports:run_detail", [self.public_id])

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def waiting_long(self):
        """Still waiting a minute after it was asked for: the background service is busy
        or away (Redis or the workers); the catch-up job renders it once they are back."""
        import datetime

        from django.utils import timezone

        return self.status == self.Status.PENDING and self.created_at < timezone.now() - datetime.timedelta(minutes=1)

    @property
    def filename(self):
        from django.utils import timezone
        from django.utils.text import slugify

        when = self.finished_at or self.created_at or timezone.now()
        day = timezone.localdate(when).isoformat()
        return f"{slugify(self.scope_label())[:60] or 'report'}-{day}-{self.language}.pdf"


class ReportDelivery(TimeStampedModel, PublicIdModel):
    """One email of a subscription's report to one recipient for one period ("2026-11",
    "2026-Q4" or "round:<uuid>"). The unique key makes the scheduled job safe to run twice;
    the status column makes each send claimable once: pending → sending → sent or failed."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    subscription = models.ForeignKey(
        ReportSubscription, verbose_name=_("subscription"), on_delete=models.PROTECT, related_name="deliveries"
    )
    period_key = models.CharField(_("period"), max_length=50)
    recipient_name = models.CharField(_("name"), max_length=200)
    recipient_email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=5, choices=ReportLanguage.choices)
    run = models.ForeignKey(
        ReportRun, verbose_name=_("report"), null=True, blank=True, on_delete=models.PROTECT, related_name="deliveries"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("report delivery")
        verbose_name_plural = _("report deliveries")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "period_key", "recipient_email"], name="report_delivery_once"
            ),
            models.CheckConstraint(
                name="report_delivery_status_valid", condition=Q(status__in=["pending", "sending", "sent", "failed"])
            ),
            models.CheckConstraint(
                name="report_delivery_sent_has_time", condition=~Q(status="sent") | Q(sent_at__isnull=False)
            ),
        ]
        indexes = [
            # Sending log of a subscription: WHERE subscription_id=? ORDER BY created_at DESC
            models.Index(fields=["subscription", "-created_at"], name="report_delivery_log_idx"),
            # The job's queue: WHERE subscription_id=? AND period_key=? AND status='pending'
            models.Index(fields=["subscription", "period_key", "status"], name="report_delivery_pending_idx"),
        ]

    def __str__(self):
        return f"{self.subscription} → {self.recipient_email} ({self.period_key})"
