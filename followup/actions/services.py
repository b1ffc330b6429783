"""Writes of corrective action plans (CAP) and DFØ's sanctions ladder. Each runs in one
transaction, locks the row it changes and checks its current status; a refused change
raises a translated ValidationError (or PermissionDenied for the wrong role), so the
admin, the portal and the staff screens cannot bypass a rule. Changes land in the
record's history through save_record; decisions also in the audit log (record_event).
Emails are queued with transaction.on_commit.

Status of a corrective action (CorrectiveAction.Status):

    open --start or progress update--> in_progress --submit evidence--> evidence_submitted
                                           ^                                   |
                                           +---- return (officer, reason) -----+
                                                                               |
    verified_closed <---------------- verify (officer) ------------------------+

Verifying needs the supplier's submitted evidence; an officer may close an open or
in-progress action only by an explicit override with a written reason
(verified_without_evidence, kept in the history and on the timeline). Nothing else
closes an action (the database backs this with the constraints action_closed_is_verified
and action_override_has_reason).

The sanctions ladder (Escalation.Rung), for an overdue action, one rung at a time:
rung 1 (written warning) is in force at once; rungs 2-4 (temporary suspension,
replacement purchase, termination) are proposed and come into force only when a
manager of the same buyer approves them; an escalation in force is lifted once the
action is verified and closed.
"""

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.models import BuyerMembership
from contracts.selectors import buyer_managers, buyer_officers
from followup.models import ActionUpdate, CorrectiveAction, Escalation, FindingSupplier, FollowupSettings, Meeting
from oslo_procurement.audit.services import record_event
from oslo_procurement.core import save_record
from suppliers.models import SupplierMembership
from suppliers.selectors import supplier_users

from . import emails, selectors
from .access import is_manager

logger = logging.getLogger(__name__)

Status = CorrectiveAction.Status


# --- Helpers ------------------------------------------------------------------------------


def _risk_changed(*, buyer, supplier):
    # The risk engine (followup/risk/services.py) is built alongside this module: call its
    # recompute when it exists, and do nothing until then.
    try:
        from followup.risk.services import risk_recompute
    except ImportError:
        return
    risk_recompute(buyer=buyer, supplier=supplier)


def _is_buyer_member(user, buyer):
    return BuyerMembership.objects.filter(user=user, buyer=buyer).exists()


def _require_editor(actor, buyer):
    """Officers and administrators of the action's buyer change actions; managers read."""
    if actor is None or not actor.can_edit or not _is_buyer_member(actor, buyer):
        raise PermissionDenied(_("Only an officer of this buyer can do this."))


def _require_supplier_or_editor(actor, action):
    """The supplier's own users, or an officer of the buyer acting for them."""
    if actor is not None and actor.is_supplier_user:
        if SupplierMembership.objects.filter(user=actor, supplier_id=action.supplier_id).exists():
            return
        raise PermissionDenied(_("This action belongs to another supplier."))
    _require_editor(actor, action.buyer)


def _lock(action):
    return (
        CorrectiveAction.objects.select_related("buyer", "supplier", "meeting")
        .select_for_update(of=("self",))
        .get(pk=action.pk)
    )


def _refuse(message, field=None):
    raise ValidationError({field: message} if field else message, code="refused")


def _visible_to_supplier(action):
    return action.meeting_id is None or action.meeting.status == Meeting.Status.MINUTES_SHARED


def _notify_supplier(send, action):
    if _visible_to_supplier(action):
        for user in supplier_users(action.supplier):
            send(action=action, user=user)


def followup_settings_for(buyer) -> FollowupSettings:
    """The buyer's follow-up settings, created with the defaults (low 90, medium 60, high 30,
    critical 7 days) the first time they are needed."""
    settings, _created = FollowupSettings.objects.get_or_create(buyer=buyer)
    return settings


