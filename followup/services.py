"""Writes of the self-assessment follow-up. Each runs in one transaction, checks the
current status of what it changes (locking the row), and saves through save_record so the
actor lands in the record's history. Emails are queued with transaction.on_commit.

Status of a self-assessment (Assessment.Status):

    not_started --save an answer--> in_progress --submit--> submitted --accept--> accepted
                                                               |   ^
                                                         return|   |resubmit
                                                               v   |
                                                             returned
"""

import datetime
import logging
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contracts.models import FrameworkAgreement
from contracts.selectors import buyer_officers
from criteria.access import is_usable
from criteria.models import CriterionVersion
from oslo_procurement.core import save_record
from suppliers.models import Contact, Evidence, Supplier
from suppliers.selectors import supplier_users, users_by_supplier
from suppliers.services import invitation_create

from . import emails, plausibility, scoring, selectors
from .models import Answer, Assessment, Question, Questionnaire, ReportingRound

logger = logging.getLogger(__name__)

DEADLINE_WEEKS = 6  # DFØ's template: the supplier returns the self-assessment within six weeks


class RevisionConflict(Exception):
    """The answer was saved from another window since this one loaded it. ``answer`` is
    the answer as it is now in the database (None if it does not exist)."""

    def __init__(self, answer):
        super().__init__("revision conflict")
        self.answer = answer


def default_deadline(opens_on: datetime.date) -> datetime.date:
    return opens_on + datetime.timedelta(weeks=DEADLINE_WEEKS)


def _notify(send, **kwargs):
    """Send one email after the transaction commits; a failing mail server is logged,
    it does not undo (or hide) the change that was committed."""

    def run():
        try:
            send(**kwargs)
        except Exception:
            logger.exception("Could not send %s", send.__name__)

    transaction.on_commit(run)


# --- Questionnaires -------------------------------------------------------------------------


def _lock_draft(questionnaire: Questionnaire) -> Questionnaire:
    locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if locked.status != Questionnaire.Status.DRAFT:
        raise ValidationError(_("This questionnaire is published and can no longer be changed."), code="published")
    return locked


def questionnaire_save(*, questionnaire: Questionnaire, actor) -> Questionnaire:
    with transaction.atomic():
        if questionnaire.pk:
            _lock_draft(questionnaire)
        else:
            questionnaire.status = Questionnaire.Status.DRAFT
        return save_record(questionnaire, actor=actor)


def questionnaire_publish(*, questionnaire: Questionnaire, actor) -> bool:
    """Freeze the questionnaire so rounds can use it. False if it already was published."""
    with transaction.atomic():
        locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
        if locked.status == Questionnaire.Status.PUBLISHED:
            return False
        if not Question.objects.filter(questionnaire=locked).exists():
            raise ValidationError(_("Add at least one question before publishing."), code="empty")
        locked.status = Questionnaire.Status.PUBLISHED
        locked.published_at = timezone.now()
        save_record(locked, actor=actor)
    questionnaire.status, questionnaire.published_at = locked.status, locked.published_at
    return True


def question_save(*, question: Question, actor) -> Question:
    """Add a question (at the end of the questionnaire) or change one, while the
    questionnaire is a draft."""
    with transaction.atomic():
        _lock_draft(question.questionnaire)
        version = question.criterion_version
        if version.status == CriterionVersion.Status.DRAFT:
            raise ValidationError({"criterion_version": _("Choose a criterion version that is not a draft.")})
        if not is_usable(version.criterion, question.questionnaire.buyer_id):
            raise ValidationError(
                {"criterion_version": _("Choose a criterion from your own catalogue or the national one.")}
            )
        if question.answer_type != Question.AnswerType.CHOICE:
            question.choices = []
        if question.answer_type != Question.AnswerType.FILE:
            question.evidence_kind = ""
        elif question.evidence_kind and question.evidence_kind not in Evidence.Kind.values:
            raise ValidationError({"evidence_kind": _("Unknown kind of evidence.")})
        _keep_fitting_rules(question)
        if question.pk is None:
            last = Question.objects.filter(questionnaire=question.questionnaire).order_by("-order").first()
            question.order = (last.order if last else 0) + 1
        return save_record(question, actor=actor)


