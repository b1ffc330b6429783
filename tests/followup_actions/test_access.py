"""Who reaches what: supplier B never reaches supplier A's meetings or actions, another
buyer's officer gets 404, managers read everything and change nothing except their
decision on escalations, and forged evidence ids are refused."""

import pytest
from django.urls import reverse

from followup.actions import services as action_services
from followup.meetings import services as meeting_services
from followup.models import ActionUpdate, CorrectiveAction, Escalation, Meeting
from tests import factories as f

from .conftest import held_meeting, make_action, overdue, valid_evidence


@pytest.fixture
def world(buyer, supplier_a, officer, manager):
    meeting = held_meeting(buyer, supplier_a, officer, title="MEETING-A")
    action = make_action(buyer, supplier_a, officer, title="AGREED-A", meeting=meeting)
    meeting_services.meeting_share_minutes(meeting=meeting, actor=officer)
    late = overdue(make_action(buyer, supplier_a, officer, title="LATE-A"))
    action_services.escalation_propose(action=late, actor=officer, rung=1, reason="Late")
    proposal = action_services.escalation_propose(action=late, actor=officer, rung=2, reason="Still late")
    return {"meeting": meeting, "action": action, "escalation": proposal}


PORTAL_URLS = [
    ("portal_meetings:detail", "meeting"),
    ("portal_actions:detail", "action"),
    ("portal_actions:update", "action"),
    ("portal_actions:evidence", "action"),
    ("portal_actions:submit", "action"),
]

STAFF_URLS = [
    ("meetings:detail", "meeting", "staff"),
    ("meetings:edit", "meeting", "write"),
    ("meetings:agenda", "meeting", "write"),
    ("meetings:agenda_propose", "meeting", "write"),
    ("meetings:agenda_share", "meeting", "write"),
    ("meetings:minutes", "meeting", "write"),
    ("meetings:minutes_share", "meeting", "write"),
    ("meetings:action_create", "meeting", "write"),
    ("meetings:cancel", "meeting", "write"),
    ("actions:detail", "action", "staff"),
    ("actions:edit", "action", "write"),
    ("actions:start", "action", "write"),
    ("actions:verify", "action", "write"),
    ("actions:return", "action", "write"),
    ("actions:escalate", "action", "write"),
    ("actions:escalation_detail", "escalation", "staff"),
    ("actions:escalation_decide", "escalation", "manager"),
    ("actions:escalation_lift", "escalation", "write"),
]


def _url(name, obj):
    return reverse(name, args=[obj.public_id])


def test_supplier_a_reaches_its_own_portal_pages(client, world, supplier_a_user):
    client.force_login(supplier_a_user)
    for name, key in PORTAL_URLS:
        assert client.get(_url(name, world[key])).status_code in (200, 405), name
    assert client.get(reverse("portal_meetings:list")).status_code == 200
    assert client.get(reverse("portal_actions:list")).status_code == 200


def test_supplier_b_gets_404_on_every_portal_url_of_supplier_a(client, world, supplier_b_user):
    client.force_login(supplier_b_user)
    for name, key in PORTAL_URLS:
        url = _url(name, world[key])
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"text": "x"}).status_code == 404, name
    assert "AGREED-A" not in client.get(reverse("portal_actions:list")).content.decode()
    assert world["meeting"].title not in client.get(reverse("portal_meetings:list")).content.decode()
    assert not ActionUpdate.objects.filter(author__email="user@beta.example").exists()


def test_forged_evidence_of_another_supplier_is_refused(client, world, supplier_a_user, supplier_b):
    foreign = valid_evidence(supplier_b, title="Beta's certificate")
    client.force_login(supplier_a_user)
    url = _url("portal_actions:evidence", world["action"])
    assert "Beta&#x27;s certificate" not in client.get(url).content.decode()
    response = client.post(url, {"evidence": [str(foreign.public_id)], "kind": "other"})
    assert response.status_code == 400
    assert not ActionUpdate.objects.filter(action=world["action"]).exists()


def test_expired_own_evidence_is_not_offered_and_refused(client, world, supplier_a_user, supplier_a):
    import datetime

    expired = valid_evidence(
        supplier_a, title="Expired audit", valid_from=datetime.date(2024, 1, 1), valid_to=datetime.date(2025, 1, 1)
    )
    valid = valid_evidence(supplier_a, title="Valid certificate")
    client.force_login(supplier_a_user)
    url = _url("portal_actions:evidence", world["action"])
    page = client.get(url).content.decode()
    assert "Valid certificate" in page and "Expired audit" not in page
    assert client.post(url, {"evidence": [str(expired.public_id)], "kind": "other"}).status_code == 400
    assert client.post(url, {"evidence": [str(valid.public_id)], "kind": "other"}).status_code == 302
    assert list(ActionUpdate.objects.get(action=world["action"]).evidence.all()) == [valid]


