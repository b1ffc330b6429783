"""Emails of corrective action plans and the sanctions ladder: who receives which email
with what context, each from templates/followup/actions/email/<name>_subject.txt, .txt
and .html. Services write them into the outbox in the transaction of their change
(oslo_procurement.notifications.emails): nothing is sent for a change that was rolled
back, and nothing is lost when the process dies right after the commit."""

from followup.models import ActionUpdate
from oslo_procurement.notifications.emails import email_user, site_link


def _about_action(name, *, action, user, page, **extra):
    return email_user(
        f"followup/actions/email/{name}",
        user,
        action=action,
        supplier=action.supplier,
        buyer=action.buyer,
        link=site_link(page, action.public_id),
        **extra,
    )


def _about_escalation(name, *, escalation, user, page):
    return email_user(
        f"followup/actions/email/{name}",
        user,
        escalation=escalation,
        action=escalation.action,
        supplier=escalation.supplier,
        buyer=escalation.buyer,
        link=site_link(page, escalation.public_id),
    )


def send_evidence_submitted(*, action, user):
    """To each officer of the buyer: the supplier has submitted evidence for verification."""
    return _about_action("evidence_submitted", action=action, user=user, page="actions:detail")


def send_action_verified(*, action, user):
    """To each supplier user: the officer has verified and closed the action."""
    return _about_action("action_verified", action=action, user=user, page="portal_actions:detail")


def send_action_returned(*, action, user):
    """To each supplier user: the evidence is not yet sufficient, with the officer's reason."""
    reason = (
        ActionUpdate.objects.filter(action=action, kind=ActionUpdate.Kind.RETURNED)
        .order_by("-created_at", "-pk")
        .first()
    )
    return _about_action(
        "action_returned",
        action=action,
        user=user,
        page="portal_actions:detail",
        reason=reason.text if reason else "",
    )


def send_escalation_proposed(*, escalation, user):
    """To each manager of the buyer: an escalation awaits approval."""
    return _about_escalation("escalation_proposed", escalation=escalation, user=user, page="actions:escalation_decide")


def send_escalation_decided(*, escalation, user):
    """To the officer who proposed it: the manager approved or rejected the escalation."""
    return _about_escalation("escalation_decided", escalation=escalation, user=user, page="actions:escalation_detail")
