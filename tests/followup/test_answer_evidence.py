"""A self-assessment's answers carry their evidence as Django's prefetch would leave it:
ordered by title, an evidence shared by two answers under both, none under an answer without
any, read with one statement; and a query built on an answer's evidence stays that answer's."""

import pytest
from django.db import connection
from django.db.models import Prefetch, prefetch_related_objects
from django.test.utils import CaptureQueriesContext

from followup import selectors
from followup.models import Answer
from suppliers.models import Evidence
from tests import factories as f

pytestmark = pytest.mark.django_db


def _answers(assessment, questions, supplier):
    shared = f.EvidenceFactory(supplier=supplier, title="B shared")
    first = f.EvidenceFactory(supplier=supplier, title="C first")
    early = f.EvidenceFactory(supplier=supplier, title="A early")
    answers = [Answer.objects.create(assessment=assessment, question=question) for question in questions]
    answers[0].evidence.set([first, shared, early])
    answers[1].evidence.set([shared])
    return answers


def test_as_djangos_prefetch(assessment_a, assessment_b, questions, supplier_a, supplier_b):
    _answers(assessment_b, questions, supplier_b)  # another assessment's evidence stays out
    _answers(assessment_a, questions, supplier_a)
    for _ in range(2):  # the second time from the compiled statement
        with CaptureQueriesContext(connection) as queries:
            items = selectors.assessment_items(assessment_a)
            ours = {question.pk: list(answer.evidence.all()) for question, answer in items if answer}
        reads = [q["sql"] for q in queries.captured_queries if "suppliers_evidence" in q["sql"]]
        assert len(reads) == 1
    expected = list(Answer.objects.filter(assessment=assessment_a))
    prefetch_related_objects(expected, Prefetch("evidence", queryset=Evidence.objects.order_by("title")))
    assert ours == {answer.question_id: list(answer.evidence.all()) for answer in expected}
    assert [e.title for e in ours[questions[0].pk]] == ["A early", "B shared", "C first"]
    assert [e.title for e in ours[questions[1].pk]] == ["B shared"]
    assert ours[questions[2].pk] == []
    # Built on: still the answer's own evidence.
    second = next(answer for question, answer in items if question == questions[1])
    assert list(second.evidence.all().filter(title__startswith="C")) == []
    assert second.evidence.count() == 1


def test_attached_evidence_is_the_prefetched_list_or_else_read(assessment_a, questions, supplier_a):
    _answers(assessment_a, questions, supplier_a)
    items = selectors.assessment_items(assessment_a)
    with CaptureQueriesContext(connection) as queries:
        attached = {question.pk: selectors.attached_evidence(answer) for question, answer in items if answer}
    assert queries.captured_queries == []
    assert attached == {question.pk: list(answer.evidence.all()) for question, answer in items if answer}
    assert [e.title for e in attached[questions[0].pk]] == ["A early", "B shared", "C first"]
    # An answer read without its evidence: read from the database, as answer.evidence.all() reads it.
    fresh = Answer.objects.get(assessment=assessment_a, question=questions[0])
    assert sorted(e.title for e in selectors.attached_evidence(fresh)) == ["A early", "B shared", "C first"]


@pytest.mark.parametrize("language", ["nb", "en"])
def test_a_yes_no_partly_label_is_the_choices_label_in_the_active_language(language):
    from django.utils import translation

    from followup.models import Question

    question = Question(answer_type=Question.AnswerType.YES_NO_PARTLY)
    with translation.override(language):
        for value, label in Answer.Choice.choices:
            assert selectors.choice_label(question, Answer(choice=value)) == str(label)
        # The labels are translated when written out, not once when the module was imported.
        expected = {"nb": ("Ja", "Delvis"), "en": ("Yes", "Partly")}[language]
        assert (
            selectors.choice_label(question, Answer(choice="yes")),
            selectors.choice_label(question, Answer(choice="partly")),
        ) == expected
        assert selectors.choice_label(question, Answer(choice="retired")) == "retired"  # a value no longer offered
        assert selectors.choice_label(question, Answer(choice="")) == ""
