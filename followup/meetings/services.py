"""Writes of 1:1 follow-up meetings. Each runs in one transaction, locks the meeting and
checks its status; a refused change raises a translated ValidationError. Changes land in
the record's history through save_record; sharing and cancelling also in the audit log.
Emails to the supplier's users are written into the outbox in the same transaction.

Status of a meeting (Meeting.Status):

    planned --record minutes--> held --share minutes--> minutes_shared
       |
       +--cancel--> cancelled

The agenda is proposed from what is open for the supplier when the meeting is planned;
the officer edits it, and the supplier sees it only once it is shared (agenda_shared_at).
Minutes, decisions and the agreed corrective actions reach the supplier only once the
minutes are shared; internal notes never do.
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from contracts.models import BuyerMembership
from contracts.selectors import buyer_staff
from followup.models import AgendaItem, Meeting
from oslo_procurement.audit.services import record_event
from oslo_procurement.core import save_record
from suppliers.selectors import supplier_users

from . import emails, selectors

logger = logging.getLogger(__name__)

Status = Meeting.Status
EDITABLE = (Status.PLANNED, Status.HELD)
# What the supplier sees of a meeting's plan: a change to one of these after the agenda
# was shared is announced to the supplier's users.
ANNOUNCED_FIELDS = ("title", "starts_at", "mode", "place")


def _notify_supplier(send, meeting):
    for user in supplier_users(meeting.supplier):
        send(meeting=meeting, user=user)


def _refuse(message, field=None):
    raise ValidationError({field: message} if field else message, code="refused")


def _require_editor(actor, buyer):
    if actor is None or not actor.can_edit or not BuyerMembership.objects.filter(user=actor, buyer=buyer).exists():
        raise PermissionDenied(_("Only an officer of this buyer can do this."))


def _lock(meeting):
    return Meeting.objects.select_related("buyer", "supplier").select_for_update(of=("self",)).get(pk=meeting.pk)


def _check_participants(*, buyer, supplier, buyer_participants, supplier_participants):
    staff = set(buyer_staff(buyer).values_list("pk", flat=True))
    if any(user.pk not in staff for user in buyer_participants):
        _refuse(_("Our participants must be people of this buyer."), "buyer_participants")
    contacts = set(selectors.supplier_contacts(supplier).values_list("pk", flat=True))
    if any(contact.pk not in contacts for contact in supplier_participants):
        _refuse(_("The supplier's participants must be its active contacts."), "supplier_participants")


def _add_points(meeting, points, actor):
    start = (AgendaItem.objects.filter(meeting=meeting).aggregate(top=Max("order"))["top"] or 0) + 1
    for order, point in enumerate(points, start=start):
        point.meeting = meeting
        point.order = order
        save_record(point, actor=actor)
    return len(points)


LINK_FIELDS = ("finding_id", "answer_id", "action_id", "evidence_id")


def _links(point):
    """What an agenda point is about, as {(field, id)}: empty for a point written by hand."""
    return {(name, getattr(point, name)) for name in LINK_FIELDS if getattr(point, name)}


def meeting_create(
    *,
    buyer,
    supplier,
    actor,
    title: str,
    starts_at,
    mode: str = Meeting.Mode.VIDEO,
    place: str = "",
    buyer_participants=(),
    supplier_participants=(),
) -> Meeting:
    """Plan a meeting with a supplier. Its agenda is proposed from what is open for the
    supplier at the buyer (see selectors.open_items); the officer then edits it."""
    _require_editor(actor, buyer)
    buyer_participants, supplier_participants = list(buyer_participants), list(supplier_participants)
    _check_participants(
        buyer=buyer,
        supplier=supplier,
        buyer_participants=buyer_participants,
        supplier_participants=supplier_participants,
    )
    with transaction.atomic():
        meeting = Meeting(
            buyer=buyer,
            supplier=supplier,
            title=title,
            starts_at=starts_at,
            mode=mode,
            place=place,
            status=Status.PLANNED,
        )
        save_record(
            meeting,
            actor=actor,
            m2m={"buyer_participants": buyer_participants, "supplier_participants": supplier_participants},
        )
        _add_points(meeting, selectors.open_items(buyer=buyer, supplier=supplier), actor)
    return meeting


def meeting_save(*, meeting: Meeting, actor, buyer_participants, supplier_participants) -> Meeting:
    """Save an edit of the plan (title, time, form, place, participants). Once the agenda
    was shared, a change of time, place or form is emailed to the supplier's users."""
    _require_editor(actor, meeting.buyer)
    buyer_participants, supplier_participants = list(buyer_participants), list(supplier_participants)
    _check_participants(
        buyer=meeting.buyer,
        supplier=meeting.supplier,
        buyer_participants=buyer_participants,
        supplier_participants=supplier_participants,
    )
    with transaction.atomic():
        current = _lock(meeting)
        if current.status not in EDITABLE:
            _refuse(_("A cancelled meeting, or one whose minutes are shared, can no longer be changed."))
        changed = [name for name in ANNOUNCED_FIELDS if getattr(current, name) != getattr(meeting, name)]
        meeting.status = current.status
        meeting.agenda_shared_at = current.agenda_shared_at
        save_record(
            meeting,
            actor=actor,
            m2m={"buyer_participants": buyer_participants, "supplier_participants": supplier_participants},
        )
        if changed and meeting.agenda_shared_at:
            _notify_supplier(emails.send_meeting_changed, meeting)
    return meeting


