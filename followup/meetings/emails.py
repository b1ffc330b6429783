"""Emails of follow-up meetings, to the supplier's users: who receives which email with
what context, each from templates/followup/meetings/email/<name>_subject.txt, .txt and
.html. Services write them into the outbox in the transaction of their change
(oslo_procurement.notifications.emails): nothing is sent for a change that was rolled
back, and nothing is lost when the process dies right after the commit."""

from oslo_procurement.notifications.emails import email_user, site_link

from .calendar import meeting_ics_file


def _send(name, *, meeting, user, invite=False):
    link = site_link("portal_meetings:detail", meeting.public_id)
    return email_user(
        f"followup/meetings/email/{name}",
        user,
        meeting=meeting,
        supplier=meeting.supplier,
        buyer=meeting.buyer,
        link=link,
        # The calendar invite (followup/meetings/calendar.py): a REQUEST, or a CANCEL.
        attachment=meeting_ics_file(meeting, language=user.language, recipient=user, link=link) if invite else None,
    )


def send_agenda_shared(*, meeting, user):
    """To each supplier user: the agenda of a coming meeting, with time and place."""
    return _send("agenda_shared", meeting=meeting, user=user, invite=True)


def send_meeting_changed(*, meeting, user):
    """To each supplier user, once they had the agenda: the time, place or form changed,
    or the meeting was cancelled."""
    return _send("meeting_changed", meeting=meeting, user=user, invite=True)


def send_minutes_shared(*, meeting, user):
    """To each supplier user: the minutes, decisions and agreed corrective actions."""
    return _send("minutes_shared", meeting=meeting, user=user)
