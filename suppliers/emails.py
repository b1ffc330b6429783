"""Emails of the suppliers app: one function per email type, each rendered in the
recipient's language from a subject, a text and an HTML template."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def send_templated(*, template, to, language, context):
    """Render ``<template>_subject.txt``, ``.txt`` and ``.html`` in ``language`` and send."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    message.send()
    return message


def send_invitation(*, invitation, token):
    link = settings.SITE_URL.rstrip("/") + reverse("portal:invitation", args=[token])
    return send_templated(
        template="suppliers/email/invitation",
        to=invitation.email,
        language=invitation.language,
        context={"invitation": invitation, "link": link, "supplier": invitation.supplier},
    )
