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


def send_assessment_decided(*, assessment, user):
    """To each supplier user: the self-assessment is accepted, with the buyer's verdict and
    its comment, and the answers found non-compliant with the reason for the supplier
    (never the officers' internal notes)."""
    from .models import Answer

    link = _absolute(reverse("portal_followup:detail", args=[assessment.public_id]))
    non_compliant = (
        Answer.objects.filter(assessment=assessment, review=Answer.Review.NON_COMPLIANT)
        .select_related("question")
        .order_by("question__order")
    )
    return send_templated(
        template="followup/email/assessment_decided",
        to=user.email,
        language=user.language,
        context={**_context(assessment, user, link), "non_compliant": list(non_compliant)},
    )


def send_shared_answer_accepted(*, assessment, acceptance, user):
    """To each supplier user: a buyer accepted the self-assessment the supplier shared with
    it as its answer in a round, so the supplier need not answer that round again."""
    link = _absolute(reverse("portal_sharing:home"))
    return send_templated(
        template="followup/email/shared_answer_accepted",
        to=user.email,
        language=user.language,
        context={**_context(assessment, user, link), "source": acceptance.share.assessment},
    )
