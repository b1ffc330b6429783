"""Writes of the reports: ask for a PDF and render it, manage the leadership's
subscriptions and recipients, and the scheduled job's steps (find what is due, prepare a
period's deliveries, send one delivery, resend).

Every step is safe to run twice. A rendering is claimed by moving its status from
pending to running in one UPDATE; a delivery by moving it from pending to sending; the
worker that changed the row does the work, any other does nothing. Deliveries are
created with ``ignore_conflicts`` on their unique key (subscription, period, recipient),
so a job that runs twice sends once. Tasks are queued with ``transaction.on_commit``.
"""

import datetime
import logging
import smtplib
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from oslo_procurement import queue
from oslo_procurement.audit.services import record_event
from oslo_procurement.core import save_record
from oslo_procurement.notifications.models import Notification
from oslo_procurement.notifications.services import content_type_id, notification_cancel, notification_deliver

from ..models import ReportDelivery, ReportingRound, ReportKind, ReportRecipient, ReportRun, ReportSubscription
from . import charts, emails, figures, pdf, selectors
from .selectors import period_label

logger = logging.getLogger(__name__)

# A rendering left "running" longer than this (its worker died) may be claimed again.
STALE_RUN = datetime.timedelta(minutes=10)
# A delivery left "sending" longer than this (its worker died) is queued again.
STALE_SENDING = datetime.timedelta(minutes=30)
# A round counts for "after each round" subscriptions this long after its deadline.
ROUND_WINDOW_DAYS = 45

TEMPLATES = {
    ReportKind.SUPPLIER: "followup/reports/pdf/supplier.html",
    ReportKind.AGREEMENT: "followup/reports/pdf/leadership.html",
    ReportKind.BUYER: "followup/reports/pdf/leadership.html",
}


# --- Rendering ---------------------------------------------------------------------------------


def filters_from_options(*, buyer, agreement=None, options=None):
    """The dashboard filters a rendering was asked for with (lot and period in ``options``),
    resolved within the buyer; anything that no longer matches is dropped."""
    from contracts.models import Lot

    options = options or {}
    lot = None
    if options.get("lot"):
        lot = Lot.objects.filter(public_id=options["lot"], agreement__buyer=buyer).select_related("agreement").first()
        if lot is not None and agreement is not None and lot.agreement_id != agreement.pk:
            lot = None

    def day(name):
        try:
            return datetime.date.fromisoformat(options[name]) if options.get(name) else None
        except (TypeError, ValueError):
            return None

    return figures.Filters(agreement=agreement, lot=lot, date_from=day("date_from"), date_to=day("date_to"))


def summary_numbers(dashboard):
    """The top figures as plain numbers (JSON), for the email's short summary."""
    timeliness = dashboard["assessment_timeliness"].counts()
    actions = dashboard["actions"].counts()
    risk = dashboard["risk"].counts()
    findings = dashboard["findings"].counts()
    rate = figures.submission_rate(timeliness)
    return {
        # The rate itself is worded by figures.SubmissionRate from these two numbers.
        "submitted": rate.submitted,
        "invited": rate.invited,
        "late": timeliness["late"],
        "overdue": timeliness["overdue"],
        "open_findings": sum(n for key, n in findings.items() if key.endswith(":all")),
        "critical_findings": sum(n for key, n in findings.items() if key.endswith(":4")),
        "actions_open": actions["open"],
        "actions_overdue": actions["overdue"],
        "actions_closed": actions["closed"],
        "high_risk": risk.get("very_high", 0) + risk.get("high", 0),
        "sanctioned": sum(dashboard["sanctions"].counts().values()),
    }


def leadership_context(*, buyer, filters, today=None):
    today = today or timezone.localdate()
    dashboard = figures.dashboard_figures(buyer, filters, today=today)
    context = {
        "buyer": buyer,
        "filters": filters,
        "agreement": filters.agreement,
        "dashboard": dashboard,
        "charts": {slug: charts.render(figure, chart_id=f"pdf-{slug}") for slug, figure in dashboard.items()},
        "summary": summary_numbers(dashboard),
        "submission_rate": figures.submission_rate(dashboard["assessment_timeliness"].counts()),
        "main_risks": selectors.main_risks(buyer, filters, today=today),
        "glance": selectors.suppliers_at_a_glance(buyer, filters, today=today),
    }
    context["severe_findings"], context["severe_total"] = selectors.severe_open_findings(buyer, filters)
    return context


