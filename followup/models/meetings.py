"""1:1 follow-up meetings with a supplier: plan, agenda proposed from what is open,
minutes, decisions and agreed actions; shared with the supplier when agreed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from oslo_procurement.core import ArchivableModel, PublicIdModel, TimeStampedModel
from oslo_procurement.fixed_urls import cached_reverse


class Meeting(TimeStampedModel, PublicIdModel, ArchivableModel):
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIDEO = "video", _("Video")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held, minutes in draft")
        MINUTES_SHARED = "minutes_shared", _("Minutes shared with the supplier")
        CANCELLED = "cancelled", _("Cancelled")

    buyer = models.ForeignKey("contracts.Buyer", verbose_name=_("buyer"), on_delete=models.PROTECT)
    supplier = models.ForeignKey(
        "suppliers.Supplier", verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    mode = models.CharField(_("form"), max_length=10, choices=Mode.choices, default=Mode.VIDEO)
    place = models.CharField(_("place or video link"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.PLANNED)
    buyer_participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("our participants"), blank=True, related_name="meetings"
    )
    supplier_participants = models.ManyToManyField(
        "suppliers.Contact", verbose_name=_("the supplier's participants"), blank=True, related_name="meetings"
    )
    agenda_shared_at = models.DateTimeField(_("agenda shared"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    internal_notes = models.TextField(_("internal notes"), blank=True)
    # Buyers are Norwegian public bodies working in Bokmål, the default; minutes of a meeting
    # held in English say so, and every page and PDF marks them up with this language.
    language = models.CharField(
        _("language of the minutes"),
        max_length=5,
        choices=[("nb", _("Norwegian Bokmål")), ("en", _("English"))],
        default="nb",
        help_text=_(
            "The language the minutes, decisions and internal notes are written in. Screen readers read them "
            "in it, also on pages in the other language."
        ),
    )
    minutes_shared_at = models.DateTimeField(_("minutes shared"), null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[buyer_participants, supplier_participants])

    class Meta:
        verbose_name = _("follow-up meeting")
        verbose_name_plural = _("follow-up meetings")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                name="meeting_status_valid", condition=Q(status__in=["planned", "held", "minutes_shared", "cancelled"])
            ),
            models.CheckConstraint(
                name="meeting_shared_minutes_have_time",
                condition=~Q(status="minutes_shared") | Q(minutes_shared_at__isnull=False),
            ),
        ]
        indexes = [
            # A supplier's meetings (timeline, portal): WHERE supplier_id=? ORDER BY starts_at DESC
            models.Index(fields=["supplier", "-starts_at"], name="meeting_supplier_idx"),
        ]

    def __str__(self):
        return f"{self.title} ({self.supplier})"

    def get_absolute_url(self):
        return cached_reverse("meetings:detail", [self.public_id])


class AgendaItem(TimeStampedModel):
    """One point on a meeting's agenda, proposed from an open item or written by hand."""

    class Kind(models.TextChoices):
        FINDING = "finding", _("Finding")
        ANSWER = "answer", _("Self-assessment answer returned for clarification")
        ACTION = "action", _("Overdue corrective action")
        EVIDENCE = "evidence", _("Evidence that expires")
        OTHER = "other", _("Other point")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("point"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)
    finding = models.ForeignKey("followup.Finding", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.ForeignKey(
        "followup.CorrectiveAction", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.ForeignKey("followup.Answer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    evidence = models.ForeignKey(
        "suppliers.Evidence", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order"]
        constraints = [models.UniqueConstraint(fields=["meeting", "order"], name="agenda_order_unique")]

    def __str__(self):
        return self.title
