"""The supplier's answers: autosave with an optimistic lock, the form without script,
evidence rules, submit guards."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from followup import services
from followup.models import Answer, Assessment, ReportingRound
from suppliers.models import Evidence
from tests import factories as f

from .factories import QuestionFactory
from .helpers import autosave, portal_url


@pytest.fixture
def file_question(questionnaire):
    return QuestionFactory(
        questionnaire=questionnaire, order=4, answer_type="file", evidence_kind="tco", required=False
    )


def test_first_save_moves_not_started_to_in_progress(supplier_a_client, assessment_a):
    assert assessment_a.status == Assessment.Status.NOT_STARTED
    response = autosave(supplier_a_client, assessment_a, "q1", 0, choice="yes")
    assert response.status_code == 200
    body = response.json()
    assert body["revision"] == 1 and body["message"].startswith("Saved ")
    assert "1 required answer is still missing" in body["missing_html"]
    assessment_a.refresh_from_db()
    assert assessment_a.status == Assessment.Status.IN_PROGRESS


def test_revision_conflict_gives_409_and_keeps_the_first_saved_value(supplier_a_client, assessment_a):
    # Two tabs load the page at revision 0; the first saves, the second must not overwrite it.
    assert autosave(supplier_a_client, assessment_a, "q3", 0, text="From the first tab").status_code == 200
    second = autosave(supplier_a_client, assessment_a, "q3", 0, text="From the second tab")
    assert second.status_code == 409
    assert second.json()["message"] == "This answer was changed in another window; reload to see it."
    answer = Answer.objects.get(assessment=assessment_a, question__order=3)
    assert (answer.text, answer.revision) == ("From the first tab", 1)
    # With the current revision the second save goes through.
    assert autosave(supplier_a_client, assessment_a, "q3", 1, text="From the second tab").json()["revision"] == 2


def test_the_service_locks_on_the_revision(assessment_a, questions, supplier_a_user):
    question = questions[0]
    services.answer_save(
        assessment=assessment_a, question=question, values={"choice": "yes"}, expected_revision=0, actor=None
    )
    with pytest.raises(services.RevisionConflict) as conflict:
        services.answer_save(
            assessment=assessment_a, question=question, values={"choice": "no"}, expected_revision=0, actor=None
        )
    assert conflict.value.answer.choice == "yes"
    # Sending what is already saved is not a conflict and does not bump the revision.
    same = services.answer_save(
        assessment=assessment_a, question=question, values={"choice": "yes"}, expected_revision=0, actor=None
    )
    assert same.revision == 1


def test_a_logged_out_autosave_is_sent_to_login_and_saves_nothing(client, assessment_a):
    response = autosave(client, assessment_a, "q1", 0, choice="yes")
    assert response.status_code == 302
    assert response.url == reverse("accounts:login") + f"?next={portal_url(assessment_a)}"
    assert not Answer.objects.exists()


def test_autosave_reports_bad_input_without_saving(supplier_a_client, assessment_a, questionnaire):
    QuestionFactory(questionnaire=questionnaire, order=5, answer_type="number")
    response = autosave(supplier_a_client, assessment_a, "q5", 0, number="about sixty")
    assert response.status_code == 400
    assert "Not saved" in response.json()["message"]
    assert not Answer.objects.exists()


def test_save_all_without_script_saves_every_changed_answer(supplier_a_client, assessment_a):
    response = supplier_a_client.post(
        portal_url(assessment_a),
        {
            "save": "all",
            "q1-revision": 0,
            "q1-choice": "yes",
            "q2-revision": 0,
            "q2-choice": "partly",
            "q2-explanation": "Mapping started in 2025",
            "q3-revision": 0,
        },
    )
    assert response.status_code == 302
    answers = {a.question.order: a for a in Answer.objects.filter(assessment=assessment_a)}
    assert set(answers) == {1, 2}  # nothing typed in question 3: no empty row
    assert answers[2].explanation == "Mapping started in 2025"


def test_save_all_with_bad_input_saves_nothing_and_keeps_what_was_typed(supplier_a_client, assessment_a, questionnaire):
    QuestionFactory(questionnaire=questionnaire, order=5, answer_type="date")
    response = supplier_a_client.post(
        portal_url(assessment_a),
        {"save": "all", "q1-revision": 0, "q1-choice": "yes", "q5-revision": 0, "q5-date": "next spring"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was saved" in page and 'value="next spring"' in page
    assert not Answer.objects.exists()


def test_save_all_with_a_conflict_saves_the_others_and_marks_it(supplier_a_client, assessment_a, questions):
    services.answer_save(
        assessment=assessment_a, question=questions[0], values={"choice": "no"}, expected_revision=0, actor=None
    )
    response = supplier_a_client.post(
        portal_url(assessment_a),
        {"save": "all", "q1-revision": 0, "q1-choice": "yes", "q2-revision": 0, "q2-choice": "yes", "q3-revision": 0},
    )
    assert response.status_code == 409
    assert "changed in another window" in response.content.decode()
    answers = {a.question.order: a.choice for a in Answer.objects.filter(assessment=assessment_a)}
    assert answers == {1: "no", 2: "yes"}


def test_expired_evidence_cannot_be_chosen(supplier_a_client, assessment_a, supplier_a, file_question):
    valid = f.EvidenceFactory(supplier=supplier_a, title="TCO gen 10", valid_to=datetime.date(2099, 1, 1))
    expired = f.EvidenceFactory(
        supplier=supplier_a,
        title="TCO gen 8",
        valid_from=datetime.date(2018, 1, 1),
        valid_to=datetime.date(2020, 12, 31),
    )
    page = supplier_a_client.get(portal_url(assessment_a)).content.decode()
    assert f'value="{valid.public_id}"' in page
    assert f'value="{expired.public_id}"' not in page and "TCO gen 8" in page and "cannot be used" in page
    response = autosave(supplier_a_client, assessment_a, "q4", 0, evidence=str(expired.public_id))
    assert response.status_code == 400
    assert not Answer.objects.filter(question=file_question).exists()
    # The service refuses it too, whatever the form offered.
    with pytest.raises(ValidationError, match="has expired"):
        services.answer_save(
            assessment=assessment_a,
            question=file_question,
            values={},
            evidence=[expired],
            expected_revision=0,
            actor=None,
        )


def test_matching_evidence_is_offered_first(supplier_a_client, assessment_a, supplier_a, file_question):
    f.EvidenceFactory(supplier=supplier_a, kind=Evidence.Kind.SMETA, title="A SMETA report")
    f.EvidenceFactory(supplier=supplier_a, kind=Evidence.Kind.TCO, title="Z TCO certificate")
    page = supplier_a_client.get(portal_url(assessment_a)).content.decode()
    assert page.index("Z TCO certificate") < page.index("A SMETA report")


def test_submit_is_refused_while_required_answers_are_missing(supplier_a_client, assessment_a):
    autosave(supplier_a_client, assessment_a, "q1", 0, choice="yes")
    page = supplier_a_client.get(reverse("portal_followup:submit", args=[assessment_a.public_id])).content.decode()
    assert "You cannot submit yet" in page and "Question 2" in page
    response = supplier_a_client.post(reverse("portal_followup:submit", args=[assessment_a.public_id]))
    assert response.status_code == 400
    assert "1 required question is not answered yet." in response.content.decode()
    assessment_a.refresh_from_db()
    assert assessment_a.status == Assessment.Status.IN_PROGRESS and assessment_a.submitted_at is None


def test_double_submit_is_harmless(
    supplier_a_client, assessment_a, officer, mailoutbox, django_capture_on_commit_callbacks
):
    autosave(supplier_a_client, assessment_a, "q1", 0, choice="yes")
    autosave(supplier_a_client, assessment_a, "q2", 0, choice="no")
    url = reverse("portal_followup:submit", args=[assessment_a.public_id])
    with django_capture_on_commit_callbacks(execute=True):
        first = supplier_a_client.post(url)
    assessment_a.refresh_from_db()
    submitted_at = assessment_a.submitted_at
    history_rows = assessment_a.history.count()
    with django_capture_on_commit_callbacks(execute=True):
        second = supplier_a_client.post(url, follow=True)
    assert first.status_code == 302 and second.status_code == 200
    assert "already submitted; nothing was changed" in second.content.decode()
    assessment_a.refresh_from_db()
    assert assessment_a.status == Assessment.Status.SUBMITTED
    assert assessment_a.submitted_at == submitted_at
    assert assessment_a.history.count() == history_rows
    assert len(mailoutbox) == 1  # the officer is told once


def test_submitted_answers_are_read_only(supplier_a_client, assessment_a):
    autosave(supplier_a_client, assessment_a, "q1", 0, choice="yes")
    autosave(supplier_a_client, assessment_a, "q2", 0, choice="no")
    supplier_a_client.post(reverse("portal_followup:submit", args=[assessment_a.public_id]))
    response = autosave(supplier_a_client, assessment_a, "q1", 1, choice="no")
    assert response.status_code == 400
    assert Answer.objects.get(assessment=assessment_a, question__order=1).choice == "yes"
    with pytest.raises(ValidationError, match="read-only"):
        services.answer_save(
            assessment=assessment_a,
            question=Answer.objects.get(question__order=1).question,
            values={"choice": "no"},
            expected_revision=1,
            actor=None,
        )


def test_a_closed_round_takes_no_answers(supplier_a_client, assessment_a, officer):
    services.round_close(round_=assessment_a.round, actor=officer)
    assert assessment_a.round.status == ReportingRound.Status.CLOSED
    page = supplier_a_client.get(portal_url(assessment_a)).content.decode()
    assert "This round is closed" in page and 'name="q1-choice"' not in page
    assert autosave(supplier_a_client, assessment_a, "q1", 0, choice="yes").status_code == 400


def test_when_returned_only_clarification_answers_can_change(assessment_a, questions, officer):
    for question, choice in zip(questions[:2], ["yes", "no"], strict=True):
        services.answer_save(
            assessment=assessment_a, question=question, values={"choice": choice}, expected_revision=0, actor=None
        )
    services.assessment_submit(assessment=assessment_a, actor=None)
    services.answer_review(
        assessment=assessment_a, question=questions[0], decision="clarification", comment="Which?", actor=officer
    )
    services.assessment_return(assessment=assessment_a, actor=officer)
    with pytest.raises(ValidationError, match="asked to clarify"):
        services.answer_save(
            assessment=assessment_a, question=questions[1], values={"choice": "yes"}, expected_revision=1, actor=None
        )
    services.answer_save(
        assessment=assessment_a, question=questions[0], values={"choice": "partly"}, expected_revision=1, actor=None
    )
    assert Answer.objects.get(question=questions[0]).choice == "partly"