def agenda_propose(*, meeting: Meeting, actor) -> int:
    """Add to the agenda what has become open since it was proposed (findings, answers,
    overdue actions, expiring evidence not on it yet). Returns how many points were added."""
    _require_editor(actor, meeting.buyer)
    with transaction.atomic():
        meeting = _lock(meeting)
        if meeting.status not in EDITABLE:
            _refuse(_("The agenda of this meeting can no longer be changed."))
        linked = set()
        for values in AgendaItem.objects.filter(meeting=meeting).values(*LINK_FIELDS):
            linked |= {(name, pk) for name, pk in values.items() if pk}
        new = [
            point
            for point in selectors.open_items(buyer=meeting.buyer, supplier=meeting.supplier)
            if not _links(point) & linked
        ]
        return _add_points(meeting, new, actor)


def agenda_save(*, meeting: Meeting, actor, points, removed=()) -> Meeting:
    """Save the edited agenda. ``points`` is the new order: a list of
    ``(agenda_item_or_None, title, notes)``; ``removed`` the points taken off it."""
    _require_editor(actor, meeting.buyer)
    with transaction.atomic():
        meeting = _lock(meeting)
        if meeting.status not in EDITABLE:
            _refuse(_("The agenda of this meeting can no longer be changed."))
        points = list(points)
        for item in removed:
            if item.pk and item.meeting_id == meeting.pk:
                item._history_user = actor
                item.delete()
        existing = {item.pk: item for item in AgendaItem.objects.filter(meeting=meeting)}
        for item, _title, _notes in points:
            if item is not None and item.pk not in existing:
                _refuse(_("This point is not on this meeting's agenda."))
        # A point added meanwhile (another window, agenda_propose) is kept, at the end.
        mentioned = {item.pk for item, _title, _notes in points if item is not None}
        points += [(i, i.title, i.notes) for pk, i in sorted(existing.items()) if pk not in mentioned]
        # Orders are unique per meeting: move the points that change place out of the way first.
        offset = max([0, *(i.order for i in existing.values())]) + len(points) + 1
        for position, (item, _title, _notes) in enumerate(points, start=1):
            if item is not None and existing[item.pk].order != position:
                AgendaItem.objects.filter(pk=item.pk).update(order=offset + position)
        for position, (item, title, notes) in enumerate(points, start=1):
            point = existing[item.pk] if item is not None else AgendaItem(meeting=meeting, kind=AgendaItem.Kind.OTHER)
            if point.pk and (point.order, point.title, point.notes) == (position, title, notes):
                continue
            point.order, point.title, point.notes = position, title, notes
            save_record(point, actor=actor)
    return meeting


def agenda_share(*, meeting: Meeting, actor) -> Meeting:
    """Share the agenda with the supplier (again, after a change): its users get an email
    and see the agenda in the portal."""
    _require_editor(actor, meeting.buyer)
    with transaction.atomic():
        meeting = _lock(meeting)
        if meeting.status not in EDITABLE:
            _refuse(_("The agenda of a cancelled meeting, or one whose minutes are shared, cannot be shared."))
        if not AgendaItem.objects.filter(meeting=meeting).exists():
            _refuse(_("The agenda is empty: add at least one point first."))
        again = meeting.agenda_shared_at is not None
        meeting.agenda_shared_at = timezone.now()
        save_record(meeting, actor=actor)
        record_event(actor=actor, event_type="meeting_agenda_shared", target=meeting, details={"shared_again": again})
        _notify_supplier(emails.send_agenda_shared, meeting)
    return meeting


