"""Market consultations and dialogue conferences: before a tender (and once a year in the
agreement period) the buyer asks the market whether it can meet the social criteria it
plans. An event proposes criteria (catalogue versions, or new wording), invites
suppliers (also suppliers not in any contract), records who came, and records each
supplier's readiness for each proposed criterion, written by the officer or sent by the
supplier through the portal."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from oslo_procurement.core import ArchivableModel, PublicIdModel, TimeStampedModel
from oslo_procurement.fixed_urls import cached_reverse

LANGUAGES = ("nb", "en")
ENGLISH_HELP = _("Until it is written, suppliers who read English see the Bokmål text, marked as such.")


class LocalizedText(str):
    """A text in the reader's language, or (``fallback``) in the other one because the
    officer has not written it in the reader's language yet. ``lang`` is the language the
    text is in, so a template can mark it (lang attribute, "only in Norwegian")."""

    def __new__(cls, value, lang, fallback=False):
        text = super().__new__(cls, value)
        text.lang, text.fallback = lang, fallback
        return text


def reader_language():
    return "en" if (get_language() or "nb").startswith("en") else "nb"


def localized(obj, name):
    """``obj.<name>_nb`` or ``obj.<name>_en`` in the active language; the other one,
    marked as a fallback, when the reader's language is empty."""
    first = reader_language()
    second = "nb" if first == "en" else "en"
    value = getattr(obj, f"{name}_{first}")
    if value:
        return LocalizedText(value, first)
    other = getattr(obj, f"{name}_{second}")
    return LocalizedText(other, second, fallback=bool(other))


def bilingual(name):
    """A read property giving the text in the reader's language (see ``localized``);
    setting it sets the Bokmål text, so ``MarketEvent(topic=...)`` keeps working."""
    return property(
        lambda self: localized(self, name),
        lambda self, value: setattr(self, f"{name}_nb", value),
        doc=f"{name} in the reader's language",
    )


