"""Tuned reads for the follow-up screens. Every list here runs a fixed number of queries
whatever the number of rows (tests/followup/test_queries.py checks the progress page
and the portal answer page at two sizes)."""

from collections import defaultdict

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from contracts.models import Award
from criteria.models import OecdStep
from oslo_procurement.compiled import compiled_queryset
from suppliers.models import Evidence, Supplier

from . import plausibility
from .models import Answer, Assessment, CorrectiveAction, Question, Questionnaire, ReportingRound
from .scoring import is_answered

OPEN_STATUSES = (Assessment.Status.NOT_STARTED, Assessment.Status.IN_PROGRESS, Assessment.Status.RETURNED)


def _count(qs, group_by):
    """A correlated COUNT(*) subquery, 0 when no row matches."""
    counted = qs.order_by().values(group_by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


# --- Questionnaires -----------------------------------------------------------------------


def questionnaire_list(*, buyer, status="", user=None):
    """The buyer's questionnaires, then the national ones and those other buyers share."""
    from .access import visible_questionnaires

    qs = Questionnaire.objects.active().filter(visible_questionnaires(buyer, user)).select_related("buyer")
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(
        question_count=_count(Question.objects.filter(questionnaire=OuterRef("pk")), "questionnaire"),
        foreign=Case(
            When(Q(buyer=buyer) | Q(buyer__isnull=True), then=Value(False)),
            default=Value(True),
            output_field=BooleanField(),
        ),
    ).order_by("foreign", "buyer", "-created_at", "pk")


def published_questionnaires(buyer):
    """What a round may send: the buyer's own published questionnaires and the national ones."""
    return (
        Questionnaire.objects.active()
        .filter(Q(buyer=buyer) | Q(buyer__isnull=True), status=Questionnaire.Status.PUBLISHED)
        .order_by("title_nb")
    )


def questionnaire_questions(questionnaire):
    """The questions in display order: by OECD step, then by their order. Each gets a
    ``number`` (its position on the page, 1, 2, 3 ...). One query."""
    questions = compiled_queryset(
        "followup.questions",
        lambda questionnaire: Question.objects.filter(questionnaire=questionnaire).select_related(
            "criterion_version__criterion"
        ),
        questionnaire=getattr(questionnaire, "pk", questionnaire),
    )
    questions.sort(key=lambda q: (q.criterion_version.criterion.oecd_step, q.order))
    kinds = dict(Evidence.Kind.choices)
    for number, question in enumerate(questions, start=1):
        question.number = number
        question.evidence_kind_label = kinds.get(question.evidence_kind, question.evidence_kind)
    return questions


def group_by_step(items, *, key=lambda item: item):
    """``[{"step": 1, "label": "1 Embed ...", "items": [...]}, ...]`` for items already in
    display order; ``key(item)`` gives the item's question."""
    labels = dict(OecdStep.choices)
    groups = []
    for item in items:
        step = key(item).criterion_version.criterion.oecd_step
        if not groups or groups[-1]["step"] != step:
            groups.append({"step": step, "label": labels.get(step, step), "items": []})
        groups[-1]["items"].append(item)
    return groups


# --- Rounds ------------------------------------------------------------------------------


def round_list(*, buyer, status=""):
    """The buyer's rounds, each with how many self-assessments it has, how many have
    been submitted and how many accepted."""
    qs = ReportingRound.objects.active().filter(agreement__buyer=buyer).select_related("agreement", "questionnaire")
    if status:
        qs = qs.filter(status=status)
    assessments = Assessment.objects.filter(round=OuterRef("pk"))
    return qs.annotate(
        assessment_count=_count(assessments, "round"),
        # Submitted at least once (also when returned for clarification since): the
        # count the submission rate is made of (followup.reports.figures.SubmissionRate).
        submitted_count=_count(assessments.filter(submitted_at__isnull=False), "round"),
        accepted_count=_count(assessments.filter(status=Assessment.Status.ACCEPTED), "round"),
    ).order_by("-opens_on", "title_nb")


def agreement_suppliers(agreement):
    """The suppliers with an active award in the agreement: the ones a round is sent to."""
    awarded = Award.objects.active().filter(agreement=agreement).values("supplier")
    return Supplier.objects.active().filter(pk__in=awarded).order_by("legal_name")


def addable_suppliers(round_):
    """The agreement's awarded suppliers that have no self-assessment in the round yet."""
    return agreement_suppliers(round_.agreement).exclude(
        pk__in=Assessment.objects.filter(round=round_).values("supplier")
    )


def _answered_condition():
    """SQL twin of scoring.is_answered, for an Answer row."""
    has_evidence = Exists(Answer.evidence.through.objects.filter(answer=OuterRef("pk")))
    types = Question.AnswerType
    return (
        (Q(question__answer_type__in=[types.YES_NO_PARTLY, types.CHOICE]) & ~Q(choice=""))
        | (Q(question__answer_type=types.TEXT) & ~Q(text=""))
        | (Q(question__answer_type=types.NUMBER) & Q(number__isnull=False))
        | (Q(question__answer_type=types.DATE) & Q(date__isnull=False))
        | (Q(question__answer_type=types.FILE) & has_evidence)
    )


def days_late(assessment, *, today=None):
    """Days after the deadline: of the (first) submission, or of today while it is not
    submitted. 0 when on time."""
    deadline = assessment.round.deadline
    if assessment.submitted_at is not None:
        day = timezone.localdate(assessment.submitted_at)
    else:
        day = today or timezone.localdate()
    return max((day - deadline).days, 0)


def round_progress(round_, *, status=""):
    """One row per supplier of the round: the self-assessment with its supplier, the
    number of required questions answered (``required_answered``), whether it is late
    (``days_late``). Two queries whatever the number of suppliers."""
    required_total = Question.objects.filter(questionnaire=round_.questionnaire_id, required=True).count()
    answered = Answer.objects.filter(assessment=OuterRef("pk"), question__required=True).filter(_answered_condition())
    qs = (
        Assessment.objects.filter(round=round_)
        .select_related("supplier")
        .annotate(required_answered=_count(answered, "assessment"))
        .order_by("supplier__legal_name")
    )
    if status:
        qs = qs.filter(status=status)
    rows = list(qs)
    today = timezone.localdate()
    for row in rows:
        row.round = round_  # the same object for every row: no query per row
        row.required_total = required_total
        row.days_late = days_late(row, today=today)
    return {"rows": rows, "required_total": required_total}


def round_status_counts(round_):
    counts = dict(Assessment.objects.filter(round=round_).order_by().values_list("status").annotate(n=Count("pk")))
    return [
        {"status": value, "label": label, "count": counts.get(value, 0)} for value, label in Assessment.Status.choices
    ]


# --- One self-assessment -------------------------------------------------------------------


def assessment_items(assessment):
    """``[(question, answer or None), ...]`` in display order, each answer with its
    evidence and reviewer. Two queries plus one for the evidence, whatever the size (the
    two compiled once per process: the portal and the review page show them on every view)."""
    questions = questionnaire_questions(assessment.round.questionnaire_id)
    rows = compiled_queryset(
        "followup.answers",
        lambda assessment: Answer.objects.filter(assessment=assessment).select_related("reviewed_by"),
        assessment=assessment,
    )
    _attach_evidence(assessment, rows)
    answers = {answer.question_id: answer for answer in rows}
    return [(question, answers.get(question.pk)) for question in questions]


def _attach_evidence(assessment, answers):
    """Each answer's evidence, ordered by title, in its prefetch cache, as
    ``prefetch_related_objects(answers, Prefetch("evidence", queryset=Evidence.objects.order_by("title")))``
    leaves it: ``answer.evidence.all()`` gives the list without a query, and anything built on
    it (a filter) is the answer's own related queryset. Read with one statement for the whole
    self-assessment, compiled once per process, instead of a prefetch built on every view."""
    attached = defaultdict(list)
    for evidence in compiled_queryset(
        "followup.answer_evidence",
        lambda assessment: (
            Evidence.objects.filter(answers__assessment=assessment)
            .annotate(_answer_pk=F("answers__pk"))
            .order_by("title", "pk")
        ),
        assessment=assessment,
    ):
        attached[evidence.__dict__.pop("_answer_pk")].append(evidence)
    ordered = Evidence.objects.order_by("title")  # one for all answers, as prefetch_related_objects passes it
    for answer in answers:
        queryset = answer.evidence._apply_rel_filters(ordered)
        queryset._result_cache = attached.get(answer.pk, [])
        queryset._prefetch_done = True
        answer._prefetched_objects_cache = {**getattr(answer, "_prefetched_objects_cache", {}), "evidence": queryset}


def attached_evidence(answer):
    """``list(answer.evidence.all())``: read from the prefetch cache _attach_evidence fills
    without making the answer's related manager (a page of twenty answers made twenty)."""
    prefetched = getattr(answer, "_prefetched_objects_cache", {}).get("evidence")
    return list(prefetched if prefetched is not None else answer.evidence.all())


def missing_required(items):
    """The required questions without an answer, in display order."""
    return [question for question, answer in items if question.required and not is_answered(question, answer)]


def answers_to_review(items):
    """Answers that stop the officer from accepting: clarification asked, or answered
    and not reviewed yet."""
    blocking = []
    for question, answer in items:
        if answer is None:
            continue
        if answer.review == Answer.Review.CLARIFICATION or (
            answer.review == Answer.Review.PENDING and is_answered(question, answer)
        ):
            blocking.append((question, answer))
    return blocking


_YES_NO_PARTLY = dict(Answer.Choice.choices)  # lazy labels: translated when written out


def choice_label(question, answer):
    """The label of a yes/no/partly or choice answer, in the active language."""
    if answer is None or not answer.choice:
        return ""
    if question.answer_type == Question.AnswerType.YES_NO_PARTLY:
        label = _YES_NO_PARTLY.get(answer.choice)
        return str(label) if label is not None else answer.choice
    return dict(question.choice_options()).get(answer.choice, answer.choice)


def answer_rows(items):
    """The rows the review page and the portal show, one per ``(question, answer)``."""
    return [
        {
            "question": question,
            "answer": answer,
            "answered": is_answered(question, answer),
            "value_label": choice_label(question, answer),
            "attached": attached_evidence(answer) if answer is not None else [],
            "soft_breaches": plausibility.soft_messages(question, answer),
        }
        for question, answer in items
    ]


def answer_actions(assessment, *, for_supplier=False):
    """``{answer id: corrective action}`` for the actions started from the assessment's
    answers (at most one per answer, a database rule), in one query. ``for_supplier``
    keeps only what the portal may show (an action agreed in a meeting once the minutes
    are shared)."""
    from followup.actions.access import portal_visible_actions

    def build(assessment, supplier):
        qs = portal_visible_actions(supplier) if for_supplier else CorrectiveAction.objects.all()
        return qs.filter(answer__assessment=assessment).only(
            "pk", "public_id", "title", "status", "deadline", "answer_id"
        )

    actions = compiled_queryset(
        ("followup.answer_actions", for_supplier), build, assessment=assessment, supplier=assessment.supplier_id
    )
    return {action.answer_id: action for action in actions}


def supplier_evidence(supplier):
    """The supplier's evidence library (not archived), valid and expired alike; the
    answer page offers only the valid ones."""
    return compiled_queryset(
        "followup.evidence_library",
        lambda supplier: Evidence.objects.active().filter(supplier=supplier).order_by("kind", "title"),
        supplier=supplier,
    )


# --- People to notify ----------------------------------------------------------------------


# Who gets the emails: suppliers.selectors.supplier_users / users_by_supplier and
# contracts.selectors.buyer_officers.


# --- Portal ----------------------------------------------------------------------------------


def portal_assessments(supplier):
    """The supplier's self-assessments: open ones first (nearest deadline first), then
    the others, newest round first. One query."""
    open_first = Case(
        When(status__in=OPEN_STATUSES, round__status=ReportingRound.Status.OPEN, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    rows = list(
        Assessment.objects.filter(supplier=supplier, round__archived_at__isnull=True)
        .select_related("round__agreement__buyer")
        .annotate(closed_order=open_first)
        .order_by("closed_order", "round__deadline", "round__title_nb")
    )
    today = timezone.localdate()
    for row in rows:
        row.is_open = row.closed_order == 0
        row.days_left = (row.round.deadline - today).days
        row.days_overdue = max(-row.days_left, 0)
    return rows


PORTAL_DECISIONS = 5


def portal_decisions(supplier):
    """The buyer's latest decisions the supplier must hear of (the portal home): its
    accepted self-assessments with the verdict and comment, and the verifications and
    returns of its visible corrective actions, newest first. Two queries."""
    from followup.actions.access import portal_visible_actions

    from .models import ActionUpdate

    verdicts = list(
        Assessment.objects.filter(supplier=supplier, status=Assessment.Status.ACCEPTED, round__archived_at__isnull=True)
        .select_related("round__agreement__buyer")
        .defer("internal_note")
        .order_by("-accepted_at", "-pk")[:PORTAL_DECISIONS]
    )
    updates = list(
        ActionUpdate.objects.filter(
            action__in=portal_visible_actions(supplier),
            kind__in=[ActionUpdate.Kind.VERIFIED, ActionUpdate.Kind.RETURNED],
        )
        .select_related("action")
        .order_by("-created_at", "-pk")[:PORTAL_DECISIONS]
    )
    return {"verdicts": verdicts, "action_updates": updates}


def supplier_assessments(supplier, buyer):
    """The supplier's self-assessments in the buyer's rounds (the panel on the supplier page)."""
    return (
        Assessment.objects.filter(supplier=supplier, round__agreement__buyer=buyer, round__archived_at__isnull=True)
        .select_related("round__agreement")
        .order_by("-round__opens_on")
    )
