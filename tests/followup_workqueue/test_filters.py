"""The list filters the work queue links to: meetings of this week, my suppliers on the
corrective actions, the meetings and the escalations."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from contracts.models import SupplierOfficer
from followup.models import CorrectiveAction, Escalation, Meeting

from .world import NOW, OSLO, TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _titles(response):
    return sorted(row.title for row in response.context["page"])


def test_meetings_this_week_are_monday_to_sunday_and_not_cancelled(officer_client, buyer, supplier_a):
    def meeting(title, day, hour=10, **kwargs):
        Meeting.objects.create(
            buyer=buyer,
            supplier=supplier_a,
            title=title,
            starts_at=datetime.datetime.combine(day, datetime.time(hour), tzinfo=OSLO),
            **kwargs,
        )

    monday = TODAY - datetime.timedelta(days=TODAY.weekday())
    meeting("Monday early", monday, hour=0)
    meeting("Sunday late", monday + datetime.timedelta(days=6), hour=23)
    meeting("Last Sunday", monday - datetime.timedelta(days=1), hour=23)
    meeting("Next Monday", monday + datetime.timedelta(days=7), hour=0)
    meeting("Cancelled", TODAY, status=Meeting.Status.CANCELLED)
    response = officer_client.get(reverse("meetings:list"), {"when": "this_week"})
    assert _titles(response) == ["Monday early", "Sunday late"]
    assert len(_titles(officer_client.get(reverse("meetings:list")))) == 5


def test_my_suppliers_on_actions_meetings_and_escalations(officer_client, officer, buyer, supplier_a, supplier_b):
    SupplierOfficer.objects.create(buyer=buyer, supplier=supplier_a, officer=officer)
    for supplier in (supplier_a, supplier_b):
        action = CorrectiveAction.objects.create(
            buyer=buyer, supplier=supplier, title=f"Action {supplier.legal_name}", severity=2, deadline=TODAY
        )
        Escalation.objects.create(
            buyer=buyer,
            supplier=supplier,
            action=action,
            rung=2,
            reason="Late",
            status=Escalation.Status.PROPOSED,
            decided_by=officer,
            decided_on=TODAY,
        )
        Meeting.objects.create(buyer=buyer, supplier=supplier, title=f"Meeting {supplier.legal_name}", starts_at=NOW)
    mine = f"Action {supplier_a.legal_name}"
    assert _titles(officer_client.get(reverse("actions:list"), {"mine": "1"})) == [mine]
    assert len(_titles(officer_client.get(reverse("actions:list")))) == 2
    meetings = officer_client.get(reverse("meetings:list"), {"mine": "1", "when": "this_week"})
    assert _titles(meetings) == [f"Meeting {supplier_a.legal_name}"]
    escalations = officer_client.get(reverse("actions:escalation_queue"), {"mine": "1"})
    assert [e.supplier for e in escalations.context["escalations"]] == [supplier_a]
    assert "Only the suppliers you are responsible for." in escalations.content.decode()
    assert len(officer_client.get(reverse("actions:escalation_queue")).context["escalations"]) == 2


def test_a_user_with_no_suppliers_of_their_own_sees_empty_mine_lists(manager_client, buyer, supplier_a):
    CorrectiveAction.objects.create(buyer=buyer, supplier=supplier_a, title="Someone's", severity=2, deadline=TODAY)
    assert _titles(manager_client.get(reverse("actions:list"), {"mine": "1"})) == []
    assert manager_client.get(reverse("suppliers:list"), {"mine": "1"}).context["page"].paginator.count == 0
