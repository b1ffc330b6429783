"""Bilingual texts the buyer writes: a round's and a questionnaire's title and
introduction in Bokmål and English. The supplier reads its own language in the portal
and in emails; English left empty falls back to Bokmål, and the officer is told which
English texts are missing, on the form and on the detail page."""

import pytest
from django.core import mail
from django.urls import reverse

from followup.models import ReportingRound
from tests import factories as f
from tests.conftest import client_for

from .factories import AssessmentFactory, QuestionnaireFactory, RoundFactory


@pytest.fixture
def english_user(supplier_a):
    user = f.SupplierMembershipFactory(supplier=supplier_a, user__email="en@alpha.example").user
    user.language = "en"
    user.save()
    return user


@pytest.fixture
def norwegian_user(supplier_a):
    user = f.SupplierMembershipFactory(supplier=supplier_a, user__email="nb@alpha.example").user
    user.language = "nb"
    user.save()
    return user


def _portal(client, user, assessment):
    return client_for(client, user).get(reverse("portal_followup:detail", args=[assessment.public_id])).content.decode()


def test_english_left_empty_falls_back_to_bokmal_and_the_officer_sees_it_is_missing(
    client, officer, english_user, round_, supplier_a
):
    ReportingRound.objects.filter(pk=round_.pk).update(
        title_nb="Egenrapportering våren 2026", title_en="", intro_nb="Svar for fabrikkene deres.", intro_en=""
    )
    assessment = AssessmentFactory(round=round_, supplier=supplier_a)
    page = _portal(client, english_user, assessment)
    assert "Egenrapportering våren 2026" in page and "Svar for fabrikkene deres." in page

    detail = client_for(client, officer).get(round_.get_absolute_url()).content.decode()
    assert "English text missing:" in detail
    assert "title (English), introduction (English)" in detail
    form = client.get(reverse("followup:round_texts_edit", args=[round_.public_id])).content.decode()
    assert "English text missing:" in form

    response = client.post(
        reverse("followup:round_texts_edit", args=[round_.public_id]),
        {
            "title_nb": "Egenrapportering våren 2026",
            "title_en": "Self-assessment spring 2026",
            "intro_nb": "Svar for fabrikkene deres.",
            "intro_en": "Answer for your factories.",
        },
    )
    assert response.status_code == 302
    assert "English text missing:" not in client.get(round_.get_absolute_url()).content.decode()
    page = _portal(client, english_user, assessment)
    assert "Self-assessment spring 2026" in page and "Answer for your factories." in page
    assert "Egenrapportering våren 2026" not in page


def test_a_norwegian_supplier_user_reads_bokmal(client, norwegian_user, round_, supplier_a):
    ReportingRound.objects.filter(pk=round_.pk).update(
        title_nb="Egenrapportering våren 2026", title_en="Self-assessment spring 2026", intro_nb="Svar nå."
    )
    page = _portal(client, norwegian_user, AssessmentFactory(round=round_, supplier=supplier_a))
    assert "Egenrapportering våren 2026" in page and "Self-assessment spring 2026" not in page


def test_the_bokmal_title_is_required(officer_client, round_):
    url = reverse("followup:round_texts_edit", args=[round_.public_id])
    response = officer_client.post(url, {"title_nb": "", "title_en": "Only English"})
    assert response.status_code == 400 and "Nothing was saved" in response.content.decode()
    round_.refresh_from_db()
    assert round_.title_en != "Only English"


def test_opening_a_round_emails_each_supplier_user_in_their_language(
    officer_client, agreement, questionnaire, questions, awards, supplier_a, english_user, norwegian_user
):
    response = officer_client.post(
        reverse("followup:round_create") + f"?agreement={agreement.public_id}",
        {
            "questionnaire": questionnaire.pk,
            "title_nb": "Egenrapportering 2026",
            "title_en": "",
            "intro_nb": "Les dette først.",
            "intro_en": "",
            "opens_on": "2026-03-02",
            "deadline": "2026-04-13",
            "suppliers": [supplier_a.pk],
        },
        follow=True,
    )
    # The officer is told at once that the English texts are missing.
    assert "English text missing: title (English), introduction (English)" in response.content.decode()
    round_ = ReportingRound.objects.get()
    round_.title_en, round_.intro_en = "Self-assessment 2026", "Read this first."
    round_.save()
    mail.outbox.clear()
    from followup import emails

    assessment = round_.assessments.get()
    for user in (english_user, norwegian_user):
        emails.send_assessment_opened(assessment=assessment, user=user)
    from oslo_procurement.notifications.models import Notification

    bodies = {
        n.recipient_email: n.body_text for n in Notification.objects.filter(template__endswith="opened").order_by("pk")
    }
    assert '"Self-assessment 2026"' in bodies["en@alpha.example"] and "Read this first." in bodies["en@alpha.example"]
    assert "Egenrapportering 2026" in bodies["nb@alpha.example"] and "Les dette først." in bodies["nb@alpha.example"]


def test_a_questionnaire_without_english_says_so(officer_client, buyer):
    questionnaire = QuestionnaireFactory(
        buyer=buyer, title_nb="Sosiale krav", title_en="", intro_nb="Om kravene.", status="draft"
    )
    page = officer_client.get(questionnaire.get_absolute_url()).content.decode()
    assert "English text missing:" in page and "title (English)" in page
    edit = officer_client.get(reverse("followup:questionnaire_edit", args=[questionnaire.public_id]))
    assert "English text missing:" in edit.content.decode()
    questionnaire.title_en, questionnaire.intro_en = "Social criteria", "About the criteria."
    questionnaire.save()
    assert "English text missing:" not in officer_client.get(questionnaire.get_absolute_url()).content.decode()


def test_the_round_factory_and_old_callers_set_the_bokmal_title(agreement, questionnaire):
    round_ = RoundFactory(agreement=agreement, questionnaire=questionnaire, title="Vår 2026")
    assert round_.title_nb == "Vår 2026" and round_.title == "Vår 2026"
