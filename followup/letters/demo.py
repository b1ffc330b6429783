"""The demo's letter for seed_demo: the written warning seeded by followup.actions.demo
gets its formal letter, as if the officer had issued it on screen. Idempotent: a warning
that has its letter keeps it."""

from django.db import transaction

from .services import letter_issue


def seed_letter(*, escalation, actor):
    """The letter of ``escalation`` (a rung in force), written and rendered once (eagerly in
    the demo: the PDF is made and the emails go to var/mail/ when the seed commits)."""
    existing = escalation.letters.filter(kind="decision").first()
    if existing is not None:
        return existing
    with transaction.atomic():
        return letter_issue(escalation=escalation, kind="decision", actor=actor, reason=escalation.reason_for_letter)
