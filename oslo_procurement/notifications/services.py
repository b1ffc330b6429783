"""The notification outbox: write a notification in the business transaction, deliver it
after the commit, never lose it and never send it twice if it can be helped.

How an email travels
--------------------
1. ``message_queue`` (every ``send_templated`` call) or ``notifications_create_bulk``
   (the reminder sweep) renders the email in the recipient's language and inserts a
   ``Notification`` row, status ``pending``, in the caller's transaction. A rolled-back
   change leaves no email behind.
2. After the commit, ``enqueue_delivery`` queues ``deliver_notification``. If the broker
   (Redis) is down, that is logged, not raised: the change is already committed and the
   row waits in the outbox.
3. ``notification_deliver`` claims the row with one conditional UPDATE
   (``status='pending'`` → ``'sending'``, a fresh claim token, attempts + 1) and sends only
   if that UPDATE changed exactly one row. A second task for the same row (a duplicate
   message, a redelivery after a lost worker, the drain) finds it no longer pending and
   does nothing.
4. ``outbox_drain`` (every minute) sends what is still pending a few seconds after it was
   written (the broker was down, a sweep created it, a retry is due) in small batches
   claimed with ``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL, so several drains
   never take the same rows. It also rescues stale claims (below).

Retries: a transient error (the SMTP server is away, times out, answers 4xx) puts the row
back to ``pending`` with ``next_attempt_at`` after an exponential backoff, and the task
retries itself then (the drain is the safety net). A permanent refusal (recipient refused,
a 5xx reply) marks it ``failed`` with the error, never retried. After ``MAX_ATTEMPTS`` a
transient error also ends in ``failed``; an administrator can send it again.

At-least-once, not exactly-once: the honest part
------------------------------------------------
The SMTP conversation and the database UPDATE that records "sent" cannot be one atomic
step. A worker that dies after the SMTP server accepted the message but before the row was
marked ``sent`` leaves it in ``sending``; after ``STALE_CLAIM`` the drain puts it back to
``pending`` and it is sent a second time. The alternative (mark sent before sending) loses
emails instead, which is worse for compliance reminders. The window is kept as small as
it can be: the row is claimed immediately before the send and marked immediately after,
nothing else happens in between, and the stale threshold is far above the task's hard
time limit, so a slow send is never mistaken for a dead one. A worker killed *before* the
server accepted the message (the common case: it was waiting on the network) causes no
duplicate: the message is resent once. Every email carries a Message-ID made from the
notification's public id, so a duplicate from that window carries the same Message-ID and
many mail systems drop it. The finishing UPDATE checks the claim token, so a worker that
lost its claim never overwrites the outcome of the one that took over.
"""

import datetime
import logging
import mimetypes
import smtplib
import time
import uuid
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection as db_connection
from django.db import models, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import JobRun, Notification

logger = logging.getLogger(__name__)

Status = Notification.Status
Kind = Notification.Kind

MAX_ATTEMPTS = 6  # the first try and five retries
RETRY_BASE_SECONDS = 30  # 30 s, 1, 2, 4, 8 minutes...
RETRY_MAX_SECONDS = 30 * 60
STALE_CLAIM = datetime.timedelta(minutes=10)  # far above deliver_notification's 90 s hard limit
DRAIN_MIN_AGE = datetime.timedelta(seconds=5)  # fresh rows are left to their own on-commit task
DRAIN_BATCH = 20
DRAIN_TIME_BUDGET = 40  # seconds, under drain_outbox's soft time limit
EXISTING_CHUNK = 900  # ids per "already created?" query (SQLite's parameter limit)


# --- Rendering -----------------------------------------------------------------------------


def render_email(template, language, context):
    """``<template>_subject.txt``, ``.txt`` and ``.html`` rendered in ``language``."""
    with translation.override(language):
        return _render(template, context)


def _render(template, context):
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    return subject, text, html


def _ref(obj):
    """(content type id, pk) of a model instance, or (None, None)."""
    if isinstance(obj, models.Model) and obj.pk is not None:
        return ContentType.objects.get_for_model(obj).pk, obj.pk
    return None, None


def content_type_id(model):
    return ContentType.objects.get_for_model(model).pk


# --- Writing notifications -----------------------------------------------------------------


