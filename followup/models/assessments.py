"""Self-assessment follow-up: questionnaires built from the criteria catalogue, reporting
rounds sent to an agreement's suppliers, the suppliers' answers and the officers' review."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from oslo_procurement.core import ArchivableModel, PublicIdModel, TimeStampedModel
from oslo_procurement.fixed_urls import cached_reverse


def _localized(obj, name):
    english = (get_language() or "nb").startswith("en")
    first, second = (f"{name}_en", f"{name}_nb") if english else (f"{name}_nb", f"{name}_en")
    return getattr(obj, first) or getattr(obj, second)


class BilingualTextsMixin:
    """Buyer-written texts in Bokmål and English (``<name>_nb``, ``<name>_en``): a reader
    gets their language, English falls back to Bokmål when left empty, and the officer
    is told which English texts are missing (``missing_english``)."""

    BILINGUAL_FIELDS = ("title", "intro")

    @property
    def missing_english(self):
        """The labels of the texts written in Bokmål but not in English."""
        return [
            self._meta.get_field(f"{name}_en").verbose_name
            for name in self.BILINGUAL_FIELDS
            if getattr(self, f"{name}_nb") and not getattr(self, f"{name}_en")
        ]


class Questionnaire(BilingualTextsMixin, TimeStampedModel, PublicIdModel, ArchivableModel):
    """A self-assessment form. Published questionnaires are frozen: a round always shows
    the questions its suppliers answered."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    buyer = models.ForeignKey(
        "contracts.Buyer",
        verbose_name=_("buyer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="questionnaires",
        help_text=_(
            "Empty: the national catalogue, kept by the installation's administrators and used by every buyer."
        ),
    )
    title_nb = models.CharField(_("title (Bokmål)"), max_length=200)
    title_en = models.CharField(
        _("title (English)"), max_length=200, blank=True, help_text=_("Left empty, English readers see the Bokmål.")
    )
    intro_nb = models.TextField(_("introduction (Bokmål)"), blank=True)
    intro_en = models.TextField(
        _("introduction (English)"), blank=True, help_text=_("Left empty, English readers see the Bokmål.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    shared = models.BooleanField(
        _("shared with other buyers"),
        default=False,
        db_default=False,  # rows written by code that predates the field (older migration states)
        help_text=_("Other buyers' staff may read it once it is published (never change it)."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(name="questionnaire_status_valid", condition=Q(status__in=["draft", "published"])),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return cached_reverse("followup:questionnaire_detail", [self.public_id])

    @property
    def title(self):
        return _localized(self, "title")

    @property
    def intro(self):
        return _localized(self, "intro")


class Strictness(models.TextChoices):
    """What a plausibility rule does with an answer that breaks it."""

    HARD = "hard", _("Refuse the answer")
    SOFT = "soft", _("Save it, but ask the supplier why")


class Question(TimeStampedModel, PublicIdModel):
    class AnswerType(models.TextChoices):
        YES_NO_PARTLY = "yes_no_partly", _("Yes / no / partly, with explanation")
        TEXT = "text", _("Text")
        NUMBER = "number", _("Number")
        CHOICE = "choice", _("Choice from a list")
        DATE = "date", _("Date")
        FILE = "file", _("File evidence")

    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.CASCADE, related_name="questions"
    )
    criterion_version = models.ForeignKey(
        "criteria.CriterionVersion",
        verbose_name=_("criterion version"),
        on_delete=models.PROTECT,
        related_name="questions",
    )
    order = models.PositiveSmallIntegerField(_("order"))
    text_nb = models.TextField(_("question (Bokmål)"))
    text_en = models.TextField(_("question (English)"))
    help_nb = models.TextField(_("help text (Bokmål)"), blank=True)
    help_en = models.TextField(_("help text (English)"), blank=True)
    answer_type = models.CharField(_("answer type"), max_length=20, choices=AnswerType.choices)
    choices = models.JSONField(
        _("choices"),
        default=list,
        blank=True,
        help_text=_('For a choice question: a list of {"value", "nb", "en"}.'),
    )
    evidence_kind = models.CharField(
        _("evidence asked for"),
        max_length=30,
        blank=True,
        help_text=_("For a file question: the kind of evidence, so the supplier's library can offer it."),
    )
    required = models.BooleanField(_("required"), default=True)
    weight = models.PositiveSmallIntegerField(_("weight in the score"), default=1)
    # Plausibility rules (followup/plausibility.py). A hard rule refuses the answer; a soft
    # rule saves it but asks the supplier why (Answer.rule_explanation) before submitting.
    unit_nb = models.CharField(
        _("unit (Bokmål)"), max_length=40, blank=True, help_text=_("For example 'timer i uken'.")
    )
    unit_en = models.CharField(
        _("unit (English)"), max_length=40, blank=True, help_text=_("For example 'hours a week'.")
    )
    min_value = models.DecimalField(_("lowest possible number"), max_digits=14, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(
        _("highest possible number"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    soft_min = models.DecimalField(_("lowest usual number"), max_digits=14, decimal_places=2, null=True, blank=True)
    soft_max = models.DecimalField(_("highest usual number"), max_digits=14, decimal_places=2, null=True, blank=True)
    max_length = models.PositiveIntegerField(_("maximum length (characters)"), null=True, blank=True)
    max_length_strictness = models.CharField(
        _("when the text is longer"), max_length=4, choices=Strictness.choices, default=Strictness.HARD
    )
    date_not_future = models.CharField(_("a date in the future"), max_length=4, choices=Strictness.choices, blank=True)
    date_max_age_months = models.PositiveSmallIntegerField(_("not older than (months)"), null=True, blank=True)
    date_max_age_strictness = models.CharField(
        _("when the date is older"), max_length=4, choices=Strictness.choices, default=Strictness.HARD
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "order"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "order"], name="question_order_unique"),
            models.CheckConstraint(
                name="question_answer_type_valid",
                condition=Q(answer_type__in=["yes_no_partly", "text", "number", "choice", "date", "file"]),
            ),
            models.CheckConstraint(name="question_weight_positive", condition=Q(weight__gte=1)),
            models.CheckConstraint(
                name="question_min_not_above_max",
                condition=Q(min_value__isnull=True) | Q(max_value__isnull=True) | Q(min_value__lte=F("max_value")),
                violation_error_message=_("The lowest possible number cannot be above the highest."),
            ),
            models.CheckConstraint(
                name="question_soft_min_not_above_soft_max",
                condition=Q(soft_min__isnull=True) | Q(soft_max__isnull=True) | Q(soft_min__lte=F("soft_max")),
                violation_error_message=_("The lowest usual number cannot be above the highest usual number."),
            ),
            models.CheckConstraint(
                name="question_strictness_valid",
                condition=Q(max_length_strictness__in=["hard", "soft"])
                & Q(date_max_age_strictness__in=["hard", "soft"])
                & Q(date_not_future__in=["", "hard", "soft"]),
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.text}"

    @property
    def text(self):
        return _localized(self, "text")

    @property
    def help(self):
        return _localized(self, "help")

    @property
    def oecd_step(self):
        return self.criterion_version.criterion.oecd_step

    def choice_options(self):
        english = (get_language() or "nb").startswith("en")
        return [(c["value"], c.get("en" if english else "nb") or c["value"]) for c in self.choices or []]

    @property
    def unit(self):
        return _localized(self, "unit")

    @property
    def has_soft_rules(self):
        kinds = self.AnswerType
        if self.answer_type == kinds.NUMBER:
            return self.soft_min is not None or self.soft_max is not None
        if self.answer_type == kinds.TEXT:
            return self.max_length is not None and self.max_length_strictness == Strictness.SOFT
        if self.answer_type == kinds.DATE:
            return self.date_not_future == Strictness.SOFT or (
                self.date_max_age_months is not None and self.date_max_age_strictness == Strictness.SOFT
            )
        return False

    def clean(self):
        if self.answer_type == self.AnswerType.CHOICE:
            values = [c.get("value") for c in self.choices or [] if isinstance(c, dict)]
            if len(values) < 2 or not all(values) or len(set(values)) != len(values):
                raise ValidationError({"choices": _("A choice question needs at least two different choices.")})
        self.clean_rules()

    def clean_rules(self):
        """The plausibility rules' own settings make sense."""
        errors = {}
        low, high, soft_low, soft_high = self.min_value, self.max_value, self.soft_min, self.soft_max
        if low is not None and high is not None and low > high:
            errors["max_value"] = _("The highest possible number cannot be below the lowest.")
        if soft_low is not None and soft_high is not None and soft_low > soft_high:
            errors["soft_max"] = _("The highest usual number cannot be below the lowest usual number.")
        for name, value in (("soft_min", soft_low), ("soft_max", soft_high)):
            if value is not None and ((low is not None and value < low) or (high is not None and value > high)):
                errors.setdefault(name, _("The usual range must lie within the possible range."))
        if self.max_length == 0:
            errors["max_length"] = _("A maximum length must be at least 1 character.")
        if self.date_max_age_months == 0:
            errors["date_max_age_months"] = _("The window must be at least 1 month.")
        if errors:
            raise ValidationError(errors)


class ReportingRound(BilingualTextsMixin, TimeStampedModel, PublicIdModel, ArchivableModel):
    """One self-assessment round for an agreement's suppliers, with its deadline."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    agreement = models.ForeignKey(
        "contracts.FrameworkAgreement",
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="reporting_rounds",
    )
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.PROTECT, related_name="rounds"
    )
    # What the suppliers read, in their language (English falls back to Bokmål).
    title_nb = models.CharField(_("title (Bokmål)"), max_length=200)
    title_en = models.CharField(
        _("title (English)"), max_length=200, blank=True, help_text=_("Left empty, English readers see the Bokmål.")
    )
    intro_nb = models.TextField(
        _("introduction (Bokmål)"), blank=True, help_text=_("What the suppliers read before they answer.")
    )
    intro_en = models.TextField(
        _("introduction (English)"), blank=True, help_text=_("Left empty, English readers see the Bokmål.")
    )
    opens_on = models.DateField(_("opens on"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")
        ordering = ["-opens_on"]
        constraints = [
            models.CheckConstraint(
                name="round_deadline_after_opening",
                condition=Q(deadline__gt=F("opens_on")),
                violation_error_message=_("The deadline must be after the opening date."),
            ),
            models.CheckConstraint(name="round_status_valid", condition=Q(status__in=["open", "closed"])),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return cached_reverse("followup:round_detail", [self.public_id])

    @property
    def title(self):
        """The title in the active language (Bokmål when the English is left empty)."""
        return _localized(self, "title")

    @title.setter
    def title(self, value):
        # ReportingRound(title=...) sets the Bokmål title, as before the English one existed.
        self.title_nb = value

    @property
    def intro(self):
        return _localized(self, "intro")

    def clean(self):
        if self.opens_on and self.deadline and self.deadline <= self.opens_on:
            raise ValidationError({"deadline": _("The deadline must be after the opening date.")})


class Assessment(TimeStampedModel, PublicIdModel):
    """One supplier's self-assessment in a round: its answers and the officer's verdict."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for clarification")
        ACCEPTED = "accepted", _("Accepted")

    class Verdict(models.TextChoices):
        COMPLIANT = "compliant", _("Meets the requirements")
        PARTLY = "partly", _("Partly meets the requirements")
        NON_COMPLIANT = "non_compliant", _("Does not meet the requirements")

    round = models.ForeignKey(
        ReportingRound, verbose_name=_("reporting round"), on_delete=models.PROTECT, related_name="assessments"
    )
    supplier = models.ForeignKey(
        "suppliers.Supplier", verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    verdict = models.CharField(_("overall verdict"), max_length=15, choices=Verdict.choices, blank=True)
    verdict_comment = models.TextField(_("comment on the verdict"), blank=True)
    internal_note = models.TextField(_("internal note"), blank=True, help_text=_("Never shown to the supplier."))
    # Derived: the overall percent by followup.scoring over the answers the officer has
    # reviewed, None while none is. Kept current by the review services (refresh_score),
    # so dashboards average it in SQL instead of scoring every answer. Not in the history:
    # the reviews that change it are.
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=1, null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["score"])

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["round", "supplier__legal_name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "supplier"], name="assessment_once_per_round"),
            models.CheckConstraint(
                name="assessment_status_valid",
                condition=Q(status__in=["not_started", "in_progress", "submitted", "returned", "accepted"]),
            ),
            models.CheckConstraint(
                name="assessment_submitted_has_time",
                condition=~Q(status__in=["submitted", "accepted"]) | Q(submitted_at__isnull=False),
            ),
        ]
        indexes = [
            # Portal: a supplier's open questionnaires: WHERE supplier_id=? AND status IN (...)
            models.Index(fields=["supplier", "status"], name="assessment_supplier_status_idx"),
        ]

    def __str__(self):
        return f"{self.supplier} – {self.round}"

    @property
    def editable_by_supplier(self):
        return self.status in (self.Status.NOT_STARTED, self.Status.IN_PROGRESS, self.Status.RETURNED)


class Answer(TimeStampedModel):
    """A supplier's answer to one question, with the officer's review of it.
    ``revision`` goes up with every save so two tabs cannot overwrite each other unseen."""

    class Choice(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No")

    class Review(models.TextChoices):
        PENDING = "pending", _("Not reviewed")
        ACCEPTED = "accepted", _("Accepted")
        CLARIFICATION = "clarification", _("Clarification asked")
        NON_COMPLIANT = "non_compliant", _("Non-compliance")

    class Severity(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")
        CRITICAL = "critical", _("Critical")

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("self-assessment"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers")
    choice = models.CharField(_("answer"), max_length=60, blank=True)
    text = models.TextField(_("text answer"), blank=True)
    number = models.DecimalField(_("number"), max_digits=14, decimal_places=2, null=True, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    rule_explanation = models.TextField(
        _("reason for an unusual answer"),
        blank=True,
        help_text=_("The supplier's explanation of an answer outside the question's usual range."),
    )
    evidence = models.ManyToManyField(
        "suppliers.Evidence", verbose_name=_("evidence"), blank=True, related_name="answers"
    )
    revision = models.PositiveIntegerField(default=0, editable=False)
    review = models.CharField(_("review"), max_length=15, choices=Review.choices, default=Review.PENDING)
    # What the supplier reads on the answer in the portal (and in emails): the outcome's
    # reason written for the supplier. The internal note below never leaves the buyer.
    review_comment = models.TextField(_("reason for the supplier"), blank=True)
    review_note = models.TextField(
        _("internal note on the review"), blank=True, help_text=_("Never shown to the supplier.")
    )
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[evidence])

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="answer_once_per_question"),
            models.CheckConstraint(
                name="answer_review_valid",
                condition=Q(review__in=["pending", "accepted", "clarification", "non_compliant"]),
            ),
            models.CheckConstraint(
                name="answer_non_compliance_has_severity",
                condition=~Q(review="non_compliant") | ~Q(severity=""),
                violation_error_message=_("A non-compliance needs a severity."),
            ),
        ]

    def __str__(self):
        return f"{self.assessment} – {self.question.order}"
