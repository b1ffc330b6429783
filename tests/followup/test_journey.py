"""The whole loop, through the screens: build a questionnaire, publish it, open a round,
the supplier drafts in two sittings and submits, the officer asks for a clarification,
the supplier clarifies and resubmits, the officer accepts with a verdict."""

import datetime
import re

import time_machine
from django.urls import reverse

from followup.models import Answer, Assessment, Question, Questionnaire, ReportingRound
from suppliers.models import Evidence, Invitation
from tests import factories as f
from tests.conftest import client_for

from .helpers import autosave, portal_url, review


def _add_question(client, questionnaire, version, **fields):
    url = reverse("followup:question_create", args=[questionnaire.public_id])
    prefilled = client.get(url, {"criterion_version": version.public_id})
    assert prefilled.status_code == 200
    assert version.title_en in prefilled.content.decode()  # the text comes from the criterion
    data = {
        "criterion_version": version.pk,
        "text_nb": f"{version.title_nb}?",
        "text_en": f"{version.title_en}?",
        "answer_type": "yes_no_partly",
        "required": "on",
        "weight": 1,
        **fields,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]


@time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_the_whole_loop(
    client, officer, buyer, supplier_a, supplier_a_user, mailoutbox, django_capture_on_commit_callbacks
):
    agreement = f.AgreementFactory(buyer=buyer, reference="2026/0042")
    supplier_c = f.SupplierFactory(legal_name="Gamma Gjenbruk AS")
    f.ContactFactory(supplier=supplier_c, name="Gro Gamma", email="gro@gamma.example", is_primary=True, language="nb")
    f.AwardFactory(agreement=agreement, supplier=supplier_a)
    f.AwardFactory(agreement=agreement, supplier=supplier_c)
    policy = f.CriterionVersionFactory(criterion__oecd_step=1, title_en="Policy on human rights", title_nb="Policy")
    tco = f.CriterionVersionFactory(criterion__oecd_step=2, title_en="Certified products", title_nb="Sertifisering")
    hours = f.CriterionVersionFactory(criterion__oecd_step=2, title_en="Working hours", title_nb="Arbeidstid")
    other = f.CriterionVersionFactory(criterion__oecd_step=1, title_en="Anything else", title_nb="Annet")

    # 1. The officer builds and publishes the questionnaire.
    client_for(client, officer)
    response = client.post(
        reverse("followup:questionnaire_create"),
        {"title_nb": "Sosiale krav 2026", "title_en": "Social criteria 2026", "intro_nb": "", "intro_en": ""},
    )
    questionnaire = Questionnaire.objects.get(title_en="Social criteria 2026")
    assert response.url == questionnaire.get_absolute_url()
    _add_question(client, questionnaire, policy, weight=2)
    _add_question(client, questionnaire, tco, answer_type="file", evidence_kind="tco")
    _add_question(client, questionnaire, hours, answer_type="number")
    _add_question(client, questionnaire, other, answer_type="text", required="")
    q_policy, q_tco, q_hours, q_other = questionnaire.questions.order_by("order")
    client.post(reverse("followup:questionnaire_publish", args=[questionnaire.public_id]))
    questionnaire.refresh_from_db()
    assert questionnaire.status == Questionnaire.Status.PUBLISHED
    page = client.get(questionnaire.get_absolute_url()).content.decode()
    assert page.index("1 Embed") < page.index("Policy on human rights?") < page.index("Anything else?")
    assert page.index("Anything else?") < page.index("2 Identify") < page.index("Certified products?")

    # 2. It opens a round for the agreement: both suppliers ticked by default.
    url = reverse("followup:round_create") + f"?agreement={agreement.public_id}"
    form = client.get(url).context["form"]
    assert form["deadline"].value() == datetime.date(2026, 4, 13)  # six weeks
    assert set(form["suppliers"].value()) == {supplier_a.pk, supplier_c.pk}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "questionnaire": questionnaire.pk,
                "title_nb": "Self-assessment spring 2026",
                "opens_on": "2026-03-02",
                "deadline": "2026-04-13",
                "suppliers": [supplier_a.pk, supplier_c.pk],
            },
        )
    round_ = ReportingRound.objects.get()
    assert response.url == round_.get_absolute_url()
    assert round_.assessments.filter(status=Assessment.Status.NOT_STARTED).count() == 2
    to_alpha = [m for m in mailoutbox if m.to == ["user@alpha.example"]]
    assert len(to_alpha) == 1
    assert "13" in to_alpha[0].subject and "self-assessment" in to_alpha[0].subject.lower()
    assessment = round_.assessments.get(supplier=supplier_a)
    assert portal_url(assessment) in to_alpha[0].body
    invitation = Invitation.objects.get(supplier=supplier_c)
    assert invitation.email == "gro@gamma.example"
    assert [m.to for m in mailoutbox if m.to == ["gro@gamma.example"]] == [["gro@gamma.example"]]

    # 3. The supplier drafts two answers in two sittings.
    tco_cert = f.EvidenceFactory(supplier=supplier_a, kind=Evidence.Kind.TCO, title="TCO Certified 10")
    client_for(client, supplier_a_user)
    page = client.get(portal_url(assessment)).content.decode()
    assert "Policy on human rights?" in page and "TCO Certified 10" in page
    saved = autosave(client, assessment, f"q{q_policy.order}", 0, choice="partly", explanation="Board approved 2025")
    assert saved.status_code == 200 and saved.json()["revision"] == 1
    assert saved.json()["message"].startswith("Saved ")
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_PROGRESS

    client.logout()
    client_for(client, supplier_a_user)  # the second sitting
    page = client.get(portal_url(assessment)).content.decode()
    policy = f"q{q_policy.order}"  # the saved answer chosen, and its revision sent back with the next save
    assert re.search(rf'<input type="radio" name="{policy}-choice" value="partly"[^>]* checked>', page)
    assert f'<input type="hidden" name="{policy}-revision" value="1" id="id_{policy}-revision">' in page
    saved = autosave(client, assessment, f"q{q_tco.order}", 0, evidence=str(tco_cert.public_id))
    assert saved.status_code == 200

    # 4. Submitting is refused while a required answer is missing.
    response = client.post(reverse("portal_followup:submit", args=[assessment.public_id]))
    assert response.status_code == 400
    assert "1 required question is not answered yet" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_PROGRESS

    # 5. Without script: the whole form posted with its Save button.
    response = client.post(
        portal_url(assessment),
        {
            "save": f"q{q_hours.order}",
            f"q{q_policy.order}-revision": 1,
            f"q{q_policy.order}-choice": "partly",
            f"q{q_policy.order}-explanation": "Board approved 2025",
            f"q{q_tco.order}-revision": 1,
            f"q{q_tco.order}-evidence": str(tco_cert.public_id),
            f"q{q_hours.order}-revision": 0,
            f"q{q_hours.order}-number": "58",
            f"q{q_other.order}-revision": 0,
        },
    )
    assert response.status_code == 302 and response.url.endswith(f"#question-{q_hours.order}")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal_followup:submit", args=[assessment.public_id]))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED and assessment.submitted_at is not None
    assert [m.to for m in mailoutbox if "has submitted" in m.subject] == [["officer@oslo.example"]]
    page = client.get(portal_url(assessment)).content.decode()
    assert 'name="q1-choice"' not in page and "read-only" in page

    # 6. The officer asks for clarification on one answer and returns the assessment.
    client_for(client, officer)
    review_page = client.get(reverse("followup:assessment_review", args=[assessment.public_id])).content.decode()
    assert "TCO Certified 10" in review_page and "Board approved 2025" in review_page
    review(client, assessment, q_policy, "clarification", comment="Which board, and when?")
    review(client, assessment, q_tco, "accepted")
    review(client, assessment, q_hours, "non_compliant", severity="high", comment="Above 60 hours")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("followup:assessment_return", args=[assessment.public_id]))
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.RETURNED
    assert [m.to for m in mailoutbox if "clarify" in m.subject] == [["user@alpha.example"]]

    # 7. The supplier sees the comment, may change only that answer, and resubmits.
    client_for(client, supplier_a_user)
    page = client.get(portal_url(assessment)).content.decode()
    assert "Which board, and when?" in page
    assert 'name="q1-choice"' in page and 'name="q2-evidence"' not in page and 'name="q3-number"' not in page
    refused = autosave(client, assessment, f"q{q_hours.order}", 1, number="40")
    assert refused.status_code == 400
    assert Answer.objects.get(assessment=assessment, question=q_hours).number == 58
    assert (
        autosave(client, assessment, "q1", 1, choice="partly", explanation="Board of Alpha AS, June 2025").status_code
        == 200
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal_followup:submit", args=[assessment.public_id]))
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert Answer.objects.get(assessment=assessment, question=q_policy).review == Answer.Review.PENDING

    # 8. The officer accepts the clarified answer and the whole assessment with a verdict.
    client_for(client, officer)
    review(client, assessment, q_policy, "accepted")
    response = client.post(
        reverse("followup:assessment_accept", args=[assessment.public_id]),
        {"verdict": "partly", "verdict_comment": "Working hours must come down; see the CAP."},
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.ACCEPTED and assessment.verdict == "partly"

    # Scores as documented in followup/scoring.py:
    #   policy (weight 2, partly, accepted) 2 × 0.5 = 1;  TCO (1, accepted) 1;  hours (1, non-compliance) 0;
    #   the optional question was left empty: not counted.   overall 100 × 2 / 4 = 50.0, 3 of 4 counted
    #   step 1: 100 × 1 / 2 = 50.0 (1 of 2);  step 2: 100 × (1 + 0) / 2 = 50.0 (2 of 2)
    context = client.get(reverse("followup:assessment_review", args=[assessment.public_id])).context
    card = context["card"]
    assert (str(card.overall.percent), card.overall.counted, card.overall.total) == ("50.0", 3, 4)
    assert [(str(s.percent), s.counted, s.total) for s in card.steps] == [("50.0", 1, 2), ("50.0", 2, 2)]
    # Each decision is in the history, with who made it.
    history = Answer.objects.get(assessment=assessment, question=q_policy).history.order_by(
        "history_date", "history_id"
    )
    assert [h.review for h in history].count("clarification") >= 1
    assert history.last().history_user == officer
    assert Question.objects.filter(questionnaire=questionnaire).count() == 4