def default_deadline(*, buyer, severity, start: datetime.date | None = None) -> datetime.date:
    """The default corrective-action deadline for a severity, from the buyer's settings."""
    days = followup_settings_for(buyer).action_days(severity)
    return (start or selectors.today()) + datetime.timedelta(days=days)


def _check_links(action):
    if (
        action.finding_id
        and not FindingSupplier.objects.filter(
            finding_id=action.finding_id, finding__buyer_id=action.buyer_id, supplier_id=action.supplier_id
        ).exists()
    ):
        _refuse(_("This finding does not concern this supplier."), "finding")
    if action.answer_id:
        assessment = action.answer.assessment
        if assessment.supplier_id != action.supplier_id or assessment.round.agreement.buyer_id != action.buyer_id:
            _refuse(_("This answer is not one of this supplier's answers."), "answer")
        if CorrectiveAction.objects.filter(answer_id=action.answer_id).exclude(pk=action.pk).exists():
            _refuse(_("A corrective action has already been started from this answer."), "answer")


# --- Corrective actions --------------------------------------------------------------------


def action_create(
    *,
    buyer,
    supplier,
    actor,
    title: str,
    severity: int,
    description: str = "",
    deadline: datetime.date | None = None,
    owner_name: str = "",
    finding=None,
    answer=None,
    meeting=None,
) -> CorrectiveAction:
    """Add a corrective action to the supplier's plan. Without a deadline it gets the
    buyer's default for its severity. An action agreed in a meeting is linked to it and
    reaches the supplier's portal when the minutes are shared."""
    _require_editor(actor, buyer)
    with transaction.atomic():
        if meeting is not None:
            meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
            if meeting.buyer_id != buyer.pk or meeting.supplier_id != supplier.pk:
                _refuse(_("The meeting is with another supplier."))
            if meeting.status not in (Meeting.Status.PLANNED, Meeting.Status.HELD):
                _refuse(
                    _(
                        "Actions can be agreed only in a meeting that is not cancelled "
                        "and whose minutes are not yet shared."
                    )
                )
        if deadline is None and severity:
            deadline = default_deadline(buyer=buyer, severity=severity)
        elif deadline is not None and deadline < selectors.today():
            _refuse(_("The deadline cannot be in the past."), "deadline")
        action = CorrectiveAction(
            buyer=buyer,
            supplier=supplier,
            title=title,
            description=description,
            severity=severity,
            deadline=deadline,
            owner_name=owner_name,
            finding=finding,
            answer=answer,
            meeting=meeting,
            status=Status.OPEN,
        )
        _check_links(action)
        save_record(action, actor=actor)
        _risk_changed(buyer=buyer, supplier=supplier)
    return action


def action_save(*, action: CorrectiveAction, actor) -> CorrectiveAction:
    """Save an officer's edit of an action's title, description, severity, deadline,
    owner or finding. A verified and closed action is final."""
    _require_editor(actor, action.buyer)
    with transaction.atomic():
        current = _lock(action)
        if current.status == Status.VERIFIED_CLOSED:
            _refuse(_("This action is verified and closed and can no longer be changed."))
        if action.status != current.status:
            _refuse(_("The status changes only through its own steps."))
        _check_links(action)
        save_record(action, actor=actor)
        _risk_changed(buyer=action.buyer, supplier=action.supplier)
    return action


def action_start(*, action: CorrectiveAction, actor, text: str = "") -> CorrectiveAction:
    """open → in_progress, by the supplier or an officer."""
    _require_supplier_or_editor(actor, action)
    with transaction.atomic():
        action = _lock(action)
        if action.status != Status.OPEN:
            _refuse(_("Only an open action can be marked as started."))
        action.status = Status.IN_PROGRESS
        save_record(action, actor=actor)
        if text.strip():
            save_record(
                ActionUpdate(action=action, kind=ActionUpdate.Kind.PROGRESS, text=text, author=actor), actor=actor
            )
        _risk_changed(buyer=action.buyer, supplier=action.supplier)
    return action


