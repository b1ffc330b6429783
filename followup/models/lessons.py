"""Lessons learned from the follow-up, with their evidence, and the suggestions the app
makes from patterns in the data (followup.lessons.suggestions); a dismissed suggestion
stays dismissed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from oslo_procurement.core import ArchivableModel, PublicIdModel, TimeStampedModel
from oslo_procurement.fixed_urls import cached_reverse


class LessonProposal(models.TextChoices):
    TIGHTEN = "tighten", _("Tighten the criterion")
    ADD = "add", _("Add a criterion")
    CLARIFY = "clarify", _("Clarify the wording")
    RETIRE = "retire", _("Retire the criterion")
    CHANGE_FOLLOWUP = "change_followup", _("Change the follow-up")


class Lesson(TimeStampedModel, PublicIdModel, ArchivableModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AGREED = "agreed", _("Agreed")

    buyer = models.ForeignKey(
        "contracts.Buyer", verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="lessons"
    )
    title = models.CharField(_("title"), max_length=250)
    learned = models.TextField(_("what was learned"))
    criterion = models.ForeignKey(
        "criteria.Criterion",
        verbose_name=_("criterion it concerns"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lessons",
    )
    clause = models.CharField(
        _("clause or point"),
        max_length=200,
        blank=True,
        help_text=_("The clause, point or paragraph it concerns, for example 'point 2, documentation on request'."),
    )
    proposal = models.CharField(_("proposed change"), max_length=20, choices=LessonProposal.choices)
    proposal_text = models.TextField(_("what we propose"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    findings = models.ManyToManyField(
        "followup.Finding", verbose_name=_("findings"), blank=True, related_name="lessons"
    )
    assessments = models.ManyToManyField(
        "followup.Assessment", verbose_name=_("self-assessments"), blank=True, related_name="lessons"
    )
    answers = models.ManyToManyField(
        "followup.Answer", verbose_name=_("reviewed answers"), blank=True, related_name="lessons"
    )
    meetings = models.ManyToManyField(
        "followup.Meeting", verbose_name=_("meetings"), blank=True, related_name="lessons"
    )
    actions = models.ManyToManyField(
        "followup.CorrectiveAction", verbose_name=_("corrective actions"), blank=True, related_name="lessons"
    )
    suggestion_key = models.CharField(_("made from suggestion"), max_length=120, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agreed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agreed_at = models.DateTimeField(_("agreed"), null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[findings, assessments, answers, meetings, actions])

    class Meta:
        verbose_name = _("lesson learned")
        verbose_name_plural = _("lessons learned")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(name="lesson_status_valid", condition=Q(status__in=["draft", "agreed"])),
            models.CheckConstraint(
                name="lesson_proposal_valid",
                condition=Q(proposal__in=["tighten", "add", "clarify", "retire", "change_followup"]),
            ),
            models.CheckConstraint(
                name="lesson_agreed_has_time", condition=~Q(status="agreed") | Q(agreed_at__isnull=False)
            ),
            # One lesson per suggestion: taking a suggestion twice opens the same lesson.
            models.UniqueConstraint(
                fields=["buyer", "suggestion_key"], condition=~Q(suggestion_key=""), name="lesson_suggestion_once"
            ),
        ]
        indexes = [
            # Lessons beside a criterion (next-procurement draft): WHERE buyer_id=? AND criterion_id IN (...)
            models.Index(fields=["buyer", "criterion"], name="lesson_buyer_criterion_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return cached_reverse("lessons:detail", [self.public_id])


class SuggestionDismissal(TimeStampedModel):
    """A suggestion the officer dismissed, with the reason; it is not suggested again,
    whatever its figures do later, until someone undoes the dismissal (``restored_at``).
    Dismissing and undoing are kept in the history."""

    buyer = models.ForeignKey("contracts.Buyer", verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="+")
    key = models.CharField(_("suggestion"), max_length=120)
    title = models.CharField(_("title"), max_length=300, blank=True)
    reason = models.TextField(_("why it was dismissed"), blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dismissed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dismissed_at = models.DateTimeField(_("dismissed"), null=True, blank=True)
    restored_at = models.DateTimeField(_("dismissal undone"), null=True, blank=True)
    restored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dismissal undone by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dismissed suggestion")
        verbose_name_plural = _("dismissed suggestions")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["buyer", "key"], name="suggestion_dismissed_once")]

    def __str__(self):
        return self.title or self.key

    @property
    def is_dismissed(self):
        return self.restored_at is None
