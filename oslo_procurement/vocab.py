"""Shared vocabularies of the domain (DOMAIN.md), used by several apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RiskLevel(models.TextChoices):
    """DFØ's high-risk list rates each production stage; low and medium added for other goods."""

    VERY_HIGH = "very_high", _("Very high")
    HIGH = "high", _("High")
    MEDIUM_HIGH = "medium_high", _("Medium-high")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class ProductionStage(models.TextChoices):
    RAW_MATERIAL = "raw_material", _("Raw material")
    COMPONENT = "component", _("Component manufacturing")
    FINAL_ASSEMBLY = "final_assembly", _("Final assembly")


class ProductCategory(models.TextChoices):
    PCS = "pcs", _("PCs and laptops incl. thin clients")
    MONITORS = "monitors", _("Monitors")
    TABLETS = "tablets", _("Tablets")
    SMARTPHONES = "smartphones", _("Smartphones")
    PERIPHERALS = "peripherals", _("Peripherals and accessories")
    TAKEBACK = "takeback", _("Take-back and reuse")
    OTHER = "other", _("Other")