def action_post_update(*, action: CorrectiveAction, actor, text: str) -> ActionUpdate:
    """A progress update; the first one on an open action marks it as started."""
    _require_supplier_or_editor(actor, action)
    if not text.strip():
        _refuse(_("Write what has been done."), "text")
    with transaction.atomic():
        action = _lock(action)
        if action.status == Status.VERIFIED_CLOSED:
            _refuse(_("This action is verified and closed."))
        update = save_record(
            ActionUpdate(action=action, kind=ActionUpdate.Kind.PROGRESS, text=text, author=actor), actor=actor
        )
        if action.status == Status.OPEN:
            action.status = Status.IN_PROGRESS
            save_record(action, actor=actor)
            _risk_changed(buyer=action.buyer, supplier=action.supplier)
    return update


def _check_attachable(action, evidence, today):
    if evidence.supplier_id != action.supplier_id:
        _refuse(_("Only your own evidence can be attached."), "evidence")
    if evidence.is_archived:
        _refuse(_("Archived evidence cannot be attached."), "evidence")
    if evidence.is_expired(today):
        _refuse(
            _("“%(title)s” has expired and cannot be attached. Upload a valid document.") % {"title": evidence.title},
            "evidence",
        )


def action_attach_evidence(
    *, action: CorrectiveAction, actor, evidence=(), new_evidence=None, upload=None, text: str = ""
) -> ActionUpdate:
    """Attach the supplier's valid evidence to the action: documents already in its
    library and/or a new one (saved to the library through suppliers.services.evidence_save).
    Expired, archived or another supplier's evidence is refused. Submitting the evidence
    for verification is a separate step (action_submit_evidence)."""
    from suppliers.services import evidence_save

    _require_supplier_or_editor(actor, action)
    today = selectors.today()
    evidence = list(evidence)
    if not evidence and new_evidence is None:
        _refuse(_("Choose evidence from your library or upload a new document."), "evidence")
    with transaction.atomic():
        action = _lock(action)
        if action.status == Status.EVIDENCE_SUBMITTED:
            _refuse(_("The evidence has been submitted; wait for the officer's verification."))
        if action.status == Status.VERIFIED_CLOSED:
            _refuse(_("This action is verified and closed."))
        for item in evidence:
            _check_attachable(action, item, today)
        if new_evidence is not None:
            new_evidence.supplier = action.supplier
            if new_evidence.is_expired(today):
                _refuse(_("This document has expired and cannot be attached."), "valid_to")
            evidence.append(evidence_save(evidence=new_evidence, actor=actor, upload=upload))
        update = save_record(
            ActionUpdate(
                action=action,
                kind=ActionUpdate.Kind.PROGRESS,
                text=text.strip() or _("Evidence attached."),
                author=actor,
            ),
            actor=actor,
            m2m={"evidence": evidence},
        )
        if action.status == Status.OPEN:
            action.status = Status.IN_PROGRESS
            save_record(action, actor=actor)
            _risk_changed(buyer=action.buyer, supplier=action.supplier)
    return update


def action_submit_evidence(*, action: CorrectiveAction, actor, text: str = "") -> CorrectiveAction:
    """in_progress (or open) → evidence_submitted: the evidence attached since the last
    return goes to the officers for verification."""
    _require_supplier_or_editor(actor, action)
    today = selectors.today()
    with transaction.atomic():
        action = _lock(action)
        if action.status not in (Status.OPEN, Status.IN_PROGRESS):
            _refuse(_("Evidence can be submitted only for an open action or one in progress."))
        pending = selectors.pending_evidence(action)
        if not pending:
            _refuse(_("Attach at least one piece of evidence before you submit."))
        for item in pending:
            _check_attachable(action, item, today)
        save_record(
            ActionUpdate(
                action=action,
                kind=ActionUpdate.Kind.EVIDENCE,
                text=text.strip() or _("Evidence submitted for verification."),
                author=actor,
            ),
            actor=actor,
            m2m={"evidence": pending},
        )
        action.status = Status.EVIDENCE_SUBMITTED
        save_record(action, actor=actor)
        record_event(
            actor=actor,
            event_type="action_evidence_submitted",
            target=action,
            details={"evidence": [str(e.public_id) for e in pending]},
        )
        for user in buyer_officers(action.buyer):
            emails.send_evidence_submitted(action=action, user=user)
        _risk_changed(buyer=action.buyer, supplier=action.supplier)
    return action


