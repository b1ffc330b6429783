"""The questionnaire builder: questions from the catalogue, edited, reordered and removed
only while the questionnaire is a draft; publishing freezes it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from criteria.models import CriterionVersion
from followup import services
from followup.models import Question, Questionnaire
from tests import factories as f

from .factories import QuestionFactory, QuestionnaireFactory


@pytest.fixture
def draft(buyer):
    return QuestionnaireFactory(buyer=buyer, status=Questionnaire.Status.DRAFT, published_at=None)


def _orders(questionnaire):
    return list(Question.objects.filter(questionnaire=questionnaire).order_by("order").values_list("text_en", "order"))


def test_a_new_question_is_filled_from_the_criterion(officer_client, draft):
    version = f.CriterionVersionFactory(
        title_en="Due diligence", text_en="The supplier shall do due diligence.", evidence_en="A written routine"
    )
    url = reverse("followup:question_create", args=[draft.public_id])
    form = officer_client.get(url, {"criterion_version": version.public_id}).context["form"]
    assert form["text_en"].value() == "Due diligence\n\nThe supplier shall do due diligence."
    assert form["help_en"].value() == "A written routine"
    assert form["criterion_version"].value() == version.pk


def test_draft_criteria_cannot_be_used(officer_client, draft):
    version = f.CriterionVersionFactory(status=CriterionVersion.Status.DRAFT)
    response = officer_client.post(
        reverse("followup:question_create", args=[draft.public_id]),
        {"criterion_version": version.pk, "text_nb": "x", "text_en": "x", "answer_type": "text", "weight": 1},
    )
    assert response.status_code == 400
    assert not draft.questions.exists()


def test_a_choice_question_needs_two_options(officer_client, draft):
    version = f.CriterionVersionFactory()
    url = reverse("followup:question_create", args=[draft.public_id])
    data = {
        "criterion_version": version.pk,
        "text_nb": "Hvem?",
        "text_en": "Who?",
        "answer_type": "choice",
        "weight": 1,
    }
    assert officer_client.post(url, {**data, "choices": "Bare oss | Only us"}).status_code == 400
    assert (
        officer_client.post(
            url, {**data, "choices": "Bare oss | Only us\nUnderleverandører | Subcontractors"}
        ).status_code
        == 302
    )
    question = draft.questions.get()
    assert question.choices == [
        {"value": "only-us", "nb": "Bare oss", "en": "Only us"},
        {"value": "subcontractors", "nb": "Underleverandører", "en": "Subcontractors"},
    ]


def test_questions_are_shown_by_oecd_step_and_move_within_it(officer_client, draft, officer):
    step2 = f.CriterionVersionFactory(criterion__oecd_step=2)
    step1 = f.CriterionVersionFactory(criterion__oecd_step=1)
    a = QuestionFactory(questionnaire=draft, criterion_version=step2, order=1, text_en="A (step 2)")
    b = QuestionFactory(questionnaire=draft, criterion_version=step1, order=2, text_en="B (step 1)")
    c = QuestionFactory(questionnaire=draft, criterion_version=step1, order=3, text_en="C (step 1)")
    page = officer_client.get(draft.get_absolute_url()).content.decode()
    assert page.index("B (step 1)") < page.index("C (step 1)") < page.index("A (step 2)")
    officer_client.post(reverse("followup:question_move", args=[c.public_id]), {"direction": "up"})
    assert _orders(draft) == [("A (step 2)", 1), ("C (step 1)", 2), ("B (step 1)", 3)]
    # The first of its step does not move into another step.
    assert services.question_move(question=Question.objects.get(pk=a.pk), direction="up", actor=officer) is False
    assert Question.objects.get(pk=b.pk).history.first().history_user == officer


def test_remove_closes_the_gap(officer_client, draft):
    first, second, third = (QuestionFactory(questionnaire=draft, order=n, text_en=f"Q{n}") for n in (1, 2, 3))
    officer_client.post(reverse("followup:question_remove", args=[second.public_id]))
    assert _orders(draft) == [("Q1", 1), ("Q3", 2)]


def test_publishing_needs_a_question_and_freezes_the_questionnaire(officer_client, draft, officer):
    url = reverse("followup:questionnaire_publish", args=[draft.public_id])
    response = officer_client.post(url, follow=True)
    assert "Add at least one question before publishing." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Questionnaire.Status.DRAFT
    question = QuestionFactory(questionnaire=draft, order=1)
    officer_client.post(url)
    draft.refresh_from_db()
    assert draft.status == Questionnaire.Status.PUBLISHED and draft.published_at is not None
    # Frozen: no edit, move, remove or new question, on screen or through the services.
    edit = officer_client.get(reverse("followup:question_edit", args=[question.public_id]), follow=True)
    assert "can no longer be changed" in edit.content.decode()
    officer_client.post(reverse("followup:question_remove", args=[question.public_id]))
    assert Question.objects.filter(pk=question.pk).exists()
    with pytest.raises(ValidationError):
        services.question_save(
            question=Question(questionnaire=draft, criterion_version=question.criterion_version), actor=officer
        )
    with pytest.raises(ValidationError):
        draft.title_en = "Changed"
        services.questionnaire_save(questionnaire=draft, actor=officer)
