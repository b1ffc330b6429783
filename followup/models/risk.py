"""Risk ratings officers maintain (country; product category × production stage), the
buyer's follow-up settings, and computed risk assessments kept over time for trends."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from oslo_procurement.core import TimeStampedModel
from oslo_procurement.vocab import ProductCategory, ProductionStage, RiskLevel


class CountryRisk(TimeStampedModel):
    buyer = models.ForeignKey("contracts.Buyer", verbose_name=_("buyer"), on_delete=models.CASCADE)
    country = CountryField(_("country"))
    level = models.CharField(_("risk level"), max_length=12, choices=RiskLevel.choices)
    note = models.CharField(_("why"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("country risk")
        verbose_name_plural = _("country risks")
        constraints = [models.UniqueConstraint(fields=["buyer", "country"], name="country_risk_unique")]

    def __str__(self):
        return f"{self.country.name}: {self.get_level_display()}"


class CategoryStageRisk(TimeStampedModel):
    """DFØ's high-risk list: the risk of a product category at a production stage."""

    buyer = models.ForeignKey("contracts.Buyer", verbose_name=_("buyer"), on_delete=models.CASCADE)
    category = models.CharField(_("product category"), max_length=20, choices=ProductCategory.choices)
    stage = models.CharField(_("production stage"), max_length=20, choices=ProductionStage.choices)
    level = models.CharField(_("risk level"), max_length=12, choices=RiskLevel.choices)

    class Meta:
        verbose_name = _("category and stage risk")
        verbose_name_plural = _("category and stage risks")
        constraints = [
            models.UniqueConstraint(fields=["buyer", "category", "stage"], name="category_stage_risk_unique")
        ]

    def __str__(self):
        return f"{self.get_category_display()} / {self.get_stage_display()}: {self.get_level_display()}"


class FollowupSettings(TimeStampedModel):
    """Per-buyer defaults: corrective-action deadlines by severity and reminder offsets."""

    buyer = models.OneToOneField(
        "contracts.Buyer", verbose_name=_("buyer"), on_delete=models.CASCADE, related_name="followup_settings"
    )
    action_days_low = models.PositiveSmallIntegerField(_("days to correct a low finding"), default=90)
    action_days_medium = models.PositiveSmallIntegerField(_("days to correct a medium finding"), default=60)
    action_days_high = models.PositiveSmallIntegerField(_("days to correct a high finding"), default=30)
    action_days_critical = models.PositiveSmallIntegerField(_("days to correct a critical finding"), default=7)
    reminder_days_before = models.JSONField(_("reminders, days before a deadline"), default=list)
    escalate_after_days = models.PositiveSmallIntegerField(_("escalate to the officer after days overdue"), default=7)
    escalate_to_manager_after_days = models.PositiveSmallIntegerField(
        _("escalate to the manager after days overdue"), default=21
    )

    class Meta:
        verbose_name = _("follow-up settings")
        verbose_name_plural = _("follow-up settings")
        constraints = [
            models.CheckConstraint(
                name="settings_action_days_positive",
                condition=Q(
                    action_days_low__gte=1,
                    action_days_medium__gte=1,
                    action_days_high__gte=1,
                    action_days_critical__gte=1,
                ),
            ),
        ]

    def __str__(self):
        return str(self.buyer)

    def action_days(self, severity):
        """Default corrective-action deadline in days for a severity 1-4."""
        return {
            1: self.action_days_low,
            2: self.action_days_medium,
            3: self.action_days_high,
            4: self.action_days_critical,
        }[int(severity)]


class RiskAssessment(TimeStampedModel):
    """A computed risk figure for a supplier (and optionally one agreement), kept as a new
    row whenever its inputs change, so the trend can be shown and every figure explained."""

    buyer = models.ForeignKey("contracts.Buyer", verbose_name=_("buyer"), on_delete=models.CASCADE)
    supplier = models.ForeignKey(
        "suppliers.Supplier", verbose_name=_("supplier"), on_delete=models.CASCADE, related_name="risk_assessments"
    )
    agreement = models.ForeignKey(
        "contracts.FrameworkAgreement", verbose_name=_("agreement"), null=True, blank=True, on_delete=models.CASCADE
    )
    inherent_score = models.DecimalField(_("inherent risk"), max_digits=5, decimal_places=1)
    residual_score = models.DecimalField(_("residual risk"), max_digits=5, decimal_places=1)
    residual_level = models.CharField(_("residual risk level"), max_length=12, choices=RiskLevel.choices)
    explanation = models.JSONField(_("explanation"), default=dict)
    inputs_digest = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        ordering = ["-created_at"]
        indexes = [
            # Current risk and trend of a supplier: WHERE buyer_id=? AND supplier_id=? ORDER BY created_at DESC
            models.Index(fields=["buyer", "supplier", "-created_at"], name="risk_supplier_trend_idx"),
        ]

    def __str__(self):
        return f"{self.supplier}: {self.residual_score}"