def _keep_fitting_rules(question: Question) -> None:
    """Empty the plausibility rules that do not fit the answer type, then check the
    others (the lowest not above the highest, the usual range within the possible one)."""
    kind = question.answer_type
    if kind != Question.AnswerType.NUMBER:
        question.min_value = question.max_value = question.soft_min = question.soft_max = None
        question.unit_nb = question.unit_en = ""
    if kind != Question.AnswerType.TEXT:
        question.max_length = None
    if kind != Question.AnswerType.DATE:
        question.date_not_future = ""
        question.date_max_age_months = None
    question.clean_rules()


def question_move(*, question: Question, direction: str, actor) -> bool:
    """Swap the question with its neighbour among the questions of the same OECD step
    (the order they are shown in). False when it already is first or last."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Unknown direction."))
    with transaction.atomic():
        questionnaire = _lock_draft(question.questionnaire)
        questions = selectors.questionnaire_questions(questionnaire)
        index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
        other_index = index - 1 if direction == "up" else index + 1
        if not 0 <= other_index < len(questions):
            return False
        this, other = questions[index], questions[other_index]
        if other.criterion_version.criterion.oecd_step != this.criterion_version.criterion.oecd_step:
            return False
        # The pair (questionnaire, order) is unique: park this one on a free number first.
        free = max(q.order for q in questions) + 1
        Question.objects.filter(pk=this.pk).update(order=free)
        this.order, other.order = other.order, this.order
        save_record(other, actor=actor)
        save_record(this, actor=actor)
    return True


def question_remove(*, question: Question, actor) -> None:
    """Remove a question from a draft questionnaire (nobody has answered it: only
    published questionnaires are sent out); the later ones move up."""
    with transaction.atomic():
        _lock_draft(question.questionnaire)
        removed_order = question.order
        question._history_user = actor
        question.delete()
        for later in Question.objects.filter(questionnaire=question.questionnaire_id, order__gt=removed_order).order_by(
            "order"
        ):
            later.order -= 1
            save_record(later, actor=actor)


# --- Rounds --------------------------------------------------------------------------------


def _add_assessment(*, round_: ReportingRound, supplier: Supplier, users, actor) -> tuple[Assessment, list[str]]:
    """Create the supplier's self-assessment and tell its people: every active portal
    user gets an email; with no user, the primary contact gets a portal invitation."""
    assessment = save_record(Assessment(round=round_, supplier=supplier), actor=actor)
    warnings = []
    if users:
        for user in users:
            _notify(emails.send_assessment_opened, assessment=assessment, user=user)
        return assessment, warnings
    contact = Contact.objects.active().filter(supplier=supplier, is_primary=True).first()
    if contact is None:
        warnings.append(
            _(
                "%(supplier)s has no portal user and no primary contact, so nobody was told about the "
                "self-assessment. Add a primary contact and invite them to the portal."
            )
            % {"supplier": supplier.legal_name}
        )
        return assessment, warnings
    try:
        invitation_create(
            supplier=supplier, email=contact.email, full_name=contact.name, language=contact.language, actor=actor
        )
    except ValidationError as exc:
        warnings.append(
            _("%(supplier)s: the invitation to %(email)s could not be sent: %(reason)s")
            % {"supplier": supplier.legal_name, "email": contact.email, "reason": " ".join(exc.messages)}
        )
    return assessment, warnings


def round_texts_save(*, round_: ReportingRound, actor) -> ReportingRound:
    """Save the round's Bokmål and English title and introduction (kept in its history)."""
    if not round_.title_nb.strip():
        raise ValidationError({"title_nb": _("Write the title in Bokmål.")})
    with transaction.atomic():
        return save_record(round_, actor=actor)