def message_queue(
    *,
    template,
    to,
    language,
    context,
    recipient=None,
    about=None,
    owner=None,
    item=None,
    attachment_name="",
    attachment_path="",
):
    """Render one email and put it in the outbox in the caller's transaction; it is
    delivered after the commit. Plain messages are never deduplicated (a fresh key), and
    their bodies are dropped once sent (see ``_finish``).

    With ``attachment_name`` the email needs a file that does not exist yet (a letter's
    PDF being rendered): it is written ``held`` about ``item`` and waits until
    ``notifications_release(item=..., attachment_path=...)`` gives it the file. With an
    ``attachment_path`` as well, the file exists already (a calendar invite) and the email
    is sent with it at once."""
    held = bool(attachment_name) and not attachment_path
    subject, text, html = render_email(template, language, context)
    about_type, about_id = _ref(about)
    owner_type, owner_id = _ref(owner)
    item_type, item_id = _ref(item)
    notification = Notification.objects.create(
        recipient=recipient,
        recipient_email=to.strip(),
        language=language,
        kind=Kind.MESSAGE,
        template=template,
        item_type_id=item_type,
        item_id=item_id,
        item_label=subject[:300],
        due_step=uuid.uuid4().hex,
        about_type_id=about_type,
        about_id=about_id,
        owner_type_id=owner_type,
        owner_id=owner_id,
        subject=subject,
        body_text=text,
        body_html=html,
        attachment_name=attachment_name,
        attachment_path=attachment_path,
        status=Status.HELD if held else Status.PENDING,
    )
    if not held:
        transaction.on_commit(lambda: enqueue_delivery(notification.pk))
    return notification


def notifications_release(*, item, attachment_path):
    """The file the held emails about ``item`` waited for exists: attach it and send them.
    Safe to run twice (only held rows move). Returns how many were released."""
    item_type, item_id = _ref(item)
    held = Notification.objects.filter(item_type_id=item_type, item_id=item_id, status=Status.HELD)
    ids = list(held.values_list("pk", flat=True))
    released = held.filter(pk__in=ids).update(status=Status.PENDING, attachment_path=attachment_path)
    for pk in ids:
        transaction.on_commit(lambda pk=pk: enqueue_delivery(pk))
    return released


@dataclass
class Draft:
    """A notification a reminder rule wants to exist. Rendered and inserted only when no
    notification with the same key exists yet."""

    recipient_id: int | None
    recipient_email: str
    language: str
    kind: str
    template: str
    item_type_id: int
    item_id: int
    item_label: str
    item_url: str
    due_step: str
    context: dict = field(default_factory=dict)
    digest: bool = False
    about_type_id: int | None = None
    about_id: int | None = None
    owner_type_id: int | None = None
    owner_id: int | None = None

    @property
    def key(self):
        return (self.recipient_email, self.kind, self.item_type_id, self.item_id, self.due_step)


def _existing_keys(drafts):
    """The keys among ``drafts`` that already have a notification: one query per kind and
    item type (and per EXISTING_CHUNK item ids), never one per draft."""
    wanted = defaultdict(set)
    for draft in drafts:
        wanted[(draft.kind, draft.item_type_id)].add(draft.item_id)
    existing = set()
    for (kind, item_type_id), ids in wanted.items():
        ids = sorted(ids)
        for start in range(0, len(ids), EXISTING_CHUNK):
            rows = Notification.objects.filter(
                kind=kind, item_type_id=item_type_id, item_id__in=ids[start : start + EXISTING_CHUNK]
            ).values_list("recipient_email", "item_id", "due_step")
            existing.update((email, kind, item_type_id, item_id, step) for email, item_id, step in rows)
    return existing


def notifications_create_bulk(drafts, *, dry_run=False):
    """Insert the drafts that are not yet notifications, rendered in each recipient's
    language, with ``bulk_create(ignore_conflicts=True)`` on the unique key (a concurrent
    sweep can only lose the race, never double a row). Returns the new drafts; with
    ``dry_run`` nothing is rendered or written."""
    existing = _existing_keys(drafts)
    new, seen = [], set()
    for draft in drafts:
        if draft.key in existing or draft.key in seen:
            continue
        seen.add(draft.key)
        new.append(draft)
    if dry_run or not new:
        return new
    rows = []
    by_language = defaultdict(list)
    for draft in new:
        by_language[draft.language].append(draft)
    for language, group in by_language.items():
        with translation.override(language):
            for draft in group:
                subject, text, html = _render(draft.template, draft.context)
                rows.append(
                    Notification(
                        recipient_id=draft.recipient_id,
                        recipient_email=draft.recipient_email,
                        language=draft.language,
                        kind=draft.kind,
                        template=draft.template,
                        item_type_id=draft.item_type_id,
                        item_id=draft.item_id,
                        item_label=draft.item_label[:300],
                        item_url=draft.item_url[:500],
                        due_step=draft.due_step,
                        about_type_id=draft.about_type_id,
                        about_id=draft.about_id,
                        owner_type_id=draft.owner_type_id,
                        owner_id=draft.owner_id,
                        subject=subject,
                        body_text=text,
                        body_html=html,
                        digest=draft.digest,
                    )
                )
    Notification.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    return new