def supplier_summary(data):
    return {
        "risk_level": data["risk"].residual_level if data["risk"] else "",
        "open_findings": sum(1 for f in data["findings"] if f.status != "closed"),
        "open_actions": sum(1 for a in data["actions"] if a.status != "verified_closed"),
        "overdue_actions": sum(1 for a in data["actions"] if a.overdue),
    }


def report_pdf(*, buyer, kind, language, supplier=None, agreement=None, filters=None, today=None, period_key=""):
    """Render one report; returns ``(pdf bytes, page count, summary numbers)``. A
    scheduled report names its period (``period_key``) on the cover."""
    today = today or timezone.localdate()
    with translation.override(language):
        period = period_label(period_key) if period_key else ""
        if kind == ReportKind.SUPPLIER:
            data = selectors.supplier_report(buyer=buyer, supplier=supplier, today=today)
            context = {"buyer": buyer, **data}
            summary = supplier_summary(data)
        else:
            filters = filters or figures.Filters(agreement=agreement)
            context = leadership_context(buyer=buyer, filters=filters, today=today)
            summary = context["summary"]
        context.update({"kind": kind, "generated_at": timezone.now(), "language": language, "period": period})
        content, pages = pdf.render_pdf(TEMPLATES[kind], context)
    return content, pages, summary


def report_request(
    *, buyer, kind, language, actor, supplier=None, agreement=None, filters=None, period_key=""
) -> ReportRun:
    """Ask for a PDF: a pending ReportRun, rendered by a Celery task after commit (at once
    when Celery runs eagerly)."""
    options = filters.as_options() if filters is not None else {}
    with transaction.atomic():
        run = ReportRun(
            buyer=buyer,
            kind=kind,
            supplier=supplier if kind == ReportKind.SUPPLIER else None,
            agreement=agreement if kind == ReportKind.AGREEMENT else None,
            options=options,
            language=language,
            requested_by=actor,
            period_key=period_key,
        )
        run.full_clean()
        run.save()
        record_event(
            actor=actor, event_type="report_requested", target=run, details={"kind": kind, "period": period_key}
        )
        transaction.on_commit(lambda: _enqueue("followup.reports.tasks.render_report_run", run.pk))
    return run


def _enqueue(task_name, *args):
    """Queue a task after the commit. A broker (Redis) that is down is logged, never
    raised: the change is committed, the row waits as pending, and the catch-up job
    (``reports_catch_up``, every minute) takes it once the broker is back."""
    queue.enqueue(task_name, *args, log=logger, later="the catch-up job will take it")


CATCH_UP_AFTER = datetime.timedelta(minutes=1)  # fresh rows are left to their own task
CATCH_UP_BATCH = 5
CATCH_UP_MAX_ATTEMPTS = 6


def reports_catch_up(*, now=None, min_age=CATCH_UP_AFTER) -> dict:
    """Every minute: render the PDFs and send the report emails whose task never came
    (the broker was down when they were asked for, or a resend was queued then), and
    renderings whose worker died. Each step claims its row, so running this beside the
    normal tasks (or twice) does everything once."""
    now = now or timezone.now()
    counts = {"rendered": 0, "sent": 0}
    waiting = (
        ReportRun.objects.filter(
            Q(status=ReportRun.Status.PENDING, created_at__lt=now - min_age)
            | Q(status=ReportRun.Status.RUNNING, started_at__lt=now - STALE_RUN)
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:CATCH_UP_BATCH]
    )
    for run_id in list(waiting):
        run = report_render(run_id=run_id)
        if run is not None and run.status == ReportRun.Status.DONE:
            counts["rendered"] += 1
    deliveries = (
        ReportDelivery.objects.filter(
            status=ReportDelivery.Status.PENDING,
            run__status=ReportRun.Status.DONE,
            updated_at__lt=now - min_age,
            attempts__lt=CATCH_UP_MAX_ATTEMPTS,
        )
        .order_by("updated_at")
        .values_list("pk", "attempts")[: CATCH_UP_BATCH * 4]
    )
    for delivery_id, attempts in list(deliveries):
        try:
            outcome = delivery_send(delivery_id=delivery_id, final_attempt=attempts + 1 >= CATCH_UP_MAX_ATTEMPTS)
        except (smtplib.SMTPException, ConnectionError, TimeoutError):
            continue  # back to pending with its error; the next run tries again
        if outcome == "sent":
            counts["sent"] += 1
    return counts


