"""Desktop research: what officers find in NGO and media reports, audits, monitoring
reports, grievances and Transparency Act accounts."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from oslo_procurement.core import ArchivableModel, PublicIdModel, TimeStampedModel
from oslo_procurement.fixed_urls import cached_reverse


class Severity(models.IntegerChoices):
    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")
    CRITICAL = 4, _("Critical")


class Likelihood(models.IntegerChoices):
    UNLIKELY = 1, _("Unlikely")
    POSSIBLE = 2, _("Possible")
    LIKELY = 3, _("Likely")
    CERTAIN = 4, _("Documented")


class Finding(TimeStampedModel, PublicIdModel, ArchivableModel):
    class SourceKind(models.TextChoices):
        NGO_REPORT = "ngo_report", _("NGO report")
        MEDIA = "media", _("Media report")
        AUDIT = "audit", _("Audit report")
        MONITORING = "monitoring", _("Electronics Watch monitoring report")
        GRIEVANCE = "grievance", _("Worker grievance")
        TRANSPARENCY_ACCOUNT = "transparency_account", _("Transparency Act account review")
        OTHER = "other", _("Other source")

    class IssueType(models.TextChoices):
        OVERTIME = "overtime", _("Excessive overtime")
        STUDENT_AGENCY = "student_agency", _("Student or agency labour")
        FORCED_LABOUR = "forced_labour", _("Forced-labour risk")
        ASSOCIATION = "association", _("Freedom of association")
        HEALTH_SAFETY = "health_safety", _("Health and safety")
        CHEMICALS = "chemicals", _("Hazardous chemicals")
        RECRUITMENT = "recruitment", _("Recruitment fees and withheld documents")
        WAGES = "wages", _("Wages")
        CHILD_LABOUR = "child_labour", _("Child labour")
        CONFLICT_MINERALS = "conflict_minerals", _("Conflict minerals")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        RAISED = "raised", _("Raised with the supplier")
        REMEDYING = "remedying", _("Being remedied")
        CLOSED = "closed", _("Closed")
        DISPUTED = "disputed", _("Disputed")

    buyer = models.ForeignKey(
        "contracts.Buyer", verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="findings"
    )
    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("what was found"))
    supplier_summary = models.TextField(
        _("text for the supplier"),
        blank=True,
        help_text=_("What the supplier sees once the finding is raised with them. Internal notes are never shown."),
    )
    internal_notes = models.TextField(_("internal notes"), blank=True)
    language = models.CharField(
        _("language of the text"),
        max_length=5,
        choices=[("nb", _("Norwegian Bokmål")), ("en", _("English"))],
        default="nb",
        help_text=_(
            "The language the title, summary and source are written in. Screen readers read them in it, "
            "also on pages in the other language."
        ),
    )
    source_kind = models.CharField(_("kind of source"), max_length=25, choices=SourceKind.choices)
    source_title = models.CharField(_("source title"), max_length=300)
    source_publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    source_url = models.URLField(_("source web address"), blank=True)
    source_date = models.DateField(_("source date"), null=True, blank=True)
    issue_type = models.CharField(_("issue type"), max_length=20, choices=IssueType.choices)
    ilo_instruments = models.ManyToManyField(
        "criteria.IloInstrument", verbose_name=_("ILO instruments at stake"), blank=True, related_name="findings"
    )
    country = CountryField(_("country"), blank=True)
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices)
    likelihood = models.PositiveSmallIntegerField(_("likelihood"), choices=Likelihood.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    suppliers = models.ManyToManyField(
        "suppliers.Supplier", through="FindingSupplier", verbose_name=_("suppliers"), related_name="findings"
    )
    sites = models.ManyToManyField("suppliers.Site", verbose_name=_("sites"), blank=True, related_name="findings")
    lots = models.ManyToManyField("contracts.Lot", verbose_name=_("lots"), blank=True, related_name="findings")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords(m2m_fields=[ilo_instruments, sites, lots])

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(name="finding_severity_1_4", condition=Q(severity__gte=1, severity__lte=4)),
            models.CheckConstraint(name="finding_likelihood_1_4", condition=Q(likelihood__gte=1, likelihood__lte=4)),
            models.CheckConstraint(
                name="finding_status_valid",
                condition=Q(status__in=["new", "raised", "remedying", "closed", "disputed"]),
            ),
        ]
        indexes = [
            # Findings list of a buyer: WHERE buyer_id=? AND archived_at IS NULL ORDER BY created_at DESC
            models.Index(fields=["buyer", "archived_at", "-created_at"], name="finding_buyer_list_idx"),
            # Dashboard: open findings by issue type and severity: WHERE buyer_id=? AND status IN (...)
            models.Index(fields=["buyer", "status", "issue_type"], name="finding_buyer_status_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return cached_reverse("findings:detail", [self.public_id])

    @property
    def risk_score(self):
        """Severity × likelihood, 1-16."""
        return self.severity * self.likelihood


class FindingSupplier(TimeStampedModel):
    """A finding concerns this supplier. The supplier sees it in the portal only once an
    officer has raised it with them (``raised_at``)."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="supplier_links")
    supplier = models.ForeignKey("suppliers.Supplier", on_delete=models.PROTECT, related_name="finding_links")
    raised_at = models.DateTimeField(_("raised with the supplier"), null=True, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    supplier_response = models.TextField(_("supplier's response"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("finding concerning a supplier")
        verbose_name_plural = _("findings concerning suppliers")
        constraints = [models.UniqueConstraint(fields=["finding", "supplier"], name="finding_supplier_unique")]
        indexes = [
            # Portal and supplier timeline: WHERE supplier_id=? AND raised_at IS NOT NULL
            models.Index(fields=["supplier", "raised_at"], name="finding_supplier_raised_idx"),
        ]

    def __str__(self):
        return f"{self.finding} – {self.supplier}"