def round_open(
    *,
    agreement: FrameworkAgreement,
    questionnaire: Questionnaire,
    title_nb: str,
    opens_on: datetime.date,
    deadline: datetime.date,
    suppliers: Iterable[Supplier],
    actor,
    title_en: str = "",
    intro_nb: str = "",
    intro_en: str = "",
    accept_shared: Iterable[Supplier] = (),
    public_id=None,
) -> tuple[ReportingRound, list[str]]:
    """Open a reporting round: one self-assessment per chosen supplier (each must hold an
    active award in the agreement), and an email to each of their portal users, all in
    one transaction. Returns the round and warnings to show the officer.

    ``accept_shared``: chosen suppliers that are not asked: their self-assessment is a copy
    of the answer they shared with the buyer (``sharing.services.shared_answer_accept``, in
    this transaction), and they get the "your shared answer was accepted" email instead of
    the opening one. ``public_id`` comes from the form: sending the same form twice (a
    double click, a second tab) opens one round; the second call returns that round, with
    ``repeated`` set, and sends nothing."""
    suppliers = list(suppliers)
    accepted_ids = {supplier.pk for supplier in accept_shared}
    if public_id is not None:
        existing = _repeated_round(agreement, public_id)
        if existing is not None:
            return existing, []
    errors = {}
    if questionnaire.buyer_id not in (agreement.buyer_id, None):  # its own, or the national catalogue's
        errors["questionnaire"] = _("This questionnaire belongs to another buyer.")
    elif questionnaire.status != Questionnaire.Status.PUBLISHED or questionnaire.is_archived:
        errors["questionnaire"] = _("Only a published questionnaire can be sent out.")
    if agreement.is_archived:
        errors["__all__"] = _("This agreement is archived.")
    allowed = set(selectors.agreement_suppliers(agreement).values_list("pk", flat=True))
    if not suppliers:
        errors["suppliers"] = _("Choose at least one supplier.")
    elif any(supplier.pk not in allowed for supplier in suppliers):
        errors["suppliers"] = _("Only suppliers with an active award in this agreement can be chosen.")
    elif not accepted_ids <= {supplier.pk for supplier in suppliers}:
        errors["accept_shared"] = _("Choose the suppliers whose shared answer you accept among the suppliers too.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            return _round_create(
                agreement=agreement,
                questionnaire=questionnaire,
                suppliers=suppliers,
                accepted_ids=accepted_ids,
                actor=actor,
                fields={
                    "title_nb": title_nb,
                    "title_en": title_en,
                    "intro_nb": intro_nb,
                    "intro_en": intro_en,
                    "opens_on": opens_on,
                    "deadline": deadline,
                    **({"public_id": public_id} if public_id is not None else {}),
                },
            )
    except (IntegrityError, ValidationError):
        # The same form sent twice at once: the other request opened the round (its row
        # refused by the unique public id, or by full_clean once the other one committed).
        existing = _repeated_round(agreement, public_id) if public_id is not None else None
        if existing is None:
            raise
        return existing, []


def _repeated_round(agreement, public_id):
    existing = ReportingRound.objects.filter(public_id=public_id).first()
    if existing is None:
        return None
    if existing.agreement_id != agreement.pk:
        raise ValidationError(_("This form was already used for another agreement. Open the form again."))
    existing.repeated = True
    return existing


def _round_create(*, agreement, questionnaire, suppliers, accepted_ids, actor, fields):
    from .sharing import selectors as sharing_selectors  # sharing builds on this module's models
    from .sharing import services as sharing_services

    round_ = save_record(
        ReportingRound(agreement=agreement, questionnaire=questionnaire, created_by=actor, **fields), actor=actor
    )
    round_.repeated = False
    offers = sharing_selectors.offered_answers(round_, accepted_ids) if accepted_ids else {}
    users = users_by_supplier([s for s in suppliers if s.pk not in accepted_ids])
    warnings = []
    for supplier in sorted(suppliers, key=lambda s: s.legal_name):
        if supplier.pk not in accepted_ids:
            _assessment, more = _add_assessment(
                round_=round_, supplier=supplier, users=users.get(supplier.pk, []), actor=actor
            )
            warnings += more
            continue
        share = offers.get(supplier.pk)
        if share is None:
            raise ValidationError(
                {
                    "accept_shared": _(
                        "%(supplier)s has shared no answer to this questionnaire's questions any more: ask it instead."
                    )
                    % {"supplier": supplier.legal_name}
                }
            )
        assessment = save_record(Assessment(round=round_, supplier=supplier), actor=actor)
        try:
            sharing_services.shared_answer_accept(assessment=assessment, share=share, actor=actor)
        except ValidationError as exc:
            raise ValidationError(
                {"accept_shared": [f"{supplier.legal_name}: {message}" for message in exc.messages]}
            ) from None
        if not supplier_users(supplier.pk).exists():
            warnings.append(
                _("%(supplier)s has no portal user any more, so nobody was told that you accepted its shared answer.")
                % {"supplier": supplier.legal_name}
            )
    return round_, warnings


