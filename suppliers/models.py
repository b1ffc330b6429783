import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from oslo_procurement.core import ArchivableModel, PublicIdModel, TimeStampedModel
from oslo_procurement.fixed_urls import cached_reverse
from oslo_procurement.vocab import ProductCategory, ProductionStage

from .validators import validate_org_number

models.CharField.register_lookup(Length)


class Supplier(TimeStampedModel, PublicIdModel, ArchivableModel):
    """A company in the supply chain of contracted goods: the reseller that holds the
    contract, a brand owner, an assembler, a component maker or a smelter/refiner."""

    class Role(models.TextChoices):
        RESELLER = "reseller", _("Reseller (contract holder)")
        BRAND_OWNER = "brand_owner", _("Brand owner")
        ASSEMBLER = "assembler", _("Assembler (ODM/EMS)")
        COMPONENT = "component", _("Component supplier")
        SMELTER = "smelter", _("Smelter or refiner")

    legal_name = models.CharField(_("legal name"), max_length=200)
    org_number = models.CharField(
        _("organisation number"),
        max_length=9,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_org_number],
        help_text=_("Norwegian organisation number (nine digits). Required for Norwegian companies."),
    )
    foreign_registry_id = models.CharField(
        _("foreign registry id"),
        max_length=60,
        blank=True,
        help_text=_("For foreign companies: the id in the home country's company registry, with its registry."),
    )
    country = CountryField(_("country"))
    role = models.CharField(_("role in the supply chain"), max_length=20, choices=Role.choices)
    transparency_act_covered = models.BooleanField(
        _("covered by the Transparency Act"),
        default=False,
        help_text=_("Large enterprises must do due diligence and publish an account by 30 June each year."),
    )
    website = models.URLField(_("website"), blank=True)
    # Derived, never edited: whether any buyer has the supplier under an award in force (an
    # award not archived, in an agreement not archived). contracts keeps it whenever an award
    # changes or an agreement is archived or restored (contracts/awarded.py), so that the registry's
    # "suppliers no buyer has awarded" half is an index walk, not a scan of every award.
    has_award = models.BooleanField(_("has an award"), default=False, db_default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["has_award"])

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["legal_name"]
        constraints = [
            models.CheckConstraint(
                name="supplier_has_registry_id",
                condition=models.Q(org_number__isnull=False) | ~models.Q(foreign_registry_id=""),
                violation_error_message=_("Give a Norwegian organisation number or a foreign registry id."),
            ),
            models.CheckConstraint(
                name="supplier_org_number_nine_chars",
                condition=models.Q(org_number__isnull=True) | models.Q(org_number__length=9),
            ),
            models.CheckConstraint(
                name="supplier_role_valid",
                condition=models.Q(role__in=["reseller", "brand_owner", "assembler", "component", "smelter"]),
            ),
            models.UniqueConstraint(
                fields=["country", "foreign_registry_id"],
                condition=~models.Q(foreign_registry_id=""),
                name="supplier_foreign_id_unique",
                violation_error_message=_("A supplier with this registry id in this country already exists."),
            ),
        ]
        indexes = [
            # Supplier list: WHERE archived_at IS NULL ORDER BY legal_name LIMIT 25. A partial
            # index: PostgreSQL does not read the order from (archived_at, legal_name) under
            # "archived_at IS NULL" and sorted every supplier (20 ms at 100,000; 0.2 ms this way).
            models.Index(
                fields=["legal_name"], condition=models.Q(archived_at__isnull=True), name="supplier_active_name_idx"
            ),
            # The suppliers no buyer has awarded (a buyer's followed suppliers are its own
            # awarded ones and these), by name.
            models.Index(
                fields=["legal_name"], condition=models.Q(has_award=False), name="supplier_unawarded_name_idx"
            ),
        ]

    def __str__(self):
        return self.legal_name

    def get_absolute_url(self):
        return cached_reverse("suppliers:detail", [self.public_id])

    def clean(self):
        if self.org_number == "":
            self.org_number = None
        if self.country == "NO" and not self.org_number:
            raise ValidationError(
                {"org_number": _("A Norwegian company must have its organisation number.")}, code="org_number_required"
            )
        if not self.org_number and not self.foreign_registry_id:
            raise ValidationError(
                {"foreign_registry_id": _("Give a Norwegian organisation number or a foreign registry id.")},
                code="registry_id_required",
            )

    @property
    def registry_id(self):
        return self.org_number or self.foreign_registry_id

    @property
    def register_entry_or_none(self):
        """What the Brønnøysund register said, if it has been asked (RegisterEntry)."""
        try:
            return self.register_entry
        except RegisterEntry.DoesNotExist:
            return None