def test_supplier_posts_progress_attaches_and_submits_in_the_portal(client, world, supplier_a_user, supplier_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    action = world["action"]
    client.force_login(supplier_a_user)
    client.post(_url("portal_actions:update", action), {"text": "Night shifts stopped."})
    client.post(
        _url("portal_actions:evidence", action),
        {
            "kind": "policy",
            "title": "New overtime policy",
            "valid_to": "2027-12-31",
            "upload": SimpleUploadedFile("policy.pdf", b"%PDF-1.4 policy"),
            "text": "Signed by the CEO",
        },
    )
    page = client.get(_url("portal_actions:detail", action)).content.decode()
    assert "New overtime policy" in page and "Submit the evidence for verification" in page
    client.post(_url("portal_actions:submit", action), {"text": "Please verify."})
    action.refresh_from_db()
    assert action.status == CorrectiveAction.Status.EVIDENCE_SUBMITTED
    assert supplier_a.evidence.filter(title="New overtime policy").exists()  # kept in the library


def test_another_buyers_officer_gets_404(other_officer_client, world):
    for name, key, access in STAFF_URLS:
        url = _url(name, world[key])
        if access == "manager":
            assert other_officer_client.get(url).status_code == 403, name  # officers never decide
            continue
        assert other_officer_client.get(url).status_code == 404, name
        assert other_officer_client.post(url, {"title": "x", "reason": "x", "note": "x"}).status_code == 404, name
    for name in ("meetings:list", "actions:list", "actions:escalation_queue"):
        page = other_officer_client.get(reverse(name)).content.decode()
        assert "AGREED-A" not in page and "LATE-A" not in page and world["meeting"].title not in page


def test_another_buyers_manager_gets_404_on_the_decision(client, world, other_buyer):
    from oslo_procurement.accounts.models import User

    stranger = f.UserFactory(role=User.Role.MANAGER)
    f.BuyerMembershipFactory(user=stranger, buyer=other_buyer)
    client.force_login(stranger)
    url = _url("actions:escalation_decide", world["escalation"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"note": "x", "decision": "approve"}).status_code == 404


def test_manager_reads_everything_and_changes_nothing_but_decisions(manager_client, world):
    for name, key, access in STAFF_URLS:
        url = _url(name, world[key])
        if access == "staff":
            assert manager_client.get(url).status_code == 200, name
            assert manager_client.post(url, {"title": "x"}).status_code == 403, name
        elif access == "write":
            assert manager_client.get(url).status_code == 403, name
            assert manager_client.post(url, {"title": "x", "reason": "x", "note": "x"}).status_code == 403, name
    for name in ("meetings:list", "actions:list", "actions:escalation_queue"):
        assert manager_client.get(reverse(name)).status_code == 200, name
        assert manager_client.post(reverse(name)).status_code == 403, name
    for name in ("meetings:create", "actions:create"):
        assert manager_client.get(reverse(name)).status_code == 403, name
    world["meeting"].refresh_from_db()
    assert world["meeting"].status == Meeting.Status.MINUTES_SHARED
    decide = _url("actions:escalation_decide", world["escalation"])
    assert manager_client.get(decide).status_code == 200
    assert manager_client.post(decide, {"note": "Approved", "decision": "approve"}).status_code == 302
    world["escalation"].refresh_from_db()
    assert world["escalation"].status == Escalation.Status.IN_FORCE


def test_supplier_users_get_403_on_staff_pages(client, world, supplier_a_user):
    client.force_login(supplier_a_user)
    for name, key, _access in STAFF_URLS:
        assert client.get(_url(name, world[key])).status_code == 403, name
    for name in ("meetings:list", "actions:list", "actions:escalation_queue", "meetings:create", "actions:create"):
        assert client.get(reverse(name)).status_code == 403, name


def test_staff_get_403_in_the_portal(officer_client, world):
    for name, key in PORTAL_URLS:
        assert officer_client.get(_url(name, world[key])).status_code == 403, name


def test_anonymous_is_sent_to_login(client, world):
    for name, key, _access in STAFF_URLS:
        response = client.get(_url(name, world[key]))
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login")), name
    for name, key in PORTAL_URLS:
        assert client.post(_url(name, world[key])).status_code == 302, name


def test_views_declare_their_access(world):
    from django.urls import resolve

    for name, key, access in STAFF_URLS:
        view = resolve(_url(name, world[key])).func
        assert view.access == {"staff": "staff", "write": "staff_write", "manager": "manager"}[access], name
    for name, key in PORTAL_URLS:
        assert resolve(_url(name, world[key])).func.access == "portal", name