def round_add_supplier(*, round_: ReportingRound, supplier: Supplier, actor) -> tuple[Assessment, list[str]]:
    """Send an open round to one more of the agreement's suppliers."""
    with transaction.atomic():
        locked = ReportingRound.objects.select_for_update().select_related("agreement").get(pk=round_.pk)
        if locked.status != ReportingRound.Status.OPEN:
            raise ValidationError(_("This round is closed."))
        if not selectors.agreement_suppliers(locked.agreement).filter(pk=supplier.pk).exists():
            raise ValidationError(
                {"supplier": _("Only suppliers with an active award in this agreement can be added.")}
            )
        if Assessment.objects.filter(round=locked, supplier=supplier).exists():
            raise ValidationError({"supplier": _("This supplier is already in the round.")})
        return _add_assessment(round_=locked, supplier=supplier, users=list(supplier_users(supplier)), actor=actor)


def round_close(*, round_: ReportingRound, actor) -> bool:
    """Close the round: suppliers can no longer change or submit answers; officers can
    still review what came in. False if it already was closed."""
    with transaction.atomic():
        locked = ReportingRound.objects.select_for_update().get(pk=round_.pk)
        if locked.status == ReportingRound.Status.CLOSED:
            return False
        locked.status = ReportingRound.Status.CLOSED
        # Only the status changes (as core.set_archived does): no full_clean, which would
        # refuse a round whose creator's account has since been deleted (created_by NULL).
        locked._history_user = actor
        locked.save(update_fields=["status", "updated_at"])
    round_.status = locked.status
    return True


# --- The supplier's answers -------------------------------------------------------------------


