"""The reminder sweep as a Celery task, on the beat schedule in settings.py (hourly from
06:05 to 22:05 Oslo time) and startable by hand from the jobs page. Thin: it calls one
service, which is safe to run twice."""

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from oslo_procurement.notifications.services import job_run, job_runs_prune

from . import services

SWEEP_TASK = "followup.reminders.tasks.sweep_reminders"


@shared_task(soft_time_limit=540, time_limit=600, ignore_result=True, manual_trigger=True, title=_("Reminder sweep"))
def sweep_reminders(job_run_id=None):
    """Create the deadline reminders, escalations and daily digests that are due today."""
    with job_run(SWEEP_TASK, job_run_id=job_run_id) as run:
        run.counts = services.reminders_sweep().counts
    job_runs_prune()
    return run.counts
