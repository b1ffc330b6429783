"""Writes of market dialogue events. Each runs in one transaction; a refused change raises
a translated ValidationError and saves nothing. Changes land in each record's history
through save_record (the actor in the history).

Status of an event (MarketEvent.Status):

    planned --record attendance (from the day of the event)--> held
       |
       +--cancel--> cancelled

Invitations email the supplier's portal users through the notification outbox
(oslo_procurement.notifications.emails), in the same transaction as the invitation: a rolled
back invitation leaves no email behind, and a committed one is never lost. Inviting a
supplier twice creates nothing and sends nothing.

Feedback (a supplier's readiness for each proposed criterion) is written by the officer
at any time before the event is cancelled, and by the supplier's own users in the portal
until the event's input deadline. Saving the same answers again changes nothing."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.models import BuyerMembership
from followup.models import (
    CriterionFeedback,
    EventInvitation,
    InvitationEmail,
    MarketEvent,
    ProposedCriterion,
    Readiness,
)
from oslo_procurement.audit.services import record_event
from oslo_procurement.core import save_record, set_archived
from suppliers.models import SupplierMembership
from suppliers.selectors import supplier_users

from . import emails

Status = MarketEvent.Status
Source = CriterionFeedback.Source
MAX_TRANSITION_MONTHS = 60
MAX_REASONS = 2000
MAX_WRITTEN_INPUT = 10000
# "Not feasible" and "with a transition period" are answers the buyer must be able to weigh.
REASONS_REQUIRED = {Readiness.NOT_FEASIBLE, Readiness.TRANSITION}
EVENT_FIELDS = (
    "kind",
    "topic_nb",
    "topic_en",
    "description_nb",
    "description_en",
    "event_date",
    "mode",
    "place",
    "agreement",
    "procurement",
    "input_deadline",
)


def _refuse(message, field=None):
    raise ValidationError({field: message} if field else message, code="refused")


def _require_editor(actor, buyer):
    if actor is None or not actor.can_edit or not BuyerMembership.objects.filter(user=actor, buyer=buyer).exists():
        raise PermissionDenied(_("Only an officer of this buyer can do this."))


def _lock(event):
    return MarketEvent.objects.select_related("buyer").select_for_update(of=("self",)).get(pk=event.pk)


def _require_open(event):
    if event.status == Status.CANCELLED:
        _refuse(_("The event is cancelled."))


def _check_agreement(buyer, agreement):
    if agreement is not None and agreement.buyer_id != buyer.pk:
        _refuse(_("Choose one of your own agreements."), "agreement")


# --- Events --------------------------------------------------------------------------------


# A change of these is told to the invited suppliers, and makes a new version of the event.
NOTIFIED_FIELDS = ("event_date", "mode", "place", "input_deadline")


def _check_plan(event, stored=None):
    """An event concerns an agreement or a procurement and is not planned in the past, nor
    its input deadline; a stored date that does not change is left alone (an event held
    yesterday keeps its date when its description is edited)."""
    if event.agreement_id is None and not (event.procurement or "").strip():
        _refuse(_("Say which agreement or which procurement the event concerns."), "agreement")
    today = timezone.localdate()
    if event.event_date and event.event_date < today and (stored is None or stored.event_date != event.event_date):
        _refuse(_("The date has passed: plan the event for today or later."), "event_date")
    deadline_changed = stored is None or stored.input_deadline != event.input_deadline
    if event.input_deadline and event.input_deadline < today and deadline_changed:
        _refuse(_("The deadline for written input has passed: choose today or later."), "input_deadline")


def event_create(*, buyer, actor, **fields) -> MarketEvent:
    """Plan an event. ``fields`` are those of EVENT_FIELDS (``topic`` and ``description``
    stand for the Bokmål ones). Refused, saving nothing, when it is planned in the past or
    concerns neither an agreement nor a procurement."""
    _require_editor(actor, buyer)
    for name in ("topic", "description"):
        if name in fields:
            fields.setdefault(f"{name}_nb", fields.pop(name))
    _check_agreement(buyer, fields.get("agreement"))
    event = MarketEvent(buyer=buyer, created_by=actor, status=Status.PLANNED)
    for name in EVENT_FIELDS:
        if name in fields:
            setattr(event, name, fields[name])
    _check_plan(event)
    with transaction.atomic():
        return save_record(event, actor=actor)


def event_save(*, event: MarketEvent, actor) -> MarketEvent:
    """Save an edit of the plan (the form has set the fields on ``event``). A change of
    the date, form, place or deadline makes a new version of the event and is emailed to
    the portal users of every invited supplier, in each one's language."""
    _require_editor(actor, event.buyer)
    _check_agreement(event.buyer, event.agreement)
    with transaction.atomic():
        stored = _lock(event)
        _require_open(stored)
        _check_plan(event, stored)
        event.status = stored.status
        changed = [name for name in NOTIFIED_FIELDS if getattr(stored, name) != getattr(event, name)]
        event.version = stored.version + (1 if changed else 0)
        save_record(event, actor=actor)
        if changed:
            _tell_invited(event, InvitationEmail.Kind.CHANGED, changed=changed, before=stored)
    return event


