"""Emails of market dialogue, to the supplier's portal users: one function per email
type, rendered in the recipient's language from
templates/followup/consultations/email/<name>_subject.txt, .txt and .html, and put in the
notification outbox (suppliers.emails.send_templated) in the caller's transaction."""

from django.conf import settings
from django.urls import reverse

from suppliers.emails import send_templated

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
    link = settings.SITE_URL.rstrip("/") + reverse("portal_market:detail", args=[event.public_id])
    return send_templated(
        template=TEMPLATES[kind],
        to=user.email,
        language=user.language,
        context={
            "user": user,
            "event": event,
            "before": before,
            "changed": list(changed),
            "proposals": list(event.proposed_criteria.select_related("criterion_version__criterion", "criterion")),
            "supplier": invitation.supplier,
            "buyer": event.buyer,
            "link": link,
        },
    )
