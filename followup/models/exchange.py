"""Exchange with other public buyers (DOMAIN.md §1 step 4): the buyer's partner buyers,
the officer's explicit consent to share one item with one partner, the log of what was
exported, and what partners shared with us (kept apart from our own records, with their
origin, and never written over our own findings)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from oslo_procurement.core import ArchivableModel, PublicIdModel, TimeStampedModel
from oslo_procurement.fixed_urls import cached_reverse
from suppliers.validators import validate_org_number


class ItemKind(models.TextChoices):
    """What can be shared: a finding's supplier-facing text, a self-assessment's review
    result, a corrective action's status."""

    FINDING = "finding", _("Finding")
    ASSESSMENT = "assessment", _("Self-assessment result")
    ACTION = "action", _("Corrective action")


class PartnerBuyer(TimeStampedModel, PublicIdModel, ArchivableModel):
    """Another public buyer this buyer exchanges follow-up results with: a buyer in this
    installation (``linked_buyer``) or an external one known by name and organisation number."""

    buyer = models.ForeignKey(
        "contracts.Buyer", verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="exchange_partners"
    )
    name = models.CharField(_("name"), max_length=200)
    org_number = models.CharField(
        _("organisation number"),
        max_length=9,
        blank=True,
        validators=[validate_org_number],
        help_text=_("The partner's Norwegian organisation number (nine digits)."),
    )
    linked_buyer = models.ForeignKey(
        "contracts.Buyer",
        verbose_name=_("buyer in this installation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("When the partner also uses this installation. Leave empty for an external buyer."),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner buyer")
        verbose_name_plural = _("partner buyers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["buyer", "org_number"],
                condition=~Q(org_number=""),
                name="partner_org_number_unique_per_buyer",
                violation_error_message=_("This buyer already has a partner with this organisation number."),
            ),
            models.UniqueConstraint(
                fields=["buyer", "linked_buyer"],
                condition=Q(linked_buyer__isnull=False),
                name="partner_linked_buyer_unique_per_buyer",
                violation_error_message=_("This buyer is already a partner."),
            ),
            models.CheckConstraint(
                name="partner_not_self",
                condition=Q(linked_buyer__isnull=True) | ~Q(linked_buyer=F("buyer")),
                violation_error_message=_("A buyer cannot be its own partner."),
            ),
            models.CheckConstraint(
                name="partner_org_number_nine_chars",
                condition=Q(org_number="") | Q(org_number__regex=r"^[0-9]{9}$"),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return cached_reverse("exchange:partner_detail", [self.public_id])

    def clean(self):
        if self.linked_buyer_id and self.linked_buyer_id == self.buyer_id:
            raise ValidationError({"linked_buyer": _("A buyer cannot be its own partner.")})
        if self.linked_buyer_id:
            linked = self.linked_buyer
            self.name = self.name or linked.name
            self.org_number = self.org_number or (linked.org_number or "")
            if linked.org_number and self.org_number != linked.org_number:
                raise ValidationError(
                    {
                        "org_number": _("The organisation number differs from the linked buyer's (%(org)s).")
                        % {"org": linked.org_number}
                    }
                )
        if not self.name:
            raise ValidationError({"name": _("Give the partner's name.")})

    @property
    def identity_org_number(self):
        """The organisation number files from this partner must carry."""
        return self.org_number or (self.linked_buyer.org_number if self.linked_buyer_id else "") or ""


class SharingConsent(TimeStampedModel, PublicIdModel):
    """An officer's explicit consent to share one item about one supplier with one partner.
    Nothing is exported without an active consent. Withdrawing keeps the record (who
    consented, when, who withdrew, when) and stops every later export of the item."""

    buyer = models.ForeignKey("contracts.Buyer", verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey(
        PartnerBuyer, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="consents"
    )
    supplier = models.ForeignKey(
        "suppliers.Supplier", verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("what is shared"), max_length=12, choices=ItemKind.choices)
    finding = models.ForeignKey(
        "followup.Finding", verbose_name=_("finding"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assessment = models.ForeignKey(
        "followup.Assessment",
        verbose_name=_("self-assessment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.ForeignKey(
        "followup.CorrectiveAction",
        verbose_name=_("corrective action"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    consented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("consented by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    consented_at = models.DateTimeField(_("consented"))
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sharing consent")
        verbose_name_plural = _("sharing consents")
        ordering = ["-consented_at"]
        constraints = [
            # Exactly the one item its kind names.
            models.CheckConstraint(
                name="consent_item_matches_kind",
                condition=(
                    Q(kind="finding", finding__isnull=False, assessment__isnull=True, action__isnull=True)
                    | Q(kind="assessment", finding__isnull=True, assessment__isnull=False, action__isnull=True)
                    | Q(kind="action", finding__isnull=True, assessment__isnull=True, action__isnull=False)
                ),
            ),
            models.CheckConstraint(
                name="consent_withdrawal_complete",
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=F("consented_at")),
            ),
            # One active consent per item and partner (a double submit cannot add a second).
            models.UniqueConstraint(
                fields=["partner", "finding"],
                condition=Q(withdrawn_at__isnull=True, finding__isnull=False),
                name="consent_finding_once",
            ),
            models.UniqueConstraint(
                fields=["partner", "assessment"],
                condition=Q(withdrawn_at__isnull=True, assessment__isnull=False),
                name="consent_assessment_once",
            ),
            models.UniqueConstraint(
                fields=["partner", "action"],
                condition=Q(withdrawn_at__isnull=True, action__isnull=False),
                name="consent_action_once",
            ),
        ]
        indexes = [
            # The export and the share page: WHERE partner_id=? AND withdrawn_at IS NULL [AND supplier_id=?]
            models.Index(fields=["partner", "withdrawn_at", "supplier"], name="consent_partner_active_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.partner}"

    @property
    def is_active(self):
        return self.withdrawn_at is None

    @property
    def item(self):
        return self.finding or self.assessment or self.action


class ExchangeExport(TimeStampedModel, PublicIdModel):
    """One export: the partner file (JSON, CSV or XLSX) or the OCDS release package.
    Its public id goes into the JSON file, so the partner's import can name it."""

    class Format(models.TextChoices):
        JSON = "json", _("JSON for a partner")
        CSV = "csv", _("CSV for a partner")
        XLSX = "xlsx", _("Excel for a partner")
        OCDS = "ocds", _("OCDS release package")

    buyer = models.ForeignKey("contracts.Buyer", verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey(
        PartnerBuyer,
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exports",
    )
    format = models.CharField(_("format"), max_length=5, choices=Format.choices)
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("exported by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    item_count = models.PositiveIntegerField(_("items"), default=0)
    sha256 = models.CharField(_("checksum (SHA-256)"), max_length=64)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(name="export_format_valid", condition=Q(format__in=["json", "csv", "xlsx", "ocds"])),
            models.CheckConstraint(
                name="export_partner_file_has_partner", condition=Q(format="ocds") | Q(partner__isnull=False)
            ),
        ]
        indexes = [
            # The exchange page's export log: WHERE buyer_id=? ORDER BY created_at DESC
            models.Index(fields=["buyer", "-created_at"], name="export_buyer_time_idx"),
        ]

    def __str__(self):
        return f"{self.get_format_display()} {self.created_at:%Y-%m-%d %H:%M}"


class ExchangeImport(TimeStampedModel, PublicIdModel):
    """One partner file read in: where it came from, and what it added, changed, left
    alone, or needs the officer to decide."""

    buyer = models.ForeignKey("contracts.Buyer", verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey(
        PartnerBuyer, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="imports"
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(_("file"), max_length=200)
    sha256 = models.CharField(_("checksum (SHA-256)"), max_length=64)
    origin_export_id = models.CharField(_("partner's export id"), max_length=64)
    exported_at = models.DateTimeField(_("exported by the partner"))
    created = models.PositiveIntegerField(_("new"), default=0)
    updated = models.PositiveIntegerField(_("changed"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    conflicts = models.PositiveIntegerField(_("to decide"), default=0)
    changes = models.JSONField(
        _("changes"),
        default=list,
        blank=True,
        help_text=_("Per item: what it was, what it is now, or why the officer must decide."),
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]
        indexes = [
            # The exchange page's import log: WHERE buyer_id=? ORDER BY created_at DESC
            models.Index(fields=["buyer", "-created_at"], name="import_buyer_time_idx"),
        ]

    def __str__(self):
        return f"{self.partner} {self.exported_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return cached_reverse("exchange:import_detail", [self.public_id])


class SharedSupplier(TimeStampedModel, PublicIdModel):
    """A supplier as a partner's file describes it, matched to our registry by organisation
    number or registry id, or left for an officer to resolve (never created silently)."""

    buyer = models.ForeignKey("contracts.Buyer", verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey(
        PartnerBuyer, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="shared_suppliers"
    )
    name = models.CharField(_("name in the partner's file"), max_length=200)
    org_number = models.CharField(_("organisation number"), max_length=9, blank=True)
    registry_id = models.CharField(_("foreign registry id"), max_length=60, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    supplier = models.ForeignKey(
        "suppliers.Supplier",
        verbose_name=_("supplier in our registry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("matched by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("matched"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("supplier in a partner's file")
        verbose_name_plural = _("suppliers in partners' files")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["buyer", "partner", "org_number"],
                condition=~Q(org_number=""),
                name="shared_supplier_org_unique",
            ),
            models.UniqueConstraint(
                fields=["buyer", "partner", "country", "registry_id"],
                condition=Q(org_number="") & ~Q(registry_id=""),
                name="shared_supplier_registry_unique",
            ),
            models.CheckConstraint(
                name="shared_supplier_has_identifier", condition=~Q(org_number="") | ~Q(registry_id="")
            ),
        ]
        indexes = [
            # Unmatched suppliers to resolve: WHERE buyer_id=? AND supplier_id IS NULL
            models.Index(fields=["buyer", "supplier"], name="shared_supplier_match_idx"),
        ]

    def __str__(self):
        return self.name

    @property
    def identifier(self):
        return self.org_number or f"{self.country} {self.registry_id}".strip()


class SharedItem(TimeStampedModel, PublicIdModel):
    """A partner's finding, self-assessment result or corrective action, as they shared it.
    Kept apart from our own records and shown as "Shared by <partner>". A re-import updates
    this copy (and says what changed); an older or conflicting version waits in
    ``pending_data`` for the officer."""

    buyer = models.ForeignKey("contracts.Buyer", verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey(
        PartnerBuyer, verbose_name=_("shared by"), on_delete=models.PROTECT, related_name="shared_items"
    )
    shared_supplier = models.ForeignKey(
        SharedSupplier, verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="items"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ItemKind.choices)
    origin_id = models.CharField(_("partner's id"), max_length=64)
    title = models.CharField(_("title"), max_length=300)
    data = models.JSONField(_("content as shared"))
    source_updated_at = models.DateTimeField(_("last changed at the partner"))
    exported_at = models.DateTimeField(_("export date"))
    origin_export_id = models.CharField(_("partner's export id"), max_length=64)
    last_import = models.ForeignKey(
        ExchangeImport, verbose_name=_("last import"), on_delete=models.PROTECT, related_name="+"
    )
    pending_data = models.JSONField(_("version waiting for a decision"), null=True, blank=True)
    pending_updated_at = models.DateTimeField(null=True, blank=True)
    pending_exported_at = models.DateTimeField(null=True, blank=True)
    pending_import = models.ForeignKey(
        ExchangeImport, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(
        _("no longer shared"),
        null=True,
        blank=True,
        help_text=_(
            "Set when a newer file from the partner no longer contains the item (they withdrew their consent)."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("item shared by a partner")
        verbose_name_plural = _("items shared by partners")
        ordering = ["shared_supplier__name", "kind", "title"]
        constraints = [
            models.UniqueConstraint(fields=["buyer", "partner", "kind", "origin_id"], name="shared_item_once"),
            models.CheckConstraint(
                name="shared_item_kind_valid", condition=Q(kind__in=["finding", "assessment", "action"])
            ),
        ]
        indexes = [
            # The supplier page panel: WHERE buyer_id=? AND shared_supplier_id IN (...)
            models.Index(fields=["buyer", "shared_supplier"], name="shared_item_supplier_idx"),
        ]

    def __str__(self):
        return self.title

    @property
    def has_pending(self):
        return self.pending_data is not None
