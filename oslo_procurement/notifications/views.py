"""The scheduled jobs page, for the installation's administrators only: the beat schedule in
plain words, each job's last runs, the outbox at a glance, and a button to run a job now.
The outbox and the jobs serve every buyer of the installation, so a buyer's administrator
(who manages only that buyer's data) does not see them."""

import datetime
from functools import wraps

from celery import current_app
from celery.schedules import crontab
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from oslo_procurement.accounts.access import deny, is_installation_admin
from oslo_procurement.audit.services import record_event
from oslo_procurement.core import paginate

from . import services
from .models import JobRun, Notification

RUNS_SHOWN = 5


def admin_required(view):
    """The installation's administrators only (accounts.access.is_installation_admin): the
    outbox holds every buyer's emails and the jobs run for every buyer, so a buyer's
    administrator gets 403 like everyone else; anonymous users the login."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_installation_admin(request.user):
            deny(request, "administrator page")
        return view(request, *args, **kwargs)

    wrapper.access = "admin"
    return wrapper


def _every(seconds):
    seconds = int(seconds)
    for unit, one, many in (
        (86400, _("every day"), lambda n: ngettext("every %(count)d day", "every %(count)d days", n)),
        (3600, _("every hour"), lambda n: ngettext("every %(count)d hour", "every %(count)d hours", n)),
        (60, _("every minute"), lambda n: ngettext("every %(count)d minute", "every %(count)d minutes", n)),
        (1, _("every second"), lambda n: ngettext("every %(count)d second", "every %(count)d seconds", n)),
    ):
        if seconds % unit == 0:
            count = seconds // unit
            return one if count == 1 else many(count) % {"count": count}
    return str(seconds)


def _number(text):
    return text.isdigit()


def _describe_crontab(entry):
    minute, hour = str(entry._orig_minute), str(entry._orig_hour)
    dom, month, dow = str(entry._orig_day_of_month), str(entry._orig_month_of_year), str(entry._orig_day_of_week)
    text = None
    if _number(minute) and _number(hour):
        text = _("every day at %(time)s") % {"time": f"{int(hour):02d}:{int(minute):02d}"}
    elif _number(minute) and hour == "*":
        text = _("every hour at %(minute)s minutes past") % {"minute": f"{int(minute):02d}"}
    elif _number(minute) and "-" in hour and all(_number(part) for part in hour.split("-", 1)):
        first, last = hour.split("-", 1)
        text = _("every hour from %(first)s to %(last)s") % {
            "first": f"{int(first):02d}:{int(minute):02d}",
            "last": f"{int(last):02d}:{int(minute):02d}",
        }
    if text is None or (dom, month, dow) != ("*", "*", "*"):
        return _("by the timetable “%(cron)s” (minute hour day month weekday)") % {
            "cron": f"{minute} {hour} {dom} {month} {dow}"
        }
    return text


def describe_schedule(schedule):
    """A beat schedule in plain words, in the project's time zone."""
    if isinstance(schedule, int | float):
        return _every(schedule)
    if isinstance(schedule, datetime.timedelta):
        return _every(schedule.total_seconds())
    if isinstance(schedule, crontab):
        return _("%(when)s (%(zone)s time)") % {
            "when": _describe_crontab(schedule),
            "zone": getattr(settings, "CELERY_TIMEZONE", settings.TIME_ZONE),
        }
    run_every = getattr(schedule, "run_every", None)
    if isinstance(run_every, datetime.timedelta):
        return _every(run_every.total_seconds())
    return str(schedule)


def _task(name):
    current_app.loader.import_default_modules()
    return current_app.tasks.get(name)


def _schedule_rows():
    rows = []
    for key, entry in getattr(settings, "CELERY_BEAT_SCHEDULE", {}).items():
        task = _task(entry["task"])
        rows.append(
            {
                "key": key,
                "task_name": entry["task"],
                "title": str(getattr(task, "title", "") or key),
                "schedule": describe_schedule(entry["schedule"]),
                "registered": task is not None,
                "manual": bool(task is not None and getattr(task, "manual_trigger", False)),
                "runs": list(
                    JobRun.objects.filter(task_name=entry["task"]).select_related("triggered_by")[:RUNS_SHOWN]
                ),
            }
        )
    return rows


@admin_required
def jobs(request):
    week_ago = timezone.now() - datetime.timedelta(days=7)
    outbox = dict(
        Notification.objects.filter(status__in=[Notification.Status.PENDING, Notification.Status.SENDING])
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    failed = Notification.objects.filter(status=Notification.Status.FAILED, created_at__gte=week_ago).count()
    return render(
        request,
        "notifications/jobs.html",
        {
            "rows": _schedule_rows(),
            "pending": outbox.get(Notification.Status.PENDING, 0),
            "sending": outbox.get(Notification.Status.SENDING, 0),
            "failed": failed,
            "eager": current_app.conf.task_always_eager,
        },
    )


@admin_required
def job_run(request):
    """POST: run one scheduled job now (queued for a worker; at once when eager)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    entry = getattr(settings, "CELERY_BEAT_SCHEDULE", {}).get(request.POST.get("job", ""))
    if entry is None:
        raise Http404("No such job.")
    task = _task(entry["task"])
    if task is None or not getattr(task, "manual_trigger", False):
        messages.error(request, _("This job cannot be started by hand."))
        return redirect("notifications:jobs")
    run = services.job_start_by_hand(task=task, user=request.user)
    record_event(
        actor=request.user,
        event_type="job_started_by_hand",
        target=run,
        request=request,
        details={"task": task.name, "job": request.POST["job"]},
    )
    run.refresh_from_db()  # eagerly, the job has run by now
    if run.status == JobRun.Status.SUCCEEDED:
        messages.success(request, _("The job has run."))
    elif run.status == JobRun.Status.FAILED:
        messages.error(request, _("The job failed: %(error)s") % {"error": run.error})
    else:
        messages.success(request, _("The job is queued; a worker runs it in a moment. Reload to see the result."))
    return redirect("notifications:jobs")


@admin_required
def failed(request):
    """Emails that finally failed, newest first, each with its reason and "Send again"."""
    rows = Notification.objects.filter(status=Notification.Status.FAILED).order_by("-claimed_at", "-pk")
    page = paginate(
        request,
        rows.only(
            "public_id",
            "kind",
            "recipient_email",
            "subject",
            "attempts",
            "last_error",
            "claimed_at",
            "created_at",
            "digest",
        ),
    )
    return render(
        request,
        "notifications/failed.html",
        {"page": page, "trouble": services.delivery_trouble(), "threshold": settings.EMAIL_ALERT_THRESHOLD},
    )


@admin_required
def resend(request, public_id):
    """POST: put one failed email back in the queue; audited."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    # The outbox belongs to the installation, not to one buyer: its administrators see all of it.
    notification = get_object_or_404(Notification, public_id=public_id)  # nosemgrep: oslo-unscoped-lookup-in-view
    if services.notification_resend(notification=notification):
        record_event(
            actor=request.user,
            event_type="email_sent_again",
            target=notification,
            request=request,
            details={"kind": notification.kind, "recipient": notification.recipient_email},
        )
        messages.success(
            request,
            _("The email to %(email)s is queued again and will be sent in a moment.")
            % {"email": notification.recipient_email},
        )
    else:
        messages.info(request, _("This email is no longer failed; nothing was changed."))
    return redirect("notifications:failed")
