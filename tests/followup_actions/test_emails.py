"""Each email goes once to the right people, in each recipient's language, after commit.

The language shows in the dates (Django's own Bokmål formats: "4. mai 2026") and in the
HTML's lang attribute, whatever the state of our own translation catalogue."""

import datetime

import pytest

from followup.actions import services as action_services
from followup.meetings import services as meeting_services
from oslo_procurement.accounts.models import User
from tests import factories as f

from .conftest import OSLO, held_meeting, make_action, make_meeting, overdue, valid_evidence


@pytest.fixture
def norwegian_user(supplier_a):
    return f.SupplierMembershipFactory(
        supplier=supplier_a, user__email="ola@alpha.example", user__full_name="Ola Nordmann", user__language="nb"
    ).user


@pytest.fixture
def supplier_users(supplier_a_user, norwegian_user, supplier_b_user):
    inactive = f.SupplierMembershipFactory(supplier=norwegian_user.supplier_membership.supplier).user
    inactive.is_active = False
    inactive.save()
    return {"user@alpha.example": "en", "ola@alpha.example": "nb"}


def _by_recipient(outbox):
    recipients = [m.to[0] for m in outbox]
    assert len(recipients) == len(set(recipients)), f"sent twice: {recipients}"
    return {m.to[0]: m for m in outbox}


def _html(message):
    content, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    return content


