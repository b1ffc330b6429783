"""Celery tasks of the supplier registry, on the beat schedule in settings.py."""

from celery import shared_task
from django.db import DatabaseError
from django.utils.translation import gettext_lazy as _

from oslo_procurement.notifications.services import job_run

from .privacy import apply_retention
from .register import register_check_all

RETENTION_TASK = "suppliers.tasks.apply_personal_data_retention"


@shared_task(
    soft_time_limit=540, time_limit=600, ignore_result=True, manual_trigger=True, title=_("Personal data retention")
)
def apply_personal_data_retention(job_run_id=None):
    """Anonymise what is past its retention period (docs/PRIVACY.md); the same as
    `manage.py anonymise_personal_data`. Safe to run twice."""
    with job_run(RETENTION_TASK, job_run_id=job_run_id) as run:
        plan = apply_retention()
        run.counts = {"contacts": len(plan.contacts), "users": len(plan.memberships), "audit_events": plan.audit_events}
    return run.counts


REGISTER_TASK = "suppliers.tasks.check_register"


@shared_task(
    soft_time_limit=1740,
    time_limit=1800,
    ignore_result=True,
    manual_trigger=True,
    title=_("Brønnøysund register check"),
)
def check_register(job_run_id=None):
    """Flag active Norwegian suppliers the register marks as bankrupt, under liquidation or
    forced dissolution, or deleted; clear the flags it has cleared. Safe to run twice."""
    with job_run(REGISTER_TASK, job_run_id=job_run_id) as run:
        run.counts = register_check_all()
    return run.counts


@shared_task(
    soft_time_limit=300,
    time_limit=360,
    ignore_result=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    max_retries=3,
)
def process_cmrt_upload(upload_id):
    """Read one large CMRT stored at upload and make its report (safe to run twice)."""
    from .cmrt.services import cmrt_upload_process

    cmrt_upload_process(upload_id=upload_id)


CMRT_CATCH_UP_TASK = "suppliers.tasks.catch_up_cmrt_uploads"


@shared_task(soft_time_limit=540, time_limit=600, ignore_result=True, title=_("CMRT upload catch-up"))
def catch_up_cmrt_uploads(job_run_id=None):
    """Every minute: large CMRT uploads whose task never came or whose worker died."""
    from .cmrt.services import cmrt_uploads_catch_up

    with job_run(CMRT_CATCH_UP_TASK, job_run_id=job_run_id) as run:
        run.counts = cmrt_uploads_catch_up()
    return run.counts


@shared_task(soft_time_limit=1740, time_limit=1800, ignore_result=True)
def fetch_register_for(supplier_ids):
    """After a spreadsheet import: ask the Brønnøysund register about the new Norwegian
    suppliers and store what it says, as the supplier form does after a save. Safe to run
    twice; a register that is down is left to the daily check."""
    from .register import register_fetch_for

    return register_fetch_for(supplier_ids)