def action_verify(*, action: CorrectiveAction, actor, note: str = "", override: bool = False) -> CorrectiveAction:
    """An officer's verification closes the action. It needs the supplier's evidence (a
    submitted update with evidence: the action is evidence_submitted), or an explicit
    override (``override=True``) with a written reason, which the history, the audit log,
    the action's updates and the supplier's timeline keep. Without either it is refused.
    The supplier's users are told (portal and email)."""
    _require_editor(actor, action.buyer)
    note = note.strip()
    with transaction.atomic():
        action = _lock(action)
        if action.status == Status.VERIFIED_CLOSED:
            _refuse(_("This action is already verified and closed."))
        without_evidence = action.status != Status.EVIDENCE_SUBMITTED
        if without_evidence and not override:
            _refuse(
                _(
                    "The supplier has not submitted evidence for this action. Wait for it, or close the action "
                    "without the supplier's evidence and write why."
                )
            )
        if without_evidence and not note:
            _refuse(_("Write why you close the action without the supplier's evidence."), "note")
        action.status = Status.VERIFIED_CLOSED
        action.verified_by = actor
        action.verified_at = timezone.now()
        action.verification_note = note
        action.verified_without_evidence = without_evidence
        if without_evidence:
            action._change_reason = _("Closed without the supplier's evidence: %(reason)s") % {"reason": note}
        save_record(action, actor=actor)
        text = note or _("Verified.")
        if without_evidence:
            text = _("Closed without the supplier's evidence (officer's override): %(reason)s") % {"reason": note}
        save_record(ActionUpdate(action=action, kind=ActionUpdate.Kind.VERIFIED, text=text, author=actor), actor=actor)
        record_event(
            actor=actor,
            event_type="action_verified",
            target=action,
            details={"note": note, "without_evidence": without_evidence},
        )
        _notify_supplier(emails.send_action_verified, action)
        _risk_changed(buyer=action.buyer, supplier=action.supplier)
    return action


def action_return(*, action: CorrectiveAction, actor, reason: str) -> CorrectiveAction:
    """evidence_submitted → in_progress: the evidence is not yet sufficient, with the reason."""
    _require_editor(actor, action.buyer)
    reason = reason.strip()
    if not reason:
        _refuse(_("Tell the supplier what is missing."), "reason")
    with transaction.atomic():
        action = _lock(action)
        if action.status != Status.EVIDENCE_SUBMITTED:
            _refuse(_("Only an action with submitted evidence can be returned."))
        action.status = Status.IN_PROGRESS
        save_record(action, actor=actor)
        save_record(
            ActionUpdate(action=action, kind=ActionUpdate.Kind.RETURNED, text=reason, author=actor), actor=actor
        )
        record_event(actor=actor, event_type="action_returned", target=action, details={"reason": reason})
        _notify_supplier(emails.send_action_returned, action)
        _risk_changed(buyer=action.buyer, supplier=action.supplier)
    return action


# --- The sanctions ladder ------------------------------------------------------------------


def _lock_escalation(escalation):
    return (
        Escalation.objects.select_related("buyer", "supplier", "action", "decided_by")
        .select_for_update(of=("self",))
        .get(pk=escalation.pk)
    )


