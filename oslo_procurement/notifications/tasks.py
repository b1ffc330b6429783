"""Celery tasks of the outbox. Thin: each takes an id (or nothing), calls one service and
is safe to run twice (see services.py). JSON arguments only; soft and hard time limits;
acks_late with reject_on_worker_lost (settings.py), so a task whose worker dies is
delivered again, and the claim in the database keeps that from sending twice."""

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from . import services

DRAIN_TASK = services.DRAIN_TASK


@shared_task(bind=True, max_retries=services.TASK_RETRIES, soft_time_limit=60, time_limit=90, ignore_result=True)
def deliver_notification(self, notification_id):
    """Send one notification; a transient error retries with exponential backoff."""
    outcome = services.notification_deliver(notification_id=notification_id)
    if outcome.status == "retry" and not self.request.is_eager and self.request.retries < self.max_retries:
        # The row is back to pending with next_attempt_at; whoever comes first (this retry
        # or the drain) claims it, the other finds it taken. Eagerly (the demo) a retry
        # cannot wait, so the row simply waits for the drain.
        raise self.retry(countdown=outcome.retry_in)
    return outcome.status


@shared_task(soft_time_limit=50, time_limit=60, ignore_result=True, manual_trigger=True, title=_("Email outbox drain"))
def drain_outbox(job_run_id=None, min_age_seconds=None):
    """Every minute: send what is waiting in the outbox and rescue stale claims."""
    import datetime

    kwargs = {}
    if min_age_seconds is not None:
        kwargs["min_age"] = datetime.timedelta(seconds=min_age_seconds)
    with services.job_run(DRAIN_TASK, job_run_id=job_run_id) as run:
        run.counts = services.outbox_drain(**kwargs)
    return run.counts


# Kept for callers of the old name: queueing lives with the outbox (services.kick_drain).
kick_drain = services.kick_drain
