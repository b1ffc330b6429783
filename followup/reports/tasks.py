"""Celery tasks of the reports. Thin: each takes ids, loads, and calls one service, which
is safe to run twice (see services.py). JSON arguments only; hard and soft time limits.

The schedule lives here, in code; settings.py merges it into CELERY_BEAT_SCHEDULE.
Exactly one beat process runs it."""

from celery import shared_task
from celery.exceptions import Retry
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from . import services

BEAT_SCHEDULE = {
    # Every morning: email the reports that are due (monthly, quarterly, after a round).
    "reports-send-due": {
        "task": "followup.reports.tasks.send_due_reports",
        "schedule": crontab(hour=6, minute=30),
    },
}


@shared_task(soft_time_limit=240, time_limit=300)
def render_report_run(run_id):
    """Render one PDF asked for on screen."""
    services.report_render(run_id=run_id)


@shared_task(soft_time_limit=240, time_limit=300, ignore_result=True, title=_("Report catch-up"))
def catch_up_reports():
    """Every minute: PDFs and report emails whose task never came (Redis was down)."""
    # Scheduled in settings.CELERY_BEAT_SCHEDULE ("reports-catch-up").
    return services.reports_catch_up()


@shared_task(soft_time_limit=60, time_limit=90)
def send_due_reports():
    """Find the subscriptions and periods that are due and prepare each one."""
    for subscription_id, period_key in services.due_periods():
        prepare_report_period.delay(subscription_id, period_key)


@shared_task(soft_time_limit=240, time_limit=300)
def prepare_report_period(subscription_id, period_key):
    """Render the period's report once and queue one email per recipient."""
    for delivery_id in services.subscription_prepare(subscription_id=subscription_id, period_key=period_key):
        try:
            send_report_delivery.delay(delivery_id)
        except Retry:
            # Only when Celery runs eagerly (the demo): a retry cannot wait there, so the
            # delivery stays pending (with its error) for the next run of the job, and the
            # other recipients still get theirs. A real worker retries with backoff.
            continue


@shared_task(bind=True, max_retries=5, soft_time_limit=60, time_limit=90)
def send_report_delivery(self, delivery_id):
    """Deliver one email through the outbox; a transient failure is retried with backoff,
    the last attempt and a permanent refusal are recorded as failed."""
    final = self.request.retries >= self.max_retries
    if services.delivery_send(delivery_id=delivery_id, final_attempt=final) == "retry":
        raise self.retry(countdown=min(2**self.request.retries, 600))