class RegisterEntry(TimeStampedModel):
    """What the Brønnøysund register (Enhetsregisteret) said about a Norwegian supplier when it
    was last asked: by the supplier form, the daily check or `manage.py load_brreg`."""

    supplier = models.OneToOneField(
        Supplier, verbose_name=_("supplier"), on_delete=models.CASCADE, related_name="register_entry"
    )
    fetched_at = models.DateTimeField(_("fetched from the register"))
    found = models.BooleanField(_("found in the register"), default=True)
    name = models.CharField(_("name in the register"), max_length=300, blank=True)
    organisation_form_code = models.CharField(_("organisation form code"), max_length=10, blank=True)
    organisation_form = models.CharField(_("organisation form"), max_length=200, blank=True)
    business_address = models.CharField(_("business address"), max_length=400, blank=True)
    nace_code = models.CharField(_("industry code (NACE)"), max_length=10, blank=True)
    nace_description = models.CharField(_("industry"), max_length=300, blank=True)
    employees = models.PositiveIntegerField(_("number of employees"), null=True, blank=True)
    bankrupt = models.BooleanField(_("bankrupt"), default=False)
    under_liquidation = models.BooleanField(_("under liquidation"), default=False)
    forced_dissolution = models.BooleanField(_("under forced liquidation or dissolution"), default=False)
    deleted = models.BooleanField(_("deleted from the register"), default=False)
    deleted_on = models.DateField(_("deleted on"), null=True, blank=True)
    # The day a check first saw one of the four flags; cleared when the register clears them.
    flagged_on = models.DateField(_("flagged on"), null=True, blank=True)

    class Meta:
        verbose_name = _("register entry")
        verbose_name_plural = _("register entries")
        constraints = [
            models.CheckConstraint(
                name="register_entry_flag_has_reason",
                condition=models.Q(flagged_on__isnull=True)
                | models.Q(bankrupt=True)
                | models.Q(under_liquidation=True)
                | models.Q(forced_dissolution=True)
                | models.Q(deleted=True),
            ),
        ]
        indexes = [
            # Suppliers flagged by the register (work queue, supplier list): WHERE flagged_on IS NOT NULL
            models.Index(
                fields=["flagged_on"], condition=models.Q(flagged_on__isnull=False), name="register_entry_flagged_idx"
            ),
        ]

    def __str__(self):
        return f"{self.supplier} ({self.fetched_at:%Y-%m-%d})"

    @property
    def flags(self):
        """The register's warnings, in words."""
        labels = []
        if self.bankrupt:
            labels.append(_("bankrupt"))
        if self.under_liquidation:
            labels.append(_("under liquidation"))
        if self.forced_dissolution:
            labels.append(_("under forced liquidation or dissolution"))
        if self.deleted:
            labels.append(_("deleted from the register"))
        return labels

    @property
    def transparency_act_hint(self):
        """50 or more employees is one of the Transparency Act's size criteria (section 3)."""
        return self.employees is not None and self.employees >= TRANSPARENCY_ACT_EMPLOYEES


TRANSPARENCY_ACT_EMPLOYEES = 50


