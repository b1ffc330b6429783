"""The lists run a fixed number of queries whatever the number of rows (5 vs 40)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followup.models import CorrectiveAction, Escalation, Meeting
from tests import factories as f

from .conftest import OSLO, TODAY, written_warning_in_force


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _grow_actions(buyer, officer, n):
    """n actions of n different suppliers, each agreed in its own meeting, some overdue,
    each overdue one with a written warning in force."""
    for i in range(n - CorrectiveAction.objects.filter(buyer=buyer).count()):
        supplier = f.SupplierFactory()
        meeting = Meeting.objects.create(
            buyer=buyer, supplier=supplier, title=f"Meeting {i}", starts_at=datetime.datetime(2026, 4, 1, tzinfo=OSLO)
        )
        action = CorrectiveAction.objects.create(
            buyer=buyer,
            supplier=supplier,
            title=f"Action {i}",
            severity=1 + i % 4,
            deadline=TODAY + datetime.timedelta(days=(i % 3) - 1),
            meeting=meeting,
        )
        if action.deadline < TODAY:
            written_warning_in_force(action, officer)


def _grow_meetings(buyer, officer, n):
    for i in range(n - Meeting.objects.filter(buyer=buyer).count()):
        meeting = Meeting.objects.create(
            buyer=buyer,
            supplier=f.SupplierFactory(),
            title=f"Meeting {i}",
            starts_at=datetime.datetime(2026, 4, 1, tzinfo=OSLO) + datetime.timedelta(days=i),
        )
        meeting.agenda_items.create(order=1, title="Point")
        CorrectiveAction.objects.create(
            buyer=buyer, supplier=meeting.supplier, title="Action", severity=2, deadline=TODAY, meeting=meeting
        )


@pytest.mark.parametrize(
    ("url_name", "grow"),
    [
        ("actions:list", _grow_actions),
        ("meetings:list", _grow_meetings),
        ("actions:escalation_queue", None),
    ],
)
def test_staff_lists_do_not_grow_with_rows(officer_client, buyer, officer, settings, url_name, grow):
    settings.PAGE_SIZE = 50  # every row on one page: the count must not depend on the rows shown

    def grow_queue(buyer, officer, n):
        _grow_actions(buyer, officer, n)
        for escalation in Escalation.objects.filter(buyer=buyer, status=Escalation.Status.IN_FORCE):
            if not Escalation.objects.filter(action=escalation.action, rung=2).exists():
                Escalation.objects.create(
                    buyer=buyer,
                    supplier=escalation.supplier,
                    action=escalation.action,
                    rung=2,
                    reason="Still late",
                    status=Escalation.Status.PROPOSED,
                    decided_by=officer,
                    decided_on=TODAY,
                )

    grow = grow or grow_queue
    grow(buyer, officer, 5)
    small = _count(officer_client, reverse(url_name))
    grow(buyer, officer, 40)
    assert _count(officer_client, reverse(url_name)) == small


def test_portal_lists_do_not_grow_with_rows(client, buyer, officer, supplier_a, supplier_a_user):
    def grow(n):
        for i in range(n - Meeting.objects.filter(supplier=supplier_a).count()):
            meeting = Meeting.objects.create(
                buyer=buyer,
                supplier=supplier_a,
                title=f"Meeting {i}",
                starts_at=datetime.datetime(2026, 4, 1, tzinfo=OSLO),
                status=Meeting.Status.MINUTES_SHARED,
                minutes_shared_at=datetime.datetime(2026, 4, 2, tzinfo=OSLO),
            )
            CorrectiveAction.objects.create(
                buyer=buyer, supplier=supplier_a, title=f"A{i}", severity=2, deadline=TODAY, meeting=meeting
            )

    client.force_login(supplier_a_user)
    grow(5)
    small = {name: _count(client, reverse(name)) for name in ("portal_meetings:list", "portal_actions:list")}
    grow(20)
    assert {name: _count(client, reverse(name)) for name in small} == small


def test_meeting_page_does_not_grow_with_agenda_and_actions(officer_client, buyer, officer, supplier_a):
    meeting = Meeting.objects.create(
        buyer=buyer, supplier=supplier_a, title="Big meeting", starts_at=datetime.datetime(2026, 4, 1, tzinfo=OSLO)
    )
    url = reverse("meetings:detail", args=[meeting.public_id])

    def grow(n):
        for i in range(meeting.agenda_items.count(), n):
            meeting.agenda_items.create(order=i + 1, title=f"Point {i}")
            CorrectiveAction.objects.create(
                buyer=buyer, supplier=supplier_a, title=f"A{i}", severity=2, deadline=TODAY, meeting=meeting
            )

    grow(3)
    small = _count(officer_client, url)
    grow(30)
    assert _count(officer_client, url) == small
