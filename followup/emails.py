"""Emails of the self-assessment follow-up: who receives which email with what context,
each from templates/followup/email/<name>_subject.txt, .txt and .html. Sent through the
outbox in the transaction of their change (oslo_procurement.notifications.emails)."""

from oslo_procurement.notifications.emails import email_user, site_link

from .models import Answer


def _send(name, *, assessment, user, page, **extra):
    round_ = assessment.round
    return email_user(
        f"followup/email/{name}",
        user,
        assessment=assessment,
        round=round_,
        questionnaire=round_.questionnaire,
        supplier=assessment.supplier,
        buyer=round_.agreement.buyer,
        link=site_link(page, assessment.public_id),
        **extra,
    )


def send_assessment_opened(*, assessment, user):
    """To each supplier user: a new self-assessment, its deadline and the link."""
    return _send("assessment_opened", assessment=assessment, user=user, page="portal_followup:detail")


def send_assessment_returned(*, assessment, user):
    """To each supplier user: the officer asks for clarification on some answers."""
    return _send("assessment_returned", assessment=assessment, user=user, page="portal_followup:detail")


def send_assessment_submitted(*, assessment, user):
    """To each officer of the buyer: a supplier has submitted (or resubmitted)."""
    return _send("assessment_submitted", assessment=assessment, user=user, page="followup:assessment_review")


def send_assessment_decided(*, assessment, user):
    """To each supplier user: the self-assessment is accepted, with the buyer's verdict and
    its comment, and the answers found non-compliant with the reason for the supplier
    (never the officers' internal notes)."""
    non_compliant = (
        Answer.objects.filter(assessment=assessment, review=Answer.Review.NON_COMPLIANT)
        .select_related("question")
        .order_by("question__order")
    )
    return _send(
        "assessment_decided",
        assessment=assessment,
        user=user,
        page="portal_followup:detail",
        non_compliant=list(non_compliant),
    )


def send_shared_answer_accepted(*, assessment, acceptance, user):
    """To each supplier user: a buyer accepted the self-assessment the supplier shared with
    it as its answer in a round, so the supplier need not answer that round again."""
    round_ = assessment.round
    return email_user(
        "followup/email/shared_answer_accepted",
        user,
        assessment=assessment,
        round=round_,
        questionnaire=round_.questionnaire,
        supplier=assessment.supplier,
        buyer=round_.agreement.buyer,
        link=site_link("portal_sharing:home"),
        source=acceptance.share.assessment,
    )
