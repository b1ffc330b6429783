"""Market dialogue in the supplier portal: a supplier sees only the events its own
organisation was invited to, sends its readiness and written input until the deadline
(saving twice changes nothing), and can neither see nor change another supplier's."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from followup.consultations import services
from followup.models import CriterionFeedback, EventInvitation, Readiness
from tests.conftest import client_for

from .conftest import OSLO, TODAY, answer, invite, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(buyer, officer, disclosure, interns):
    event = make_event(
        buyer,
        officer,
        event_date=TODAY + datetime.timedelta(days=14),
        input_deadline=TODAY + datetime.timedelta(days=7),
    )
    services.proposal_add(event=event, actor=officer, criterion_version=disclosure)
    services.proposal_add(
        event=event, actor=officer, criterion=interns.criterion, title="Interns by school agreement only", text="..."
    )
    return event


def _proposals(event):
    return list(event.proposed_criteria.order_by("order"))


def _input(event, **extra):
    p1, p2 = _proposals(event)
    return {
        f"readiness_{p1.pk}": "transition",
        f"months_{p1.pk}": "6",
        f"reasons_{p1.pk}": "Our suppliers must consent.",
        f"readiness_{p2.pk}": "ready",
        f"reasons_{p2.pk}": "",
        "written_input": "Please accept lists per product group.",
        **extra,
    }


def test_supplier_sees_only_the_events_it_was_invited_to(
    client, buyer, officer, event, supplier_a, supplier_a_user, supplier_b
):
    invite(event, officer, supplier_a)
    other = make_event(buyer, officer, topic="Only for Beta")
    invite(other, officer, supplier_b)
    client_for(client, supplier_a_user)
    listing = client.get(reverse("portal_market:list")).content.decode()
    assert "Social criteria in the ICT agreement" in listing and "Only for Beta" not in listing
    assert client.get(reverse("portal_market:detail", args=[other.public_id])).status_code == 404
    page = client.get(reverse("portal_market:detail", args=[event.public_id])).content.decode()
    assert "CLA-8 v1 Disclosure of factories" in page and "Interns by school agreement only" in page


def test_supplier_sends_readiness_and_written_input_and_a_double_submit_is_harmless(
    client, officer, event, supplier_a, supplier_a_user
):
    invitation = invite(event, officer, supplier_a)[supplier_a.pk]
    client_for(client, supplier_a_user)
    url = reverse("portal_market:detail", args=[event.public_id])
    response = client.post(url, _input(event))
    assert response.status_code == 302
    p1, p2 = _proposals(event)
    rows = {r.proposal_id: r for r in CriterionFeedback.objects.filter(invitation=invitation)}
    assert (rows[p1.pk].readiness, rows[p1.pk].transition_months, rows[p1.pk].source) == ("transition", 6, "portal")
    assert rows[p1.pk].recorded_by == supplier_a_user
    assert rows[p2.pk].readiness == "ready"
    invitation.refresh_from_db()
    assert invitation.written_input == "Please accept lists per product group."
    assert invitation.input_by == supplier_a_user and invitation.input_submitted_at is not None
    history = CriterionFeedback.history.count() + EventInvitation.history.count()

    again = client.post(url, _input(event), follow=True)
    assert "Nothing changed." in again.content.decode()
    assert CriterionFeedback.history.count() + EventInvitation.history.count() == history
    assert CriterionFeedback.objects.count() == 2

    # The officer sees it on the event page.
    officer_page = client_for(client, officer).get(reverse("market:detail", args=[event.public_id])).content.decode()
    assert "Our suppliers must consent." in officer_page and "Please accept lists per product group." in officer_page


def test_supplier_can_change_its_answers_until_the_deadline_and_not_after(
    client, officer, event, supplier_a, supplier_a_user
):
    import time_machine

    invitation = invite(event, officer, supplier_a)[supplier_a.pk]
    client_for(client, supplier_a_user)
    url = reverse("portal_market:detail", args=[event.public_id])
    client.post(url, _input(event))
    p1, _p2 = _proposals(event)
    last_evening = datetime.datetime(2026, 5, 11, 23, 0, tzinfo=OSLO)  # the deadline day, 11 May
    with time_machine.travel(last_evening, tick=False):
        client_for(client, supplier_a_user)  # a fresh session on that day
        client.post(url, _input(event, **{f"readiness_{p1.pk}": "ready", f"months_{p1.pk}": ""}))
    assert CriterionFeedback.objects.get(invitation=invitation, proposal=p1).readiness == "ready"
    with time_machine.travel(datetime.datetime(2026, 5, 12, 9, 0, tzinfo=OSLO), tick=False):
        client_for(client, supplier_a_user)
        page = client.get(url).content.decode()
        assert "The deadline for written input has passed." in page and '<form method="post" novalidate>' not in page
        client.post(url, _input(event))
        with pytest.raises(ValidationError, match="deadline"):
            services.feedback_save(
                invitation=invitation,
                actor=supplier_a_user,
                answers={p1: (Readiness.NOT_FEASIBLE, None, "")},
                source=CriterionFeedback.Source.PORTAL,
            )
    assert CriterionFeedback.objects.get(invitation=invitation, proposal=p1).readiness == "ready"


def test_another_supplier_can_neither_see_nor_change_the_answers(
    client, officer, event, supplier_a, supplier_a_user, supplier_b_user
):
    invitation = invite(event, officer, supplier_a)[supplier_a.pk]
    p1, _p2 = _proposals(event)
    answer(invitation, p1, officer, Readiness.READY, reasons="Alpha's own reasons")
    client_for(client, supplier_b_user)
    url = reverse("portal_market:detail", args=[event.public_id])
    assert client.get(url).status_code == 404
    assert client.post(url, _input(event)).status_code == 404
    with pytest.raises(PermissionDenied):
        services.feedback_save(
            invitation=invitation,
            actor=supplier_b_user,
            answers={p1: (Readiness.NOT_FEASIBLE, None, "")},
            source=CriterionFeedback.Source.PORTAL,
        )
    assert CriterionFeedback.objects.get().readiness == "ready"
    assert client.get(reverse("market:detail", args=[event.public_id])).status_code == 403


def test_the_portal_shows_no_other_suppliers_answers(client, officer, event, supplier_a, supplier_a_user, supplier_b):
    invitations = invite(event, officer, supplier_a, supplier_b)
    p1, _p2 = _proposals(event)
    answer(invitations[supplier_b.pk], p1, officer, Readiness.NOT_FEASIBLE, reasons="BETA-SECRET-REASON")
    client_for(client, supplier_a_user)
    page = client.get(reverse("portal_market:detail", args=[event.public_id])).content.decode()
    assert "BETA-SECRET-REASON" not in page and "Beta Brands AS" not in page
