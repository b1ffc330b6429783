"""Dates, times and numbers in the reader's language: Bokmål writes 24.11.2026 and
1 234,5; English follows Django's en formats (11/24/2026, Nov. 24, 2026, 1,234.5). On a
page (the user's chosen language), in an email and in a PDF (the recipient's language)."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from followup.actions import emails as action_emails
from followup.models import ReportKind
from followup.reports.services import report_pdf
from tests import factories as f
from tests.followup.factories import (
    AnswerFactory,
    AssessmentFactory,
    QuestionFactory,
    QuestionnaireFactory,
    RoundFactory,
)
from tests.followup_actions.conftest import make_action

pytestmark = pytest.mark.django_db

NBSP = "\xa0"  # Bokmål's thousands separator (Django's nb formats)
DAY = datetime.date(2026, 11, 24)
OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture
def world(buyer, officer, supplier_a, supplier_a_user):
    agreement = f.AgreementFactory(buyer=buyer, reference="2026/0042")
    f.AwardFactory(agreement=agreement, supplier=supplier_a, signed_on=DAY)
    site = f.SiteFactory(supplier=supplier_a, name="Bac Ninh Plant", workers=12345, disclosed_on=DAY)
    questionnaire = QuestionnaireFactory(buyer=buyer)
    questions = [
        QuestionFactory(
            questionnaire=questionnaire, order=n, criterion_version=f.CriterionVersionFactory(criterion__oecd_step=1)
        )
        for n in (1, 2, 3)
    ]
    round_ = RoundFactory(
        agreement=agreement, questionnaire=questionnaire, opens_on=DAY - datetime.timedelta(weeks=6), deadline=DAY
    )
    submitted = datetime.datetime(2026, 11, 10, 12, 0, tzinfo=OSLO)
    assessment = AssessmentFactory(
        round=round_, supplier=supplier_a, status="accepted", submitted_at=submitted, accepted_at=submitted
    )
    # Two of three answers accepted as met, one as not met: 2 of 3 points = 66.7 %.
    for question, choice in zip(questions, ("yes", "yes", "no"), strict=True):
        AnswerFactory(assessment=assessment, question=question, choice=choice, review="accepted")
    return {"site": site, "round": round_, "assessment": assessment}


@pytest.fixture(autouse=True)
def _before_the_deadline():
    with time_machine.travel(datetime.datetime(2026, 11, 20, 10, 0, tzinfo=OSLO), tick=False):
        yield


def _as(client, user, language):
    user.language = language
    user.save()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("language", "short_date", "workers"),
    [("nb", "24.11.2026", f"12{NBSP}345"), ("en", "11/24/2026", "12,345")],
)
def test_a_page_shows_dates_and_numbers_in_the_users_language(
    client, officer, supplier_a_user, world, language, short_date, workers
):
    page = _as(client, officer, language).get(world["round"].get_absolute_url()).content.decode()
    assert short_date in page  # the round's deadline
    portal = _as(client, supplier_a_user, language)
    page = portal.get(reverse("portal:site_detail", args=[world["site"].public_id])).content.decode()
    assert workers in page


@pytest.mark.parametrize(("language", "saved"), [("nb", "Lagret 14:05"), ("en", "Saved 2:05 p.m.")])
def test_the_autosave_time_is_in_the_users_language(client, supplier_a_user, buyer, supplier_a, language, saved):
    from followup.models import Assessment

    questionnaire = QuestionnaireFactory(buyer=buyer)
    QuestionFactory(questionnaire=questionnaire, order=1, answer_type="text")
    agreement = f.AgreementFactory(buyer=buyer)
    round_ = RoundFactory(
        agreement=agreement, questionnaire=questionnaire, opens_on=DAY, deadline=DAY + datetime.timedelta(weeks=6)
    )
    assessment = Assessment.objects.create(round=round_, supplier=supplier_a)
    with time_machine.travel(datetime.datetime(2026, 11, 24, 14, 5, tzinfo=OSLO), tick=False):
        response = _as(client, supplier_a_user, language).post(
            reverse("portal_followup:detail", args=[assessment.public_id]),
            {"autosave": "q1", "q1-text": "Our answer", "q1-revision": "0"},
            headers={"Accept": "application/json"},
        )
    assert response.json()["message"] == saved


def test_each_recipient_gets_the_email_in_their_own_language(
    buyer, officer, supplier_a, django_capture_on_commit_callbacks
):
    action = make_action(buyer, supplier_a, officer, title="Cap overtime", deadline=DAY)
    kari = f.SupplierMembershipFactory(supplier=supplier_a, user__email="kari@alpha.example", user__language="nb").user
    john = f.SupplierMembershipFactory(supplier=supplier_a, user__email="john@alpha.example", user__language="en").user
    with django_capture_on_commit_callbacks(execute=True):
        action_emails.send_action_returned(action=action, user=kari)
        action_emails.send_action_returned(action=action, user=john)
    by_recipient = {m.to[0]: m for m in mail.outbox}
    norwegian, english = by_recipient["kari@alpha.example"], by_recipient["john@alpha.example"]
    assert "Fristen er 24. november 2026." in norwegian.body
    assert 'lang="nb"' in norwegian.alternatives[0][0]
    assert "The deadline is Nov. 24, 2026." in english.body
    assert 'lang="en"' in english.alternatives[0][0]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nb", ["Oppfølgingsrapport", "24.11.2026", f"12{NBSP}345", "66,7 %"]),
        ("en", ["Follow-up report", "11/24/2026", "12,345", "66.7 %"]),
    ],
)
def test_the_pdf_writes_dates_and_numbers_in_its_language(buyer, supplier_a, world, language, expected):
    content, _pages, _summary = report_pdf(
        buyer=buyer, kind=ReportKind.SUPPLIER, language=language, supplier=supplier_a
    )
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    for value in expected:
        assert value.replace(NBSP, " ") in text.replace(NBSP, " "), (value, text[:3000])


@pytest.mark.parametrize(
    ("language", "text"), [("nb", "fra 01.03.2026 til 24.11.2026"), ("en", "from 03/01/2026 to 11/24/2026")]
)
def test_the_period_of_a_summary_is_written_in_its_language(language, text):
    from django.utils import translation

    from followup.reports.figures import Filters

    with translation.override(language):
        assert Filters(date_from=datetime.date(2026, 3, 1), date_to=DAY).describe() == text
