from django.urls import reverse

from tests.conftest import client_for

from .factories import AnswerFactory


def test_admin_pages_render(client, administrator, assessment_a):
    answer = AnswerFactory(assessment=assessment_a, question=assessment_a.round.questionnaire.questions.first())
    client_for(client, administrator)
    for name in ["questionnaire", "question", "reportinground", "assessment", "answer"]:
        assert client.get(reverse(f"admin:followup_{name}_changelist")).status_code == 200, name
    assert client.get(reverse("admin:followup_assessment_change", args=[assessment_a.pk])).status_code == 200
    assert client.get(reverse("admin:followup_answer_change", args=[answer.pk])).status_code == 200
    # Self-assessments and answers come only from the services, never typed in by hand.
    assert client.get(reverse("admin:followup_assessment_add")).status_code == 403


def test_the_supplier_page_lists_its_self_assessments_for_the_own_buyer_only(
    client, officer, other_officer, assessment_a, supplier_a
):
    client_for(client, officer)
    page = client.get(supplier_a.get_absolute_url()).content.decode()
    assert "Self-assessments" in page and "Self-assessment spring 2026" in page
    assert reverse("followup:assessment_review", args=[assessment_a.public_id]) in page
    client_for(client, other_officer)
    assert "Self-assessment spring 2026" not in client.get(supplier_a.get_absolute_url()).content.decode()