def event_cancel(*, event: MarketEvent, actor) -> MarketEvent:
    """Cancel a planned event; the portal users of every invited supplier are told by
    email, in each one's language."""
    _require_editor(actor, event.buyer)
    with transaction.atomic():
        event = _lock(event)
        if event.status == Status.CANCELLED:
            return event
        if event.status == Status.HELD:
            _refuse(_("The event has been held; it cannot be cancelled."))
        event.status = Status.CANCELLED
        event.version += 1
        save_record(event, actor=actor)
        record_event(actor=actor, event_type="market_event_cancelled", target=event)
        _tell_invited(event, InvitationEmail.Kind.CANCELLED)
    return event


def _tell_invited(event, kind, **context):
    """Email this version of the event to every current portal user of every invited
    supplier who has not had it; returns how many emails went."""
    sent = 0
    invitations = EventInvitation.objects.filter(event=event).select_related("supplier").order_by("pk")
    already = set(
        InvitationEmail.objects.filter(invitation__event=event, event_version=event.version).values_list(
            "invitation_id", "user_id"
        )
    )
    for invitation in invitations:
        invitation.event = event
        count = 0
        for user in supplier_users(invitation.supplier):
            if (invitation.pk, user.pk) in already:
                continue
            emails.send_event_email(kind=kind, invitation=invitation, user=user, **context)
            InvitationEmail.objects.create(invitation=invitation, user=user, event_version=event.version, kind=kind)
            count += 1
        if count:
            EventInvitation.objects.filter(pk=invitation.pk).update(emails_sent=F("emails_sent") + count)
            sent += count
    return sent


def invitations_resend(*, event: MarketEvent, actor) -> int:
    """Send the invitation to every current portal user of every invited supplier who has
    not had this version of the event (for example a user created after the invitation).
    Returns how many emails went; sending again sends nothing."""
    _require_editor(actor, event.buyer)
    with transaction.atomic():
        event = _lock(event)
        _require_open(event)
        if event.archived_at is not None:
            _refuse(_("The event is archived."))
        return _tell_invited(event, InvitationEmail.Kind.INVITATION)


def event_set_archived(*, event: MarketEvent, actor, archived: bool) -> MarketEvent:
    """Archive an event (it leaves the lists, the portal and the readiness figures) or
    restore it."""
    _require_editor(actor, event.buyer)
    return set_archived(event, actor=actor, archived=archived)


# --- Proposed criteria -----------------------------------------------------------------------


WORDING_FIELDS = ("title_nb", "title_en", "text_nb", "text_en")


def _wording(title_nb="", title_en="", text_nb="", text_en="", title="", text=""):
    """The four texts of new wording, stripped (``title``/``text`` stand for Bokmål)."""
    values = {"title_nb": title_nb or title, "title_en": title_en, "text_nb": text_nb or text, "text_en": text_en}
    return {name: (value or "").strip() for name, value in values.items()}


def _check_wording(wording):
    if not (wording["title_nb"] and wording["text_nb"]):
        _refuse(_("Write the proposed wording and its title in Bokmål; English when you can."))
    if bool(wording["title_en"]) != bool(wording["text_en"]):
        _refuse(_("In English, write both the title and the wording, or neither."))


