"""Decisions reach the supplier: the reason for a non-compliant answer (never the internal
note) in the portal, the API's supplier view and the emails; the verdict by email in each
supplier user's language and in the portal; a corrective action started from the answer
in one step, linked both ways, never twice."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from followup import services
from followup.actions import services as action_services
from followup.models import Answer, CorrectiveAction
from oslo_procurement.api.services import token_create
from oslo_procurement.notifications.models import Notification
from tests import factories as f

from .helpers import portal_url, review

REASON = "Your policy does not cover tier 2 suppliers."
NOTE = "SECRET-NOTE: their CEO told us off the record"


@pytest.fixture
def submitted(assessment_a, questions):
    for question in questions[:2]:
        services.answer_save(
            assessment=assessment_a, question=question, values={"choice": "yes"}, expected_revision=0, actor=None
        )
    services.assessment_submit(assessment=assessment_a, actor=None)
    return assessment_a


@pytest.fixture
def non_compliant(officer_client, submitted, questions):
    response = review(
        officer_client, submitted, questions[1], "non_compliant", severity="high", comment=REASON, note=NOTE
    )
    assert response.status_code == 302
    return Answer.objects.get(assessment=submitted, question=questions[1])


def _accept(submitted, questions, officer):
    services.answer_review(assessment=submitted, question=questions[0], decision="accepted", actor=officer)
    if Answer.objects.get(assessment=submitted, question=questions[1]).review == Answer.Review.PENDING:
        services.answer_review(
            assessment=submitted,
            question=questions[1],
            decision="non_compliant",
            severity="high",
            comment=REASON,
            actor=officer,
        )
    services.assessment_accept(
        assessment=submitted, verdict="partly", comment="Good policy, but tier 2 is missing.", actor=officer
    )


# --- The review's reason and the internal note ------------------------------------------------------


def test_non_compliance_and_clarification_need_a_reason_for_the_supplier(officer_client, submitted, questions):
    response = review(officer_client, submitted, questions[1], "non_compliant", severity="high", note=NOTE)
    assert response.status_code == 302
    answer = Answer.objects.get(question=questions[1])
    assert answer.review == Answer.Review.PENDING and answer.review_note == ""  # nothing saved
    with pytest.raises(ValidationError) as exc:
        services.answer_review(
            assessment=submitted, question=questions[1], decision="non_compliant", severity="high", actor=None
        )
    assert "comment" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        services.answer_review(
            assessment=submitted, question=questions[1], decision="clarification", note=NOTE, actor=None
        )
    assert "comment" in exc.value.error_dict


def test_the_review_form_asks_for_both_texts_and_the_page_shows_both(officer_client, submitted, non_compliant):
    page = officer_client.get(reverse("followup:assessment_review", args=[submitted.public_id])).content.decode()
    assert "Reason for the supplier" in page and "Internal note (never shown to the supplier)" in page
    assert REASON in page and NOTE in page
    assert non_compliant.review_comment == REASON and non_compliant.review_note == NOTE


def test_the_supplier_sees_the_outcome_and_reason_on_the_answer_never_the_note(
    non_compliant, submitted, supplier_a_client
):
    page = supplier_a_client.get(portal_url(submitted)).content.decode()
    assert "Non-compliance" in page and "High" in page and REASON in page
    assert "SECRET-NOTE" not in page


def test_the_internal_note_never_reaches_the_api_or_the_emails(
    client, non_compliant, submitted, questions, officer, supplier_a_user, supplier_a_client
):
    services.assessment_note_save(assessment=submitted, note="SECRET-NOTE on the whole", actor=officer)
    _accept(submitted, questions, officer)
    key = token_create(user=supplier_a_user, name="Mine")[1]
    api = client.get(reverse("api:assessment-list"), HTTP_AUTHORIZATION=f"Token {key}").content.decode()
    assert "Good policy, but tier 2 is missing." in api
    assert "SECRET-NOTE" not in api
    emails = Notification.objects.filter(recipient_email=supplier_a_user.email)
    assert emails.exists()
    for email in emails:
        assert "SECRET-NOTE" not in email.subject + email.body_text + email.body_html
    assert REASON in emails.get(template="followup/email/assessment_decided").body_text
    for url in (reverse("portal:home"), portal_url(submitted)):
        assert "SECRET-NOTE" not in supplier_a_client.get(url).content.decode()


# --- The verdict ----------------------------------------------------------------------------------


def test_the_verdict_email_is_in_each_supplier_users_language_and_in_the_same_transaction(
    submitted, questions, officer, supplier_a, supplier_a_user
):
    f.SupplierMembershipFactory(supplier=supplier_a, user__email="nb@alpha.example", user__language="nb")
    supplier_a_user.language = "en"
    supplier_a_user.save()
    _accept(submitted, questions, officer)  # no on_commit callbacks run: the rows are written with the verdict
    emails = {n.recipient_email: n for n in Notification.objects.filter(template="followup/email/assessment_decided")}
    assert set(emails) == {"user@alpha.example", "nb@alpha.example"}
    english, bokmal = emails["user@alpha.example"], emails["nb@alpha.example"]
    assert (english.language, bokmal.language) == ("en", "nb")
    assert "has decided on your self-assessment" in english.subject
    assert "Partly meets the requirements" in english.body_text
    assert "har avgjort egenvurderingen" in bokmal.subject
    assert "Oppfyller kravene delvis" in bokmal.body_text
    assert "Good policy, but tier 2 is missing." in bokmal.body_text
    assert portal_url(submitted) in english.body_text


def test_the_verdict_and_comment_show_on_the_portal_home_and_assessment(
    submitted, questions, officer, supplier_a_client
):
    home = supplier_a_client.get(reverse("portal:home")).content.decode()
    assert "The buyer&#x27;s latest decisions" not in home
    _accept(submitted, questions, officer)
    for url in (reverse("portal:home"), portal_url(submitted)):
        page = supplier_a_client.get(url).content.decode()
        assert "Partly meets the requirements" in page and "Good policy, but tier 2 is missing." in page


# --- A corrective action from the answer -----------------------------------------------------------


def from_answer_url(assessment, question):
    return reverse("actions:create_from_answer", args=[assessment.public_id]) + f"?question={question.public_id}"


def test_the_action_form_comes_prefilled_from_the_answer(officer_client, submitted, questions, non_compliant, buyer):
    review_page = officer_client.get(reverse("followup:assessment_review", args=[submitted.public_id]))
    assert from_answer_url(submitted, questions[1]) in review_page.content.decode()
    response = officer_client.get(from_answer_url(submitted, questions[1]))
    assert response.status_code == 200
    form = response.context["form"]
    expected = action_services.default_deadline(buyer=buyer, severity=3)
    assert form.initial["severity"] == 3  # high
    assert form.initial["deadline"] == expected
    assert form.initial["title"].startswith("CLA-2: ")
    assert REASON in form.initial["description"] and "Have you mapped the risks?" in form.initial["description"]
    page = response.content.decode()
    assert "Started from a non-compliant answer" in page and expected.isoformat() in page


def test_the_action_and_the_answer_are_linked_both_ways(
    officer_client, submitted, questions, non_compliant, supplier_a_user
):
    supplier_a_client = Client()  # officer_client and supplier_a_client share one client
    supplier_a_client.force_login(supplier_a_user)
    data = {
        "title": "Map tier 2",
        "description": "Map the tier 2 suppliers.",
        "severity": 3,
        "deadline": "",
        "owner_name": "",
    }
    response = officer_client.post(from_answer_url(submitted, questions[1]), data)
    assert response.status_code == 302, response.context["form"].errors
    action = CorrectiveAction.objects.get()
    assert response.status_code == 302 and response.url == reverse("actions:detail", args=[action.public_id])
    assert action.answer == non_compliant and action.supplier == submitted.supplier
    detail = officer_client.get(response.url).content.decode()
    assert "Have you mapped the risks?" in detail and "#answer-" in detail
    review_page = officer_client.get(reverse("followup:assessment_review", args=[submitted.public_id]))
    assert reverse("actions:detail", args=[action.public_id]) in review_page.content.decode()
    portal = supplier_a_client.get(portal_url(submitted)).content.decode()
    assert reverse("portal_actions:detail", args=[action.public_id]) in portal and "Map tier 2" in portal
    portal_action = supplier_a_client.get(reverse("portal_actions:detail", args=[action.public_id])).content.decode()
    assert "Have you mapped the risks?" in portal_action


def test_a_second_start_shows_the_existing_action_instead_of_a_duplicate(
    officer_client, submitted, questions, non_compliant, buyer, officer
):
    first = action_services.action_create(
        buyer=buyer, supplier=submitted.supplier, actor=officer, title="Map tier 2", severity=3, answer=non_compliant
    )
    response = officer_client.get(from_answer_url(submitted, questions[1]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("actions:detail", args=[first.public_id])
    assert "already started from this answer" in response.content.decode()
    response = officer_client.post(
        from_answer_url(submitted, questions[1]), {"title": "Again", "severity": 3}, follow=True
    )
    assert CorrectiveAction.objects.count() == 1
    with pytest.raises(ValidationError):
        action_services.action_create(
            buyer=buyer, supplier=submitted.supplier, actor=officer, title="Again", severity=3, answer=non_compliant
        )
    assert CorrectiveAction.objects.count() == 1


def test_only_a_non_compliant_answer_starts_an_action(officer_client, submitted, questions, other_officer):
    other_officer_client = Client()
    other_officer_client.force_login(other_officer)
    services.answer_review(assessment=submitted, question=questions[0], decision="accepted", actor=None)
    response = officer_client.get(from_answer_url(submitted, questions[0]), follow=True)
    assert "only from an answer recorded as non-compliant" in response.content.decode()
    assert CorrectiveAction.objects.count() == 0
    # Another buyer's officer cannot reach the answer at all.
    assert other_officer_client.get(from_answer_url(submitted, questions[0])).status_code == 404


def _decisions(round_, supplier, officer, start, n):
    from django.utils import timezone

    from .factories import AssessmentFactory, RoundFactory

    for i in range(start, start + n):
        other_round = RoundFactory(
            agreement=round_.agreement, questionnaire=round_.questionnaire, title=f"Round {i}", opens_on=round_.opens_on
        )
        AssessmentFactory(
            round=other_round,
            supplier=supplier,
            status="accepted",
            submitted_at=timezone.now(),
            accepted_at=timezone.now(),
            verdict="compliant",
            verdict_comment=f"Verdict {i}",
        )
        action = action_services.action_create(
            buyer=round_.agreement.buyer, supplier=supplier, actor=officer, title=f"Action {i}", severity=2
        )
        action_services.action_verify(action=action, actor=officer, note=f"Seen {i}", override=True)


def test_portal_home_decisions_keep_a_constant_query_count(round_, supplier_a, officer, supplier_a_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as ctx:
            page = supplier_a_client.get(reverse("portal:home")).content.decode()
        return len(ctx.captured_queries), page

    _decisions(round_, supplier_a, officer, 0, 1)
    small, page = count()
    assert "Verdict 0" in page and "Action 0" in page
    _decisions(round_, supplier_a, officer, 1, 6)
    large, page = count()
    # The newest five of each, in the same number of queries.
    assert "Verdict 6" in page and "Action 6" in page
    assert "Verdict 1<" not in page and "Action 1<" not in page
    assert large == small
