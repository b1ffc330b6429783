"""iCalendar (RFC 5545) invitations of follow-up meetings, made with the `icalendar` library:
the agenda email carries a METHOD:REQUEST invite, a change another REQUEST with a higher
SEQUENCE, a cancellation a METHOD:CANCEL. The UID is the meeting's public id, so Outlook and
Google Calendar update the one event they already have instead of adding a second.

Times are written in Europe/Oslo with its VTIMEZONE, so each participant's calendar shows
them in the participant's own time zone. A meeting has no end time in the application:
the invite gives it MEETING_HOURS."""

import datetime
from urllib.parse import urlparse

import icalendar
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone, translation
from django.utils.translation import gettext as _

MEETING_HOURS = 1
PRODID = "-//Oslo Procurement//Follow-up meetings//EN"


def _domain():
    return urlparse(settings.SITE_URL).hostname or "localhost"


def meeting_uid(meeting):
    return f"meeting-{meeting.public_id}@{_domain()}"


def meeting_sequence(meeting):
    """Rises with every saved change of the meeting (its history rows), as RFC 5545 wants."""
    return max(meeting.history.count() - 1, 0)


def _address(email, name):
    address = icalendar.vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = icalendar.vText(name)
    return address


def meeting_ics(meeting, *, language, recipient=None, link=""):
    """The meeting as an .ics (bytes) in `language`: REQUEST, or CANCEL once cancelled."""
    cancelled = meeting.status == meeting.Status.CANCELLED
    zone = timezone.get_default_timezone()
    starts = timezone.localtime(meeting.starts_at, zone)
    with translation.override(language):
        summary = _("Follow-up meeting: %(title)s") % {"title": meeting.title}
        description = "\n".join(
            part
            for part in (
                _("%(buyer)s and %(supplier)s, %(mode)s.")
                % {
                    "buyer": meeting.buyer.name,
                    "supplier": meeting.supplier.legal_name,
                    "mode": meeting.get_mode_display(),
                },
                meeting.place,
                link,
            )
            if part
        )
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = icalendar.Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting_sequence(meeting))
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", starts)
    event.add("dtend", starts + datetime.timedelta(hours=MEETING_HOURS))
    event.add("summary", summary)
    event.add("description", description)
    if meeting.place:
        event.add("location", meeting.place)
    if link:
        event.add("url", link)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("organizer", _address(settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">"), meeting.buyer.name))
    attendees = {}
    for user in meeting.buyer_participants.all():
        attendees.setdefault(user.email.lower(), user.full_name)
    for contact in meeting.supplier_participants.filter(archived_at__isnull=True):
        attendees.setdefault(contact.email.lower(), contact.name)
    if recipient is not None:
        attendees.setdefault(recipient.email.lower(), recipient.full_name)
    for email, name in sorted(attendees.items()):
        attendee = _address(email, name)
        attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = icalendar.vText("NEEDS-ACTION")
        attendee.params["rsvp"] = icalendar.vText("TRUE")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def meeting_ics_file(meeting, *, language, recipient, link=""):
    """Write the invite for one recipient to the private storage; returns (name, path) for
    the outbox (oslo_procurement.notifications attaches it when it sends the email)."""
    content = meeting_ics(meeting, language=language, recipient=recipient, link=link)
    method = "cancel" if meeting.status == meeting.Status.CANCELLED else "request"
    path = f"calendar/{meeting.public_id}/{meeting_sequence(meeting)}-{method}-{recipient.pk}.ics"
    if default_storage.exists(path):
        default_storage.delete(path)
    saved = default_storage.save(path, ContentFile(content))
    return ("invitation.ics" if method == "request" else "cancellation.ics"), saved
