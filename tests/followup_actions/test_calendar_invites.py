"""Meeting emails carry an iCalendar invite that calendars accept: one UID per meeting, a
SEQUENCE that rises with each change, REQUEST then CANCEL, in the recipient's language, with
the time in Europe/Oslo."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest

from followup.meetings import services as meeting_services
from tests import factories as f

from .conftest import OSLO, make_meeting


@pytest.fixture
def norwegian_user(supplier_a):
    return f.SupplierMembershipFactory(
        supplier=supplier_a, user__email="ola@alpha.example", user__full_name="Ola Nordmann", user__language="nb"
    ).user


def _invite(message):
    ((name, content, mimetype),) = message.attachments
    assert name.endswith(".ics") and mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(content)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def _by(outbox):
    return {m.to[0]: m for m in outbox}


def test_invite_update_and_cancel(
    buyer, supplier_a, officer, supplier_a_user, norwegian_user, mailoutbox, django_capture_on_commit_callbacks
):
    contact = f.ContactFactory(supplier=supplier_a, name="Kari Kontakt", email="kari@alpha.example")
    meeting = make_meeting(buyer, supplier_a, officer, starts_at=datetime.datetime(2026, 5, 20, 10, tzinfo=OSLO))
    meeting_services.meeting_save(
        meeting=meeting, actor=officer, buyer_participants=[officer], supplier_participants=[contact]
    )
    meeting.refresh_from_db()
    meeting.agenda_items.create(order=1, title="Overtime")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.agenda_share(meeting=meeting, actor=officer)
    sent = _by(mailoutbox)
    calendar, event = _invite(sent["ola@alpha.example"])
    assert calendar["method"] == "REQUEST"
    uid, first_sequence = str(event["uid"]), int(event["sequence"])
    assert str(meeting.public_id) in uid
    start = event.decoded("dtstart")
    assert start.tzinfo.key == "Europe/Oslo" if hasattr(start.tzinfo, "key") else str(start.tzinfo) == "Europe/Oslo"
    assert start == datetime.datetime(2026, 5, 20, 10, tzinfo=ZoneInfo("Europe/Oslo"))
    assert event.decoded("dtend") - start == datetime.timedelta(hours=1)
    assert calendar.walk("VTIMEZONE"), "the time zone travels with the invite"
    assert "Oppfølgingsmøte" in str(event["summary"]) or "Follow-up meeting" in str(event["summary"])
    attendees = {str(a).lower() for a in event.get("attendee")}
    assert {"mailto:kari@alpha.example", f"mailto:{officer.email.lower()}", "mailto:ola@alpha.example"} <= attendees
    assert "mailto:" in str(event["organizer"])
    _, english = _invite(sent[supplier_a_user.email])
    assert str(english["summary"]) == "Follow-up meeting: Follow-up meeting"
    assert str(english["uid"]) == uid

    mailoutbox.clear()
    meeting.refresh_from_db()
    meeting.starts_at = datetime.datetime(2026, 5, 22, 13, tzinfo=OSLO)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.meeting_save(
            meeting=meeting, actor=officer, buyer_participants=[officer], supplier_participants=[contact]
        )
    calendar, event = _invite(_by(mailoutbox)["ola@alpha.example"])
    assert calendar["method"] == "REQUEST" and str(event["uid"]) == uid
    assert int(event["sequence"]) > first_sequence
    changed_sequence = int(event["sequence"])
    assert event.decoded("dtstart") == datetime.datetime(2026, 5, 22, 13, tzinfo=ZoneInfo("Europe/Oslo"))

    mailoutbox.clear()
    meeting.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.meeting_cancel(meeting=meeting, actor=officer, reason="Ill")
    calendar, event = _invite(_by(mailoutbox)["ola@alpha.example"])
    assert calendar["method"] == "CANCEL" and str(event["status"]) == "CANCELLED"
    assert str(event["uid"]) == uid and int(event["sequence"]) > changed_sequence


def test_minutes_email_has_no_invite(
    buyer, supplier_a, officer, supplier_a_user, mailoutbox, django_capture_on_commit_callbacks
):
    from .conftest import held_meeting

    meeting = held_meeting(buyer, supplier_a, officer)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.meeting_share_minutes(meeting=meeting, actor=officer)
    assert mailoutbox and all(not m.attachments for m in mailoutbox)
