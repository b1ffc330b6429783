"""A small world for the meeting and corrective-action tests: supplier A awarded in one
agreement of the buyer, with a contact, and helpers that build meetings, findings and
actions through the services (so every test starts from states the app can reach)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

# Until followup/apps.py imports them in ready(), register the two supplier-page panels here.
from followup.actions import panels as _actions_panel  # noqa: F401
from followup.actions import services as action_services
from followup.meetings import panels as _meetings_panel  # noqa: F401
from followup.meetings import services as meeting_services
from followup.models import Escalation, Finding, FindingSupplier
from tests import factories as f
from tests.conftest import client_for

OSLO = ZoneInfo("Europe/Oslo")
TODAY = datetime.date(2026, 5, 4)


@pytest.fixture(autouse=True)
def _frozen_day():
    # 4 May 2026, 09:00 in Oslo: every test sees the same "today".
    with time_machine.travel(datetime.datetime(2026, 5, 4, 9, 0, tzinfo=OSLO), tick=False):
        yield


@pytest.fixture
def agreement(buyer):
    return f.AgreementFactory(buyer=buyer, reference="2026/0007", title="PCs and tablets")


@pytest.fixture
def award_a(agreement, supplier_a):
    return f.AwardFactory(agreement=agreement, supplier=supplier_a)


@pytest.fixture
def contact_a(supplier_a):
    return f.ContactFactory(supplier=supplier_a, name="Kari Contact", email="kari@alpha.example")


@pytest.fixture
def other_officer_client(client, other_officer):
    return client_for(client, other_officer)


def make_finding(buyer, supplier, *, title="Student interns work 12-hour days", status=Finding.Status.RAISED):
    finding = Finding.objects.create(
        buyer=buyer,
        title=title,
        summary="Reported by an NGO.",
        source_kind=Finding.SourceKind.NGO_REPORT,
        source_title="Report 2026",
        issue_type=Finding.IssueType.OVERTIME,
        severity=3,
        likelihood=3,
        status=status,
    )
    FindingSupplier.objects.create(finding=finding, supplier=supplier)
    return finding


def make_action(buyer, supplier, officer, **kwargs):
    values = {"title": "Cap overtime", "severity": 2, **kwargs}
    return action_services.action_create(buyer=buyer, supplier=supplier, actor=officer, **values)


def make_meeting(buyer, supplier, officer, *, starts_at=None, **kwargs):
    return meeting_services.meeting_create(
        buyer=buyer,
        supplier=supplier,
        actor=officer,
        title=kwargs.pop("title", "Follow-up meeting"),
        starts_at=starts_at or datetime.datetime(2026, 5, 4, 10, 0, tzinfo=OSLO),
        **kwargs,
    )


def held_meeting(buyer, supplier, officer, *, minutes="We agreed on two actions.", **kwargs):
    meeting = make_meeting(buyer, supplier, officer, **kwargs)
    return meeting_services.meeting_record_minutes(
        meeting=meeting, actor=officer, minutes=minutes, decisions="Fix it.", internal_notes="SECRET-NOTE"
    )


def written_warning_in_force(action, officer):
    """The first rung of the sanctions ladder in force on the action, decided today."""
    return Escalation.objects.create(
        buyer=action.buyer,
        supplier=action.supplier,
        action=action,
        rung=1,
        reason="Late",
        status=Escalation.Status.IN_FORCE,
        decided_by=officer,
        decided_on=TODAY,
    )


def overdue(action, days=1):
    """Make the action's deadline pass (the deadline lies in the past)."""
    type(action).objects.filter(pk=action.pk).update(deadline=TODAY - datetime.timedelta(days=days))
    action.refresh_from_db()
    return action


def valid_evidence(supplier, **kwargs):
    return f.EvidenceFactory(supplier=supplier, **kwargs)