def meeting_record_minutes(
    *, meeting: Meeting, actor, minutes: str, decisions: str, internal_notes: str, language: str | None = None
) -> Meeting:
    """Record the minutes, decisions and internal notes (and the language they are written
    in; unchanged when not given), during or after the meeting; a planned meeting becomes
    held. Once the minutes are shared, only the internal notes can still be changed."""
    _require_editor(actor, meeting.buyer)
    with transaction.atomic():
        meeting = _lock(meeting)
        if meeting.status == Status.CANCELLED:
            _refuse(_("This meeting was cancelled."))
        language = language or meeting.language
        if language not in dict(Meeting._meta.get_field("language").choices):
            _refuse(_("Choose the language the minutes are written in."))
        shared = (meeting.minutes, meeting.decisions, meeting.language)
        if meeting.status == Status.MINUTES_SHARED and shared != (minutes, decisions, language):
            _refuse(_("The minutes have been shared with the supplier and can no longer be changed."))
        if meeting.status == Status.PLANNED and timezone.localdate(meeting.starts_at) > timezone.localdate():
            _refuse(_("Minutes can be recorded from the day of the meeting."))
        meeting.minutes, meeting.decisions, meeting.internal_notes = minutes, decisions, internal_notes
        meeting.language = language
        if meeting.status == Status.PLANNED:
            meeting.status = Status.HELD
        save_record(meeting, actor=actor)
    return meeting


def meeting_share_minutes(*, meeting: Meeting, actor) -> Meeting:
    """held → minutes_shared: the supplier's users get an email and see the minutes,
    decisions and agreed actions, with their deadlines, in the portal (never the internal
    notes). Refused while an agreed action's deadline lies before today: the supplier
    could not see the action before its deadline ran (the officer moves the deadline)."""
    _require_editor(actor, meeting.buyer)
    with transaction.atomic():
        meeting = _lock(meeting)
        if meeting.status != Status.HELD:
            _refuse(_("Only the minutes of a held meeting can be shared, once."))
        if not (meeting.minutes.strip() or meeting.decisions.strip()):
            _refuse(_("Write the minutes or the decisions first."))
        # The supplier first sees the agreed actions now: no deadline may already have run.
        shared_on = timezone.localdate()
        late = [a for a in meeting.actions.order_by("deadline", "pk") if a.deadline < shared_on]
        if late:
            _refuse(
                _(
                    "The supplier sees the agreed actions only from today, but these have a deadline before "
                    "today: %(actions)s. Give them a later deadline, then share the minutes."
                )
                % {"actions": "; ".join(f"“{a.title}” ({date_format(a.deadline, 'SHORT_DATE_FORMAT')})" for a in late)}
            )
        meeting.status = Status.MINUTES_SHARED
        meeting.minutes_shared_at = timezone.now()
        save_record(meeting, actor=actor)
        record_event(
            actor=actor,
            event_type="meeting_minutes_shared",
            target=meeting,
            details={"actions": [str(a.public_id) for a in meeting.actions.all()]},
        )
        _notify_supplier(emails.send_minutes_shared, meeting)
    return meeting


def meeting_cancel(*, meeting: Meeting, actor, reason: str = "") -> Meeting:
    """planned → cancelled. If the supplier had the agenda, its users are told."""
    _require_editor(actor, meeting.buyer)
    with transaction.atomic():
        meeting = _lock(meeting)
        if meeting.status != Status.PLANNED:
            _refuse(_("Only a planned meeting can be cancelled."))
        meeting.status = Status.CANCELLED
        meeting._change_reason = reason.strip()
        save_record(meeting, actor=actor)
        record_event(actor=actor, event_type="meeting_cancelled", target=meeting, details={"reason": reason.strip()})
        if meeting.agenda_shared_at:
            _notify_supplier(emails.send_meeting_changed, meeting)
    return meeting
