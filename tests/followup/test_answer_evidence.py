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