def _letter(escalation, *, kind, actor, reason):
    """The formal letter to the supplier of a final decision, written in the decision's
    transaction (followup.letters.services)."""
    from followup.letters.services import letter_issue

    return letter_issue(escalation=escalation, kind=kind, actor=actor, reason=reason)


def _check_remedy_deadline(remedy_deadline):
    if remedy_deadline is not None and remedy_deadline < selectors.today():
        _refuse(_("The deadline to remedy cannot be in the past."), "remedy_deadline")


def escalation_propose(
    *,
    action: CorrectiveAction,
    actor,
    rung: int,
    reason: str,
    agreement=None,
    letter_reason: str = "",
    remedy_deadline: datetime.date | None = None,
) -> Escalation:
    """Take the next rung for an overdue action. A written warning is in force at once;
    a suspension, replacement purchase or termination waits for a manager's approval.
    A decision in force sends the supplier a formal letter with ``letter_reason`` (the
    reason when empty) and the deadline to remedy (the buyer's default for the action's
    severity when not given)."""
    _require_editor(actor, action.buyer)
    reason = (reason or "").strip()
    rung = int(rung)
    _check_remedy_deadline(remedy_deadline)
    with transaction.atomic():
        action = _lock(action)
        if not reason:
            _refuse(_("Give the reason for the escalation."), "reason")
        if not action.is_overdue(selectors.today()):
            _refuse(_("Only an overdue action can be escalated."))
        if not _visible_to_supplier(action):
            # A deadline never runs before the supplier can see the action (issue: the
            # follow-up loop): no sanction for an action agreed in minutes not yet shared.
            _refuse(_("The supplier cannot see this action yet: share the meeting's minutes first."))
        if Escalation.objects.filter(action=action, status=Escalation.Status.PROPOSED).exists():
            _refuse(_("An escalation of this action is awaiting the manager's decision."))
        expected = selectors.next_rung(action)
        if expected is None:
            _refuse(_("This action is already at the last step of the ladder."), "rung")
        if rung != expected:
            _refuse(
                _("The next step on the ladder is “%(rung)s”: steps cannot be skipped.")
                % {"rung": Escalation.Rung(expected).label},
                "rung",
            )
        agreements = selectors.supplier_agreements(buyer=action.buyer, supplier=action.supplier)
        if agreement is not None and not agreements.filter(pk=agreement.pk).exists():
            _refuse(_("The supplier has no award in this agreement."), "agreement")
        in_force = rung == Escalation.Rung.WARNING
        escalation = Escalation(
            buyer=action.buyer,
            supplier=action.supplier,
            action=action,
            agreement=agreement,
            rung=rung,
            reason=reason,
            status=Escalation.Status.IN_FORCE if in_force else Escalation.Status.PROPOSED,
            decided_by=actor,
            decided_on=selectors.today(),
            letter_reason=(letter_reason or "").strip(),
            remedy_deadline=remedy_deadline or default_deadline(buyer=action.buyer, severity=action.severity),
        )
        save_record(escalation, actor=actor)
        record_event(
            actor=actor,
            event_type="escalation_in_force" if in_force else "escalation_proposed",
            target=escalation,
            details={"action": str(action.public_id), "rung": rung, "reason": reason},
        )
        if in_force:
            _letter(escalation, kind="decision", actor=actor, reason=escalation.reason_for_letter)
        else:
            for user in buyer_managers(action.buyer):
                emails.send_escalation_proposed(escalation=escalation, user=user)
        _risk_changed(buyer=action.buyer, supplier=action.supplier)
    return escalation


def _require_manager(actor, escalation):
    if actor is None or not is_manager(actor) or not _is_buyer_member(actor, escalation.buyer):
        raise PermissionDenied(_("Only a manager of this buyer can decide on an escalation."))


