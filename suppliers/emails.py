"""Emails of the suppliers app: who receives which email with what context. Rendering and
the outbox are oslo_procurement.notifications.emails' (one way to send an email)."""

from oslo_procurement.notifications.emails import send_email, site_link


def _inviting_buyer(invitation):
    membership = getattr(invitation.invited_by, "buyer_membership", None) if invitation.invited_by_id else None
    return membership.buyer if membership is not None else None


def _inviting_buyer_name(invitation):
    """The name of the buyer whose officer sent the invitation ("" when unknown): the
    email names that buyer, never "the City", since any public buyer may use the app."""
    membership = getattr(invitation.invited_by, "buyer_membership", None) if invitation.invited_by_id else None
    return membership.buyer.name if membership is not None else ""


def send_invitation(*, invitation, token):
    return send_email(
        "suppliers/email/invitation",
        to=invitation.email,
        language=invitation.language,
        context={
            "invitation": invitation,
            "link": site_link("portal:invitation", token),
            "supplier": invitation.supplier,
            "buyer_name": _inviting_buyer_name(invitation),
            "buyer": _inviting_buyer(invitation),
        },
    )
