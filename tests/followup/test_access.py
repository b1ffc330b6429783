"""Who reaches what: supplier B never reaches supplier A's self-assessment, another
buyer's officer never reaches this buyer's follow-up, managers read and never write."""

import pytest
from django.urls import reverse

from followup.models import Answer
from tests import factories as f
from tests.conftest import client_for

from .factories import QuestionFactory
from .helpers import autosave, portal_url

PORTAL = ["portal_followup:detail", "portal_followup:submit"]


@pytest.fixture
def urls(assessment_a, questions):
    """Every staff URL name with an id, and the object that fills it."""
    questionnaire = assessment_a.round.questionnaire
    return {
        "followup:questionnaire_detail": questionnaire,
        "followup:questionnaire_edit": questionnaire,
        "followup:questionnaire_publish": questionnaire,
        "followup:question_create": questionnaire,
        "followup:question_edit": questions[0],
        "followup:question_move": questions[0],
        "followup:question_remove": questions[0],
        "followup:round_detail": assessment_a.round,
        "followup:round_add_supplier": assessment_a.round,
        "followup:round_close": assessment_a.round,
        "followup:assessment_review": assessment_a,
        "followup:answer_review": assessment_a,
        "followup:assessment_return": assessment_a,
        "followup:assessment_accept": assessment_a,
        "followup:assessment_note": assessment_a,
    }


READS = {"followup:questionnaire_detail", "followup:round_detail", "followup:assessment_review"}


def test_supplier_b_gets_404_on_every_portal_url_of_supplier_a(client, assessment_a, supplier_b_user, assessment_b):
    client_for(client, supplier_b_user)
    for name in PORTAL:
        url = reverse(name, args=[assessment_a.public_id])
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"autosave": "q1", "q1-revision": 0, "q1-choice": "yes"}).status_code == 404, name
    assert not Answer.objects.filter(assessment=assessment_a).exists()
    assert "Alpha" not in client.get(reverse("portal_followup:list")).content.decode()


def test_supplier_b_cannot_attach_supplier_a_evidence(client, assessment_b, supplier_a, supplier_b_user, questionnaire):
    QuestionFactory(questionnaire=questionnaire, order=4, answer_type="file", required=False)
    theirs = f.EvidenceFactory(supplier=supplier_a, title="Alpha's TCO certificate")
    client_for(client, supplier_b_user)
    assert "Alpha's TCO certificate" not in client.get(portal_url(assessment_b)).content.decode()
    response = autosave(client, assessment_b, "q4", 0, evidence=str(theirs.public_id))
    assert response.status_code == 400
    response = client.post(
        portal_url(assessment_b), {"save": "all", "q4-revision": 0, "q4-evidence": str(theirs.public_id)}
    )
    assert response.status_code == 400
    assert not Answer.objects.filter(assessment=assessment_b).exists()
    assert not theirs.answers.exists()


def test_other_buyers_officer_gets_404(client, other_officer, urls):
    client_for(client, other_officer)
    for name, obj in urls.items():
        url = reverse(name, args=[obj.public_id])
        assert client.get(url).status_code in ((404,) if name in READS else (404, 405)), name
        assert client.post(url, {"question": "x", "decision": "accepted", "direction": "up"}).status_code == 404, name


def test_manager_reads_progress_and_review_and_cannot_write(client, manager, urls, assessment_a):
    client_for(client, manager)
    for name in READS | {"followup:round_list", "followup:questionnaire_list"}:
        obj = urls.get(name)
        url = reverse(name, args=[obj.public_id]) if obj else reverse(name)
        response = client.get(url)
        assert response.status_code == 200, name
        assert "Accept answer" not in response.content.decode()
    for name, obj in urls.items():
        url = reverse(name, args=[obj.public_id])
        assert client.post(url, {"decision": "accepted", "internal_note": "x"}).status_code == 403, name
        if name not in READS:
            assert client.get(url).status_code == 403, name
    for name in ("followup:round_create", "followup:questionnaire_create"):
        assert client.get(reverse(name)).status_code == 403
    assessment_a.refresh_from_db()
    assert assessment_a.internal_note == ""


def test_anonymous_and_supplier_users_stay_out_of_the_staff_pages(client, urls, supplier_a_user):
    for name, obj in urls.items():
        response = client.get(reverse(name, args=[obj.public_id]))
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login")), name
    client_for(client, supplier_a_user)
    for name, obj in urls.items():
        assert client.get(reverse(name, args=[obj.public_id])).status_code == 403, name


def test_staff_get_403_in_the_portal(officer_client, assessment_a):
    assert officer_client.get(reverse("portal_followup:list")).status_code == 403
    assert officer_client.get(portal_url(assessment_a)).status_code == 403


def test_a_malformed_agreement_id_is_404(officer_client):
    assert officer_client.get(reverse("followup:round_create") + "?agreement=nope").status_code == 404


def test_another_buyers_agreement_cannot_get_a_round(client, other_officer, agreement):
    client_for(client, other_officer)
    assert client.get(reverse("followup:round_create") + f"?agreement={agreement.public_id}").status_code == 404