def _decide(*, escalation, actor, note, approve, letter_reason=None, remedy_deadline=None):
    _require_manager(actor, escalation)
    note = (note or "").strip()
    if approve:
        _check_remedy_deadline(remedy_deadline)
    with transaction.atomic():
        escalation = _lock_escalation(escalation)
        if escalation.rung == Escalation.Rung.WARNING:
            _refuse(_("A written warning is in force at once and needs no approval."))
        if escalation.status != Escalation.Status.PROPOSED:
            _refuse(_("This escalation has been decided already."))
        if not note:
            _refuse(_("Write a note on your decision."), "note")
        if approve:
            if escalation.decided_by_id == actor.pk:
                _refuse(_("Someone other than the person who proposed it must approve it."))
            if escalation.action.status == Status.VERIFIED_CLOSED:
                _refuse(_("The action has been verified and closed since; reject the proposal instead."))
            escalation.status = Escalation.Status.IN_FORCE
            escalation.approved_by = actor
            if letter_reason is not None:
                escalation.letter_reason = letter_reason.strip()
            if remedy_deadline is not None:
                escalation.remedy_deadline = remedy_deadline
            elif escalation.remedy_deadline is None or escalation.remedy_deadline < selectors.today():
                # The proposal's deadline has passed while it waited: it runs from today.
                escalation.remedy_deadline = default_deadline(
                    buyer=escalation.buyer, severity=escalation.action.severity
                )
        else:
            escalation.status = Escalation.Status.REJECTED
        escalation.approval_note = note
        save_record(escalation, actor=actor)
        record_event(
            actor=actor,
            event_type="escalation_approved" if approve else "escalation_rejected",
            target=escalation,
            details={"action": str(escalation.action.public_id), "rung": escalation.rung, "note": note},
        )
        if approve:
            _letter(escalation, kind="decision", actor=actor, reason=escalation.reason_for_letter)
        emails.send_escalation_decided(escalation=escalation, user=escalation.decided_by)
        _risk_changed(buyer=escalation.buyer, supplier=escalation.supplier)
    return escalation


def escalation_approve(
    *,
    escalation: Escalation,
    actor,
    note: str,
    letter_reason: str | None = None,
    remedy_deadline: datetime.date | None = None,
) -> Escalation:
    """A manager of the same buyer puts a proposed rung (2-4) in force; the supplier gets
    the formal letter, whose reason and deadline to remedy the manager may adjust."""
    return _decide(
        escalation=escalation,
        actor=actor,
        note=note,
        approve=True,
        letter_reason=letter_reason,
        remedy_deadline=remedy_deadline,
    )


def escalation_reject(*, escalation: Escalation, actor, note: str) -> Escalation:
    """A manager of the same buyer rejects a proposed rung; the rung may be proposed again."""
    return _decide(escalation=escalation, actor=actor, note=note, approve=False)


def escalation_lift(*, escalation: Escalation, actor, reason: str) -> Escalation:
    """An escalation in force is lifted, with the reason, once its action is verified and
    closed; the supplier gets a formal letter saying so, with the reason."""
    _require_editor(actor, escalation.buyer)
    reason = (reason or "").strip()
    with transaction.atomic():
        escalation = _lock_escalation(escalation)
        if escalation.status != Escalation.Status.IN_FORCE:
            _refuse(_("Only an escalation in force can be lifted."))
        if escalation.action.status != Status.VERIFIED_CLOSED:
            _refuse(_("An escalation can be lifted only once its action is verified and closed."))
        if not reason:
            _refuse(_("Give the reason for lifting it."), "reason")
        escalation.status = Escalation.Status.LIFTED
        escalation._change_reason = reason
        save_record(escalation, actor=actor)
        record_event(
            actor=actor,
            event_type="escalation_lifted",
            target=escalation,
            details={"action": str(escalation.action.public_id), "rung": escalation.rung, "reason": reason},
        )
        _letter(escalation, kind="lifting", actor=actor, reason=reason)
        _risk_changed(buyer=escalation.buyer, supplier=escalation.supplier)
    return escalation
