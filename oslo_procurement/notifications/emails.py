"""One way to define and send an email.

A named email is its templates, ``<template>_subject.txt``, ``.txt`` and ``.html``
(rendered in the recipient's language and time zone), plus the context they need. Every
email of the application, from a reminder to a sanction letter or a report with its PDF,
is sent by ``send_email``: it goes into the outbox (services.message_queue) in the
caller's transaction, and workers deliver it after the commit, retrying a mail server
that is away, never twice, never lost when the broker is down. The per-email functions in
the apps (``<app>/emails.py``) only say who receives which email with what context."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from .services import message_queue


def site_link(viewname, *args):
    """An absolute link for an email, built from SITE_URL (never from a request's Host)."""
    return settings.SITE_URL.rstrip("/") + reverse(viewname, args=args)


def _record(value):
    return value if isinstance(value, models.Model) else None


def _brand(buyer):
    """The buyer an email speaks for, with its logo's full address (emails are read elsewhere)."""
    logo_url = getattr(buyer, "logo_url", "")
    if not isinstance(buyer, models.Model) or not logo_url:
        return None
    return {"name": buyer.name, "logo_url": settings.SITE_URL.rstrip("/") + logo_url}


def send_email(
    template,
    *,
    to,
    language,
    context,
    recipient=None,
    about=None,
    owner=None,
    item=None,
    attachment=None,
    attachment_name="",
    deliver_after_commit=True,
):
    """Render the email ``template`` in ``language`` and put it in the outbox; it is sent once
    the current transaction commits. ``about`` (a supplier) and ``owner`` (a buyer) file it
    where staff look for it; by default the context's ``supplier`` and ``buyer``.
    ``attachment`` is (file name, path in the private storage) of a file that exists;
    ``attachment_name`` alone holds the email until the file about ``item`` is ready
    (services.notifications_release). A worker that delivers the email itself passes
    ``deliver_after_commit=False``. Returns the outbox row (a Notification)."""
    owner = _record(owner if owner is not None else context.get("buyer"))
    return message_queue(
        brand=_brand(owner),
        template=template,
        to=to,
        language=language,
        context=context,
        recipient=_record(recipient),
        about=_record(about if about is not None else context.get("supplier")),
        owner=owner,
        item=item,
        attachment_name=attachment[0] if attachment else attachment_name,
        attachment_path=attachment[1] if attachment else "",
        deliver_after_commit=deliver_after_commit,
    )


def email_user(template, user, *, attachment=None, **context):
    """The email ``template`` to one user, in their language, with ``user`` in the context."""
    return send_email(
        template,
        to=user.email,
        language=user.language,
        context={"user": user, **context},
        recipient=user,
        attachment=attachment,
    )
