"""Plausibility rules: a hard rule refuses the answer (nothing of that request saved, from
the page, the autosave or the service), a soft rule saves it but the supplier must say
why before submitting, and the officer's review shows the flag with the reason."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from followup import demo, plausibility, services
from followup.models import Answer, Assessment, Question
from tests import factories as f

from .factories import QuestionFactory
from .helpers import autosave, portal_url

TODAY = datetime.date(2026, 3, 20)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 3, 20, 10, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def hours(questionnaire, questions):
    """Question 4: working hours, impossible above 168, unusual above 60 (the RBA limit)."""
    return QuestionFactory(
        questionnaire=questionnaire,
        criterion_version=questions[0].criterion_version,
        order=4,
        answer_type="number",
        text_en="Hours a week in peak season?",
        unit_nb="timer i uken",
        unit_en="hours a week",
        min_value=0,
        max_value=168,
        soft_max=60,
    )


@pytest.fixture
def audit_date(questionnaire, questions):
    return QuestionFactory(
        questionnaire=questionnaire,
        criterion_version=questions[0].criterion_version,
        order=5,
        answer_type="date",
        required=False,
        date_not_future="hard",
        date_max_age_months=24,
        date_max_age_strictness="soft",
    )


def _answer_all_required(assessment, questions):
    for question in questions[:2]:
        services.answer_save(
            assessment=assessment, question=question, values={"choice": "yes"}, expected_revision=0, actor=None
        )


# --- The rules themselves ----------------------------------------------------------------------


def test_number_rules_hard_outside_the_possible_soft_outside_the_usual(hours):
    assert plausibility.breaches(hours, number=Decimal(40)) == []
    soft = plausibility.breaches(hours, number=Decimal(72))
    assert [(b.hard, b.message) for b in soft] == [
        (False, "72 hours a week is above the usual limit of 60 hours a week. Please explain why.")
    ]
    hard = plausibility.breaches(hours, number=Decimal(200))
    assert [(b.hard, b.message) for b in hard] == [
        (True, "200 hours a week is not possible here: enter a number from 0 hours a week to 168 hours a week.")
    ]
    assert plausibility.breaches(hours, number=Decimal(-1))[0].hard


def test_date_rules_not_in_the_future_and_within_a_window(audit_date):
    assert plausibility.breaches(audit_date, date=TODAY) == []
    future = plausibility.breaches(audit_date, date=TODAY + datetime.timedelta(days=1))
    assert [(b.hard, b.message) for b in future] == [(True, "The date cannot be in the future.")]
    assert plausibility.breaches(audit_date, date=datetime.date(2024, 3, 20)) == []  # exactly 24 months
    old = plausibility.breaches(audit_date, date=datetime.date(2024, 3, 19))
    assert [(b.hard, b.message) for b in old] == [(False, "The date is more than 24 months ago. Please explain why.")]


def test_months_before_keeps_the_day_or_takes_the_months_last():
    assert plausibility.months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert plausibility.months_before(datetime.date(2026, 1, 15), 13) == datetime.date(2024, 12, 15)


def test_text_maximum_length(questionnaire):
    question = QuestionFactory(questionnaire=questionnaire, order=9, answer_type="text", max_length=10)
    assert plausibility.breaches(question, text="x" * 10) == []
    assert plausibility.breaches(question, text="x" * 11)[0].message == (
        "The answer is 11 characters long; shorten it to at most 10."
    )


# --- Hard rules refuse, from every door --------------------------------------------------------


def test_autosave_refuses_an_impossible_number_and_saves_nothing(supplier_a_client, assessment_a, hours):
    response = autosave(supplier_a_client, assessment_a, "q4", 0, number="200")
    assert response.status_code == 400
    body = response.json()
    assert "not possible here: enter a number from 0 hours a week to 168 hours a week" in body["message"]
    assert body["errors"]["number"][0]["message"].startswith("200 hours a week is not possible")
    assert not Answer.objects.exists()
    assessment_a.refresh_from_db()
    assert assessment_a.status == Assessment.Status.NOT_STARTED


def test_a_page_save_with_one_impossible_answer_saves_none_of_them(supplier_a_client, assessment_a, hours):
    response = supplier_a_client.post(
        portal_url(assessment_a),
        {"save": "all", "q1-revision": 0, "q1-choice": "yes", "q4-revision": 0, "q4-number": "200"},
    )
    assert response.status_code == 400
    assert not Answer.objects.exists()
    page = response.content.decode()
    # The summary links to the field; the field is described by its rule and its error.
    assert 'id="error-summary"' in page and 'href="#id_q4-number"' in page
    assert "Question 2: 200 hours a week is not possible here" in page
    assert 'aria-describedby="q4-rules q4-number-error"' in page and 'aria-invalid="true"' in page
    assert 'value="200"' in page  # what was typed is kept


def test_the_service_refuses_an_impossible_answer_whatever_calls_it(assessment_a, hours, audit_date):
    with pytest.raises(ValidationError) as refused:
        services.answer_save(
            assessment=assessment_a, question=hours, values={"number": "169"}, expected_revision=0, actor=None
        )
    assert "number" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.answer_save(
            assessment=assessment_a, question=audit_date, values={"date": "2026-03-21"}, expected_revision=0, actor=None
        )
    assert not Answer.objects.exists()


def test_the_refusal_is_in_the_suppliers_language(supplier_a_client, supplier_a_user, assessment_a, hours):
    supplier_a_user.language = "nb"
    supplier_a_user.save()
    response = autosave(supplier_a_client, assessment_a, "q4", 0, number="200")
    assert response.status_code == 400
    assert "200 timer i uken er ikke mulig her" in response.json()["message"]


# --- Soft rules ask why ------------------------------------------------------------------------


def test_an_unusual_answer_is_saved_and_the_reason_is_required_before_submit(
    supplier_a_client, assessment_a, questions, hours
):
    _answer_all_required(assessment_a, questions)
    response = autosave(supplier_a_client, assessment_a, "q4", 0, number="72")
    assert response.status_code == 200
    assert response.json()["soft"] == [
        "72 hours a week is above the usual limit of 60 hours a week. Please explain why."
    ]
    assert Answer.objects.get(question=hours).number == 72
    # The page now shows the reason field, marked as needed.
    page = supplier_a_client.get(portal_url(assessment_a)).content.decode()
    assert "Why is the answer outside the usual range?" in page and "Required before you submit" in page

    submit_url = reverse("portal_followup:submit", args=[assessment_a.public_id])
    submit_page = supplier_a_client.get(submit_url).content.decode()
    assert (
        "These answers are outside the usual range." in submit_page and "Submit the self-assessment" not in submit_page
    )
    refused = supplier_a_client.post(submit_url)
    assert refused.status_code == 400
    assert "Question 2 has an answer outside the usual range: explain why before you submit." in (
        refused.content.decode()
    )
    assessment_a.refresh_from_db()
    assert assessment_a.status == Assessment.Status.IN_PROGRESS

    reason = "Peak season; a second shift starts in May."
    assert autosave(supplier_a_client, assessment_a, "q4", 1, number="72", rule_explanation=reason).status_code == 200
    assert supplier_a_client.post(submit_url).status_code == 302
    assessment_a.refresh_from_db()
    assert assessment_a.status == Assessment.Status.SUBMITTED
    assert Answer.objects.get(question=hours).rule_explanation == reason


def test_the_reason_is_dropped_when_the_answer_is_usual_again(supplier_a_client, assessment_a, hours):
    autosave(supplier_a_client, assessment_a, "q4", 0, number="72", rule_explanation="Peak season")
    response = autosave(supplier_a_client, assessment_a, "q4", 1, number="48", rule_explanation="Peak season")
    assert response.json()["soft"] == []
    assert Answer.objects.get(question=hours).rule_explanation == ""


def test_the_review_shows_the_flag_and_the_suppliers_reason(officer_client, assessment_a, questions, hours):
    _answer_all_required(assessment_a, questions)
    services.answer_save(
        assessment=assessment_a,
        question=hours,
        values={"number": "72", "rule_explanation": "Peak season; a second shift starts in May."},
        expected_revision=0,
        actor=None,
    )
    services.assessment_submit(assessment=assessment_a, actor=None)
    page = officer_client.get(reverse("followup:assessment_review", args=[assessment_a.public_id])).content.decode()
    assert "Outside the usual range" in page
    assert "72 hours a week is above the usual limit of 60 hours a week" in page
    assert "Reason given by the supplier" in page and "Peak season; a second shift starts in May." in page
    # Answers within the rules carry no flag.
    assert page.count("Outside the usual range") == 1


# --- The builder ------------------------------------------------------------------------------


def _question_data(version, **extra):
    return {
        "criterion_version": version.pk,
        "text_nb": "Timer?",
        "text_en": "Hours?",
        "answer_type": "number",
        "weight": 1,
        **extra,
    }


def test_the_builder_checks_the_rules_own_settings(officer_client, buyer):
    from .factories import QuestionnaireFactory

    draft = QuestionnaireFactory(buyer=buyer, status="draft", published_at=None)
    version = f.CriterionVersionFactory()
    url = reverse("followup:question_create", args=[draft.public_id])
    upside_down = officer_client.post(url, _question_data(version, min_value="168", max_value="0"))
    assert upside_down.status_code == 400
    assert "The highest possible number cannot be below the lowest." in upside_down.content.decode()
    outside = officer_client.post(url, _question_data(version, min_value="0", max_value="168", soft_max="200"))
    assert outside.status_code == 400
    assert "The usual range must lie within the possible range." in outside.content.decode()
    assert not draft.questions.exists()

    saved = officer_client.post(
        url,
        _question_data(
            version, min_value="0", max_value="168", soft_max="60", unit_nb="timer i uken", unit_en="hours a week"
        ),
    )
    assert saved.status_code == 302
    question = draft.questions.get()
    assert (question.min_value, question.max_value, question.soft_max, question.unit_en) == (0, 168, 60, "hours a week")
    page = officer_client.get(draft.get_absolute_url()).content.decode()
    assert "From 0 hours a week to 168 hours a week. Above 60 hours a week you will be asked why." in page


def test_rules_that_do_not_fit_the_answer_type_are_dropped(officer_client, buyer):
    from .factories import QuestionnaireFactory

    draft = QuestionnaireFactory(buyer=buyer, status="draft", published_at=None)
    version = f.CriterionVersionFactory()
    url = reverse("followup:question_create", args=[draft.public_id])
    data = _question_data(version, answer_type="text", max_value="10", date_not_future="hard", max_length="500")
    assert officer_client.post(url, data).status_code == 302
    question = draft.questions.get()
    assert (question.max_value, question.date_not_future, question.max_length) == (None, "", 500)


# --- The seeded questionnaire -------------------------------------------------------------------


def _seeded(code):
    kind = next(row[1] for row in demo.QUESTIONS if row[0] == code)
    return Question(answer_type=kind, **demo.RULES[code])


def test_the_seeded_questionnaire_catches_the_impossible():
    with_hours = _seeded("SA-1")
    assert [b.hard for b in plausibility.breaches(with_hours, number=Decimal(72))] == [False]
    assert [b.hard for b in plausibility.breaches(with_hours, number=Decimal(200))] == [True]
    assert plausibility.breaches(with_hours, number=Decimal(60)) == []
    agency_share = _seeded("CLA-1")
    assert [b.hard for b in plausibility.breaches(agency_share, number=Decimal(101))] == [True]
    assert plausibility.breaches(agency_share, number=Decimal(100)) == []
    last_audit = _seeded("CLA-5")
    assert [b.hard for b in plausibility.breaches(last_audit, date=TODAY + datetime.timedelta(days=1))] == [True]
    assert [b.hard for b in plausibility.breaches(last_audit, date=datetime.date(2023, 1, 1))] == [False]
    assert [b.hard for b in plausibility.breaches(_seeded("CLA-8"), date=TODAY + datetime.timedelta(days=3))] == [True]


def test_submit_refuses_an_impossible_answer_that_got_past_the_service(assessment_a, questions, hours):
    # For example written straight into the database by an import: submitting still refuses it.
    _answer_all_required(assessment_a, questions)
    Answer.objects.create(assessment=assessment_a, question=hours, number=200, revision=1)
    with pytest.raises(ValidationError) as refused:
        services.assessment_submit(assessment=assessment_a, actor=None)
    assert refused.value.code == "unexplained"
    assessment_a.refresh_from_db()
    assert assessment_a.status == Assessment.Status.IN_PROGRESS
