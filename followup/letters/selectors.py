"""Reads of the sanction letters: each list is one query, whatever its length."""

from followup.models import SanctionLetter


def portal_letters(supplier):
    """The letters sent to the supplier, from every buyer, newest first."""
    return (
        SanctionLetter.objects.filter(supplier=supplier, status=SanctionLetter.Status.SENT)
        .select_related("buyer", "escalation__agreement", "decided_by", "approved_by")
        .order_by("-created_at", "-pk")
    )


def escalation_letters(escalation):
    return (
        SanctionLetter.objects.filter(escalation=escalation)
        .select_related("decided_by", "approved_by")
        .order_by("created_at", "pk")
    )
