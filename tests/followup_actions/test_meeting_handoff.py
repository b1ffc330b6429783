"""Actions agreed in a meeting reach the supplier when the officer shares the minutes, with
their deadlines, on the meeting day if the officer wishes; a deadline never runs before the
supplier can see the action (sharing is refused until the officer moves it)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from followup.actions import services as action_services
from followup.meetings import services
from followup.models import Meeting
from oslo_procurement.notifications.models import Notification

from .conftest import OSLO, TODAY, held_meeting, make_action


def test_minutes_shared_on_the_meeting_day_show_the_actions_and_deadlines_to_the_supplier(
    buyer, supplier_a, supplier_a_user, officer, django_capture_on_commit_callbacks, mailoutbox
):
    meeting = held_meeting(buyer, supplier_a, officer)
    deadline = TODAY + datetime.timedelta(days=30)
    action = make_action(
        buyer, supplier_a, officer, title="Publish the overtime policy", deadline=deadline, meeting=meeting
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_share_minutes(meeting=meeting, actor=officer)
    meeting.refresh_from_db()
    assert meeting.minutes_shared_at.astimezone(OSLO).date() == TODAY  # the meeting day
    client = Client()
    client.force_login(supplier_a_user)
    listing = client.get(reverse("portal_actions:list")).content.decode()
    with translation.override(supplier_a_user.language):
        shown = date_format(deadline, "DATE_FORMAT")
    assert "Publish the overtime policy" in listing and shown in listing
    minutes = client.get(reverse("portal_meetings:detail", args=[meeting.public_id])).content.decode()
    assert reverse("portal_actions:detail", args=[action.public_id]) in minutes
    assert Notification.objects.filter(recipient_email=supplier_a_user.email, template__endswith="minutes_shared")
    (email,) = [m for m in mailoutbox if m.to == [supplier_a_user.email]]
    assert "Publish the overtime policy" in email.body
    assert reverse("portal_meetings:detail", args=[meeting.public_id]) in email.body


def test_sharing_later_than_an_actions_deadline_is_refused_until_the_deadline_moves(
    officer_client, buyer, supplier_a, officer
):
    meeting = held_meeting(buyer, supplier_a, officer)
    action = make_action(buyer, supplier_a, officer, title="Fix the dormitory locks", deadline=TODAY, meeting=meeting)
    two_days_later = datetime.datetime(2026, 5, 6, 9, 0, tzinfo=OSLO)
    with time_machine.travel(two_days_later, tick=False):
        with pytest.raises(ValidationError) as exc:
            services.meeting_share_minutes(meeting=meeting, actor=officer)
        assert "Fix the dormitory locks" in exc.value.messages[0]
        assert "deadline before today" in exc.value.messages[0]
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.HELD and meeting.minutes_shared_at is None
        # The officer sees why on the meeting page, nothing is shared.
        officer_client.force_login(officer)  # two days on, the old session has timed out
        response = officer_client.post(reverse("meetings:minutes_share", args=[meeting.public_id]), follow=True)
        assert "Fix the dormitory locks" in response.content.decode()
        assert "Give them a later deadline" in response.content.decode()
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.HELD
        # Moved to a date after sharing, the minutes go out.
        action.deadline = datetime.date(2026, 6, 6)
        action_services.action_save(action=action, actor=officer)
        services.meeting_share_minutes(meeting=meeting, actor=officer)
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.MINUTES_SHARED


def test_a_deadline_on_the_day_of_sharing_is_allowed(buyer, supplier_a, officer):
    meeting = held_meeting(buyer, supplier_a, officer)
    make_action(buyer, supplier_a, officer, deadline=TODAY, meeting=meeting)
    assert services.meeting_share_minutes(meeting=meeting, actor=officer).status == Meeting.Status.MINUTES_SHARED
