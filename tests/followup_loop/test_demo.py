"""`make run` shows market dialogue and lessons: the seeded world has a held dialogue
conference on the 2024 agreement with the demo suppliers' feedback, a planned market
consultation that invites a supplier with no contract, and lessons with evidence."""

import io

import pytest
from django.core.management import call_command

from followup.consultations import selectors
from followup.lessons import suggestions
from followup.models import CriterionFeedback, Lesson, MarketEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_day():
    # The demo follows today's date (seed_demo computes some dates when it is first
    # imported): seed it on the real day, not the folder's frozen one.
    yield


def test_the_demo_has_a_conference_a_consultation_and_lessons():
    call_command("seed_demo", stdout=io.StringIO())
    conference = MarketEvent.objects.get(kind="dialogue_conference")
    assert conference.status == "held" and conference.agreement.reference == "UKE-2024/0913"
    assert conference.invitations.filter(attended=True).count() == 4
    suppliers = set(
        CriterionFeedback.objects.filter(invitation__event=conference).values_list(
            "invitation__supplier__legal_name", flat=True
        )
    )
    assert {"Nordlys IT-Partner AS", "Tamsui Precision Manufacturing Co., Ltd."} <= suppliers
    assert CriterionFeedback.objects.filter(invitation__event=conference, source="portal").exists()
    readiness = {p.label: p.readiness for p in selectors.event_proposals(conference)}
    assert all(r.answered > 0 for r in readiness.values())

    consultation = MarketEvent.objects.get(kind="market_consultation")
    assert consultation.status == "planned"
    newcomer = consultation.invitations.get(supplier__legal_name="Bjørkelund Digital AS").supplier
    assert not newcomer.awards.exists()
    # Nordlys's portal user was emailed the invitation through the outbox.
    assert consultation.invitations.get(supplier__legal_name="Nordlys IT-Partner AS").emails_sent == 1

    assert Lesson.objects.filter(status="agreed").count() == 1
    assert Lesson.objects.filter(status="draft").count() == 2
    assert all(
        lesson.findings.exists() or lesson.actions.exists() or lesson.answers.exists()
        for lesson in Lesson.objects.all()
    )
    # What the data suggests is still there to be tried.
    assert "issue:student_agency" in {s.key for s in suggestions.open_suggestions(conference.buyer)}
