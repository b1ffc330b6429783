"""Buyers, their city entities, framework agreements, lots and awards."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from oslo_procurement.core import ArchivableModel, PublicIdModel, TimeStampedModel
from oslo_procurement.fixed_urls import cached_reverse
from oslo_procurement.vocab import ProductCategory, ProductionStage, RiskLevel
from suppliers.validators import validate_org_number

RISK_LEVELS = [c[0] for c in RiskLevel.choices]


class Buyer(TimeStampedModel, PublicIdModel, ArchivableModel):
    """A contracting authority. One installation can serve several."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    org_number = models.CharField(
        _("organisation number"), max_length=9, unique=True, null=True, blank=True, validators=[validate_org_number]
    )
    country = CountryField(_("country"), default="NO")
    website = models.URLField(_("website"), blank=True)
    # The logo shown on the buyer's pages, emails, letters and PDFs: a checked PNG or JPEG in
    # the private storage (contracts.services.buyer_branding_save), served by contracts:buyer_logo.
    # (Database defaults: rows written by code that predates the logo still insert.)
    logo_path = models.CharField(_("logo file"), max_length=200, blank=True, editable=False, db_default="")
    logo_content_type = models.CharField(max_length=40, blank=True, editable=False, db_default="")
    logo_updated_at = models.DateTimeField(_("logo changed"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("buyer")
        verbose_name_plural = _("buyers")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def logo_url(self):
        """The logo's address on this site (a new address each time it changes), or ""."""
        if not self.logo_path:
            return ""
        return cached_reverse("contracts:buyer_logo", [self.public_id]) + f"?v={self.logo_updated_at:%Y%m%d%H%M%S}"

    def logo_bytes(self):
        from django.core.files.storage import default_storage

        if not self.logo_path:
            return None
        with default_storage.open(self.logo_path, "rb") as stored:
            return stored.read()


class StaffInvitation(TimeStampedModel, PublicIdModel):
    """An email invitation for an officer, manager or administrator to join a buyer. The link
    carries a random token (only its hash is stored), works once and expires. The first
    administrator of a new buyer is invited this way by `manage.py create_buyer` or the
    back office; the buyer's administrators invite the rest on the team page."""

    class Role(models.TextChoices):
        OFFICER = "officer", _("Procurement officer")
        MANAGER = "manager", _("Manager")
        ADMIN = "admin", _("Administrator")

    buyer = models.ForeignKey(Buyer, verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField(_("email"))
    full_name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    language = models.CharField(
        _("language"), max_length=5, choices=[("nb", _("Norwegian Bokmål")), ("en", _("English"))], default="nb"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_invitations_sent",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("staff invitation")
        verbose_name_plural = _("staff invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="staff_invitation_role_valid", condition=models.Q(role__in=["officer", "manager", "admin"])
            ),
        ]
        indexes = [
            # Team page: WHERE buyer_id = ? ORDER BY created_at DESC
            models.Index(fields=["buyer", "-created_at"], name="staff_invitation_buyer_idx"),
        ]

    def __str__(self):
        return f"{self.full_name} <{self.email}>"

    @property
    def status(self):
        from django.utils import timezone

        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"


class BuyerMembership(TimeStampedModel):
    """Ties an officer, manager or administrator to the buyer they work for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="buyer_membership"
    )
    buyer = models.ForeignKey(Buyer, verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="memberships")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("buyer membership")
        verbose_name_plural = _("buyer memberships")

    def __str__(self):
        return f"{self.user} → {self.buyer}"


class CityEntity(TimeStampedModel, PublicIdModel, ArchivableModel):
    """An agency, district or enterprise of the buyer that orders from its agreements."""

    buyer = models.ForeignKey(Buyer, verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="entities")
    name = models.CharField(_("name"), max_length=200)
    org_number = models.CharField(_("organisation number"), max_length=9, blank=True, validators=[validate_org_number])
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("city entity")
        verbose_name_plural = _("city entities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["buyer", "name"],
                name="entity_name_unique_per_buyer",
                violation_error_message=_("This buyer already has an entity with this name."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return cached_reverse("contracts:entity_detail", [self.public_id])


class FrameworkAgreement(TimeStampedModel, PublicIdModel, ArchivableModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        EXPIRED = "expired", _("Expired")
        TERMINATED = "terminated", _("Terminated")

    buyer = models.ForeignKey(Buyer, verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="agreements")
    reference = models.CharField(_("reference"), max_length=60, help_text=_("The case or tender reference."))
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    value = models.DecimalField(
        _("estimated value"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Over the whole term."),
    )
    currency = models.CharField(_("currency"), max_length=3, default="NOK")
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    extension_options = models.CharField(
        _("extension options"), max_length=200, blank=True, help_text=_("For example '1 + 1 year'.")
    )
    latest_end_date = models.DateField(_("latest end date with all options"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    publish_open_data = models.BooleanField(
        _("publish as open data"),
        default=False,
        help_text=_(
            "Publish the agreement, its awards and the suppliers' follow-up status as OCDS open data at a "
            "public address anyone may read without logging in."
        ),
    )
    participating_entities = models.ManyToManyField(
        CityEntity, verbose_name=_("participating entities"), blank=True, related_name="agreements"
    )

    history = HistoricalRecords(m2m_fields=[participating_entities])

    class Meta:
        verbose_name = _("framework agreement")
        verbose_name_plural = _("framework agreements")
        ordering = ["-start_date", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["buyer", "reference"],
                name="agreement_reference_unique_per_buyer",
                violation_error_message=_("This buyer already has an agreement with this reference."),
            ),
            models.CheckConstraint(
                name="agreement_end_after_start",
                condition=Q(end_date__gt=F("start_date")),
                violation_error_message=_("The end date must be after the start date."),
            ),
            models.CheckConstraint(
                name="agreement_latest_end_after_end",
                condition=Q(latest_end_date__isnull=True) | Q(latest_end_date__gte=F("end_date")),
                violation_error_message=_("The latest end date cannot be before the end date."),
            ),
            models.CheckConstraint(
                name="agreement_value_not_negative", condition=Q(value__isnull=True) | Q(value__gte=0)
            ),
            models.CheckConstraint(
                name="agreement_status_valid", condition=Q(status__in=["planned", "active", "expired", "terminated"])
            ),
        ]
        indexes = [
            # Agreement list of one buyer: WHERE buyer_id=? AND archived_at IS NULL ORDER BY start_date DESC
            models.Index(fields=["buyer", "archived_at", "-start_date"], name="agreement_buyer_list_idx"),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return cached_reverse("contracts:detail", [self.public_id])

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            errors["end_date"] = _("The end date must be after the start date.")
        if self.latest_end_date and self.end_date and self.latest_end_date < self.end_date:
            errors["latest_end_date"] = _("The latest end date cannot be before the end date.")
        if self.currency and not (len(self.currency) == 3 and self.currency.isalpha()):
            errors["currency"] = _("Use a three-letter currency code such as NOK or EUR.")
        else:
            self.currency = (self.currency or "").upper()
        if errors:
            raise ValidationError(errors)


class Lot(TimeStampedModel, PublicIdModel, ArchivableModel):
    """A product category of an agreement, with DFØ's risk rating for each production stage."""

    agreement = models.ForeignKey(
        FrameworkAgreement, verbose_name=_("agreement"), on_delete=models.PROTECT, related_name="lots"
    )
    number = models.PositiveSmallIntegerField(_("lot number"))
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("product category"), max_length=20, choices=ProductCategory.choices)
    risk_raw_material = models.CharField(_("risk: raw material"), max_length=12, choices=RiskLevel.choices)
    risk_component = models.CharField(_("risk: component manufacturing"), max_length=12, choices=RiskLevel.choices)
    risk_final_assembly = models.CharField(_("risk: final assembly"), max_length=12, choices=RiskLevel.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"],
                name="lot_number_unique_per_agreement",
                violation_error_message=_("This agreement already has a lot with this number."),
            ),
            models.CheckConstraint(
                name="lot_risk_levels_valid",
                condition=Q(risk_raw_material__in=RISK_LEVELS)
                & Q(risk_component__in=RISK_LEVELS)
                & Q(risk_final_assembly__in=RISK_LEVELS),
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def get_absolute_url(self):
        return self.agreement.get_absolute_url() + "#lots"


class Award(TimeStampedModel, PublicIdModel, ArchivableModel):
    """A supplier's place in an agreement: the lots it covers and the criteria versions it
    was signed with, which it keeps when the catalogue gets new versions."""

    class Kind(models.TextChoices):
        CONTRACT_HOLDER = "contract_holder", _("Contract holder")
        SUBCONTRACTOR = "subcontractor", _("Subcontractor in the supply chain")

    agreement = models.ForeignKey(
        FrameworkAgreement, verbose_name=_("agreement"), on_delete=models.PROTECT, related_name="awards"
    )
    supplier = models.ForeignKey(
        "suppliers.Supplier", verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="awards"
    )
    kind = models.CharField(_("party"), max_length=20, choices=Kind.choices, default=Kind.CONTRACT_HOLDER)
    lots = models.ManyToManyField(Lot, verbose_name=_("lots"), related_name="awards")
    signed_on = models.DateField(_("signed on"))
    criteria_versions = models.ManyToManyField(
        "criteria.CriterionVersion", verbose_name=_("criteria signed"), blank=True, related_name="awards"
    )
    notes = models.TextField(_("internal notes"), blank=True)

    history = HistoricalRecords(m2m_fields=[lots, criteria_versions])

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["agreement", "supplier__legal_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "supplier"],
                condition=Q(archived_at__isnull=True),
                name="award_supplier_once_per_agreement",
                violation_error_message=_("This supplier already has an award in this agreement."),
            ),
            models.CheckConstraint(name="award_kind_valid", condition=Q(kind__in=["contract_holder", "subcontractor"])),
        ]
        indexes = [
            # A supplier's awards (supplier page, portal): WHERE supplier_id=? AND archived_at IS NULL
            models.Index(fields=["supplier", "archived_at"], name="award_supplier_idx"),
        ]

    def __str__(self):
        return f"{self.supplier} – {self.agreement.reference}"

    def get_absolute_url(self):
        return cached_reverse("contracts:award_detail", [self.public_id])

    def clean(self):
        if self.signed_on and self.agreement_id and self.signed_on > self.agreement.end_date:
            raise ValidationError({"signed_on": _("An award cannot be signed after the agreement has ended.")})


class SupplierOfficer(TimeStampedModel):
    """The buyer's procurement officer responsible for one supplier ("mine"). The supplier
    registry is shared by every buyer of the installation, so the responsibility belongs to
    the buyer's relation to the supplier: one row per buyer and supplier, its history kept."""

    buyer = models.ForeignKey(Buyer, verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="+")
    supplier = models.ForeignKey(
        "suppliers.Supplier", verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="responsible_officers"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible officer"),
        on_delete=models.PROTECT,
        related_name="responsible_for",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("responsible officer")
        verbose_name_plural = _("responsible officers")
        constraints = [
            models.UniqueConstraint(fields=["buyer", "supplier"], name="supplier_officer_one_per_buyer"),
        ]
        indexes = [
            # "My suppliers": SupplierOfficer.objects.filter(buyer=…, officer=…).values("supplier")
            models.Index(fields=["buyer", "officer"], name="supplier_officer_mine_idx"),
        ]

    def __str__(self):
        return f"{self.officer} → {self.supplier} ({self.buyer})"


class FactoryDisclosure(TimeStampedModel, PublicIdModel, ArchivableModel):
    """A factory (site) that makes products delivered under one lot of an award, as the
    supplier disclosed it in the portal: the list public buyers publish under Electronics
    Watch's disclosure condition (one row per factory and lot). Withdrawn, never deleted."""

    award = models.ForeignKey(
        Award, verbose_name=_("award"), on_delete=models.PROTECT, related_name="factory_disclosures"
    )
    lot = models.ForeignKey(Lot, verbose_name=_("lot"), on_delete=models.PROTECT, related_name="factory_disclosures")
    site = models.ForeignKey(
        "suppliers.Site", verbose_name=_("factory"), on_delete=models.PROTECT, related_name="lot_disclosures"
    )
    stage = models.CharField(_("production stage"), max_length=20, choices=ProductionStage.choices)
    products = models.CharField(
        _("products (models)"),
        max_length=300,
        help_text=_("The contracted products made there, for example 'EliteBook 840 G11, final assembly'."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("factory disclosure")
        verbose_name_plural = _("factory disclosures")
        ordering = ["lot__number", "site__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["award", "lot", "site", "stage"],
                condition=Q(archived_at__isnull=True),
                name="factory_disclosure_once_per_lot",
                violation_error_message=_("This factory is already disclosed for this lot and stage."),
            ),
            models.CheckConstraint(
                name="factory_disclosure_stage_valid",
                condition=Q(stage__in=["raw_material", "component", "final_assembly"]),
            ),
        ]
        indexes = [
            # The factory list of an agreement: WHERE lot_id IN (...) AND archived_at IS NULL
            models.Index(fields=["lot", "archived_at"], name="factory_disclosure_lot_idx"),
        ]

    def __str__(self):
        return f"{self.site.name} – {self.lot}"


class SmelterNote(TimeStampedModel):
    """A buyer's own note or flag on a smelter of the installation's shared reference list
    (suppliers.SmelterReference), seen only by that buyer's staff; the shared record is
    never changed by it."""

    class Flag(models.TextChoices):
        NONE = "", _("No flag")
        WATCH = "watch", _("Watch")
        AVOID = "avoid", _("Ask suppliers to avoid")
        CLEARED = "cleared", _("Checked by us, no concern")

    buyer = models.ForeignKey(Buyer, verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="smelter_notes")
    smelter = models.ForeignKey(
        "suppliers.SmelterReference", verbose_name=_("smelter"), on_delete=models.CASCADE, related_name="buyer_notes"
    )
    flag = models.CharField(_("flag"), max_length=10, choices=Flag.choices, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=2000)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("smelter note")
        verbose_name_plural = _("smelter notes")
        ordering = ["smelter__cid"]
        constraints = [
            models.UniqueConstraint(fields=["buyer", "smelter"], name="smelter_note_once_per_buyer"),
            models.CheckConstraint(
                name="smelter_note_flag_valid", condition=Q(flag__in=["", "watch", "avoid", "cleared"])
            ),
        ]

    def __str__(self):
        return f"{self.buyer}: {self.smelter_id}"


class SupplierNote(TimeStampedModel):
    """A buyer's own internal notes on a supplier of the shared registry, seen only by that
    buyer's staff (officers write, managers read); never by the supplier or another buyer.
    The shared supplier record holds no internal wording."""

    buyer = models.ForeignKey(Buyer, verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="supplier_notes")
    supplier = models.ForeignKey(
        "suppliers.Supplier", verbose_name=_("supplier"), on_delete=models.CASCADE, related_name="buyer_notes"
    )
    text = models.TextField(_("internal notes"), blank=True, max_length=5000)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("internal note on a supplier")
        verbose_name_plural = _("internal notes on suppliers")
        constraints = [
            models.UniqueConstraint(fields=["buyer", "supplier"], name="supplier_note_once_per_buyer"),
        ]

    def __str__(self):
        return f"{self.buyer}: {self.supplier_id}"


# A buyer's single sign-on (contracts/sso/): defined there, registered with this app here.
from .sso.models import ExternalIdentity, IdentityProvider, IdentityProviderRole  # noqa: E402, F401