# --- Daily digests -------------------------------------------------------------------------


def digests_build(*, today=None, dry_run=False):
    """Bundle each digest user's waiting reminders into one email a day. A digest is a
    notification itself (kind ``digest``, item = the user, due step = the date), so a user
    gets at most one a day; reminders that come after today's digest wait for tomorrow's.
    Returns the number of digests made."""
    from django.contrib.auth import get_user_model

    today = today or timezone.localdate()
    step = today.isoformat()
    rows = list(
        Notification.objects.filter(digest=True, status=Status.PENDING, bundled_into__isnull=True)
        .select_related("recipient")
        .order_by("recipient_email", "created_at", "pk")
    )
    by_email = defaultdict(list)
    for row in rows:
        by_email[row.recipient_email].append(row)
    if not by_email:
        return 0
    done = set(
        Notification.objects.filter(kind=Kind.DIGEST, due_step=step, recipient_email__in=list(by_email)).values_list(
            "recipient_email", flat=True
        )
    )
    todo = {email: items for email, items in by_email.items() if email not in done}
    if dry_run:
        return len(todo)
    user_type = content_type_id(get_user_model())
    digests = []
    for email, items in todo.items():
        recipient = items[0].recipient
        language = recipient.language if recipient else items[0].language
        context = {
            "recipient_name": recipient.full_name if recipient else "",
            "items": items,
            "count": len(items),
            "date": today,
            "link": settings.SITE_URL.rstrip("/") + "/",
        }
        subject, text, html = render_email("notifications/email/digest", language, context)
        digests.append(
            Notification(
                recipient=recipient,
                recipient_email=email,
                language=language,
                kind=Kind.DIGEST,
                template="notifications/email/digest",
                item_type_id=user_type,
                item_id=recipient.pk if recipient else 0,
                item_label=subject[:300],
                item_url=context["link"],
                due_step=step,
                subject=subject,
                body_text=text,
                body_html=html,
            )
        )
    with transaction.atomic():
        Notification.objects.bulk_create(digests, ignore_conflicts=True)
        # Only rows put into a digest this run made are linked to it: a concurrent run that
        # won the insert race sends its own digest, and these rows wait for tomorrow's.
        ours = {d.public_id for d in digests}
        made = Notification.objects.filter(kind=Kind.DIGEST, due_step=step, public_id__in=ours).values_list(
            "pk", "recipient_email"
        )
        linked = []
        for pk, email in made:
            for item in todo[email]:
                item.bundled_into_id = pk
                linked.append(item)
        Notification.objects.bulk_update(linked, ["bundled_into"], batch_size=500)
    return len(made)


# --- Delivery ------------------------------------------------------------------------------


def enqueue_delivery(notification_id):
    """Queue the delivery task. A broker that is down is logged, never raised: the row is
    committed and the drain sends it once the broker is back."""
    from .tasks import deliver_notification

    try:
        deliver_notification.delay(notification_id)
    except Exception:
        logger.warning(
            "Could not queue notification %s; the outbox drain will send it later", notification_id, exc_info=True
        )


@dataclass
class Outcome:
    status: str  # sent, failed, cancelled, retry, skipped
    retry_in: int | None = None


def _mail_domain():
    return urlparse(settings.SITE_URL).hostname or "localhost"