class MarketEvent(TimeStampedModel, PublicIdModel, ArchivableModel):
    class Kind(models.TextChoices):
        MARKET_CONSULTATION = "market_consultation", _("Market consultation")
        DIALOGUE_CONFERENCE = "dialogue_conference", _("Dialogue conference")
        INFORMATION_MEETING = "information_meeting", _("Information meeting")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("In person and online")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    buyer = models.ForeignKey(
        "contracts.Buyer", verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="market_events"
    )
    kind = models.CharField(_("kind of event"), max_length=20, choices=Kind.choices)
    topic_nb = models.CharField(_("topic (Bokmål)"), max_length=250)
    topic_en = models.CharField(
        _("topic (English)"),
        max_length=250,
        blank=True,
        help_text=ENGLISH_HELP,
    )
    description_nb = models.TextField(_("description (Bokmål)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    event_date = models.DateField(_("date"))
    mode = models.CharField(_("form"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    place = models.CharField(_("place or link"), max_length=300, blank=True)
    agreement = models.ForeignKey(
        "contracts.FrameworkAgreement",
        verbose_name=_("agreement it concerns"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="market_events",
    )
    procurement = models.CharField(
        _("procurement it concerns"),
        max_length=250,
        blank=True,
        help_text=_("For a procurement that has no agreement yet, for example the next ICT tender."),
    )
    input_deadline = models.DateField(
        _("deadline for written input"),
        null=True,
        blank=True,
        help_text=_(
            "Suppliers can send and change their written input in the portal until this day. "
            "Empty: the day of the event."
        ),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Goes up each time the date, form, place or deadline changes, or the event is cancelled."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("market dialogue event")
        verbose_name_plural = _("market dialogue events")
        ordering = ["-event_date", "topic_nb"]
        constraints = [
            models.CheckConstraint(
                name="market_event_kind_valid",
                condition=Q(kind__in=["market_consultation", "dialogue_conference", "information_meeting"]),
            ),
            models.CheckConstraint(
                name="market_event_mode_valid", condition=Q(mode__in=["in_person", "online", "hybrid"])
            ),
            models.CheckConstraint(
                name="market_event_status_valid", condition=Q(status__in=["planned", "held", "cancelled"])
            ),
        ]
        indexes = [
            # The buyer's events: WHERE buyer_id=? AND archived_at IS NULL ORDER BY event_date DESC
            models.Index(fields=["buyer", "archived_at", "-event_date"], name="market_event_buyer_idx"),
        ]

    topic = bilingual("topic")
    description = bilingual("description")

    def __str__(self):
        return self.topic

    def get_absolute_url(self):
        return cached_reverse("market:detail", [self.public_id])

    @property
    def missing_languages(self):
        """The languages the officer has not written the topic or description in yet."""
        missing = []
        if not self.topic_en or (self.description_nb and not self.description_en):
            missing.append("en")
        if not self.topic_nb or (self.description_en and not self.description_nb):
            missing.append("nb")
        return missing

    @property
    def last_input_day(self):
        """The last day suppliers can send or change written input (inclusive)."""
        return self.input_deadline or self.event_date

    def accepts_input(self, today):
        return self.status != self.Status.CANCELLED and self.archived_at is None and today <= self.last_input_day


class ProposedCriterion(TimeStampedModel, PublicIdModel):
    """A criterion under discussion at an event: a version from the catalogue, or new
    wording (which may say which catalogue criterion it would change)."""

    event = models.ForeignKey(MarketEvent, on_delete=models.CASCADE, related_name="proposed_criteria")
    order = models.PositiveSmallIntegerField(_("order"))
    criterion = models.ForeignKey(
        "criteria.Criterion",
        verbose_name=_("criterion"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="market_proposals",
        help_text=_("The catalogue criterion it concerns, if any."),
    )
    criterion_version = models.ForeignKey(
        "criteria.CriterionVersion",
        verbose_name=_("criterion version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="market_proposals",
    )
    title_nb = models.CharField(_("short title (Bokmål)"), max_length=250, blank=True)
    title_en = models.CharField(_("short title (English)"), max_length=250, blank=True)
    text_nb = models.TextField(_("proposed wording (Bokmål)"), blank=True)
    text_en = models.TextField(_("proposed wording (English)"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proposed criterion")
        verbose_name_plural = _("proposed criteria")
        ordering = ["event", "order"]
        constraints = [
            models.UniqueConstraint(fields=["event", "order"], name="proposed_criterion_order_unique"),
            models.UniqueConstraint(
                fields=["event", "criterion_version"],
                condition=Q(criterion_version__isnull=False),
                name="proposed_criterion_version_once",
                violation_error_message=_("This criterion version is already proposed at this event."),
            ),
            # A catalogue version, or new wording with its title.
            models.CheckConstraint(
                name="proposed_criterion_version_or_wording",
                condition=Q(criterion_version__isnull=False) | (~Q(text_nb="") & ~Q(title_nb="")),
                violation_error_message=_("Choose a criterion version or write the proposed wording and its title."),
            ),
        ]

    title = bilingual("title")
    text = bilingual("text")

    def __str__(self):
        return self.label

    @property
    def is_new_wording(self):
        return not self.criterion_version_id

    @property
    def missing_languages(self):
        """New wording: the languages the officer has not written it in yet."""
        if self.criterion_version_id:
            return []
        return [lang for lang in LANGUAGES if not (getattr(self, f"title_{lang}") and getattr(self, f"text_{lang}"))]

    @property
    def label(self):
        if self.criterion_version_id:
            version = self.criterion_version
            return f"{version.criterion.code} v{version.version} {version.title}"
        prefix = f"{self.criterion.code}: " if self.criterion_id else ""
        title = self.title
        return LocalizedText(f"{prefix}{title}", title.lang, title.fallback)

    @property
    def wording(self):
        return self.criterion_version.text if self.criterion_version_id else self.text

    def clean(self):
        if not self.criterion_version_id and not (self.text_nb.strip() and self.title_nb.strip()):
            raise ValidationError(_("Choose a criterion version or write the proposed wording and its title."))


class EventInvitation(TimeStampedModel, PublicIdModel):
    """A supplier invited to an event, whether or not it holds a contract; its attendance
    and the general written input it sent through the portal."""

    event = models.ForeignKey(MarketEvent, on_delete=models.CASCADE, related_name="invitations")
    supplier = models.ForeignKey(
        "suppliers.Supplier", verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="market_invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    emails_sent = models.PositiveSmallIntegerField(_("invitation emails sent"), default=0)
    attended = models.BooleanField(_("attended"), null=True, blank=True, help_text=_("Empty: not recorded yet."))
    attendees = models.TextField(_("who came"), blank=True, help_text=_("The names of the people who came."))
    written_input = models.TextField(_("written input"), blank=True)
    input_submitted_at = models.DateTimeField(_("written input sent"), null=True, blank=True)
    input_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written input sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invitation to a market dialogue event")
        verbose_name_plural = _("invitations to market dialogue events")
        ordering = ["event", "supplier__legal_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "supplier"],
                name="event_invitation_once",
                violation_error_message=_("This supplier is already invited."),
            ),
            models.CheckConstraint(
                name="event_invitation_attendees_only_when_attended",
                condition=Q(attended=True) | Q(attendees=""),
                violation_error_message=_("Names of people who came only when the supplier attended."),
            ),
        ]
        indexes = [
            # Portal: the events a supplier is invited to: WHERE supplier_id=?
            models.Index(fields=["supplier", "event"], name="event_invitation_supplier_idx"),
        ]

    def __str__(self):
        return f"{self.supplier} – {self.event}"


class InvitationEmail(TimeStampedModel):
    """One email about an event to one portal user of an invited supplier: the
    invitation, a change of the plan, or the cancellation. At most one per user and
    version of the event, so resending reaches only those who have not had this version
    (for example a portal user created after the invitation)."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        CHANGED = "changed", _("Change of plan")
        CANCELLED = "cancelled", _("Cancellation")

    invitation = models.ForeignKey(EventInvitation, on_delete=models.CASCADE, related_name="emails")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    event_version = models.PositiveIntegerField(_("version of the event"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)

    class Meta:
        verbose_name = _("email about a market dialogue event")
        verbose_name_plural = _("emails about market dialogue events")
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "user", "event_version"], name="invitation_email_once_per_version"
            ),
            models.CheckConstraint(
                name="invitation_email_kind_valid", condition=Q(kind__in=["invitation", "changed", "cancelled"])
            ),
        ]

    def __str__(self):
        return f"{self.invitation} – {self.user} v{self.event_version}"


class Readiness(models.TextChoices):
    READY = "ready", _("Ready now")
    TRANSITION = "transition", _("Ready with a transition period")
    NOT_FEASIBLE = "not_feasible", _("Not feasible")


class CriterionFeedback(TimeStampedModel):
    """One supplier's answer on one proposed criterion: how ready it is, and why."""

    class Source(models.TextChoices):
        OFFICER = "officer", _("Recorded by the officer")
        PORTAL = "portal", _("Sent through the portal")

    invitation = models.ForeignKey(EventInvitation, on_delete=models.CASCADE, related_name="feedback")
    proposal = models.ForeignKey(ProposedCriterion, on_delete=models.CASCADE, related_name="feedback")
    # The wording answered: the catalogue version proposed, or (empty) the proposal's own new
    # wording, which cannot change once answered (consultations.services.proposal_save_wording).
    criterion_version = models.ForeignKey(
        "criteria.CriterionVersion",
        verbose_name=_("criterion version answered"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="market_feedback",
    )
    readiness = models.CharField(_("readiness"), max_length=12, choices=Readiness.choices)
    transition_months = models.PositiveSmallIntegerField(_("transition period in months"), null=True, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("readiness feedback")
        verbose_name_plural = _("readiness feedback")
        ordering = ["proposal", "invitation__supplier__legal_name"]
        constraints = [
            models.UniqueConstraint(fields=["invitation", "proposal"], name="criterion_feedback_once"),
            models.CheckConstraint(
                name="criterion_feedback_readiness_valid",
                condition=Q(readiness__in=["ready", "transition", "not_feasible"]),
            ),
            # A transition period in months (1-60) exactly when the answer is "with a transition period".
            models.CheckConstraint(
                name="criterion_feedback_months_with_transition",
                condition=(Q(readiness="transition") & Q(transition_months__gte=1, transition_months__lte=60))
                | (~Q(readiness="transition") & Q(transition_months__isnull=True)),
                violation_error_message=_("Give the transition period (1 to 60 months) only for that answer."),
            ),
            models.CheckConstraint(
                name="criterion_feedback_source_valid", condition=Q(source__in=["officer", "portal"])
            ),
        ]
        indexes = [
            # Readiness per proposed criterion: WHERE proposal_id IN (...) GROUP BY proposal_id, readiness
            models.Index(fields=["proposal", "readiness"], name="criterion_feedback_prop_idx"),
        ]

    def __str__(self):
        return f"{self.invitation.supplier}: {self.get_readiness_display()}"
