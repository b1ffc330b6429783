"""Answer once, share with many: a supplier shares its latest accepted self-assessment,
a CMRT report and chosen evidence with other buyers of the installation, from the portal.
One row per item and buyer while shared; a withdrawal closes the row (never deleted), and
sharing again opens a new one, so the rows are the history of who could see what, when.

A buyer starting a reporting round may accept a self-assessment shared with it instead of
asking again: the round's self-assessment is then a *copy* of the shared one, linked to
its source by ShareAcceptance (followup/sharing/services.py says why a copy)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from oslo_procurement.core import PublicIdModel, TimeStampedModel


class SupplierShare(TimeStampedModel, PublicIdModel):
    class Kind(models.TextChoices):
        ASSESSMENT = "assessment", _("Self-assessment")
        CMRT = "cmrt", _("CMRT report")
        EVIDENCE = "evidence", _("Evidence")

    supplier = models.ForeignKey(
        "suppliers.Supplier", verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="shares"
    )
    buyer = models.ForeignKey(
        "contracts.Buyer", verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="supplier_shares"
    )
    kind = models.CharField(_("what"), max_length=12, choices=Kind.choices)
    assessment = models.ForeignKey(
        "followup.Assessment",
        verbose_name=_("self-assessment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="shares",
    )
    cmrt_report = models.ForeignKey(
        "suppliers.CmrtReport",
        verbose_name=_("CMRT report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="shares",
    )
    evidence = models.ForeignKey(
        "suppliers.Evidence",
        verbose_name=_("evidence"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="shares",
    )
    shared_at = models.DateTimeField(_("shared"))
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("shared by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("item shared by a supplier")
        verbose_name_plural = _("items shared by suppliers")
        ordering = ["-shared_at"]
        constraints = [
            models.CheckConstraint(
                name="supplier_share_one_item_of_its_kind",
                condition=(
                    Q(kind="assessment", assessment__isnull=False, cmrt_report__isnull=True, evidence__isnull=True)
                    | Q(kind="cmrt", assessment__isnull=True, cmrt_report__isnull=False, evidence__isnull=True)
                    | Q(kind="evidence", assessment__isnull=True, cmrt_report__isnull=True, evidence__isnull=False)
                ),
            ),
            models.UniqueConstraint(
                fields=["buyer", "kind", "assessment", "cmrt_report", "evidence"],
                condition=Q(withdrawn_at__isnull=True),
                nulls_distinct=False,
                name="supplier_share_once_while_shared",
                violation_error_message=_("This item is already shared with this buyer."),
            ),
        ]
        indexes = [
            # The rule (suppliers.access.shared_ids): WHERE buyer_id IN (...) AND kind=? AND withdrawn_at IS NULL
            models.Index(fields=["buyer", "kind", "withdrawn_at"], name="supplier_share_buyer_idx"),
            # The portal's list of who sees what: WHERE supplier_id=? ORDER BY shared_at DESC
            models.Index(fields=["supplier", "-shared_at"], name="supplier_share_supplier_idx"),
        ]

    def __str__(self):
        return f"{self.supplier} → {self.buyer}: {self.item}"

    @property
    def item(self):
        return self.assessment or self.cmrt_report or self.evidence

    @property
    def is_active(self):
        return self.withdrawn_at is None


class ShareAcceptance(TimeStampedModel, PublicIdModel):
    """A buyer accepted a shared self-assessment in its reporting round instead of asking
    again: ``assessment`` (the round's) is a copy of the share's self-assessment."""

    share = models.ForeignKey(
        SupplierShare, verbose_name=_("shared item"), on_delete=models.PROTECT, related_name="acceptances"
    )
    assessment = models.OneToOneField(
        "followup.Assessment",
        verbose_name=_("self-assessment in the round"),
        on_delete=models.PROTECT,
        related_name="reused_from",
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("shared answer accepted in a round")
        verbose_name_plural = _("shared answers accepted in rounds")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.share} → {self.assessment}"
