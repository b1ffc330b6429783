"""Worked examples of followup/scoring.py; every number adds up by hand. These are pure
calculations on unsaved objects: no database."""

from decimal import Decimal

import pytest

from criteria.models import Criterion, CriterionVersion
from followup.models import Answer, Question
from followup.scoring import answer_points, is_answered, score_answer, score_assessment


def _version(code, step):
    criterion = Criterion(pk=int(code.split("-")[1]), code=code, oecd_step=step)
    return CriterionVersion(criterion=criterion, title_en=f"Topic {code}", title_nb=f"Tema {code}")


def _question(version, kind="yes_no_partly", weight=1, required=True):
    return Question(criterion_version=version, answer_type=kind, weight=weight, required=required)


def _answer(review="pending", **values):
    return Answer(review=review, **values)


POLICY = _version("CLA-1", 1)
RISKS = _version("CLA-2", 2)
HOURS = _version("CLA-3", 2)


def test_points_per_answer():
    yes_no = _question(POLICY)
    assert answer_points(yes_no, _answer(choice="yes")) == 1
    assert answer_points(yes_no, _answer(choice="partly")) == Decimal("0.5")
    assert answer_points(yes_no, _answer(choice="no")) == 0
    assert answer_points(yes_no, None) == 0
    text = _question(POLICY, kind="text")
    assert answer_points(text, _answer(text="We audit twice a year")) == 1
    assert answer_points(text, _answer(text="   ")) == 0
    number = _question(POLICY, kind="number")
    assert answer_points(number, _answer(number=Decimal("0"))) == 1  # zero is an answer
    assert not is_answered(_question(POLICY, kind="date"), _answer())


def test_the_worked_example_of_the_docstring():
    # Q1 yes/no/partly, weight 2, partly, accepted        → 2 × 0.5 = 1 of 2
    # Q2 text, weight 1, answered, accepted                → 1 × 1   = 1 of 1
    # Q3 yes/no/partly, weight 3, yes, non-compliance      → 3 × 0   = 0 of 3
    # Q4 number, weight 1, answered, not reviewed          → pending, not counted
    # overall = 100 × (1 + 1 + 0) / (2 + 1 + 3) = 33.3, 3 of 4 counted
    items = [
        (_question(POLICY, weight=2), _answer("accepted", choice="partly")),
        (_question(POLICY, kind="text"), _answer("accepted", text="Published on our site")),
        (_question(RISKS, weight=3), _answer("non_compliant", choice="yes", severity="high")),
        (_question(HOURS, kind="number"), _answer(number=Decimal("58"))),
    ]
    card = score_assessment(items)
    assert [a.earned for a in card.answers] == [Decimal("1.0"), Decimal("1"), Decimal("0"), None]
    assert [a.state for a in card.answers] == ["counted", "counted", "non_compliant", "pending"]
    assert card.overall.earned == 2 and card.overall.counted_weight == 6
    assert card.overall.percent == Decimal("33.3")
    assert (card.overall.counted, card.overall.total) == (3, 4)
    # Per OECD step: step 1 = 100 × (1 + 1) / (2 + 1) = 66.7 (2 of 2);
    # step 2 = 100 × 0 / 3 = 0.0 (1 of 2: the number answer is still pending).
    assert [(s.key, str(s.percent), s.counted, s.total) for s in card.steps] == [(1, "66.7", 2, 2), (2, "0.0", 1, 2)]
    # Per criterion: CLA-1 66.7 (2 of 2); CLA-2 0.0 (1 of 1); CLA-3 no score yet (0 of 1).
    by_code = {c.label.split()[0]: (c.percent, c.counted, c.total) for c in card.criteria}
    assert by_code == {"CLA-1": (Decimal("66.7"), 2, 2), "CLA-2": (Decimal("0.0"), 1, 1), "CLA-3": (None, 0, 1)}


def test_weights_change_the_balance():
    # yes (weight 1) and no (weight 3), both accepted: 100 × (1×1 + 3×0) / (1 + 3) = 25.0
    items = [
        (_question(POLICY, weight=1), _answer("accepted", choice="yes")),
        (_question(POLICY, weight=3), _answer("accepted", choice="no")),
    ]
    assert score_assessment(items).overall.percent == Decimal("25.0")


def test_clarification_and_unanswered_optional_questions_do_not_count():
    # accepted yes (1 of 1); clarification asked (not counted); an optional question
    # left empty (not counted, "not answered"); a required question accepted but
    # empty counts 0 (1 of 1 → 0). 100 × (1 + 0) / (1 + 1) = 50.0, 2 of 4 counted.
    items = [
        (_question(POLICY), _answer("accepted", choice="yes")),
        (_question(POLICY), _answer("clarification", choice="yes", review_comment="Which policy?")),
        (_question(RISKS, kind="text", required=False), None),
        (_question(RISKS, kind="text"), _answer("accepted")),
    ]
    card = score_assessment(items)
    assert [a.state for a in card.answers] == ["counted", "pending", "not_answered", "counted"]
    assert card.overall.percent == Decimal("50.0")
    assert (card.overall.counted, card.overall.total) == (2, 4)


def test_nothing_counted_means_no_score_yet():
    card = score_assessment([(_question(POLICY), _answer(choice="yes"))])
    assert card.overall.percent is None
    assert (card.overall.counted, card.overall.total) == (0, 1)


@pytest.mark.parametrize(
    ("review", "state", "earned"),
    [("accepted", "counted", Decimal("0.5")), ("non_compliant", "non_compliant", 0), ("pending", "pending", None)],
)
def test_the_review_decides_whether_an_answer_counts(review, state, earned):
    item = score_answer(_question(POLICY), _answer(review, choice="partly"))
    assert (item.state, item.earned) == (state, earned)