def report_render(*, run_id) -> ReportRun | None:
    """Render a pending run and store its PDF. Returns the run, or None when another
    worker has it (or it is finished)."""
    now = timezone.now()
    claimable = Q(status=ReportRun.Status.PENDING) | Q(status=ReportRun.Status.RUNNING, started_at__lt=now - STALE_RUN)
    # A scheduled rendering that failed is tried again by the next job.
    claimable |= Q(status=ReportRun.Status.FAILED, subscription__isnull=False)
    claimed = ReportRun.objects.filter(claimable, pk=run_id).update(
        status=ReportRun.Status.RUNNING, started_at=now, error="", updated_at=now
    )
    if claimed != 1:
        return None
    run = ReportRun.objects.select_related("buyer", "supplier", "agreement").get(pk=run_id)
    try:
        filters = filters_from_options(buyer=run.buyer, agreement=run.agreement, options=run.options)
        content, pages, summary = report_pdf(
            buyer=run.buyer,
            kind=run.kind,
            language=run.language,
            supplier=run.supplier,
            agreement=run.agreement,
            filters=filters,
            period_key=run.period_key,
        )
        path = default_storage.save(f"private/reports/{uuid.uuid4().hex}.pdf", ContentFile(content))
    except Exception as exc:  # noqa: BLE001  (any failure is recorded on the run, shown to the user)
        logger.exception("Rendering report %s failed", run.public_id)
        ReportRun.objects.filter(pk=run.pk, status=ReportRun.Status.RUNNING).update(
            status=ReportRun.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now()
        )
        run.refresh_from_db()
        return run
    ReportRun.objects.filter(pk=run.pk, status=ReportRun.Status.RUNNING).update(
        status=ReportRun.Status.DONE,
        file_path=path,
        size=len(content),
        pages=pages,
        summary=summary,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    run.refresh_from_db()
    return run


# --- Subscriptions and recipients ----------------------------------------------------------------


def subscription_save(*, subscription: ReportSubscription, actor) -> ReportSubscription:
    if subscription.kind != ReportKind.SUPPLIER:
        subscription.supplier = None
    if subscription.kind != ReportKind.AGREEMENT:
        subscription.agreement = None
    if subscription.agreement_id and subscription.agreement.buyer_id != subscription.buyer_id:
        raise ValidationError({"agreement": _("Choose one of your own agreements.")})
    if subscription.kind == ReportKind.SUPPLIER and not subscription.supplier_id:
        raise ValidationError({"supplier": _("Choose the supplier the report is about.")})
    if subscription.kind == ReportKind.AGREEMENT and not subscription.agreement_id:
        raise ValidationError({"agreement": _("Choose the agreement the report is about.")})
    created = subscription.pk is None
    if created:
        subscription.created_by = actor
    with transaction.atomic():
        save_record(subscription, actor=actor)
        record_event(
            actor=actor,
            event_type="report_subscription_created" if created else "report_subscription_changed",
            target=subscription,
        )
    return subscription


def recipient_add(*, subscription: ReportSubscription, name: str, email: str, language: str, actor) -> ReportRecipient:
    email = (email or "").strip().lower()
    if subscription.recipients.filter(email=email).exists():
        raise ValidationError({"email": _("This person already gets this report.")})
    recipient = ReportRecipient(subscription=subscription, name=name.strip(), email=email, language=language or "")
    with transaction.atomic():
        save_record(recipient, actor=actor)
        record_event(actor=actor, event_type="report_recipient_added", target=subscription, details={"email": email})
    return recipient


def recipient_remove(*, recipient: ReportRecipient, actor) -> None:
    """Take a person off the list. Their past deliveries stay in the log."""
    with transaction.atomic():
        recipient._history_user = actor
        record_event(
            actor=actor,
            event_type="report_recipient_removed",
            target=recipient.subscription,
            details={"email": recipient.email},
        )
        recipient.delete()


# --- The scheduled job -----------------------------------------------------------------------------


def _quarter_key(day):
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def previous_month_key(today):
    """The last complete month: a report sent on 3 March covers February ("2027-02")."""
    return f"{today.replace(day=1) - datetime.timedelta(days=1):%Y-%m}"


def previous_quarter_key(today):
    """The last complete quarter: a report sent on 3 April covers January–March ("2027-Q1")."""
    first_of_quarter = today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1)
    return _quarter_key(first_of_quarter - datetime.timedelta(days=1))


