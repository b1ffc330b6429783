"""Emails of the self-assessment follow-up: one function per email type, each rendered in
the recipient's language from templates/followup/email/<name>_subject.txt, .txt and .html.
Services queue them with transaction.on_commit, so nothing is sent for a change that was
rolled back."""

from django.conf import settings
from django.urls import reverse

from suppliers.emails import send_templated


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def _context(assessment, user, link):
    round_ = assessment.round
    return {
        "user": user,
        "assessment": assessment,
        "round": round_,
        "questionnaire": round_.questionnaire,
        "supplier": assessment.supplier,
        "buyer": round_.agreement.buyer,
        "link": link,
    }


def send_assessment_opened(*, assessment, user):
    """To each supplier user: a new self-assessment, its deadline and the link."""
    link = _absolute(reverse("portal_followup:detail", args=[assessment.public_id]))
    return send_templated(
        template="followup/email/assessment_opened",
        to=user.email,
        language=user.language,
        context=_context(assessment, user, link),
    )


def send_assessment_returned(*, assessment, user):
    """To each supplier user: the officer asks for clarification on some answers."""
    link = _absolute(reverse("portal_followup:detail", args=[assessment.public_id]))
    return send_templated(
        template="followup/email/assessment_returned",
        to=user.email,
        language=user.language,
        context=_context(assessment, user, link),
    )


def send_assessment_submitted(*, assessment, user):
    """To each officer of the buyer: a supplier has submitted (or resubmitted)."""
    link = _absolute(reverse("followup:assessment_review", args=[assessment.public_id]))
    return send_templated(
        template="followup/email/assessment_submitted",
        to=user.email,
        language=user.language,
        context=_context(assessment, user, link),
    )
