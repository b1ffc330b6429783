"""The draft of the next procurement: from an existing framework agreement, the criteria
set it was signed with plus the criteria proposed at market dialogue events, each with
the officer's decisions (keep, tighten, add, clarify, retire, replace) and their reasons.
Decisions are never overwritten: a new decision is a new row, the latest one counts."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from oslo_procurement.core import ArchivableModel, PublicIdModel, TimeStampedModel
from oslo_procurement.fixed_urls import cached_reverse


class ProcurementDraft(TimeStampedModel, PublicIdModel, ArchivableModel):
    buyer = models.ForeignKey(
        "contracts.Buyer", verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="procurement_drafts"
    )
    agreement = models.ForeignKey(
        "contracts.FrameworkAgreement",
        verbose_name=_("agreement it follows"),
        on_delete=models.PROTECT,
        related_name="next_procurement_drafts",
    )
    title = models.CharField(_("title"), max_length=250)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("next procurement draft")
        verbose_name_plural = _("next procurement drafts")
        ordering = ["-created_at"]
        constraints = [
            # One open draft per agreement: starting it twice opens the same draft.
            models.UniqueConstraint(
                fields=["agreement"], condition=Q(archived_at__isnull=True), name="procurement_draft_once_per_agreement"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return cached_reverse("procurement:detail", [self.public_id])


class DraftCriterion(TimeStampedModel, PublicIdModel):
    """One criterion in the draft: from the agreement (with the version it was signed
    with) or proposed at a market dialogue event (a catalogue criterion, or new wording)."""

    class Source(models.TextChoices):
        AGREEMENT = "agreement", _("In the current agreement")
        PROPOSED = "proposed", _("Proposed at a market dialogue event")

    draft = models.ForeignKey(ProcurementDraft, on_delete=models.CASCADE, related_name="lines")
    order = models.PositiveSmallIntegerField(_("order"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    criterion = models.ForeignKey(
        "criteria.Criterion",
        verbose_name=_("criterion"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    current_version = models.ForeignKey(
        "criteria.CriterionVersion",
        verbose_name=_("version in the agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposal = models.ForeignKey(
        "followup.ProposedCriterion",
        verbose_name=_("proposed wording"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="draft_lines",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion in a next procurement draft")
        verbose_name_plural = _("criteria in next procurement drafts")
        ordering = ["draft", "order"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "order"], name="draft_criterion_order_unique"),
            models.UniqueConstraint(
                fields=["draft", "criterion"], condition=Q(criterion__isnull=False), name="draft_criterion_once"
            ),
            models.UniqueConstraint(
                fields=["draft", "proposal"], condition=Q(proposal__isnull=False), name="draft_proposal_once"
            ),
            models.CheckConstraint(
                name="draft_criterion_has_subject", condition=Q(criterion__isnull=False) | Q(proposal__isnull=False)
            ),
            models.CheckConstraint(
                name="draft_criterion_source_valid", condition=Q(source__in=["agreement", "proposed"])
            ),
        ]

    def __str__(self):
        if self.criterion_id:
            return self.criterion.code
        return self.proposal.title


class CriterionDecision(TimeStampedModel, PublicIdModel):
    class Decision(models.TextChoices):
        KEEP = "keep", _("Keep")
        TIGHTEN = "tighten", _("Tighten")
        ADD = "add", _("Add")
        CLARIFY = "clarify", _("Clarify")
        RETIRE = "retire", _("Retire")
        REPLACE = "replace", _("Replace")

    line = models.ForeignKey(DraftCriterion, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    new_version = models.ForeignKey(
        "criteria.CriterionVersion",
        verbose_name=_("new criterion version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision on a criterion")
        verbose_name_plural = _("decisions on criteria")
        ordering = ["line", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="criterion_decision_valid",
                condition=Q(decision__in=["keep", "tighten", "add", "clarify", "retire", "replace"]),
            ),
            models.CheckConstraint(
                name="criterion_decision_has_reason",
                condition=~Q(reason=""),
                violation_error_message=_("Give the reason for the decision."),
            ),
        ]

    def __str__(self):
        return f"{self.line}: {self.get_decision_display()}"

    @property
    def makes_new_wording(self):
        return self.decision in NEW_WORDING_DECISIONS


NEW_WORDING_DECISIONS = {
    CriterionDecision.Decision.TIGHTEN,
    CriterionDecision.Decision.ADD,
    CriterionDecision.Decision.CLARIFY,
    CriterionDecision.Decision.REPLACE,
}