def period_bounds(period_key):
    """``(first day, last day)`` of a month ("2027-02") or quarter ("2027-Q1") key; None
    for a round's key or anything else."""
    try:
        if "-Q" in period_key:
            year, quarter = (int(part) for part in period_key.split("-Q"))
            if not 1 <= quarter <= 4:
                return None
            start = datetime.date(year, 3 * (quarter - 1) + 1, 1)
            months = 3
        else:
            start = datetime.date.fromisoformat(f"{period_key}-01")
            months = 1
    except ValueError:
        return None
    after = datetime.date(start.year + (start.month + months - 1) // 12, (start.month + months - 1) % 12 + 1, 1)
    return start, after - datetime.timedelta(days=1)


def period_options(period_key):
    """The dashboard filters of a period's report: its first and last day."""
    bounds = period_bounds(period_key)
    if bounds is None:
        return {}
    return {"date_from": bounds[0].isoformat(), "date_to": bounds[1].isoformat()}


def next_period_key(subscription, *, today=None):
    """The period the schedule sends for now (the previous complete month or quarter, or
    the latest round that ended in the last 45 days); None when there is none yet."""
    today = today or timezone.localdate()
    if subscription.schedule == ReportSubscription.Schedule.MONTHLY:
        return previous_month_key(today)
    if subscription.schedule == ReportSubscription.Schedule.QUARTERLY:
        return previous_quarter_key(today)
    recent = _rounds_for(subscription).filter(
        Q(deadline__lt=today) | Q(status=ReportingRound.Status.CLOSED),
        deadline__gte=today - datetime.timedelta(days=ROUND_WINDOW_DAYS),
    )
    public_id = recent.distinct().order_by("-deadline").values_list("public_id", flat=True).first()
    return f"round:{public_id}" if public_id else None


def subscription_preview(*, subscription, actor, today=None) -> ReportRun | None:
    """Render the PDF the subscription sends next (its period, its language) for the
    officer to read, through the same rendering as every PDF. None when no period is due."""
    period_key = next_period_key(subscription, today=today)
    if period_key is None:
        return None
    filters = filters_from_options(
        buyer=subscription.buyer, agreement=subscription.agreement, options=period_options(period_key)
    )
    return report_request(
        buyer=subscription.buyer,
        kind=subscription.kind,
        language=subscription.language,
        actor=actor,
        supplier=subscription.supplier,
        agreement=subscription.agreement,
        filters=filters,
        period_key=period_key,
    )


def subscription_send_now(*, subscription, actor, today=None) -> tuple[str | None, int]:
    """Send the next report now, through the scheduled job's own steps (its deliveries,
    its log). Each recipient gets a period's report once: a second click, or the job
    the next morning, finds the deliveries made and sends nothing again. Returns
    ``(period key, how many recipients are still waiting for it)``."""
    period_key = next_period_key(subscription, today=today)
    if period_key is None or not subscription.active:
        return period_key, 0
    done = set(
        ReportDelivery.objects.filter(subscription=subscription, period_key=period_key)
        .exclude(status=ReportDelivery.Status.PENDING)
        .values_list("recipient_email", flat=True)
    )
    waiting = [r for r in subscription.recipients.all() if r.email not in done]
    if not waiting:
        return period_key, 0
    with transaction.atomic():
        record_event(
            actor=actor,
            event_type="report_sent_now",
            target=subscription,
            details={"period": period_key, "recipients": len(waiting)},
        )
        transaction.on_commit(
            lambda: _enqueue("followup.reports.tasks.prepare_report_period", subscription.pk, period_key)
        )
    return period_key, len(waiting)


def _rounds_for(subscription):
    rounds = ReportingRound.objects.active().filter(agreement__buyer=subscription.buyer_id)
    if subscription.kind == ReportKind.AGREEMENT:
        rounds = rounds.filter(agreement=subscription.agreement_id)
    elif subscription.kind == ReportKind.SUPPLIER:
        rounds = rounds.filter(assessments__supplier=subscription.supplier_id)
    return rounds


def due_periods(*, today=None):
    """``[(subscription id, period key)]`` of every active subscription with recipients:
    the previous complete month (on 3 March: "2027-02"), the previous complete quarter
    (on 3 April: "2027-Q1"), or each reporting round whose
    deadline has passed (or that was closed) in the last 45 days ("round:<uuid>"); and
    every earlier period with a delivery still waiting. Preparing a period again is cheap
    and changes nothing already done. Three queries plus one per after-round subscription."""
    today = today or timezone.localdate()
    # A send whose worker died stays "sending"; after the task's hard time limit many times
    # over it cannot still be running: queue it again (its email in the outbox says whether
    # it went out, so it is never sent twice).
    ReportDelivery.objects.filter(
        status=ReportDelivery.Status.SENDING, updated_at__lt=timezone.now() - STALE_SENDING
    ).update(status=ReportDelivery.Status.PENDING, error=_("Sending was interrupted; queued again."))
    # Deliveries still waiting from an earlier period (Redis was down, SMTP failed under
    # eager Celery) are prepared again too, so none is forgotten when the month turns.
    due = list(
        ReportDelivery.objects.filter(status=ReportDelivery.Status.PENDING, subscription__active=True)
        .order_by("subscription_id", "period_key")
        .values_list("subscription_id", "period_key")
        .distinct()
    )
    subscriptions = ReportSubscription.objects.filter(active=True, recipients__isnull=False).distinct()
    for subscription in subscriptions.order_by("pk"):
        if subscription.schedule == ReportSubscription.Schedule.MONTHLY:
            due.append((subscription.pk, previous_month_key(today)))
        elif subscription.schedule == ReportSubscription.Schedule.QUARTERLY:
            due.append((subscription.pk, previous_quarter_key(today)))
        else:
            recent = _rounds_for(subscription).filter(
                Q(deadline__lt=today) | Q(status=ReportingRound.Status.CLOSED),
                deadline__gte=today - datetime.timedelta(days=ROUND_WINDOW_DAYS),
            )
            for public_id in recent.distinct().order_by("deadline").values_list("public_id", flat=True):
                due.append((subscription.pk, f"round:{public_id}"))
    return list(dict.fromkeys(due))


def subscription_prepare(*, subscription_id, period_key) -> list[int]:
    """Create the period's renderings (once per language: each recipient gets the PDF in
    the language of their email) and one delivery per recipient (once each), render the
    PDFs not rendered yet, and return the ids of the deliveries waiting to be sent whose
    PDF is ready."""
    subscription = (
        ReportSubscription.objects.select_related("buyer", "agreement", "supplier")
        .filter(pk=subscription_id, active=True)
        .first()
    )
    if subscription is None:
        return []
    recipients = list(subscription.recipients.all())
    ReportDelivery.objects.bulk_create(
        [
            ReportDelivery(
                subscription=subscription,
                period_key=period_key,
                recipient_name=recipient.name,
                recipient_email=recipient.email,
                language=recipient.email_language,
            )
            for recipient in recipients
        ],
        ignore_conflicts=True,
    )
    deliveries = ReportDelivery.objects.filter(subscription=subscription, period_key=period_key)
    languages = set(deliveries.values_list("language", flat=True)) or {subscription.language}
    ready = []
    for language in sorted(languages):
        run = _period_run(subscription, period_key, language)
        if run.status != ReportRun.Status.DONE:
            report_render(run_id=run.pk)
            run.refresh_from_db()
        deliveries.filter(language=language, run__isnull=True).update(run=run)
        if run.status == ReportRun.Status.DONE:
            ready.append(language)
    pending = deliveries.filter(status=ReportDelivery.Status.PENDING, language__in=ready)
    return list(pending.values_list("pk", flat=True))


def _period_run(subscription, period_key, language):
    """The period's rendering in ``language``, created once (a parallel job may win)."""
    try:
        run, _created = ReportRun.objects.get_or_create(
            subscription=subscription,
            period_key=period_key,
            language=language,
            defaults={
                "buyer": subscription.buyer,
                "kind": subscription.kind,
                "supplier": subscription.supplier,
                "agreement": subscription.agreement,
                # A month's or quarter's report covers that period, as the dashboard filtered to it.
                "options": period_options(period_key),
            },
        )
    except IntegrityError:  # a parallel job created it first
        run = ReportRun.objects.get(subscription=subscription, period_key=period_key, language=language)
    return run


class DeliveryFailed(Exception):
    pass


def _finish(delivery_id, status, *, error=""):
    values = {"status": status, "error": error[:2000], "updated_at": timezone.now()}
    if status == ReportDelivery.Status.SENT:
        values["sent_at"] = timezone.now()
    ReportDelivery.objects.filter(pk=delivery_id, status=ReportDelivery.Status.SENDING).update(**values)


def _delivery_email(delivery, run):
    """The delivery's email in the outbox: the latest written for it (a resend writes a
    new one), or a new one now."""
    latest = (
        Notification.objects.filter(item_type_id=content_type_id(ReportDelivery), item_id=delivery.pk)
        .order_by("-pk")
        .first()
    )
    return latest or emails.report_email(delivery=delivery, run=run)


def delivery_send(*, delivery_id, final_attempt=False) -> str:
    """Deliver one delivery's email through the outbox, if this worker claims the delivery:
    the email (the PDF attached) is written into the outbox once, and this worker delivers
    it with the outbox's claim, Message-ID and at-most-once rules. An email the outbox has
    sent already (its drain, or a worker that died after sending) is never sent again.
    Returns "sent", "failed", "skipped", or "retry": a transient failure, the delivery is
    pending again and the task retries with backoff (the outbox's drain too, after its own
    backoff; whichever comes first sends it, once). The final attempt records the failure
    and withdraws the email from the outbox instead."""
    claimed = ReportDelivery.objects.filter(pk=delivery_id, status=ReportDelivery.Status.PENDING).update(
        status=ReportDelivery.Status.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    if claimed != 1:
        return "skipped"
    delivery = ReportDelivery.objects.select_related(
        "subscription__buyer", "subscription__agreement", "subscription__supplier", "run"
    ).get(pk=delivery_id)
    run = delivery.run
    if run is None or run.status != ReportRun.Status.DONE:
        ReportDelivery.objects.filter(pk=delivery_id, status=ReportDelivery.Status.SENDING).update(
            status=ReportDelivery.Status.PENDING, error=_("The report is not rendered yet.")
        )
        return "skipped"
    email = _delivery_email(delivery, run)
    if email.status == Notification.Status.PENDING:
        notification_deliver(notification_id=email.pk, now_if_waiting=True)
        email.refresh_from_db(fields=["status", "last_error"])
    if email.status == Notification.Status.SENT:
        _finish(delivery_id, ReportDelivery.Status.SENT)
        return "sent"
    if email.status in (Notification.Status.FAILED, Notification.Status.CANCELLED):
        _finish(delivery_id, ReportDelivery.Status.FAILED, error=email.last_error)
        logger.warning("Report delivery %s failed: %s", delivery.public_id, email.last_error)
        return "failed"
    # Pending again after a transient failure, or being sent right now by the outbox's drain.
    if final_attempt and notification_cancel(notification=email):
        _finish(delivery_id, ReportDelivery.Status.FAILED, error=email.last_error)
        logger.warning("Report delivery %s failed: %s", delivery.public_id, email.last_error)
        return "failed"
    ReportDelivery.objects.filter(pk=delivery_id, status=ReportDelivery.Status.SENDING).update(
        status=ReportDelivery.Status.PENDING, error=email.last_error[:2000]
    )
    return "retry"


def delivery_resend(*, delivery: ReportDelivery, actor) -> bool:
    """Put a sent or failed delivery (or one stuck in sending) back in the queue and send
    it again. False when it is already waiting."""
    stuck = timezone.now() - STALE_RUN
    with transaction.atomic():
        changed = (
            ReportDelivery.objects.filter(pk=delivery.pk)
            .filter(
                Q(status__in=[ReportDelivery.Status.SENT, ReportDelivery.Status.FAILED])
                | Q(status=ReportDelivery.Status.SENDING, updated_at__lt=stuck)
            )
            .update(status=ReportDelivery.Status.PENDING, error="", updated_at=timezone.now())
        )
        if changed != 1:
            return False
        if delivery.run_id and delivery.run.status == ReportRun.Status.DONE:
            # A new email in the outbox, in the transaction of the officer's click.
            emails.report_email(delivery=delivery, run=delivery.run)
        record_event(
            actor=actor,
            event_type="report_delivery_resent",
            target=delivery.subscription,
            details={"email": delivery.recipient_email, "period": delivery.period_key},
        )
        transaction.on_commit(lambda: _enqueue("followup.reports.tasks.send_report_delivery", delivery.pk))
    delivery.refresh_from_db()
    return True
