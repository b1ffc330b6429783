"""Formal letters to a supplier about the sanctions ladder: one for every rung that comes
into force (written warning, temporary suspension, replacement purchase, termination) and
one for every lifting. The letter is written (status pending) in the same transaction as
the decision, rendered to PDF by a Celery task (followup.letters.tasks) in the supplier's
language and stored in private storage; its emails wait in the outbox until the PDF is
there (oslo_procurement.notifications, status held)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from oslo_procurement.core import PublicIdModel, TimeStampedModel

from .actions import Escalation


class SanctionLetter(TimeStampedModel, PublicIdModel):
    class Kind(models.TextChoices):
        DECISION = "decision", _("Decision")
        LIFTING = "lifting", _("Lifting")

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        RENDERING = "rendering", _("Being prepared")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Not yet sent: the PDF could not be made, it will be tried again")

    class Language(models.TextChoices):
        NB = "nb", _("Norwegian Bokmål")
        EN = "en", _("English")

    buyer = models.ForeignKey("contracts.Buyer", verbose_name=_("buyer"), on_delete=models.PROTECT)
    supplier = models.ForeignKey(
        "suppliers.Supplier", verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="sanction_letters"
    )
    escalation = models.ForeignKey(
        Escalation, verbose_name=_("escalation"), on_delete=models.PROTECT, related_name="letters"
    )
    kind = models.CharField(_("letter"), max_length=10, choices=Kind.choices)
    rung = models.PositiveSmallIntegerField(_("rung"), choices=Escalation.Rung.choices)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    reason = models.TextField(_("reason given in the letter"))
    remedy_deadline = models.DateField(_("deadline to remedy"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+"
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
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    file_path = models.CharField(max_length=200, blank=True, editable=False)
    size = models.PositiveIntegerField(_("size"), null=True, blank=True, editable=False)
    pages = models.PositiveSmallIntegerField(_("pages"), null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0, editable=False)
    error = models.TextField(_("error"), blank=True, editable=False)
    started_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("letter to the supplier")
        verbose_name_plural = _("letters to the supplier")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One letter per decision: a rung in force once, its lifting once.
            models.UniqueConstraint(fields=["escalation", "kind"], name="letter_once_per_decision"),
            models.CheckConstraint(
                name="letter_status_valid", condition=Q(status__in=["pending", "rendering", "sent", "failed"])
            ),
            models.CheckConstraint(name="letter_sent_has_file", condition=~Q(status="sent") | ~Q(file_path="")),
        ]
        indexes = [
            # The portal's and the timeline's list: WHERE supplier_id=? [AND buyer_id=?] ORDER BY created_at DESC
            models.Index(fields=["supplier", "-created_at"], name="letter_supplier_idx"),
            # The catch-up job: WHERE status IN ('pending', 'rendering', 'failed') (few rows)
            models.Index(fields=["status"], condition=~Q(status="sent"), name="letter_unsent_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.get_rung_display()} – {self.supplier}"

    @property
    def filename(self):
        stem = "brev" if self.language == "nb" else "letter"
        return f"{stem}-{self.decided_on:%Y-%m-%d}-{str(self.public_id)[:8]}.pdf"