def proposal_add(*, event: MarketEvent, actor, criterion_version=None, criterion=None, **texts) -> ProposedCriterion:
    """Put a criterion up for discussion: a catalogue version, or new wording in Bokmål
    and (when the officer has it) English, with the catalogue criterion it would change,
    if any. Adding the same again returns the one already there."""
    _require_editor(actor, event.buyer)
    wording = _wording(**texts)
    if criterion_version is not None:
        criterion, wording = criterion_version.criterion, dict.fromkeys(WORDING_FIELDS, "")
        if criterion.is_archived:
            _refuse(_("This criterion is archived."), "criterion_version")
    elif not any(wording.values()):
        _refuse(_("Choose a criterion version or write the proposed wording and its title."))
    else:
        _check_wording(wording)
    with transaction.atomic():
        event = _lock(event)
        _require_open(event)
        existing = ProposedCriterion.objects.filter(event=event)
        if criterion_version is not None:
            same = existing.filter(criterion_version=criterion_version).first()
        else:
            same = existing.filter(criterion_version__isnull=True, criterion=criterion, **wording).first()
        if same is not None:
            return same
        order = (existing.aggregate(top=Max("order"))["top"] or 0) + 1
        proposal = ProposedCriterion(
            event=event, order=order, criterion=criterion, criterion_version=criterion_version, **wording
        )
        return save_record(proposal, actor=actor)


def proposal_save_wording(*, proposal: ProposedCriterion, actor, **texts) -> ProposedCriterion:
    """Change new wording. Before any supplier has answered on it, both languages can be
    changed; after, only a missing language can be written (a translation of what the
    suppliers answered on), so every answer keeps the wording it answered."""
    _require_editor(actor, proposal.event.buyer)
    if proposal.criterion_version_id:
        _refuse(_("A catalogue version is changed in the catalogue, not here."))
    wording = _wording(**texts)
    _check_wording(wording)
    with transaction.atomic():
        _require_open(_lock(proposal.event))
        proposal = ProposedCriterion.objects.select_for_update().get(pk=proposal.pk)
        if proposal.feedback.exists():
            for lang in ("nb", "en"):
                stored = (getattr(proposal, f"title_{lang}"), getattr(proposal, f"text_{lang}"))
                if any(stored) and stored != (wording[f"title_{lang}"], wording[f"text_{lang}"]):
                    _refuse(
                        _(
                            "Suppliers have answered on this wording: it can no longer change, "
                            "only the missing language can be written. Propose new wording instead."
                        )
                    )
        if all(getattr(proposal, name) == value for name, value in wording.items()):
            return proposal
        for name, value in wording.items():
            setattr(proposal, name, value)
        return save_record(proposal, actor=actor)


def proposal_remove(*, proposal: ProposedCriterion, actor) -> None:
    """Take a criterion off the event's list, as long as nobody has answered on it."""
    _require_editor(actor, proposal.event.buyer)
    with transaction.atomic():
        _lock(proposal.event)
        if proposal.feedback.exists():
            _refuse(_("Suppliers have answered on this criterion; it stays on the list."))
        if proposal.draft_lines.exists():
            _refuse(_("A next procurement draft refers to this criterion; it stays on the list."))
        proposal._history_user = actor
        proposal.delete()


# --- Invitations and attendance ----------------------------------------------------------------


def invitations_create(*, event: MarketEvent, suppliers, actor, send_email: bool = True) -> dict:
    """Invite suppliers (from the whole registry, also those without a contract). Each
    new invitation is emailed to the supplier's portal users; a supplier already invited
    is left as it is. Returns {"invited": [...], "emails": n, "without_users": [...]}."""
    _require_editor(actor, event.buyer)
    invited, without_users, sent = [], [], 0
    with transaction.atomic():
        event = _lock(event)
        _require_open(event)
        already = set(EventInvitation.objects.filter(event=event).values_list("supplier_id", flat=True))
        for supplier in suppliers:
            if supplier.pk in already or supplier.is_archived:
                continue
            invitation = EventInvitation(event=event, supplier=supplier, invited_by=actor)
            users = list(supplier_users(supplier)) if send_email else []
            for user in users:
                emails.send_event_email(kind=InvitationEmail.Kind.INVITATION, invitation=invitation, user=user)
            invitation.emails_sent = len(users)
            save_record(invitation, actor=actor)
            InvitationEmail.objects.bulk_create(
                InvitationEmail(
                    invitation=invitation, user=user, event_version=event.version, kind=InvitationEmail.Kind.INVITATION
                )
                for user in users
            )
            already.add(supplier.pk)
            invited.append(invitation)
            sent += len(users)
            if send_email and not users:
                without_users.append(supplier)
    return {"invited": invited, "emails": sent, "without_users": without_users}


