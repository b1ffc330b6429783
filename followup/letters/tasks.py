"""Celery tasks of the sanction letters. Thin: each takes an id (or nothing) and calls one
service, which is safe to run twice (see services.py). JSON arguments only; time limits."""

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from . import services


@shared_task(soft_time_limit=120, time_limit=180, ignore_result=True)
def render_letter(letter_id):
    """Render one letter's PDF and release its emails."""
    services.letter_render(letter_id=letter_id)


@shared_task(soft_time_limit=240, time_limit=300, ignore_result=True, title=_("Letter catch-up"))
def catch_up_letters(job_run_id=None):
    """Every minute: letters whose rendering failed or whose task never came."""
    from oslo_procurement.notifications.services import job_run

    with job_run("followup.letters.tasks.catch_up_letters", job_run_id=job_run_id) as run:
        run.counts = services.letters_catch_up()
    return run.counts