def build_message(notification, connection=None):
    headers = {"Message-ID": f"<{notification.public_id}@{_mail_domain()}>"}
    if notification.kind != Kind.MESSAGE:
        headers["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies
    message = EmailMultiAlternatives(
        notification.subject,
        notification.body_text,
        settings.DEFAULT_FROM_EMAIL,
        [notification.recipient_email],
        headers=headers,
        connection=connection,
    )
    if notification.body_html:
        message.attach_alternative(notification.body_html, "text/html")
    if notification.attachment_path:
        # A missing file raises OSError: retried like a transient error, then failed.
        with default_storage.open(notification.attachment_path, "rb") as handle:
            content = handle.read()
        content_type = mimetypes.guess_type(notification.attachment_name)[0] or "application/octet-stream"
        message.attach(notification.attachment_name, content, content_type)
    return message


def is_permanent(exc):
    """A refusal that trying again will not fix: recipients refused, or a 5xx reply
    (except a failed login, which an administrator fixes in the settings)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return True
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return False
    return isinstance(exc, smtplib.SMTPResponseException) and 500 <= exc.smtp_code < 600


TRANSIENT = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError)


def backoff_seconds(attempts):
    return int(min(RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), RETRY_MAX_SECONDS))


def notification_deliver(*, notification_id, connection=None):
    """Claim one pending notification and send it. Safe to run twice: only the run whose
    UPDATE changed the row sends."""
    token = uuid.uuid4()
    claimed = Notification.objects.filter(pk=notification_id, status=Status.PENDING, digest=False).update(
        status=Status.SENDING, attempts=F("attempts") + 1, claim=token, claimed_at=timezone.now(), next_attempt_at=None
    )
    if claimed != 1:
        logger.info("Notification %s not claimed: it is no longer waiting", notification_id)
        return Outcome("skipped")
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    return _send_claimed(notification, token, connection)


def _finish(notification, token, status, *, error=""):
    now = timezone.now()
    values = {"status": status, "claim": None, "last_error": error[:2000]}
    if status == Status.SENT:
        values["sent_at"] = now
        if notification.kind == Kind.MESSAGE:
            # Plain messages may carry one-time links (an invitation's token, whose hash only
            # is stored): their bodies are not kept once sent; who got what, when, is.
            values.update(body_text="", body_html="")
    changed = Notification.objects.filter(pk=notification.pk, status=Status.SENDING, claim=token).update(**values)
    if changed != 1:
        logger.warning(
            "Notification %s finished as %s but its claim was taken over (possible duplicate send)",
            notification.public_id,
            status,
        )
        return
    if notification.kind == Kind.DIGEST and status in (Status.SENT, Status.FAILED, Status.CANCELLED):
        bundled = {"status": status, "last_error": error[:2000]}
        if status == Status.SENT:
            bundled["sent_at"] = now
        Notification.objects.filter(bundled_into=notification, status=Status.PENDING).update(**bundled)


def _send_claimed(notification, token, connection=None):
    recipient = notification.recipient
    if recipient is not None and not recipient.is_active:
        _finish(notification, token, Status.CANCELLED, error="The recipient's account is deactivated.")
        return Outcome("cancelled")
    try:
        build_message(notification, connection).send()
    except TRANSIENT as exc:
        error = f"{type(exc).__name__}: {exc}"
        if is_permanent(exc) or notification.attempts >= MAX_ATTEMPTS:
            _finish(notification, token, Status.FAILED, error=error)
            logger.warning("Notification %s failed: %s", notification.public_id, error)
            return Outcome("failed")
        delay = backoff_seconds(notification.attempts)
        Notification.objects.filter(pk=notification.pk, status=Status.SENDING, claim=token).update(
            status=Status.PENDING,
            claim=None,
            last_error=error[:2000],
            next_attempt_at=timezone.now() + datetime.timedelta(seconds=delay),
        )
        logger.info("Notification %s will be retried in %s s: %s", notification.public_id, delay, error)
        return Outcome("retry", retry_in=delay)
    except Exception as exc:
        # A bug, not the network: record it so the row never sticks in "sending".
        _finish(notification, token, Status.FAILED, error=f"{type(exc).__name__}: {exc}")
        logger.exception("Notification %s could not be sent", notification.public_id)
        return Outcome("failed")
    _finish(notification, token, Status.SENT)
    return Outcome("sent")


def claims_reset_stale(*, now=None):
    """Rows left in ``sending`` longer than STALE_CLAIM belong to a worker that died: put
    them back in the queue (or give up on them after MAX_ATTEMPTS)."""
    now = now or timezone.now()
    stale = Notification.objects.filter(status=Status.SENDING, claimed_at__lt=now - STALE_CLAIM)
    message = "The worker sending it stopped before it finished."
    failed = stale.filter(attempts__gte=MAX_ATTEMPTS).update(status=Status.FAILED, claim=None, last_error=message)
    reset = stale.update(status=Status.PENDING, claim=None, next_attempt_at=None, last_error=message)
    if failed or reset:
        logger.warning("Outbox: %s stale claims put back in the queue, %s given up", reset, failed)
    return reset + failed


def _claim_batch(*, size, min_age, now):
    token = uuid.uuid4()
    due = (
        Notification.objects.filter(status=Status.PENDING, digest=False, created_at__lte=now - min_age)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("created_at", "pk")
    )
    with transaction.atomic():
        if db_connection.features.has_select_for_update_skip_locked:
            # Concurrent drains take different rows instead of waiting for each other.
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:size])
        if not ids:
            return token, []
        Notification.objects.filter(pk__in=ids, status=Status.PENDING).update(
            status=Status.SENDING, attempts=F("attempts") + 1, claim=token, claimed_at=now, next_attempt_at=None
        )
    batch = Notification.objects.select_related("recipient").filter(pk__in=ids, claim=token).order_by("created_at")
    return token, list(batch)


def outbox_drain(*, min_age=DRAIN_MIN_AGE, batch_size=DRAIN_BATCH, time_budget=DRAIN_TIME_BUDGET):
    """Send what waits in the outbox, batch by batch, until it is empty or the time budget
    is spent (the next run goes on). Returns counts by outcome."""
    counts = Counter()
    counts["stale_reset"] = claims_reset_stale()
    stop_at = time.monotonic() + time_budget
    while time.monotonic() < stop_at:
        token, batch = _claim_batch(size=batch_size, min_age=min_age, now=timezone.now())
        if not batch:
            break
        mail = get_connection()
        try:
            for notification in batch:
                outcome = _send_claimed(notification, token, mail)
                counts[outcome.status] += 1
                if outcome.status == "retry":
                    mail.close()  # the connection may be broken: the next send opens a new one
        finally:
            mail.close()
    return dict(counts)


def notification_resend(*, notification):
    """Put a failed or cancelled notification back in the queue (the admin's action)."""
    changed = Notification.objects.filter(
        pk=notification.pk, status__in=[Status.FAILED, Status.CANCELLED], digest=False
    ).update(status=Status.PENDING, last_error="", next_attempt_at=None, attempts=0)
    if changed:
        transaction.on_commit(lambda: enqueue_delivery(notification.pk))
    return bool(changed)


def notification_cancel(*, notification):
    changed = Notification.objects.filter(pk=notification.pk, status=Status.PENDING).update(status=Status.CANCELLED)
    return bool(changed)


# --- Job runs ------------------------------------------------------------------------------


@contextmanager
def job_run(task_name, *, job_run_id=None, trigger=JobRun.Trigger.SCHEDULE, user=None):
    """Record one run of a job: started, finished, status, counts (set ``run.counts``
    inside the block) and the error if it failed. Written outside any transaction of the
    job, so a failed run is recorded too."""
    now = timezone.now()
    run = None
    if job_run_id is not None:
        if JobRun.objects.filter(pk=job_run_id, status=JobRun.Status.QUEUED).update(
            status=JobRun.Status.RUNNING, started_at=now
        ):
            run = JobRun.objects.get(pk=job_run_id)
        else:
            trigger = JobRun.Trigger.MANUAL
    if run is None:
        run = JobRun.objects.create(
            task_name=task_name, trigger=trigger, triggered_by=user, status=JobRun.Status.RUNNING, started_at=now
        )
    try:
        yield run
    except BaseException as exc:
        run.status, run.error = JobRun.Status.FAILED, f"{type(exc).__name__}: {exc}"[:4000]
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "finished_at", "counts"])
        raise
    run.status, run.finished_at = JobRun.Status.SUCCEEDED, timezone.now()
    run.save(update_fields=["status", "finished_at", "counts"])


def job_start_by_hand(*, task, user):
    """Queue one run of a scheduled task now. The run shows as queued until a worker
    takes it (at once when Celery runs eagerly), or as failed if it could not be queued."""
    run = JobRun.objects.create(task_name=task.name, trigger=JobRun.Trigger.MANUAL, triggered_by=user)

    def queue():
        try:
            task.apply_async(kwargs={"job_run_id": run.pk})
        except Exception as exc:
            logger.warning("Could not queue %s", task.name, exc_info=True)
            JobRun.objects.filter(pk=run.pk, status=JobRun.Status.QUEUED).update(
                status=JobRun.Status.FAILED, finished_at=timezone.now(), error=f"{type(exc).__name__}: {exc}"[:4000]
            )

    transaction.on_commit(queue)
    return run


def job_runs_prune(*, keep_days=30):
    """Job runs are an operations log, not a compliance record: keep a month."""
    deleted, _ = JobRun.objects.filter(created_at__lt=timezone.now() - datetime.timedelta(days=keep_days)).delete()
    return deleted
