"""Emails of market dialogue, to the supplier's portal users: who receives which email
with what context, each from templates/followup/consultations/email/<name>_subject.txt,
.txt and .html, put in the outbox in the caller's transaction
(oslo_procurement.notifications.emails)."""

from oslo_procurement.notifications.emails import email_user, site_link

TEMPLATES = {
    "invitation": "followup/consultations/email/invited",
    "changed": "followup/consultations/email/changed",
    "cancelled": "followup/consultations/email/cancelled",
}


def send_event_email(*, kind, invitation, user, changed=(), before=None):
    """To one of the invited supplier's portal users, in the user's language: the
    invitation (what the event is about, when and where, the criteria under discussion,
    the link to send written input), a change of the plan (what changed, from what to
    what), or the cancellation."""
    event = invitation.event
    return email_user(
        TEMPLATES[kind],
        user,
        event=event,
        before=before,
        changed=list(changed),
        proposals=list(event.proposed_criteria.select_related("criterion_version__criterion", "criterion")),
        supplier=invitation.supplier,
        buyer=event.buyer,
        link=site_link("portal_market:detail", event.public_id),
    )
