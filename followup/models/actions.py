"""Corrective action plans and DFØ's sanctions ladder."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from oslo_procurement.core import PublicIdModel, TimeStampedModel
from oslo_procurement.fixed_urls import cached_reverse

from .findings import Severity


class CorrectiveAction(TimeStampedModel, PublicIdModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        EVIDENCE_SUBMITTED = "evidence_submitted", _("Evidence submitted")
        VERIFIED_CLOSED = "verified_closed", _("Verified and closed")

    buyer = models.ForeignKey("contracts.Buyer", verbose_name=_("buyer"), on_delete=models.PROTECT)
    supplier = models.ForeignKey(
        "suppliers.Supplier", verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="corrective_actions"
    )
    title = models.CharField(_("action"), max_length=250)
    description = models.TextField(_("what must be done"), blank=True)
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices)
    deadline = models.DateField(_("deadline"))
    owner_name = models.CharField(_("responsible at the supplier"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    finding = models.ForeignKey(
        "followup.Finding",
        verbose_name=_("finding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    answer = models.ForeignKey(
        "followup.Answer",
        verbose_name=_("self-assessment answer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    meeting = models.ForeignKey(
        "followup.Meeting",
        verbose_name=_("agreed in meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verification_note = models.TextField(_("verification note"), blank=True)
    # Closed by an officer's override, without evidence submitted by the supplier; the
    # written reason is the verification note (kept in the history and on the timeline).
    verified_without_evidence = models.BooleanField(_("closed without the supplier's evidence"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        ordering = ["deadline"]
        constraints = [
            models.CheckConstraint(
                name="action_status_valid",
                condition=Q(status__in=["open", "in_progress", "evidence_submitted", "verified_closed"]),
            ),
            # No closing without verification.
            models.CheckConstraint(
                name="action_closed_is_verified",
                condition=~Q(status="verified_closed") | Q(verified_by__isnull=False, verified_at__isnull=False),
                violation_error_message=_("An action can only be closed when an officer has verified it."),
            ),
            models.CheckConstraint(name="action_severity_1_4", condition=Q(severity__gte=1, severity__lte=4)),
            # One corrective action per non-compliant answer: a second start shows the first.
            models.UniqueConstraint(
                fields=["answer"],
                condition=Q(answer__isnull=False),
                name="action_once_per_answer",
                violation_error_message=_("A corrective action has already been started from this answer."),
            ),
            models.CheckConstraint(
                name="action_override_has_reason",
                condition=Q(verified_without_evidence=False) | ~Q(verification_note=""),
                violation_error_message=_("Closing without the supplier's evidence needs a written reason."),
            ),
        ]
        indexes = [
            # Reminders and the overdue list: WHERE status <> 'verified_closed' AND deadline < today
            models.Index(fields=["status", "deadline"], name="action_status_deadline_idx"),
            # A supplier's plan: WHERE supplier_id=? ORDER BY deadline
            models.Index(fields=["supplier", "deadline"], name="action_supplier_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return cached_reverse("actions:detail", [self.public_id])

    def is_overdue(self, today):
        return self.status != self.Status.VERIFIED_CLOSED and self.deadline < today


class ActionUpdate(TimeStampedModel):
    """The supplier's progress updates and evidence, and the officer's verification notes."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("Progress update")
        EVIDENCE = "evidence", _("Evidence submitted")
        RETURNED = "returned", _("Returned: not yet sufficient")
        VERIFIED = "verified", _("Verified")

    action = models.ForeignKey(CorrectiveAction, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("text"))
    evidence = models.ManyToManyField("suppliers.Evidence", verbose_name=_("evidence"), blank=True, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("action update")
        verbose_name_plural = _("action updates")
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.action}"


class Escalation(TimeStampedModel, PublicIdModel):
    """One rung up DFØ's sanctions ladder, as a recorded decision with its reason. Rungs are
    taken one at a time; the rungs from temporary suspension up need a manager's approval."""

    class Rung(models.IntegerChoices):
        WARNING = 1, _("Written warning")
        SUSPENSION = 2, _("Temporary suspension")
        REPLACEMENT = 3, _("Replacement purchase from another supplier")
        TERMINATION = 4, _("Termination")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Awaiting the manager's approval")
        IN_FORCE = "in_force", _("In force")
        REJECTED = "rejected", _("Rejected")
        LIFTED = "lifted", _("Lifted")

    buyer = models.ForeignKey("contracts.Buyer", verbose_name=_("buyer"), on_delete=models.PROTECT)
    supplier = models.ForeignKey(
        "suppliers.Supplier", verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="escalations"
    )
    action = models.ForeignKey(
        CorrectiveAction, verbose_name=_("corrective action"), on_delete=models.PROTECT, related_name="escalations"
    )
    agreement = models.ForeignKey(
        "contracts.FrameworkAgreement", verbose_name=_("agreement"), null=True, blank=True, on_delete=models.PROTECT
    )
    rung = models.PositiveSmallIntegerField(_("rung"), choices=Rung.choices)
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField(_("date of decision"))
    approval_note = models.TextField(_("manager's note"), blank=True)
    # What the formal letter to the supplier says (followup.letters): the reason as written
    # for the supplier (the internal reason when empty) and the deadline to remedy.
    letter_reason = models.TextField(
        _("reason as written in the letter"),
        blank=True,
        help_text=_("What the letter to the supplier says. Leave empty to use the reason above."),
    )
    remedy_deadline = models.DateField(_("deadline to remedy"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["supplier", "rung"]
        constraints = [
            models.CheckConstraint(name="escalation_rung_1_4", condition=Q(rung__gte=1, rung__lte=4)),
            models.CheckConstraint(
                name="escalation_has_reason",
                condition=~Q(reason=""),
                violation_error_message=_("An escalation needs a reason."),
            ),
            # A rung that needs approval is in force only once a manager approved it.
            models.CheckConstraint(
                name="escalation_approved_when_required",
                condition=Q(rung=1) | ~Q(status="in_force") | Q(approved_by__isnull=False),
            ),
            # One decision per rung and action (not counting rejected proposals).
            models.UniqueConstraint(
                fields=["action", "rung"], condition=~Q(status="rejected"), name="escalation_rung_once_per_action"
            ),
        ]

    def __str__(self):
        return f"{self.get_rung_display()}: {self.supplier}"

    @property
    def needs_approval(self):
        return self.rung >= self.Rung.SUSPENSION

    @property
    def reason_for_letter(self):
        return self.letter_reason.strip() or self.reason