def attendance_record(*, event: MarketEvent, actor, rows) -> MarketEvent:
    """Record who came: ``rows`` is [(invitation, attended: True/False/None, attendees)].
    Possible from the day of the event; a planned event becomes held."""
    _require_editor(actor, event.buyer)
    with transaction.atomic():
        event = _lock(event)
        _require_open(event)
        if event.event_date > timezone.localdate():
            _refuse(_("Attendance can be recorded from the day of the event."))
        for invitation, attended, attendees in rows:
            if invitation.event_id != event.pk:
                _refuse(_("This supplier is not invited to the event."))
            attendees = (attendees or "").strip() if attended else ""
            if invitation.attended != attended or invitation.attendees != attendees:
                invitation.attended, invitation.attendees = attended, attendees
                save_record(invitation, actor=actor)
        if event.status == Status.PLANNED:
            event.status = Status.HELD
            save_record(event, actor=actor)
    return event


# --- Feedback ----------------------------------------------------------------------------------


def _require_feedback_author(actor, invitation, source):
    if source == Source.PORTAL:
        if (
            actor is None
            or not actor.is_supplier_user
            or not SupplierMembership.objects.filter(user=actor, supplier_id=invitation.supplier_id).exists()
        ):
            raise PermissionDenied(_("This invitation belongs to another supplier."))
    else:
        _require_editor(actor, invitation.event.buyer)


def feedback_save(*, invitation: EventInvitation, actor, answers: dict, source: str, written_input=None) -> int:
    """Save one supplier's readiness for the event's proposed criteria.

    ``answers`` maps a ProposedCriterion to (readiness or "" for no answer, months or
    None, reasons). A blank readiness removes an earlier answer. From the portal
    (``source`` "portal") only the supplier's own users may write, and only until the
    event's input deadline; ``written_input`` is the supplier's general written input.
    Returns the number of answers that changed."""
    _require_feedback_author(actor, invitation, source)
    changed = 0
    with transaction.atomic():
        event = _lock(invitation.event)
        _require_open(event)
        if source == Source.PORTAL and not event.accepts_input(timezone.localdate()):
            _refuse(_("The deadline for written input has passed."))
        invitation = EventInvitation.objects.select_for_update().get(pk=invitation.pk)
        existing = {f.proposal_id: f for f in CriterionFeedback.objects.filter(invitation=invitation)}
        for proposal, (readiness, months, reasons) in answers.items():
            if proposal.event_id != event.pk:
                _refuse(_("This criterion is not proposed at the event."))
            current = existing.get(proposal.pk)
            if not readiness:
                if current is not None:
                    current._history_user = actor
                    current.delete()
                    changed += 1
                continue
            if readiness not in Readiness.values:
                _refuse(_("Choose how ready you are."))
            if readiness == Readiness.TRANSITION:
                if not months or not 1 <= months <= MAX_TRANSITION_MONTHS:
                    _refuse(
                        _("Give the transition period in months, from 1 to %(max)d, for %(criterion)s.")
                        % {"max": MAX_TRANSITION_MONTHS, "criterion": proposal.label}
                    )
            else:
                months = None
            reasons = (reasons or "").strip()
            if readiness in REASONS_REQUIRED and not reasons:
                _refuse(
                    _("Give the reasons for '%(answer)s' on %(criterion)s.")
                    % {"answer": Readiness(readiness).label, "criterion": proposal.label}
                )
            if len(reasons) > MAX_REASONS:
                _refuse(_("Keep the reasons under %(max)d characters.") % {"max": MAX_REASONS})
            if current is not None and (current.readiness, current.transition_months, current.reasons) == (
                readiness,
                months,
                reasons,
            ):
                continue
            row = current or CriterionFeedback(
                invitation=invitation, proposal=proposal, criterion_version_id=proposal.criterion_version_id
            )
            row.readiness, row.transition_months, row.reasons = readiness, months, reasons
            row.source, row.recorded_by = source, actor
            save_record(row, actor=actor)
            changed += 1
        if written_input is not None and len(written_input.strip()) > MAX_WRITTEN_INPUT:
            _refuse(
                _("Keep the written input under %(max)d characters; send longer documents to the buyer by email.")
                % {"max": MAX_WRITTEN_INPUT}
            )
        input_changed = written_input is not None and written_input.strip() != invitation.written_input
        if input_changed:
            invitation.written_input = written_input.strip()
            changed += 1
        if changed and source == Source.PORTAL:
            invitation.input_submitted_at, invitation.input_by = timezone.now(), actor
        if input_changed or (changed and source == Source.PORTAL):
            save_record(invitation, actor=actor)
    return changed
