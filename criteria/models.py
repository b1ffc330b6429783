"""Each buyer's social criteria and contract clauses, versioned, with the ILO instruments
and OECD due-diligence step each one rests on.

Every criterion belongs to one catalogue: a buyer's own (``owner`` set) or the national
catalogue of the installation (``owner`` empty), which installation administrators keep
and any buyer may adopt from. Who may read and change which catalogue: criteria/access.py."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from oslo_procurement.core import ArchivableModel, PublicIdModel, TimeStampedModel
from oslo_procurement.fixed_urls import cached_reverse


class Bilingual:
    """Models with ``<name>_nb`` and ``<name>_en`` fields read them in the active language."""

    def localized(self, name):
        english = (get_language() or "nb").startswith("en")
        first, second = (f"{name}_en", f"{name}_nb") if english else (f"{name}_nb", f"{name}_en")
        return getattr(self, first) or getattr(self, second)


class OecdStep(models.IntegerChoices):
    """The six steps of the OECD Due Diligence Guidance for Responsible Business Conduct (2018)."""

    EMBED = 1, _("1 Embed responsible business conduct in policies and management systems")
    IDENTIFY = 2, _("2 Identify and assess adverse impacts")
    CEASE = 3, _("3 Cease, prevent and mitigate adverse impacts")
    TRACK = 4, _("4 Track implementation and results")
    COMMUNICATE = 5, _("5 Communicate how impacts are addressed")
    REMEDY = 6, _("6 Provide for or cooperate in remediation")


class IloInstrument(Bilingual, models.Model):
    class Principle(models.TextChoices):
        FORCED_LABOUR = "forced_labour", _("Forced labour")
        ASSOCIATION = "association", _("Freedom of association and collective bargaining")
        DISCRIMINATION = "discrimination", _("Non-discrimination")
        CHILD_LABOUR = "child_labour", _("Child labour")
        SAFETY = "safety", _("Occupational safety and health")
        CONDITIONS = "conditions", _("Working conditions")

    code = models.CharField(_("code"), max_length=10, unique=True, help_text=_("For example C29 or P29."))
    title_nb = models.CharField(_("title (Bokmål)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    principle = models.CharField(_("principle"), max_length=20, choices=Principle.choices)
    fundamental = models.BooleanField(_("fundamental"), default=False)

    class Meta:
        verbose_name = _("ILO instrument")
        verbose_name_plural = _("ILO instruments")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.localized('title')}"


class IloInstrumentSet(Bilingual, models.Model):
    """A named set of ILO instruments as cited at a time: the core 8 of 1998 (as DFØ's
    clause cites them) or the fundamental 10 since 2022."""

    code = models.SlugField(_("code"), unique=True)
    owner = models.ForeignKey(
        settings.CATALOGUE_OWNER_MODEL,
        verbose_name=_("catalogue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the national catalogue, shared by every buyer."),
    )
    name_nb = models.CharField(_("name (Bokmål)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    valid_from = models.DateField(_("valid from"))
    instruments = models.ManyToManyField(IloInstrument, verbose_name=_("instruments"), related_name="sets")

    class Meta:
        verbose_name = _("ILO instrument set")
        verbose_name_plural = _("ILO instrument sets")
        ordering = ["valid_from"]

    def __str__(self):
        return self.localized("name")


class Criterion(TimeStampedModel, PublicIdModel, ArchivableModel):
    """A criterion in the catalogue. Its wording lives in versions, so an award keeps the
    version it was signed with when the catalogue moves on."""

    class Kind(models.TextChoices):
        SELECTION = "selection", _("Selection criterion")
        CONTRACT_CLAUSE = "contract_clause", _("Contract clause")
        SELF_ASSESSMENT = "self_assessment", _("Self-assessment topic")

    owner = models.ForeignKey(
        settings.CATALOGUE_OWNER_MODEL,
        verbose_name=_("catalogue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="criteria",
        help_text=_("The buyer whose catalogue this is. Empty: the national catalogue, shared by every buyer."),
    )
    code = models.CharField(_("code"), max_length=20)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    oecd_step = models.PositiveSmallIntegerField(_("OECD due-diligence step"), choices=OecdStep.choices)
    published = models.BooleanField(
        _("published to other buyers"),
        default=False,
        db_default=False,  # rows written by code that predates the field (older migration states)
        help_text=_("Other buyers' staff may read it (never change it). National criteria are read by all."),
    )
    adopted_from = models.ForeignKey(
        "self",
        verbose_name=_("adopted from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adoptions",
        help_text=_("The national criterion this one was adopted from."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["code"]
        constraints = [
            # A code is unique within one catalogue: a buyer's, or the national one.
            models.UniqueConstraint(
                fields=["owner", "code"],
                name="criterion_code_unique_per_owner",
                violation_error_message=_("This catalogue already has a criterion with this code."),
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(owner__isnull=True),
                name="criterion_code_unique_national",
                violation_error_message=_("The national catalogue already has a criterion with this code."),
            ),
            # A buyer adopts a national criterion once; newer versions come into the same criterion.
            models.UniqueConstraint(
                fields=["owner", "adopted_from"],
                condition=Q(adopted_from__isnull=False),
                name="criterion_adopted_once_per_owner",
            ),
            models.CheckConstraint(name="criterion_oecd_step_1_6", condition=Q(oecd_step__gte=1, oecd_step__lte=6)),
            models.CheckConstraint(
                name="criterion_kind_valid", condition=Q(kind__in=["selection", "contract_clause", "self_assessment"])
            ),
        ]

    def __str__(self):
        return self.code

    def get_absolute_url(self):
        return cached_reverse("criteria:detail", [self.public_id])

    @property
    def is_national(self):
        return self.owner_id is None


class CriterionVersion(Bilingual, TimeStampedModel, PublicIdModel):
    """One wording of a criterion, in force from ``effective_from`` until the day before
    ``effective_to`` (open-ended when empty). Versions that are not drafts never overlap:
    the database enforces it (an exclusion constraint on PostgreSQL, a trigger on SQLite)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        RETIRED = "retired", _("Retired")

    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="versions"
    )
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    title_nb = models.CharField(_("title (Bokmål)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250)
    text_nb = models.TextField(_("text (Bokmål)"))
    text_en = models.TextField(_("text (English)"))
    evidence_nb = models.TextField(_("expected evidence (Bokmål)"), blank=True)
    evidence_en = models.TextField(_("expected evidence (English)"), blank=True)
    ilo_set = models.ForeignKey(
        IloInstrumentSet, verbose_name=_("ILO instrument set"), null=True, blank=True, on_delete=models.PROTECT
    )
    ilo_instruments = models.ManyToManyField(
        IloInstrument, verbose_name=_("ILO instruments"), blank=True, related_name="criterion_versions"
    )
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective until"), null=True, blank=True, help_text=_("Empty: no end date."))
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    adopted_from = models.ForeignKey(
        "self",
        verbose_name=_("adopted from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adoptions",
        help_text=_("The national version this wording was copied from."),
    )

    history = HistoricalRecords(m2m_fields=[ilo_instruments])

    class Meta:
        verbose_name = _("criterion version")
        verbose_name_plural = _("criterion versions")
        ordering = ["criterion__code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "version"],
                name="criterion_version_unique",
                violation_error_message=_("This criterion already has a version with this number."),
            ),
            models.CheckConstraint(
                name="criterion_version_dates_ordered",
                condition=Q(effective_to__isnull=True) | Q(effective_to__gt=models.F("effective_from")),
                violation_error_message=_("The end date must be after the start date."),
            ),
            models.CheckConstraint(
                name="criterion_version_status_valid", condition=Q(status__in=["draft", "active", "retired"])
            ),
            # At most one active version per criterion.
            models.UniqueConstraint(
                fields=["criterion"],
                condition=Q(status="active"),
                name="criterion_one_active_version",
                violation_error_message=_("This criterion already has an active version."),
            ),
        ]
        indexes = [
            # The version in force on a date: WHERE criterion_id=? AND effective_from<=? ORDER BY effective_from DESC
            models.Index(fields=["criterion", "-effective_from"], name="crit_version_in_force_idx"),
        ]

    def __str__(self):
        return f"{self.criterion.code} v{self.version}"

    def get_absolute_url(self):
        return cached_reverse("criteria:version_detail", [self.public_id])

    @property
    def title(self):
        return self.localized("title")

    @property
    def text(self):
        return self.localized("text")

    @property
    def evidence(self):
        return self.localized("evidence")

    def clean(self):
        if self.effective_to and self.effective_from and self.effective_to <= self.effective_from:
            raise ValidationError({"effective_to": _("The end date must be after the start date.")})
        if self.status != self.Status.DRAFT and self.criterion_id and self.effective_from:
            overlapping = overlapping_versions(self)
            if overlapping:
                raise ValidationError(
                    {
                        "effective_from": _("These dates overlap version %(versions)s of the same criterion.")
                        % {"versions": ", ".join(str(v.version) for v in overlapping)}
                    },
                    code="overlap",
                )


def overlapping_versions(version):
    """Non-draft versions of the same criterion whose period overlaps this one's."""
    qs = CriterionVersion.objects.filter(criterion_id=version.criterion_id).exclude(
        status=CriterionVersion.Status.DRAFT
    )
    if version.pk:
        qs = qs.exclude(pk=version.pk)
    qs = qs.filter(Q(effective_to__isnull=True) | Q(effective_to__gt=version.effective_from))
    if version.effective_to:
        qs = qs.filter(effective_from__lt=version.effective_to)
    return list(qs.order_by("version"))