def _lock_assessment(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().select_related("round__agreement__buyer").get(pk=assessment.pk)


def supplier_may_edit(assessment: Assessment, answer: Answer | None) -> bool:
    """While not started or in progress, every answer; when returned, only the answers
    the officer asked to clarify; never after submitting, or once the round is closed."""
    round_ = assessment.round
    if round_.status != ReportingRound.Status.OPEN or round_.is_archived:
        return False
    if assessment.status in (Assessment.Status.NOT_STARTED, Assessment.Status.IN_PROGRESS):
        return True
    if assessment.status == Assessment.Status.RETURNED:
        return answer is not None and answer.review == Answer.Review.CLARIFICATION
    return False


def _refuse_edit(assessment, answer):
    if assessment.round.status != ReportingRound.Status.OPEN or assessment.round.is_archived:
        raise ValidationError(_("This round is closed; the answers can no longer be changed."), code="closed")
    if assessment.status == Assessment.Status.RETURNED:
        raise ValidationError(
            _("Only the answers you were asked to clarify can be changed now."), code="not_clarification"
        )
    raise ValidationError(_("This self-assessment has been submitted; the answers are read-only."), code="submitted")


def _clean_values(question: Question, values: dict, evidence: list, supplier_id) -> dict:
    """The answer's fields for the question's type (the others emptied), checked here so a
    forged request cannot store what the form would not offer."""
    types = Question.AnswerType
    kind = question.answer_type
    cleaned = {"choice": "", "text": "", "number": None, "date": None}
    cleaned["explanation"] = (values.get("explanation") or "").strip()
    if kind == types.YES_NO_PARTLY:
        cleaned["choice"] = values.get("choice") or ""
        if cleaned["choice"] not in ("", *Answer.Choice.values):
            raise ValidationError({"choice": _("Choose yes, partly or no.")})
    elif kind == types.CHOICE:
        cleaned["choice"] = values.get("choice") or ""
        if cleaned["choice"] not in ("", *(c["value"] for c in question.choices or [])):
            raise ValidationError({"choice": _("Choose one of the options.")})
    elif kind == types.TEXT:
        cleaned["text"] = (values.get("text") or "").strip()
    elif kind == types.NUMBER:
        number = values.get("number")
        try:
            cleaned["number"] = Decimal(str(number)) if number not in (None, "") else None
        except ArithmeticError:
            raise ValidationError({"number": _("Enter a number.")}) from None
    elif kind == types.DATE:
        day = values.get("date") or None
        if isinstance(day, str):
            try:
                day = datetime.date.fromisoformat(day)
            except ValueError:
                raise ValidationError({"date": _("Enter a valid date.")}) from None
        cleaned["date"] = day
    found = plausibility.breaches(question, number=cleaned["number"], text=cleaned["text"], date=cleaned["date"])
    hard = {}
    for breach in found:
        if breach.hard:
            hard.setdefault(breach.field, []).append(breach.message)
    if hard:
        raise ValidationError(hard, code="implausible")
    # The reason for an unusual answer is kept only while the answer is unusual.
    soft = any(not breach.hard for breach in found)
    cleaned["rule_explanation"] = (values.get("rule_explanation") or "").strip() if soft else ""
    if evidence and kind != types.FILE:
        raise ValidationError({"evidence": _("Evidence can only be attached to a file question.")})
    today = timezone.localdate()
    for item in evidence:
        if item.supplier_id != supplier_id or item.is_archived:
            raise ValidationError({"evidence": _("Choose evidence from your own library.")})
        if item.is_expired(today):
            raise ValidationError(
                {"evidence": _("%(title)s has expired and cannot be used. Upload a valid one.") % {"title": item.title}}
            )
    return cleaned


def _unchanged(answer: Answer, cleaned: dict, evidence: list) -> bool:
    same_fields = all(getattr(answer, name) == value for name, value in cleaned.items())
    return same_fields and {e.pk for e in answer.evidence.all()} == {e.pk for e in evidence}


def answer_save(
    *,
    assessment: Assessment,
    question: Question,
    values: dict,
    evidence: Iterable[Evidence] = (),
    expected_revision: int,
    actor,
) -> Answer | None:
    """Save a draft answer if nobody saved it since the supplier loaded revision
    ``expected_revision`` (optimistic lock: UPDATE ... WHERE revision = n). Raises
    RevisionConflict when someone did, ValidationError when the answer may not be changed
    now or a value is not allowed. Saving the first answer moves the self-assessment from
    not started to in progress. Returns the answer (None when an empty answer to a
    question never answered was sent: nothing to save)."""
    evidence = list(evidence)
    if question.questionnaire_id != assessment.round.questionnaire_id:
        raise ValidationError(_("This question is not part of this self-assessment."))
    cleaned = _clean_values(question, values, evidence, assessment.supplier_id)
    with transaction.atomic():
        locked = _lock_assessment(assessment)
        answer = Answer.objects.filter(assessment=locked, question=question).prefetch_related("evidence").first()
        if not supplier_may_edit(locked, answer):
            _refuse_edit(locked, answer)
        if answer is None:
            if expected_revision != 0:
                raise RevisionConflict(None)
            if not evidence and all(value in ("", None) for value in cleaned.values()):
                return None
            answer = Answer(assessment=locked, question=question, revision=1, **cleaned)
            try:
                with transaction.atomic():
                    save_record(answer, actor=actor, m2m={"evidence": evidence})
            except IntegrityError:
                raise RevisionConflict(Answer.objects.filter(assessment=locked, question=question).first()) from None
        else:
            if _unchanged(answer, cleaned, evidence):
                return answer
            claimed = Answer.objects.filter(pk=answer.pk, revision=expected_revision).update(
                revision=expected_revision + 1
            )
            if not claimed:
                answer.refresh_from_db()
                raise RevisionConflict(answer)
            answer.revision = expected_revision + 1
            for name, value in cleaned.items():
                setattr(answer, name, value)
            save_record(answer, actor=actor, m2m={"evidence": evidence})
        if locked.status == Assessment.Status.NOT_STARTED:
            locked.status = Assessment.Status.IN_PROGRESS
            save_record(locked, actor=actor)
    assessment.status = locked.status
    return answer


def assessment_submit(*, assessment: Assessment, actor) -> bool:
    """Submit (or, after a return, resubmit) the self-assessment and tell the buyer's
    officers. Refused while a required question is unanswered or an attached document
    has expired. A second submit changes nothing and returns False."""
    with transaction.atomic():
        locked = _lock_assessment(assessment)
        if locked.status in (Assessment.Status.SUBMITTED, Assessment.Status.ACCEPTED):
            return False
        if locked.round.status != ReportingRound.Status.OPEN or locked.round.is_archived:
            raise ValidationError(_("This round is closed; the self-assessment can no longer be submitted."))
        items = selectors.assessment_items(locked)
        missing = selectors.missing_required(items)
        if missing:
            raise ValidationError(
                ngettext(
                    "%(count)d required question is not answered yet.",
                    "%(count)d required questions are not answered yet.",
                    len(missing),
                )
                % {"count": len(missing)},
                code="missing",
            )
        unexplained = plausibility.unexplained(items)
        if unexplained:
            raise ValidationError(
                ngettext(
                    "Question %(numbers)s has an answer outside the usual range: explain why before you submit.",
                    "Questions %(numbers)s have answers outside the usual range: explain why before you submit.",
                    len(unexplained),
                )
                % {"numbers": ", ".join(str(q.number) for q in unexplained)},
                code="unexplained",
            )
        today = timezone.localdate()
        expired = [e.title for _q, a in items if a is not None for e in a.evidence.all() if e.is_expired(today)]
        if expired:
            raise ValidationError(
                _("Some attached evidence has expired; replace it first: %(titles)s") % {"titles": ", ".join(expired)},
                code="expired",
            )
        returned = locked.status == Assessment.Status.RETURNED
        locked.status = Assessment.Status.SUBMITTED
        if locked.submitted_at is None:
            # The first submission counts for the deadline; a resubmission is in the history.
            locked.submitted_at = timezone.now()
        save_record(locked, actor=actor)
        if returned:
            # The clarified answers go back to the officer for a new review.
            for _question, answer in items:
                if answer is not None and answer.review == Answer.Review.CLARIFICATION:
                    answer.review = Answer.Review.PENDING
                    save_record(answer, actor=actor)
        for officer in buyer_officers(locked.round.agreement.buyer):
            _notify(emails.send_assessment_submitted, assessment=locked, user=officer)
    assessment.status, assessment.submitted_at = locked.status, locked.submitted_at
    return True


# --- The officer's review ---------------------------------------------------------------------


def answer_review(
    *,
    assessment: Assessment,
    question: Question,
    decision: str,
    comment: str = "",
    severity: str = "",
    note: str = "",
    actor,
) -> Answer:
    """Accept one answer, ask for clarification, or record a non-compliance (a severity is
    required), while the self-assessment is submitted. ``comment`` is the reason written
    for the supplier, shown on the answer in the portal: required for a clarification and
    a non-compliance. ``note`` is the officers' internal note, which never reaches the
    supplier (portal, API, emails)."""
    comment = (comment or "").strip()
    note = (note or "").strip()
    if decision not in (Answer.Review.ACCEPTED, Answer.Review.CLARIFICATION, Answer.Review.NON_COMPLIANT):
        raise ValidationError(_("Unknown decision."))
    errors = {}
    if decision == Answer.Review.CLARIFICATION and not comment:
        errors["comment"] = _("Tell the supplier what to clarify.")
    if decision == Answer.Review.NON_COMPLIANT:
        if severity not in Answer.Severity.values:
            errors["severity"] = _("Choose the severity of the non-compliance.")
        if not comment:
            errors["comment"] = _("Tell the supplier why the answer does not meet the requirement.")
    if errors:
        raise ValidationError(errors)
    if question.questionnaire_id != assessment.round.questionnaire_id:
        raise ValidationError(_("This question is not part of this self-assessment."))
    with transaction.atomic():
        locked = _lock_assessment(assessment)
        if locked.status != Assessment.Status.SUBMITTED:
            raise ValidationError(_("Answers can be reviewed only while the self-assessment is submitted."))
        answer = Answer.objects.filter(assessment=locked, question=question).first()
        if answer is None:
            # A question the supplier left empty (an optional one) can be reviewed too.
            answer = Answer(assessment=locked, question=question)
        answer.review = decision
        answer.review_comment = comment
        answer.review_note = note
        answer.severity = severity if decision == Answer.Review.NON_COMPLIANT else ""
        answer.reviewed_by = actor
        answer.reviewed_at = timezone.now()
        save_record(answer, actor=actor)
        refresh_score(locked)
        return answer


def refresh_score(assessment: Assessment):
    """Store the self-assessment's overall score (followup.scoring, the figure the review
    page shows) on the row, for the dashboards to average in SQL. Called whenever a review
    changes; the answers that count cannot change otherwise. Returns the score."""
    score = scoring.score_assessment(selectors.assessment_items(assessment)).overall.percent
    Assessment.objects.filter(pk=assessment.pk).update(score=score)
    assessment.score = score
    return score


def assessment_return(*, assessment: Assessment, actor) -> bool:
    """Send the self-assessment back to the supplier to clarify the answers marked so,
    and email its portal users. False if it already was returned."""
    with transaction.atomic():
        locked = _lock_assessment(assessment)
        if locked.status == Assessment.Status.RETURNED:
            return False
        if locked.status != Assessment.Status.SUBMITTED:
            raise ValidationError(_("Only a submitted self-assessment can be returned."))
        if not Answer.objects.filter(assessment=locked, review=Answer.Review.CLARIFICATION).exists():
            raise ValidationError(_("Ask for clarification on at least one answer first."))
        locked.status = Assessment.Status.RETURNED
        locked.returned_at = timezone.now()
        save_record(locked, actor=actor)
        for user in supplier_users(locked.supplier_id):
            _notify(emails.send_assessment_returned, assessment=locked, user=user)
    assessment.status, assessment.returned_at = locked.status, locked.returned_at
    return True


def assessment_accept(*, assessment: Assessment, verdict: str, comment: str, actor) -> bool:
    """Close the review with an overall verdict and a comment (written for the supplier),
    once every answer has been reviewed (none pending, none awaiting clarification). The
    supplier's portal users get the verdict by email, in their own language, written to
    the outbox in the same transaction. False if already accepted."""
    comment = (comment or "").strip()
    errors = {}
    if verdict not in Assessment.Verdict.values:
        errors["verdict"] = _("Choose the overall verdict.")
    if not comment:
        errors["verdict_comment"] = _("Explain the verdict.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock_assessment(assessment)
        if locked.status == Assessment.Status.ACCEPTED:
            return False
        if locked.status != Assessment.Status.SUBMITTED:
            raise ValidationError(_("Only a submitted self-assessment can be accepted."))
        blocking = selectors.answers_to_review(selectors.assessment_items(locked))
        if blocking:
            raise ValidationError(
                ngettext(
                    "%(count)d answer still needs a review.", "%(count)d answers still need a review.", len(blocking)
                )
                % {"count": len(blocking)},
                code="pending",
            )
        locked.status = Assessment.Status.ACCEPTED
        locked.accepted_at = timezone.now()
        locked.verdict = verdict
        locked.verdict_comment = comment
        save_record(locked, actor=actor)
        # In the outbox in this transaction: the verdict and the email stand or fall together.
        for user in supplier_users(locked.supplier_id):
            emails.send_assessment_decided(assessment=locked, user=user)
    for name in ("status", "accepted_at", "verdict", "verdict_comment"):
        setattr(assessment, name, getattr(locked, name))
    return True


def assessment_note_save(*, assessment: Assessment, note: str, actor) -> Assessment:
    """The officers' internal note on a self-assessment; never shown to the supplier."""
    with transaction.atomic():
        locked = _lock_assessment(assessment)
        locked.internal_note = (note or "").strip()
        save_record(locked, actor=actor)
    assessment.internal_note = locked.internal_note
    return assessment


def questionnaire_set_shared(*, questionnaire: Questionnaire, actor, shared: bool) -> Questionnaire:
    """Share a published questionnaire with the other buyers' staff (read only), or stop."""
    with transaction.atomic():
        locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
        if shared and locked.status != Questionnaire.Status.PUBLISHED:
            raise ValidationError(_("Publish the questionnaire before sharing it with other buyers."))
        if locked.shared == shared:
            return locked
        locked.shared = shared
        return save_record(locked, actor=actor)
