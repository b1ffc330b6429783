"""How a self-assessment is scored. The review page shows every step of it.

Each question has a weight ``w`` (a whole number, at least 1; the officer sets it).

Points of one answer
    yes / no / partly question: yes → 1, partly → 0.5, no → 0 (no answer → 0)
    every other type (text, number, choice, date, file evidence): 1 when answered, 0 when not

The officer's review decides whether an answer counts
    accepted                           → counts with its points
    non-compliance recorded            → counts with 0 points, whatever was answered
    not reviewed yet, or clarification → not counted yet ("pending")
    an optional question left empty and not reviewed → not counted ("not answered")

Score of a group: an OECD step, a criterion (topic) or the whole self-assessment
    score = 100 × Σ(w × points) / Σ(w)

both sums taken over the counted answers of the group only, and always shown with how
many of the group's questions are counted ("3 of 4 counted"). A group with no counted
answer has no score yet.

Worked example (the same numbers are checked in tests/followup/test_scoring.py):

    question  type             weight  answer   review          counts as
    Q1        yes/no/partly    2       partly   accepted        2 × 0.5 = 1 of 2
    Q2        text             1       written  accepted        1 × 1   = 1 of 1
    Q3        yes/no/partly    3       yes      non-compliance  3 × 0   = 0 of 3
    Q4        number           1       12       not reviewed    pending, not counted

    overall = 100 × (1 + 1 + 0) / (2 + 1 + 3) = 100 × 2 / 6 = 33.3, 3 of 4 counted.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from criteria.models import OecdStep

from .models import Answer, Question

YES_NO_PARTLY_POINTS = {
    Answer.Choice.YES: Decimal("1"),
    Answer.Choice.PARTLY: Decimal("0.5"),
    Answer.Choice.NO: Decimal("0"),
}

COUNTED = "counted"
NON_COMPLIANT = "non_compliant"
PENDING = "pending"
NOT_ANSWERED = "not_answered"


def is_answered(question, answer):
    """Whether the supplier has given an answer of the question's type. For a file
    question the answer's evidence should be prefetched."""
    if answer is None:
        return False
    kind = question.answer_type
    if kind in (Question.AnswerType.YES_NO_PARTLY, Question.AnswerType.CHOICE):
        return bool(answer.choice)
    if kind == Question.AnswerType.TEXT:
        return bool(answer.text.strip())
    if kind == Question.AnswerType.NUMBER:
        return answer.number is not None
    if kind == Question.AnswerType.DATE:
        return answer.date is not None
    if kind == Question.AnswerType.FILE:
        return answer.pk is not None and len(answer.evidence.all()) > 0
    return False


def answer_points(question, answer):
    """What the answer earns per unit of weight, before the review: 0, 0.5 or 1."""
    if question.answer_type == Question.AnswerType.YES_NO_PARTLY:
        return YES_NO_PARTLY_POINTS.get(answer.choice if answer else "", Decimal("0"))
    return Decimal("1") if is_answered(question, answer) else Decimal("0")


@dataclass(frozen=True)
class AnswerScore:
    """How one question counted."""

    question: Question
    answer: Answer | None
    weight: int
    points: Decimal
    state: str

    @property
    def counted(self):
        return self.state in (COUNTED, NON_COMPLIANT)

    @property
    def earned(self):
        """w × points for an accepted answer, 0 for a non-compliance, None when not counted."""
        if self.state == COUNTED:
            return self.weight * self.points
        if self.state == NON_COMPLIANT:
            return Decimal("0")
        return None


@dataclass
class GroupScore:
    """The score of a group of questions (an OECD step, a criterion, or all of them)."""

    key: object
    label: str
    earned: Decimal = Decimal("0")
    counted_weight: int = 0
    counted: int = 0
    total: int = 0

    def add(self, item: AnswerScore):
        self.total += 1
        if item.counted:
            self.counted += 1
            self.counted_weight += item.weight
            self.earned += item.earned

    @property
    def percent(self):
        """100 × Σ(w × points) / Σ(w) over counted answers, to one decimal; None if none counted."""
        if not self.counted_weight:
            return None
        return (Decimal(100) * self.earned / self.counted_weight).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Scorecard:
    answers: list = field(default_factory=list)
    steps: list = field(default_factory=list)
    criteria: list = field(default_factory=list)
    overall: GroupScore | None = None


def score_answer(question, answer):
    review = answer.review if answer is not None else Answer.Review.PENDING
    points = answer_points(question, answer)
    if review == Answer.Review.ACCEPTED:
        state = COUNTED
    elif review == Answer.Review.NON_COMPLIANT:
        state = NON_COMPLIANT
    elif review == Answer.Review.PENDING and not question.required and not is_answered(question, answer):
        state = NOT_ANSWERED
    else:
        state = PENDING
    return AnswerScore(question=question, answer=answer, weight=question.weight, points=points, state=state)


def score_assessment(items):
    """``items`` is a list of ``(question, answer or None)`` in display order; each
    question's ``criterion_version.criterion`` should be loaded (select_related)."""
    card = Scorecard(overall=GroupScore(key="overall", label=_("Overall")))
    steps, criteria = {}, {}
    step_labels = dict(OecdStep.choices)
    for question, answer in items:
        item = score_answer(question, answer)
        card.answers.append(item)
        version = question.criterion_version
        step = version.criterion.oecd_step
        if step not in steps:
            steps[step] = GroupScore(key=step, label=str(step_labels.get(step, step)))
        criterion_key = version.criterion_id
        if criterion_key not in criteria:
            criteria[criterion_key] = GroupScore(key=criterion_key, label=f"{version.criterion.code} {version.title}")
        steps[step].add(item)
        criteria[criterion_key].add(item)
        card.overall.add(item)
    card.steps = [steps[key] for key in sorted(steps)]
    card.criteria = sorted(criteria.values(), key=lambda group: group.label)
    return card
