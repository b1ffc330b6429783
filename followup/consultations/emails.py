"""Emails of market dialogue, to the supplier's portal users: one function per email
type, rendered in the recipient's language from
templates/followup/consultations/email/<name>_subject.txt, .txt and .html, and put in the
notification outbox (suppliers.emails.send_templated) in the caller's transaction."""

from django.conf import settings
from django.urls import reverse

from suppliers.emails import send_templated


def send_invitation(*, invitation, user):
    """To each of the invited supplier's portal users: what the event is about, when and
    where, the criteria under discussion, and the link to send written input."""
    event = invitation.event
    link = settings.SITE_URL.rstrip("/") + reverse("portal_market:detail", args=[event.public_id])
    return send_templated(
        template="followup/consultations/email/invited",
        to=user.email,
        language=user.language,
        context={
            "user": user,
            "event": event,
            "proposals": list(event.proposed_criteria.select_related("criterion_version__criterion", "criterion")),
            "supplier": invitation.supplier,
            "buyer": event.buyer,
            "link": link,
        },
    )
