"""Emails of the suppliers app: one function per email type, each rendered in the
recipient's language from a subject, a text and an HTML template.

``send_templated`` is the one way every email of the application leaves: it puts the
rendered email in the notification outbox (oslo_procurement.notifications), in the
caller's transaction, and the outbox delivers it after the commit, retrying a mail server
that is away and never losing it when the broker is down."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from oslo_procurement.notifications.services import message_queue


def send_templated(*, template, to, language, context, attachment=None):
    """Render ``<template>_subject.txt``, ``.txt`` and ``.html`` in ``language`` and queue
    the email; it is sent once the current transaction commits (at once when there is
    none). ``attachment`` is (file name, path in the private storage) of a file that exists.
    Returns the outbox row (a Notification)."""
    user = context.get("user")
    recipient = user if getattr(user, "email", None) == to and isinstance(user, models.Model) else None
    supplier = context.get("supplier")
    buyer = context.get("buyer")
    return message_queue(
        brand=_brand(buyer),
        template=template,
        to=to,
        language=language,
        context=context,
        recipient=recipient,
        about=supplier if isinstance(supplier, models.Model) else None,
        owner=buyer if isinstance(buyer, models.Model) else None,
        attachment_name=attachment[0] if attachment else "",
        attachment_path=attachment[1] if attachment else "",
    )


def _brand(buyer):
    """The buyer an email speaks for, with its logo's full address (emails are read elsewhere)."""
    logo_url = getattr(buyer, "logo_url", "")
    if not isinstance(buyer, models.Model) or not logo_url:
        return None
    return {"name": buyer.name, "logo_url": settings.SITE_URL.rstrip("/") + logo_url}


def _inviting_buyer(invitation):
    membership = getattr(invitation.invited_by, "buyer_membership", None) if invitation.invited_by_id else None
    return membership.buyer if membership is not None else None


def _inviting_buyer_name(invitation):
    """The name of the buyer whose officer sent the invitation ("" when unknown): the
    email names that buyer, never "the City", since any public buyer may use the app."""
    membership = getattr(invitation.invited_by, "buyer_membership", None) if invitation.invited_by_id else None
    return membership.buyer.name if membership is not None else ""


def send_invitation(*, invitation, token):
    link = settings.SITE_URL.rstrip("/") + reverse("portal:invitation", args=[token])
    return send_templated(
        template="suppliers/email/invitation",
        to=invitation.email,
        language=invitation.language,
        context={
            "invitation": invitation,
            "link": link,
            "supplier": invitation.supplier,
            "buyer_name": _inviting_buyer_name(invitation),
            "buyer": _inviting_buyer(invitation),
        },
    )