def test_agenda_shared_goes_once_to_each_supplier_user_in_their_language(
    buyer, supplier_a, officer, supplier_users, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = make_meeting(buyer, supplier_a, officer, starts_at=datetime.datetime(2026, 5, 20, 10, tzinfo=OSLO))
    meeting.agenda_items.create(order=1, title="Overtime at the plant")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.agenda_share(meeting=meeting, actor=officer)
    sent = _by_recipient(mailoutbox)
    assert set(sent) == set(supplier_users)
    assert "20. mai 2026" in sent["ola@alpha.example"].body
    assert "May 20, 2026" in sent["user@alpha.example"].body
    assert "Overtime at the plant" in sent["user@alpha.example"].body
    assert 'lang="nb"' in _html(sent["ola@alpha.example"])
    assert "Follow-up meeting" in sent["user@alpha.example"].subject


def test_nothing_is_sent_before_commit(buyer, supplier_a, officer, supplier_users, mailoutbox):
    meeting = make_meeting(buyer, supplier_a, officer)
    meeting.agenda_items.create(order=1, title="Point")
    meeting_services.agenda_share(meeting=meeting, actor=officer)  # the test transaction never commits
    assert mailoutbox == []


def test_meeting_changed_only_once_the_supplier_had_the_agenda(
    buyer, supplier_a, officer, supplier_users, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = make_meeting(buyer, supplier_a, officer)
    meeting.starts_at = datetime.datetime(2026, 5, 21, 10, tzinfo=OSLO)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.meeting_save(meeting=meeting, actor=officer, buyer_participants=[], supplier_participants=[])
    assert mailoutbox == []  # the supplier has not been told of the meeting yet

    meeting.agenda_items.create(order=1, title="Point")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.agenda_share(meeting=meeting, actor=officer)
    mailoutbox.clear()
    meeting.refresh_from_db()
    meeting.starts_at = datetime.datetime(2026, 5, 22, 13, tzinfo=OSLO)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.meeting_save(meeting=meeting, actor=officer, buyer_participants=[], supplier_participants=[])
    sent = _by_recipient(mailoutbox)
    assert set(sent) == set(supplier_users)
    assert "22. mai 2026" in sent["ola@alpha.example"].body and "Changed" in sent["user@alpha.example"].subject

    mailoutbox.clear()
    meeting.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.meeting_cancel(meeting=meeting, actor=officer, reason="Ill")
    sent = _by_recipient(mailoutbox)
    assert set(sent) == set(supplier_users) and "Cancelled" in sent["user@alpha.example"].subject


def test_minutes_shared_goes_to_the_supplier_users(
    buyer, supplier_a, officer, supplier_users, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = held_meeting(buyer, supplier_a, officer)
    make_action(buyer, supplier_a, officer, title="Cap overtime", meeting=meeting, deadline=datetime.date(2026, 6, 30))
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.meeting_share_minutes(meeting=meeting, actor=officer)
    sent = _by_recipient(mailoutbox)
    assert set(sent) == set(supplier_users)
    assert "Cap overtime" in sent["user@alpha.example"].body
    assert "30. juni 2026" in sent["ola@alpha.example"].body and "SECRET-NOTE" not in sent["ola@alpha.example"].body


def test_evidence_submitted_goes_to_the_buyers_officers(
    buyer,
    supplier_a,
    supplier_a_user,
    officer,
    manager,
    other_officer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    second = f.UserFactory(email="nora@oslo.example", role=User.Role.OFFICER, language="nb")
    f.BuyerMembershipFactory(user=second, buyer=buyer)
    action = make_action(buyer, supplier_a, officer, title="Cap overtime")
    action_services.action_attach_evidence(action=action, actor=supplier_a_user, evidence=[valid_evidence(supplier_a)])
    with django_capture_on_commit_callbacks(execute=True):
        action_services.action_submit_evidence(action=action, actor=supplier_a_user)
    sent = _by_recipient(mailoutbox)
    assert set(sent) == {"officer@oslo.example", "nora@oslo.example"}  # not the manager, not Bergen
    assert f"/actions/{action.public_id}/" in sent["officer@oslo.example"].body
    assert 'lang="nb"' in _html(sent["nora@oslo.example"])


def test_verified_and_returned_go_to_the_supplier_users(
    buyer, supplier_a, supplier_a_user, officer, supplier_users, mailoutbox, django_capture_on_commit_callbacks
):
    action = make_action(buyer, supplier_a, officer, title="Cap overtime", deadline=datetime.date(2026, 6, 30))
    action_services.action_attach_evidence(action=action, actor=supplier_a_user, evidence=[valid_evidence(supplier_a)])
    action = action_services.action_submit_evidence(action=action, actor=supplier_a_user)
    with django_capture_on_commit_callbacks(execute=True):
        action = action_services.action_return(action=action, actor=officer, reason="June records missing")
    sent = _by_recipient(mailoutbox)
    assert set(sent) == set(supplier_users)
    assert "June records missing" in sent["user@alpha.example"].body
    assert "30. juni 2026" in sent["ola@alpha.example"].body and "June 30, 2026" in sent["user@alpha.example"].body

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        action_services.action_verify(action=action, actor=officer, note="Records seen on site", override=True)
    sent = _by_recipient(mailoutbox)
    assert set(sent) == set(supplier_users) and "Records seen on site" in sent["user@alpha.example"].body


def test_no_email_about_an_action_the_supplier_cannot_see_yet(
    buyer, supplier_a, officer, supplier_users, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = held_meeting(buyer, supplier_a, officer)
    action = make_action(buyer, supplier_a, officer, meeting=meeting)
    with django_capture_on_commit_callbacks(execute=True):
        action_services.action_verify(action=action, actor=officer, note="Done during the meeting", override=True)
    assert mailoutbox == []


def test_escalation_emails(
    buyer, supplier_a, officer, manager, other_buyer, mailoutbox, django_capture_on_commit_callbacks
):
    bergen_manager = f.UserFactory(email="manager@bergen.example", role=User.Role.MANAGER)
    f.BuyerMembershipFactory(user=bergen_manager, buyer=other_buyer)
    late = overdue(make_action(buyer, supplier_a, officer))
    with django_capture_on_commit_callbacks(execute=True):
        action_services.escalation_propose(action=late, actor=officer, rung=1, reason="Late")
    assert mailoutbox == []  # a written warning needs nobody's approval

    with django_capture_on_commit_callbacks(execute=True):
        proposal = action_services.escalation_propose(action=late, actor=officer, rung=2, reason="Still late")
    sent = _by_recipient(mailoutbox)
    assert set(sent) == {"manager@oslo.example"}
    assert f"/actions/escalations/{proposal.public_id}/decide/" in sent["manager@oslo.example"].body
    assert "Still late" in sent["manager@oslo.example"].body

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        action_services.escalation_approve(escalation=proposal, actor=manager, note="Suspend orders")
    sent = _by_recipient(mailoutbox)
    assert set(sent) == {"officer@oslo.example"}
    assert "Approved" in sent["officer@oslo.example"].subject and "Suspend orders" in sent["officer@oslo.example"].body


def test_rejection_goes_to_the_proposer(
    buyer, supplier_a, officer, manager, mailoutbox, django_capture_on_commit_callbacks
):
    late = overdue(make_action(buyer, supplier_a, officer))
    action_services.escalation_propose(action=late, actor=officer, rung=1, reason="Late")
    proposal = action_services.escalation_propose(action=late, actor=officer, rung=2, reason="Still late")
    with django_capture_on_commit_callbacks(execute=True):
        action_services.escalation_reject(escalation=proposal, actor=manager, note="Wait two weeks")
    sent = _by_recipient(mailoutbox)
    assert set(sent) == {"officer@oslo.example"} and "Rejected" in sent["officer@oslo.example"].subject
