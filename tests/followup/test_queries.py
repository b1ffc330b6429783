"""The progress page and the portal answer page run a fixed number of queries whatever the
number of suppliers or questions (and the review page whatever the number of answers)."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followup import services
from followup.models import Question
from tests import factories as f

from .factories import AssessmentFactory, QuestionFactory
from .helpers import portal_url

TYPES = ["yes_no_partly", "text", "number", "choice", "date", "file"]
CHOICES = [{"value": "a", "nb": "A", "en": "A"}, {"value": "b", "nb": "B", "en": "B"}]


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _suppliers(round_, n):
    for _ in range(n - round_.assessments.count()):
        supplier = f.SupplierFactory()
        f.AwardFactory(agreement=round_.agreement, supplier=supplier)
        assessment = AssessmentFactory(round=round_, supplier=supplier)
        question = round_.questionnaire.questions.order_by("order").first()
        services.answer_save(
            assessment=assessment, question=question, values={"choice": "yes"}, expected_revision=0, actor=None
        )


def test_progress_page_queries_do_not_grow_with_suppliers(officer_client, round_):
    _suppliers(round_, 5)
    small = _count_queries(officer_client, round_.get_absolute_url())
    _suppliers(round_, 30)
    large = _count_queries(officer_client, round_.get_absolute_url())
    assert round_.assessments.count() == 30
    assert small == large


def _questions(questionnaire, assessment, n):
    """Questions of every type, each answered; file questions with evidence attached."""
    version_by_step = {step: f.CriterionVersionFactory(criterion__oecd_step=step) for step in range(1, 7)}
    evidence = f.EvidenceFactory(supplier=assessment.supplier, valid_to=datetime.date(2099, 1, 1))
    start = questionnaire.questions.count()
    for i in range(start, n):
        kind = TYPES[i % len(TYPES)]
        question = QuestionFactory(
            questionnaire=questionnaire,
            criterion_version=version_by_step[i % 6 + 1],
            order=i + 1,
            answer_type=kind,
            choices=CHOICES if kind == "choice" else [],
            required=False,
            # Number answers (12) break a soft plausibility rule: flagged with the reason.
            soft_max=10 if kind == "number" else None,
            max_length=500 if kind == "text" else None,
        )
        values = {
            "yes_no_partly": {"choice": "yes"},
            "text": {"text": "An answer"},
            "number": {"number": 12},
            "choice": {"choice": "b"},
            "date": {"date": datetime.date(2026, 1, 1)},
            "file": {},
        }[kind]
        services.answer_save(
            assessment=assessment,
            question=question,
            values={**values, "explanation": "Because", "rule_explanation": "Peak season"},
            evidence=[evidence] if kind == "file" else [],
            expected_revision=0,
            actor=None,
        )


def test_portal_answer_page_queries_do_not_grow_with_questions(supplier_a_client, assessment_a, questionnaire):
    Question.objects.filter(questionnaire=questionnaire).delete()
    _questions(questionnaire, assessment_a, 5)
    small = _count_queries(supplier_a_client, portal_url(assessment_a))
    _questions(questionnaire, assessment_a, 30)
    large = _count_queries(supplier_a_client, portal_url(assessment_a))
    assert questionnaire.questions.count() == 30
    assert small == large


def test_review_page_queries_do_not_grow_with_answers(officer_client, assessment_a, questionnaire):
    # The history timeline of the assessment itself is capped (audit.HISTORY_LIMIT).
    Question.objects.filter(questionnaire=questionnaire).delete()
    url = reverse("followup:assessment_review", args=[assessment_a.public_id])
    _questions(questionnaire, assessment_a, 5)
    small = _count_queries(officer_client, url)
    _questions(questionnaire, assessment_a, 30)
    assert _count_queries(officer_client, url) == small
