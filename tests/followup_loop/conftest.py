"""A small world for market dialogue, lessons and next procurement tests: an active
agreement of the buyer whose award to supplier A was signed with two criterion versions,
a supplier with no contract (with a portal user), and helpers that build events and
feedback through the services, so every test starts from states the app can reach."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from followup.consultations import services
from followup.models import CriterionFeedback
from tests import factories as f

OSLO = ZoneInfo("Europe/Oslo")
TODAY = datetime.date(2026, 5, 4)


@pytest.fixture(autouse=True)
def _frozen_day():
    # 4 May 2026, 09:00 in Oslo: every test sees the same "today".
    with time_machine.travel(datetime.datetime(2026, 5, 4, 9, 0, tzinfo=OSLO), tick=False):
        yield


@pytest.fixture
def disclosure():
    """CLA-8 in force since 2025 (the version the agreement was signed with)."""
    return f.CriterionVersionFactory(
        criterion=f.CriterionFactory(code="CLA-8"),
        title_en="Disclosure of factories",
        title_nb="Åpenhet om fabrikker",
        text_en="The supplier shall disclose the factories that make the contracted products.",
        effective_from=datetime.date(2025, 1, 1),
    )


@pytest.fixture
def interns():
    return f.CriterionVersionFactory(
        criterion=f.CriterionFactory(code="SA-2", kind="self_assessment"),
        title_en="Student, intern and agency workers",
        title_nb="Studenter, praktikanter og innleide",
        effective_from=datetime.date(2025, 1, 1),
    )


@pytest.fixture
def agreement(buyer, supplier_a, disclosure):
    agreement = f.AgreementFactory(buyer=buyer, reference="UKE-2024/0913", title="ICT equipment")
    award = f.AwardFactory(agreement=agreement, supplier=supplier_a)
    award.criteria_versions.set([disclosure])
    return agreement


@pytest.fixture
def newcomer(db):
    """A reseller in the registry with no contract, and one portal user."""
    supplier = f.SupplierFactory(legal_name="Bjørkelund Digital AS")
    f.SupplierMembershipFactory(
        supplier=supplier, user__email="marte@bjorkelund.example", user__full_name="Marte Lie", user__language="nb"
    )
    return supplier


def make_event(buyer, officer, **kwargs):
    """An event planned through the service. One dated in the past is planned on its
    day (the service refuses to plan an event in the past), as it was then."""
    values = {
        "kind": "dialogue_conference",
        "topic": "Social criteria in the ICT agreement",
        "event_date": TODAY,
        "mode": "hybrid",
        "place": "City Hall",
        "procurement": "ICT equipment from 2028",
        **kwargs,
    }
    day = values["event_date"]
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    if day >= TODAY:
        return services.event_create(buyer=buyer, actor=officer, **values)
    with time_machine.travel(datetime.datetime(day.year, day.month, day.day, 9, 0, tzinfo=OSLO), tick=False):
        return services.event_create(buyer=buyer, actor=officer, **values)


def invite(event, officer, *suppliers, send_email=False):
    services.invitations_create(event=event, suppliers=list(suppliers), actor=officer, send_email=send_email)
    return {i.supplier_id: i for i in event.invitations.all()}


def answer(invitation, proposal, officer, readiness, months=None, reasons=""):
    services.feedback_save(
        invitation=invitation,
        actor=officer,
        answers={proposal: (readiness, months, reasons)},
        source=CriterionFeedback.Source.OFFICER,
    )
