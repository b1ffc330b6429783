"""Emails of corrective action plans and the sanctions ladder: one function per email
type, each rendered in the recipient's language from
templates/followup/actions/email/<name>_subject.txt, .txt and .html. Services write them into
the outbox in the transaction of their change: nothing is sent for a change that was rolled
back, and nothing is lost when the process dies right after the commit."""

from django.conf import settings
from django.urls import reverse

from suppliers.emails import send_templated


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def _action_context(action, user, link):
    return {"user": user, "action": action, "supplier": action.supplier, "buyer": action.buyer, "link": link}


def send_evidence_submitted(*, action, user):
    """To each officer of the buyer: the supplier has submitted evidence for verification."""
    link = _absolute(reverse("actions:detail", args=[action.public_id]))
    return send_templated(
        template="followup/actions/email/evidence_submitted",
        to=user.email,
        language=user.language,
        context=_action_context(action, user, link),
    )


def send_action_verified(*, action, user):
    """To each supplier user: the officer has verified and closed the action."""
    link = _absolute(reverse("portal_actions:detail", args=[action.public_id]))
    return send_templated(
        template="followup/actions/email/action_verified",
        to=user.email,
        language=user.language,
        context=_action_context(action, user, link),
    )


def send_action_returned(*, action, user):
    """To each supplier user: the evidence is not yet sufficient, with the officer's reason."""
    from followup.models import ActionUpdate

    link = _absolute(reverse("portal_actions:detail", args=[action.public_id]))
    reason = (
        ActionUpdate.objects.filter(action=action, kind=ActionUpdate.Kind.RETURNED)
        .order_by("-created_at", "-pk")
        .first()
    )
    return send_templated(
        template="followup/actions/email/action_returned",
        to=user.email,
        language=user.language,
        context={**_action_context(action, user, link), "reason": reason.text if reason else ""},
    )


def _escalation_context(escalation, user, link):
    return {
        "user": user,
        "escalation": escalation,
        "action": escalation.action,
        "supplier": escalation.supplier,
        "buyer": escalation.buyer,
        "link": link,
    }


def send_escalation_proposed(*, escalation, user):
    """To each manager of the buyer: an escalation awaits approval."""
    link = _absolute(reverse("actions:escalation_decide", args=[escalation.public_id]))
    return send_templated(
        template="followup/actions/email/escalation_proposed",
        to=user.email,
        language=user.language,
        context=_escalation_context(escalation, user, link),
    )


def send_escalation_decided(*, escalation, user):
    """To the officer who proposed it: the manager approved or rejected the escalation."""
    link = _absolute(reverse("actions:escalation_detail", args=[escalation.public_id]))
    return send_templated(
        template="followup/actions/email/escalation_decided",
        to=user.email,
        language=user.language,
        context=_escalation_context(escalation, user, link),
    )
