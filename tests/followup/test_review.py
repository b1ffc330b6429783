"""The officer's review: per-answer decisions (htmx and plain POST), return for
clarification, acceptance with a verdict, and what never reaches the portal."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from followup import services
from followup.models import Answer, Assessment
from tests import factories as f

from .helpers import portal_url, review


@pytest.fixture
def submitted(assessment_a, questions, supplier_a):
    evidence = f.EvidenceFactory(
        supplier=supplier_a, title="Old audit", valid_from=datetime.date(2019, 1, 1), valid_to=datetime.date(2020, 1, 1)
    )
    services.answer_save(
        assessment=assessment_a, question=questions[0], values={"choice": "yes"}, expected_revision=0, actor=None
    )
    services.answer_save(
        assessment=assessment_a,
        question=questions[1],
        values={"choice": "partly", "explanation": "Mapping tier 1 only"},
        expected_revision=0,
        actor=None,
    )
    services.assessment_submit(assessment=assessment_a, actor=None)
    # Evidence attached earlier that has expired since is flagged on the review page.
    answer = Answer.objects.get(question=questions[1])
    answer.evidence.add(evidence)
    return assessment_a


def test_review_page_shows_answers_evidence_and_how_they_count(officer_client, submitted):
    page = officer_client.get(reverse("followup:assessment_review", args=[submitted.public_id])).content.decode()
    assert "Mapping tier 1 only" in page
    assert "Old audit" in page and "Expired" in page
    assert "pending review: not counted yet" in page
    assert "not answered (optional): not counted" in page


def test_inline_review_with_htmx_returns_the_answer_block(officer_client, submitted, questions, officer):
    response = officer_client.post(
        reverse("followup:answer_review", args=[submitted.public_id]),
        {"question": questions[0].public_id, "decision": "accepted"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<article id="answer-{questions[0].public_id}"')
    assert 'id="review-summary" hx-swap-oob="true"' in html
    assert "accepted: 1 × 1 = 1 of 1" in html
    answer = Answer.objects.get(question=questions[0])
    assert (answer.review, answer.reviewed_by) == (Answer.Review.ACCEPTED, officer)


def test_inline_review_without_script_redirects_to_the_answer(officer_client, submitted, questions):
    response = review(officer_client, submitted, questions[1], "non_compliant", severity="medium", comment="Tier 2?")
    assert response.status_code == 302
    assert response.url.endswith(f"#answer-{questions[1].public_id}")
    answer = Answer.objects.get(question=questions[1])
    assert (answer.review, answer.severity, answer.review_comment) == ("non_compliant", "medium", "Tier 2?")


def test_clarification_needs_a_comment_and_non_compliance_a_severity(officer_client, submitted, questions):
    response = officer_client.post(
        reverse("followup:answer_review", args=[submitted.public_id]),
        {"question": questions[0].public_id, "decision": "clarification", "comment": " "},
        HTTP_HX_REQUEST="true",
    )
    assert "Tell the supplier what to clarify." in response.content.decode()
    review(officer_client, submitted, questions[0], "non_compliant", comment="No severity")
    assert Answer.objects.get(question=questions[0]).review == Answer.Review.PENDING


def test_return_needs_a_clarification_and_accept_needs_every_answer_reviewed(
    officer_client, submitted, questions, officer
):
    response = officer_client.post(reverse("followup:assessment_return", args=[submitted.public_id]), follow=True)
    assert "Ask for clarification on at least one answer first." in response.content.decode()
    review(officer_client, submitted, questions[0], "accepted")
    response = officer_client.post(
        reverse("followup:assessment_accept", args=[submitted.public_id]),
        {"verdict": "compliant", "verdict_comment": "Fine"},
    )
    assert response.status_code == 400
    assert "1 answer still needs a review." in response.content.decode()
    review(officer_client, submitted, questions[1], "accepted")
    response = officer_client.post(
        reverse("followup:assessment_accept", args=[submitted.public_id]),
        {"verdict": "compliant", "verdict_comment": ""},
    )
    assert response.status_code == 400
    submitted.refresh_from_db()
    assert submitted.status == Assessment.Status.SUBMITTED
    officer_client.post(
        reverse("followup:assessment_accept", args=[submitted.public_id]),
        {"verdict": "compliant", "verdict_comment": "Meets the clauses this year."},
    )
    submitted.refresh_from_db()
    assert (submitted.status, submitted.verdict) == (Assessment.Status.ACCEPTED, "compliant")
    # Accepting twice changes nothing; the answers can no longer be reviewed.
    assert services.assessment_accept(assessment=submitted, verdict="partly", comment="x", actor=officer) is False
    with pytest.raises(ValidationError):
        services.answer_review(
            assessment=submitted, question=questions[0], decision="clarification", comment="?", actor=officer
        )


def test_answers_cannot_be_reviewed_before_submission(assessment_a, questions, officer):
    with pytest.raises(ValidationError, match="only while the self-assessment is submitted"):
        services.answer_review(assessment=assessment_a, question=questions[0], decision="accepted", actor=officer)


def test_the_portal_never_shows_internal_notes_or_other_reviews(
    officer_client, client, submitted, questions, supplier_a_user
):
    officer_client.post(
        reverse("followup:assessment_note", args=[submitted.public_id]),
        {"internal_note": "Suspect overtime at plant 3"},
    )
    review(officer_client, submitted, questions[0], "clarification", comment="Please name the policy.")
    review(
        officer_client,
        submitted,
        questions[1],
        "non_compliant",
        severity="high",
        comment="Tier 2 is not mapped.",
        note="Internal reasoning",
    )
    officer_client.post(reverse("followup:assessment_return", args=[submitted.public_id]))
    submitted.refresh_from_db()
    assert submitted.internal_note == "Suspect overtime at plant 3"
    assert Answer.objects.get(question=questions[1]).review_note == "Internal reasoning"
    client.force_login(supplier_a_user)
    page = client.get(portal_url(submitted)).content.decode()
    assert "Please name the policy." in page
    # The reason written for the supplier reaches it; the internal notes never do.
    assert "Tier 2 is not mapped." in page
    assert "Suspect overtime" not in page and "Internal reasoning" not in page
    for url in (reverse("portal_followup:list"), reverse("portal_followup:submit", args=[submitted.public_id])):
        assert "Suspect overtime" not in client.get(url).content.decode()


def test_each_review_keeps_the_stored_score_equal_to_the_review_pages_score(submitted, questions, officer):
    """Dashboards average Assessment.score in SQL: it must be the figure the review page explains."""
    from followup import scoring, selectors

    assert submitted.score is None
    services.answer_review(assessment=submitted, question=questions[0], decision="accepted", actor=officer)
    submitted.refresh_from_db()
    assert submitted.score == 100  # the one counted answer is a "yes"
    services.answer_review(
        assessment=submitted,
        question=questions[1],
        decision="non_compliant",
        severity="high",
        comment="Tier 2 is not mapped.",
        actor=officer,
    )
    submitted.refresh_from_db()
    w0, w1 = questions[0].weight, questions[1].weight
    assert float(submitted.score) == pytest.approx(round(100 * w0 / (w0 + w1), 1))
    card = scoring.score_assessment(selectors.assessment_items(submitted))
    assert submitted.score == card.overall.percent
    # A clarification takes the answer out of the score again.
    services.answer_review(
        assessment=submitted, question=questions[1], decision="clarification", comment="Which sites?", actor=officer
    )
    submitted.refresh_from_db()
    assert submitted.score == 100
