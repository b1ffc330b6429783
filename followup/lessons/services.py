"""Writes of lessons learned. Each runs in one transaction; a refused change raises a
translated ValidationError. Changes land in the lesson's history (with its evidence sets)
through save_record.

A lesson is a draft until the officers agree on it; an agreed lesson can be reopened.
Evidence (findings, self-assessments, reviewed answers, meetings, corrective actions)
must belong to the lesson's buyer.

A suggestion (followup.lessons.suggestions) becomes a draft lesson in one click, with its
figures as the text and its records as the evidence; doing it twice opens the same
lesson. A dismissed suggestion is recorded and never suggested again."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.models import BuyerMembership
from followup.models import Lesson, SuggestionDismissal
from oslo_procurement.audit.services import record_event
from oslo_procurement.core import save_record, set_archived

from . import suggestions as rules

Status = Lesson.Status
EVIDENCE = ("findings", "assessments", "answers", "meetings", "actions")
# How each kind of evidence reaches its buyer.
_BUYER_PATH = {
    "findings": "buyer",
    "assessments": "round__agreement__buyer",
    "answers": "assessment__round__agreement__buyer",
    "meetings": "buyer",
    "actions": "buyer",
}
FIELDS = ("title", "learned", "criterion", "clause", "proposal", "proposal_text")


def _require_editor(actor, buyer):
    if actor is None or not actor.can_edit or not BuyerMembership.objects.filter(user=actor, buyer=buyer).exists():
        raise PermissionDenied(_("Only an officer of this buyer can do this."))


def _refuse(message, field=None):
    raise ValidationError({field: message} if field else message, code="refused")


def _check_evidence(buyer, evidence):
    """One query per kind of evidence: every record must belong to the buyer."""
    for name, records in evidence.items():
        if not records:
            continue
        model = Lesson._meta.get_field(name).related_model
        ids = {record.pk for record in records}
        own = model.objects.filter(pk__in=ids, **{_BUYER_PATH[name]: buyer}).count()
        if own != len(ids):
            _refuse(_("Evidence must be records of your own buyer."), name)


def _lock(lesson):
    return Lesson.objects.select_for_update().get(pk=lesson.pk)


def lesson_create(*, buyer, actor, evidence=None, **fields) -> Lesson:
    _require_editor(actor, buyer)
    evidence = {name: list(records) for name, records in (evidence or {}).items()}
    _check_evidence(buyer, evidence)
    with transaction.atomic():
        lesson = Lesson(buyer=buyer, created_by=actor, status=Status.DRAFT, **fields)
        return save_record(lesson, actor=actor, m2m=evidence)


def lesson_save(*, lesson: Lesson, actor, evidence=None) -> Lesson:
    """Save an edit (the form has set the fields on ``lesson``) and its evidence sets."""
    _require_editor(actor, lesson.buyer)
    evidence = {name: list(records) for name, records in (evidence or {}).items()}
    _check_evidence(lesson.buyer, evidence)
    with transaction.atomic():
        stored = _lock(lesson)
        lesson.status, lesson.agreed_at, lesson.agreed_by_id = stored.status, stored.agreed_at, stored.agreed_by_id
        return save_record(lesson, actor=actor, m2m=evidence)


def lesson_agree(*, lesson: Lesson, actor) -> Lesson:
    _require_editor(actor, lesson.buyer)
    with transaction.atomic():
        lesson = _lock(lesson)
        if lesson.status == Status.AGREED:
            return lesson
        if lesson.archived_at is not None:
            _refuse(_("An archived lesson cannot be agreed. Restore it first."))
        lesson.status, lesson.agreed_at, lesson.agreed_by = Status.AGREED, timezone.now(), actor
        save_record(lesson, actor=actor)
        record_event(actor=actor, event_type="lesson_agreed", target=lesson)
    return lesson


def lesson_reopen(*, lesson: Lesson, actor) -> Lesson:
    _require_editor(actor, lesson.buyer)
    with transaction.atomic():
        lesson = _lock(lesson)
        if lesson.status == Status.DRAFT:
            return lesson
        lesson.status, lesson.agreed_at, lesson.agreed_by = Status.DRAFT, None, None
        return save_record(lesson, actor=actor)


def lesson_set_archived(*, lesson: Lesson, actor, archived: bool) -> Lesson:
    _require_editor(actor, lesson.buyer)
    return set_archived(lesson, actor=actor, archived=archived)


def lesson_from_suggestion(*, buyer, actor, key: str) -> Lesson:
    """Turn a suggestion into a draft lesson, with its text, criterion, proposal and
    evidence. A key already turned into a lesson gives that lesson back."""
    _require_editor(actor, buyer)
    existing = Lesson.objects.filter(buyer=buyer, suggestion_key=key).first()
    if existing is not None:
        return existing
    suggestion = next((s for s in rules.all_suggestions(buyer) if s.key == key), None)
    if suggestion is None:
        _refuse(_("This suggestion no longer applies: the figures behind it have changed."))
    try:
        with transaction.atomic():
            lesson = Lesson(
                buyer=buyer,
                created_by=actor,
                status=Status.DRAFT,
                title=suggestion.title[:250],
                learned=f"{suggestion.learned}\n\n{suggestion.explanation}",
                criterion=suggestion.criterion,
                proposal=suggestion.proposal,
                suggestion_key=key,
            )
            return save_record(
                lesson,
                actor=actor,
                m2m={
                    "findings": suggestion.findings,
                    "answers": suggestion.answers,
                    "assessments": suggestion.assessments,
                    "actions": suggestion.actions,
                },
            )
    except IntegrityError:
        # A second click that raced the first: the first one made the lesson.
        return Lesson.objects.get(buyer=buyer, suggestion_key=key)


MAX_REASON = 2000


def suggestion_dismiss(*, buyer, actor, key: str, reason: str = "") -> SuggestionDismissal:
    """Dismiss a suggestion, with the reason (required): it is not suggested again until
    the dismissal is undone. Dismissing it again changes nothing."""
    _require_editor(actor, buyer)
    reason = (reason or "").strip()
    if not reason:
        _refuse(_("Say why the suggestion is dismissed."), "reason")
    if len(reason) > MAX_REASON:
        _refuse(_("Keep the reason under %(max)d characters.") % {"max": MAX_REASON}, "reason")
    suggestion = next((s for s in rules.all_suggestions(buyer) if s.key == key), None)
    with transaction.atomic():
        row = SuggestionDismissal.objects.select_for_update().filter(buyer=buyer, key=key).first()
        if row is not None and row.is_dismissed:
            return row
        if suggestion is None:
            _refuse(_("This suggestion no longer applies: the figures behind it have changed."))
        row = row or SuggestionDismissal(buyer=buyer, key=key)
        row.title, row.reason = suggestion.title[:300], reason
        row.dismissed_by, row.dismissed_at = actor, timezone.now()
        row.restored_by, row.restored_at = None, None
        try:
            with transaction.atomic():
                return save_record(row, actor=actor)
        except IntegrityError:
            return SuggestionDismissal.objects.get(buyer=buyer, key=key)


def suggestion_restore(*, dismissal: SuggestionDismissal, actor) -> SuggestionDismissal:
    """Undo a dismissal: the suggestion is shown again when its figures still hold. The
    dismissal and its undoing stay in the history."""
    _require_editor(actor, dismissal.buyer)
    with transaction.atomic():
        row = SuggestionDismissal.objects.select_for_update().get(pk=dismissal.pk)
        if not row.is_dismissed:
            return row
        row.restored_by, row.restored_at = actor, timezone.now()
        return save_record(row, actor=actor)