class Contact(TimeStampedModel, PublicIdModel, ArchivableModel):
    """A person at the supplier the buyer deals with."""

    supplier = models.ForeignKey(
        Supplier, verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=[("nb", _("Norwegian Bokmål")), ("en", _("English"))], default="en"
    )
    is_primary = models.BooleanField(_("primary contact"), default=False)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-is_primary", "name"]
        constraints = [
            # At most one primary contact per supplier among the active ones.
            models.UniqueConstraint(
                fields=["supplier"],
                condition=models.Q(is_primary=True, archived_at__isnull=True),
                name="contact_one_primary_per_supplier",
                violation_error_message=_("This supplier already has a primary contact."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.supplier})"

    def get_absolute_url(self):
        return self.supplier.get_absolute_url() + "#contacts"


class Site(TimeStampedModel, PublicIdModel, ArchivableModel):
    """A factory or other production site in the supply chain. Which sites make the
    contracted products is what Electronics Watch's disclosure condition asks for."""

    supplier = models.ForeignKey(Supplier, verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="sites")
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("street address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = CountryField(_("country"))
    stage = models.CharField(_("production stage"), max_length=20, choices=ProductionStage.choices)
    products = models.CharField(
        _("what it makes"), max_length=300, blank=True, help_text=_("For example 'notebooks, final assembly'.")
    )
    product_categories = models.JSONField(
        _("product categories"), default=list, blank=True, help_text=_("The lots' product categories it makes for.")
    )
    workers = models.PositiveIntegerField(_("number of workers"), null=True, blank=True)
    disclosed_on = models.DateField(_("disclosed on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["country", "name"]
        constraints = [
            models.CheckConstraint(
                name="site_stage_valid",
                condition=models.Q(stage__in=["raw_material", "component", "final_assembly"]),
            ),
        ]
        indexes = [
            # Factories disclosed per country: WHERE archived_at IS NULL GROUP BY country
            models.Index(fields=["country", "archived_at"], name="site_country_idx"),
            # Factory list: WHERE archived_at IS NULL ORDER BY country, name LIMIT 25 (83 ms at
            # 400,000 sites with the index above, which only gives the country order).
            models.Index(
                fields=["country", "name"], condition=models.Q(archived_at__isnull=True), name="site_active_list_idx"
            ),
        ]

    def __str__(self):
        return f"{self.name}, {self.country.name}"

    def get_absolute_url(self):
        return cached_reverse("suppliers:site_detail", [self.public_id])

    def clean(self):
        unknown = set(self.product_categories or []) - set(ProductCategory.values)
        if unknown:
            raise ValidationError({"product_categories": _("Unknown product category.")})

    def get_product_categories_display(self):
        labels = dict(ProductCategory.choices)
        return [labels.get(value, value) for value in self.product_categories or []]


class SupplierMembership(TimeStampedModel):
    """Ties a supplier user to exactly one supplier organisation."""

    # The membership's id names a supplier user in URLs (users themselves have no public id).
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="supplier_membership"
    )
    supplier = models.ForeignKey(
        Supplier, verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="memberships"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("supplier membership")
        verbose_name_plural = _("supplier memberships")

    def __str__(self):
        return f"{self.user} → {self.supplier}"


class Evidence(TimeStampedModel, PublicIdModel, ArchivableModel):
    """A document the supplier already has (certificate, audit report, published account),
    stored once and offered for reuse in every later questionnaire. Expired evidence is
    flagged and cannot be attached to an answer."""

    class Kind(models.TextChoices):
        TCO = "tco", _("TCO Certified certificate")
        RBA_MEMBERSHIP = "rba_membership", _("RBA membership")
        RBA_VAP = "rba_vap", _("RBA VAP audit report")
        SMETA = "smeta", _("SMETA audit report")
        ECOVADIS = "ecovadis", _("EcoVadis scorecard")
        ISO = "iso", _("ISO certificate")
        TRANSPARENCY_ACCOUNT = "transparency_account", _("Transparency Act account")
        CODE_OF_CONDUCT = "code_of_conduct", _("Supplier code of conduct")
        POLICY = "policy", _("Policy or procedure")
        CMRT = "cmrt", _("Conflict Minerals Reporting Template (CMRT)")
        OTHER = "other", _("Other document")

    supplier = models.ForeignKey(
        Supplier, verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="evidence"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    url = models.URLField(_("web address"), blank=True, help_text=_("For example where the account is published."))
    file_path = models.CharField(max_length=200, blank=True, editable=False)
    file_name = models.CharField(_("file name"), max_length=160, blank=True, editable=False)
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    size = models.PositiveIntegerField(_("size"), null=True, blank=True, editable=False)
    sha256 = models.CharField(max_length=64, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True, on_delete=models.SET_NULL
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["kind", "-valid_to"]
        constraints = [
            models.CheckConstraint(
                name="evidence_validity_ordered",
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                violation_error_message=_("The end of validity cannot be before its start."),
            ),
            models.CheckConstraint(
                name="evidence_has_file_or_url",
                condition=~models.Q(file_path="") | ~models.Q(url=""),
                violation_error_message=_("Upload a file or give a web address."),
            ),
        ]
        indexes = [
            # Evidence about to expire (reminders) and the library: WHERE supplier_id=? ORDER BY valid_to
            models.Index(fields=["supplier", "valid_to"], name="evidence_supplier_valid_idx"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end of validity cannot be before its start.")})

    def is_expired(self, on=None):
        from django.utils import timezone

        return self.valid_to is not None and self.valid_to < (on or timezone.localdate())

    @property
    def expired(self):
        return self.is_expired()


class Invitation(TimeStampedModel, PublicIdModel):
    """An email invitation for a supplier's person to get a portal account. The link
    carries a random token (only its hash is stored), works once and expires."""

    supplier = models.ForeignKey(
        Supplier, verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="invitations"
    )
    email = models.EmailField(_("email"))
    full_name = models.CharField(_("name"), max_length=200)
    language = models.CharField(
        _("language"), max_length=5, choices=[("nb", _("Norwegian Bokmål")), ("en", _("English"))], default="en"
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
        related_name="invitations_sent",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

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


class Metal(models.TextChoices):
    TANTALUM = "tantalum", _("Tantalum")
    TIN = "tin", _("Tin")
    GOLD = "gold", _("Gold")
    TUNGSTEN = "tungsten", _("Tungsten")


class SmelterListImport(TimeStampedModel):
    """One import of the smelter reference list: when, from which source, by whom."""

    source = models.CharField(
        _("source"), max_length=200, help_text=_("For example: RMI Facility list, downloaded 2026-11-30.")
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.PositiveIntegerField(_("new"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)

    class Meta:
        verbose_name = _("smelter list import")
        verbose_name_plural = _("smelter list imports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.source} ({self.created_at:%Y-%m-%d})" if self.created_at else self.source


class SmelterReference(TimeStampedModel):
    """The installation's reference list of smelters and refiners with their RMAP status (it
    mirrors RMI's public facility list), shared by every buyer: imported and changed only by
    the installation's administrators (suppliers/cmrt/access.py); buyers' staff read it and
    keep their own notes beside it (contracts.SmelterNote)."""

    class RmapStatus(models.TextChoices):
        # What each status asks of an officer: suppliers.cmrt.services.ATTENTION_LEVELS.
        CONFORMANT = "conformant", _("Conformant")
        CROSS_RECOGNISED = "cross_recognised", _("Cross-recognised")
        ACTIVE = "active", _("Active (in assessment)")
        ELIGIBLE = "eligible", _("Eligible")
        NON_CONFORMANT = "non_conformant", _("Non-conformant")
        OUTREACH_REQUIRED = "outreach_required", _("Outreach required")
        IN_COMMUNICATION = "in_communication", _("In communication")
        NOT_ELIGIBLE = "not_eligible", _("Not eligible")
        NOT_ENROLLED = "not_enrolled", _("Not in RMAP")
        UNKNOWN = "unknown", _("Unknown status (to be checked)")

    cid = models.CharField(_("smelter id (CID)"), max_length=9, unique=True)
    name = models.CharField(_("name"), max_length=200)
    metal = models.CharField(_("metal"), max_length=10, choices=Metal.choices)
    country = models.CharField(_("country"), max_length=100)
    rmap_status = models.CharField(_("RMAP status"), max_length=20, choices=RmapStatus.choices)
    rmap_status_text = models.CharField(
        _("status as written in the list"),
        max_length=100,
        blank=True,
        help_text=_("The status exactly as the imported list spelled it."),
    )
    last_audit_date = models.DateField(_("last audit"), null=True, blank=True)
    # The latest import that listed this smelter: the status's date and source. Set for every
    # smelter in a file, changed or not, so it is kept out of the history.
    last_import = models.ForeignKey(
        SmelterListImport,
        verbose_name=_("last imported"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="smelters",
    )

    history = HistoricalRecords(excluded_fields=["last_import"])

    class Meta:
        verbose_name = _("smelter reference")
        verbose_name_plural = _("smelter reference list")
        ordering = ["metal", "name"]
        constraints = [
            models.CheckConstraint(name="smelter_cid_format", condition=models.Q(cid__regex=r"^CID[0-9]{6}$")),
        ]

    def __str__(self):
        return f"{self.cid} {self.name}"


class CmrtReport(TimeStampedModel, PublicIdModel, ArchivableModel):
    """What the app read from one uploaded RMI Conflict Minerals Reporting Template."""

    supplier = models.ForeignKey(
        Supplier, verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="cmrt_reports"
    )
    evidence = models.OneToOneField(
        Evidence, verbose_name=_("file"), on_delete=models.PROTECT, related_name="cmrt_report"
    )
    template_version = models.CharField(_("template version"), max_length=20)
    declaration_scope = models.CharField(_("declaration scope"), max_length=60)
    scope_description = models.TextField(_("scope description"), blank=True)
    company_name = models.CharField(_("company name"), max_length=250)
    company = models.JSONField(_("company details"), default=dict)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    metals_in_scope = models.JSONField(_("metals in scope"), default=list)
    metal_answers = models.JSONField(_("answers per metal"), default=dict)
    company_answers = models.JSONField(_("company-level answers"), default=dict)
    products = models.JSONField(_("products"), default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("CMRT report")
        verbose_name_plural = _("CMRT reports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"CMRT {self.template_version} – {self.company_name}"


class CmrtSmelter(models.Model):
    """One row of a CMRT's Smelter List, as the supplier reported it."""

    report = models.ForeignKey(CmrtReport, on_delete=models.CASCADE, related_name="smelters")
    row = models.PositiveIntegerField(_("row"))
    metal = models.CharField(_("metal"), max_length=10, choices=Metal.choices)
    lookup_name = models.CharField(_("smelter look-up"), max_length=250, blank=True)
    name = models.CharField(_("smelter name"), max_length=250, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    cid = models.CharField(_("smelter id"), max_length=20, blank=True)
    source_of_id = models.CharField(_("source of id"), max_length=100, blank=True)
    street = models.CharField(_("street"), max_length=250, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    state = models.CharField(_("state or province"), max_length=120, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.CharField(_("contact email"), max_length=254, blank=True)
    next_steps = models.TextField(_("proposed next steps"), blank=True)
    mine_names = models.TextField(_("mine names"), blank=True)
    mine_country = models.CharField(_("mine country"), max_length=200, blank=True)
    recycled = models.CharField(_("100% recycled or scrap"), max_length=20, blank=True)
    comments = models.TextField(_("comments"), blank=True)

    class Meta:
        verbose_name = _("CMRT smelter row")
        verbose_name_plural = _("CMRT smelter rows")
        ordering = ["report", "row"]
        constraints = [models.UniqueConstraint(fields=["report", "row"], name="cmrt_smelter_row_unique")]

    def __str__(self):
        return f"{self.metal} {self.name or self.lookup_name}"


class CmrtUpload(TimeStampedModel, PublicIdModel):
    """A large CMRT stored at upload and read by a worker (suppliers.cmrt.tasks), with its
    progress for the supplier and the officer. The file is stored and this row written in
    the upload's transaction; the task is queued after the commit, and the catch-up job
    takes an upload whose task never came or whose worker died. The report is made in one
    transaction that also marks the upload done, so a task run twice makes one report."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be read")
        PROCESSING = "processing", _("Being read")
        DONE = "done", _("Read")
        FAILED = "failed", _("Refused")

    supplier = models.ForeignKey(
        Supplier, verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="cmrt_uploads"
    )
    file_path = models.CharField(_("stored file"), max_length=300, editable=False)
    file_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(_("smelter rows"), default=0)
    rows_done = models.PositiveIntegerField(_("smelter rows read"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    report = models.OneToOneField(
        CmrtReport,
        verbose_name=_("report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="upload",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("CMRT upload in the background")
        verbose_name_plural = _("CMRT uploads in the background")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="cmrt_upload_status_valid",
                condition=models.Q(status__in=["queued", "processing", "done", "failed"]),
            ),
            models.CheckConstraint(
                name="cmrt_upload_done_has_report",
                condition=~models.Q(status="done") | models.Q(report__isnull=False),
            ),
        ]
        indexes = [
            # The catch-up job: uploads still waiting or being read, oldest first.
            models.Index(
                fields=["status", "updated_at"],
                name="cmrt_upload_open_idx",
                condition=models.Q(status__in=["queued", "processing"]),
            ),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)
