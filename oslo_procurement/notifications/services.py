"""The notification outbox: write a notification in the business transaction, deliver it
after the commit, never lose it and never send it twice if it can be helped.

How an email travels
--------------------
1. ``message_queue`` (every ``emails.send_email`` call) or ``notifications_create_bulk``
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

Retries: a transient error (the SMTP server is away, refuses the connection, times out or
hangs, answers 4xx such as greylisting's 451, or answers 5xx to the connection, the sender
or the message) puts the row back to ``pending`` with ``next_attempt_at`` after an
exponential backoff (30 s doubling up to 30 minutes), and the task retries itself then
(the drain is the safety net). It is tried again for ``EMAIL_RETRY_HOURS`` (48) after its
first attempt, then marked ``failed``. A 5xx refusal of the recipient (RCPT TO) is
permanent for that recipient only: ``failed`` at once. Every attempt is bounded by
``EMAIL_TIMEOUT`` (10 s, per connection and per reply). When the mail server itself fails,
the drain stops trying the rest of its batch against it; when many emails are in trouble
at once, administrators get one alert (``mail_alert_raise``), and they see every failed
email with its reason at /notifications/failed/, where "Send again" queues it.

At most once, and what that costs
---------------------------------
The SMTP conversation and the database UPDATE that records "sent" cannot be one atomic
step. The attempt is recorded before the relay is contacted (``sending``, attempts + 1,
the claim), every email has one Message-ID for all its attempts, and the SMTP backend
(backends.py) records ``handed_over_at`` after the relay accepted sender and recipient and
just before the message itself goes out. After a crash that tells the two cases apart:

- the worker died before ``handed_over_at`` (the common case: it was connecting or waiting
  on a relay that hangs): the relay never had the message, so after ``STALE_CLAIM`` the
  drain puts the row back to ``pending`` and it is sent once;
- the worker died (or the connection broke without an answer) after ``handed_over_at``:
  the relay may have accepted the message. It is *not* sent again by itself; it is marked
  ``failed`` with a reason that says so, and an administrator decides ("Send again").

So no email goes out twice because of a crash; the price is that an email whose worker
died in the fraction of a second between handing the message over and recording the
relay's answer waits for an administrator (it may well have arrived). A relay that accepts
a message and then fails to answer "250" can still deliver it while we record a failure;
a resend by an administrator then carries the same Message-ID, which many mail systems use
to drop the duplicate. The finishing UPDATE checks the claim token, so a worker that lost
its claim never overwrites the outcome of the one that took over.
"""

import datetime
import json
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
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone, translation

from oslo_procurement import queue

from .models import JobRun, Notification
from .rendering import render_emails, render_one

logger = logging.getLogger(__name__)

Status = Notification.Status
Kind = Notification.Kind

TASK_RETRIES = 5  # the task retries itself this often; the drain goes on until EMAIL_RETRY_HOURS
RETRY_BASE_SECONDS = 30  # 30 s, 1, 2, 4, 8 minutes...
RETRY_MAX_SECONDS = 30 * 60
STALE_CLAIM = datetime.timedelta(minutes=10)  # far above deliver_notification's 90 s hard limit
DRAIN_MIN_AGE = datetime.timedelta(seconds=5)  # fresh rows are left to their own on-commit task
DRAIN_BATCH = 20
DRAIN_TIME_BUDGET = 40  # seconds, under drain_outbox's soft time limit
EXISTING_CHUNK = 900  # items per "already created?" query on SQLite (its parameter limit)


# --- Rendering -----------------------------------------------------------------------------


def render_email(template, language, context, *, time_zone=None, brand=None):
    """``<template>_subject.txt``, ``.txt`` and ``.html`` rendered in ``language``, with
    times in ``time_zone`` (the recipient's; the site's, Europe/Oslo, when unknown, never
    the zone of whoever triggered the email). ``brand`` ({"name", "logo_url"}: the buyer the
    email speaks for) puts that buyer's logo at the top of the HTML part."""
    with translation.override(language), timezone.override(time_zone or settings.TIME_ZONE):
        subject, text, html = render_one(template, context)
    if brand and brand.get("logo_url"):
        header = render_to_string("notifications/email/_brand.html", {"brand": brand})
        html = html.replace("<body>", "<body>" + header.strip(), 1)
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
    deliver_after_commit=True,
    brand=None,
):
    """Render one email and put it in the outbox in the caller's transaction; it is
    delivered after the commit (or, with ``deliver_after_commit=False``, by the worker that
    wrote it, which calls ``notification_deliver`` itself: a report job). Plain messages
    are never deduplicated (a fresh key), and their bodies are dropped once sent (see
    ``_finish``).

    With ``attachment_name`` the email needs a file that does not exist yet (a letter's
    PDF being rendered): it is written ``held`` about ``item`` and waits until
    ``notifications_release(item=..., attachment_path=...)`` gives it the file. With an
    ``attachment_path`` as well, the file exists already (a calendar invite) and the email
    is sent with it at once."""
    from oslo_procurement.accounts.zones import zone_for

    held = bool(attachment_name) and not attachment_path
    subject, text, html = render_email(template, language, context, time_zone=zone_for(recipient), brand=brand)
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
    if not held and deliver_after_commit:
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


def _postgresql():
    return db_connection.vendor == "postgresql"


def _column(name):
    return Notification._meta.get_field(name).column


def _existing_keys(drafts):
    """The keys among ``drafts`` that already have a notification. On PostgreSQL one query
    whatever the number of drafts: the wanted (kind, item type, item) triples go in as three
    arrays, joined with unnest() (notification_item_idx finds each). Elsewhere (SQLite: tests,
    the demo) one query per EXISTING_CHUNK triples."""
    wanted = {(draft.kind, draft.item_type_id, draft.item_id) for draft in drafts}
    if not wanted:
        return set()
    columns = [_column(name) for name in ("recipient_email", "kind", "item_type", "item_id", "due_step")]
    if _postgresql():
        kinds, types, ids = (list(values) for values in zip(*wanted, strict=True))
        email, kind, item_type, item_id, step = columns
        # Names from the model's _meta, values as parameters.
        sql = (
            f"SELECT n.{email}, n.{kind}, n.{item_type}, n.{item_id}, n.{step} "  # noqa: S608  # nosec B608
            f"FROM {Notification._meta.db_table} n "
            "JOIN unnest(%s::text[], %s::integer[], %s::bigint[]) AS w(kind, item_type_id, item_id) "
            f"ON n.{item_type} = w.item_type_id AND n.{item_id} = w.item_id AND n.{kind} = w.kind"
        )
        with db_connection.cursor() as cursor:
            cursor.execute(sql, [kinds, types, ids])
            return set(cursor.fetchall())
    existing = set()
    triples = sorted(wanted)
    for start in range(0, len(triples), EXISTING_CHUNK):
        chunk = triples[start : start + EXISTING_CHUNK]
        rows = Notification.objects.filter(
            kind__in={kind for kind, _type, _id in chunk},
            item_type_id__in={item_type for _kind, item_type, _id in chunk},
            item_id__in=[item_id for _kind, _type, item_id in chunk],
        ).values_list("recipient_email", "kind", "item_type_id", "item_id", "due_step")
        existing.update(row for row in rows if row[1:4] in wanted)
    return existing


def _render_drafts(drafts):
    """(subject, text, html) of each draft, in its language. Reminders name dates, not
    times: the site's zone turns a deadline into its date. Each (language, template) is
    rendered by rendering.render_emails, which renders each shape once (see there)."""
    groups = defaultdict(list)
    for index, draft in enumerate(drafts):
        groups[(draft.language, draft.template)].append(index)
    rendered = [None] * len(drafts)
    for (language, template), indexes in groups.items():
        with translation.override(language), timezone.override(settings.TIME_ZONE):
            emails = render_emails(template, [drafts[index].context for index in indexes])
        for index, email in zip(indexes, emails, strict=True):
            rendered[index] = email
    return rendered


def _insert_ignoring_conflicts(columns):
    """Insert rows given as {field name: [value of each row]}, the other fields at their
    defaults, skipping rows whose unique key exists (a concurrent sweep won the race). On
    PostgreSQL one statement whatever the number of rows (atomic: all rows or none): each
    column goes in as one JSON array, zipped back into rows by ``ROWS FROM
    (json_array_elements_text(...), ...)``, and ``INSERT ... SELECT ... ON CONFLICT DO
    NOTHING``. (JSON rather than one array parameter per column: json.dumps is fast, and
    PostgreSQL parses it faster than array literals; at 58,000 rows about 1 s less on each
    side.) Elsewhere bulk_create in batches."""
    size = len(columns["recipient_email"])
    if not _postgresql():
        rows = [Notification(**{name: values[i] for name, values in columns.items()}) for i in range(size)]
        Notification.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
        return
    meta = Notification._meta
    names, selects, params = [], [], []
    for number, (name, values) in enumerate(columns.items()):
        field = meta.get_field(name)
        names.append(field.column)
        selects.append(f"u.c{number}::{field.db_type(db_connection)}")
        params.append(json.dumps(values, ensure_ascii=False, separators=(",", ":"), default=str))  # lazy labels
    constant_params = []
    for field in meta.concrete_fields:
        if field.primary_key or field.attname in columns:
            continue
        names.append(field.column)
        if isinstance(field, models.UUIDField) and field.default is uuid.uuid4:
            selects.append("gen_random_uuid()")  # public_id: a random UUID (version 4) per row
            continue
        if field.unique:  # the other fields get one value for every row
            raise ValueError(f"{field.name} needs a value per row")
        selects.append(f"%s::{field.db_type(db_connection)}")
        constant_params.append(field.get_db_prep_save(field.get_default(), db_connection))
    functions = ", ".join("json_array_elements_text(%s::json)" for _values in columns.values())
    aliases = ", ".join(f"c{number}" for number in range(len(columns)))
    # Names from the model's _meta, values as parameters.
    sql = (
        f"INSERT INTO {meta.db_table} ({', '.join(names)}) "  # noqa: S608  # nosec B608
        f"SELECT {', '.join(selects)} FROM ROWS FROM ({functions}) AS u({aliases}) "
        "ON CONFLICT DO NOTHING"
    )
    with db_connection.cursor() as cursor:
        cursor.execute(sql, constant_params + params)


def notifications_create_bulk(drafts, *, dry_run=False):
    """Insert the drafts that are not yet notifications, rendered in each recipient's
    language, ignoring conflicts on the unique key (a concurrent sweep can only lose the
    race, never double a row). Returns the new drafts; with ``dry_run`` nothing is rendered
    or written. On PostgreSQL a fixed number of queries whatever the number of drafts: one
    to find the existing ones, one to insert."""
    existing = _existing_keys(drafts)
    new, seen = [], set()
    for draft in drafts:
        key = draft.key
        if key in existing or key in seen:
            continue
        seen.add(key)
        new.append(draft)
    if dry_run or not new:
        return new
    rendered = _render_drafts(new)
    columns = {
        "recipient_id": [d.recipient_id for d in new],
        "recipient_email": [d.recipient_email for d in new],
        "language": [d.language for d in new],
        "kind": [d.kind for d in new],
        "template": [d.template for d in new],
        "item_type_id": [d.item_type_id for d in new],
        "item_id": [d.item_id for d in new],
        "item_label": [d.item_label[:300] for d in new],
        "item_url": [d.item_url[:500] for d in new],
        "due_step": [d.due_step for d in new],
        "about_type_id": [d.about_type_id for d in new],
        "about_id": [d.about_id for d in new],
        "owner_type_id": [d.owner_type_id for d in new],
        "owner_id": [d.owner_id for d in new],
        "subject": [subject for subject, _text, _html in rendered],
        "body_text": [text for _subject, text, _html in rendered],
        "body_html": [html for _subject, _text, html in rendered],
        "digest": [d.digest for d in new],
    }
    _insert_ignoring_conflicts(columns)
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
    from oslo_procurement.accounts.zones import zone_for

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
        subject, text, html = render_email(
            "notifications/email/digest", language, context, time_zone=zone_for(recipient)
        )
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
        made = list(made)
        linked = []
        for pk, email in made:
            for item in todo[email]:
                item.bundled_into_id = pk
                linked.append(item)
        _link_to_digests(linked)
    return len(made)


def _link_to_digests(items):
    """Save each item's ``bundled_into``: on PostgreSQL one UPDATE ... FROM unnest(ids,
    digest ids) whatever the number of items, elsewhere bulk_update in batches."""
    if not items:
        return
    if not _postgresql():
        Notification.objects.bulk_update(items, ["bundled_into"], batch_size=500)
        return
    table, pk, bundled = Notification._meta.db_table, _column("id"), _column("bundled_into")
    sql = (
        f"UPDATE {table} AS n SET {bundled} = u.digest_id "  # noqa: S608  # nosec B608  (names from _meta)
        f"FROM unnest(%s::bigint[], %s::bigint[]) AS u(id, digest_id) WHERE n.{pk} = u.id"
    )
    with db_connection.cursor() as cursor:
        cursor.execute(sql, [[item.pk for item in items], [item.bundled_into_id for item in items]])


# --- Delivery ------------------------------------------------------------------------------


DELIVER_TASK = "oslo_procurement.notifications.tasks.deliver_notification"
DRAIN_TASK = "oslo_procurement.notifications.tasks.drain_outbox"


def enqueue_delivery(notification_id):
    """Queue the delivery task. A broker that is down is logged, never raised: the row is
    committed and the drain sends it once the broker is back."""
    queue.enqueue(DELIVER_TASK, notification_id, log=logger, later="the outbox drain will send it later")


def kick_drain(*, min_age_seconds=0):
    """Queue one drain now (after a sweep created reminders); a broker that is down is
    logged, the scheduled drain sends them later."""
    queue.enqueue(DRAIN_TASK, min_age_seconds=min_age_seconds, log=logger, later="the scheduled drain will run")


@dataclass
class Outcome:
    status: str  # sent, failed, cancelled, retry, unknown, skipped
    retry_in: int | None = None
    relay_down: bool = False  # the failure was the mail server's, not this recipient's


def _mail_domain():
    return urlparse(settings.SITE_URL).hostname or "localhost"


def message_id(notification):
    """The same Message-ID on every attempt of one email."""
    return f"<{notification.public_id}@{_mail_domain()}>"


def build_message(notification, connection=None):
    headers = {"Message-ID": message_id(notification)}
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
    """A refusal that trying again will not fix: the relay refused this recipient with a
    5xx reply at RCPT TO. Every other failure (4xx anywhere, greylisting, a 5xx to the
    connection, the sender or the message, a failed login, refused connections, timeouts)
    concerns the mail server, not the recipient, and is retried for EMAIL_RETRY_HOURS."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return bool(exc.recipients) and all(500 <= code < 600 for code, _reply in exc.recipients.values())
    return False


def is_relay_failure(exc):
    """The failure would hit every email now, not only this recipient's."""
    return not isinstance(exc, smtplib.SMTPRecipientsRefused)


TRANSIENT = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError)
UNKNOWN_OUTCOME = (
    "The connection to the mail server broke while it was receiving this email, so it may have arrived. "
    "It is not sent again by itself, so that nobody gets it twice: check with the recipient, then send it again "
    "if it did not arrive."
)


def retry_period():
    return datetime.timedelta(hours=settings.EMAIL_RETRY_HOURS)


def backoff_seconds(attempts):
    return int(min(RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), RETRY_MAX_SECONDS))


def _claim_values(token, now):
    return {
        "status": Status.SENDING,
        "attempts": F("attempts") + 1,
        "claim": token,
        "claimed_at": now,
        "next_attempt_at": None,
        "handed_over_at": None,
        "first_attempt_at": Coalesce(F("first_attempt_at"), Value(now)),
    }


def notification_deliver(*, notification_id, connection=None, now_if_waiting=False):
    """Claim one pending notification and send it. Safe to run twice: only the run whose
    UPDATE changed the row sends. ``now_if_waiting``: try it now even if its backoff has
    not run out (a job that retries on its own schedule, the report job)."""
    token = uuid.uuid4()
    now = timezone.now()
    due = Q() if now_if_waiting else Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    claimed = (
        Notification.objects.filter(pk=notification_id, status=Status.PENDING, digest=False)
        .filter(due)
        .update(**_claim_values(token, now))
    )
    if claimed != 1:
        logger.info("Notification %s not claimed: it is not waiting to be sent now", notification_id)
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
        logger.warning("Notification %s finished as %s but its claim was taken over", notification.public_id, status)
        return
    if notification.kind == Kind.DIGEST and status in (Status.SENT, Status.FAILED, Status.CANCELLED):
        bundled = {"status": status, "last_error": error[:2000]}
        if status == Status.SENT:
            bundled["sent_at"] = now
        Notification.objects.filter(bundled_into=notification, status=Status.PENDING).update(**bundled)


def _retry_later(notification_ids, token, *, delay, error):
    """Back to pending, to be tried again after ``delay`` seconds."""
    return Notification.objects.filter(pk__in=notification_ids, status=Status.SENDING, claim=token).update(
        status=Status.PENDING,
        claim=None,
        handed_over_at=None,
        last_error=error[:2000],
        next_attempt_at=timezone.now() + datetime.timedelta(seconds=delay),
    )


def _send_claimed(notification, token, connection=None):
    recipient = notification.recipient
    if recipient is not None and not recipient.is_active:
        _finish(notification, token, Status.CANCELLED, error="The recipient's account is deactivated.")
        return Outcome("cancelled")
    message = build_message(notification, connection)
    handed_over = []

    def before_data():
        # The relay accepted sender and recipient; from here on it may end up with the
        # message even if we never hear its answer. Recorded (and committed) first.
        Notification.objects.filter(pk=notification.pk, claim=token).update(handed_over_at=timezone.now())
        handed_over.append(True)

    message.before_data = before_data
    try:
        message.send()
    except TRANSIENT as exc:
        error = f"{type(exc).__name__}: {exc}"
        if handed_over and not isinstance(exc, smtplib.SMTPResponseException):
            # No answer to the message itself: the relay may have it. At most once.
            _finish(notification, token, Status.FAILED, error=f"{UNKNOWN_OUTCOME} ({error})")
            logger.warning("Notification %s: outcome unknown, not sent again: %s", notification.public_id, error)
            return Outcome("unknown", relay_down=True)
        if is_permanent(exc):
            _finish(notification, token, Status.FAILED, error=error)
            logger.warning("Notification %s refused for its recipient: %s", notification.public_id, error)
            return Outcome("failed")
        first = notification.first_attempt_at or timezone.now()
        if timezone.now() >= first + retry_period():
            hours = f"{settings.EMAIL_RETRY_HOURS:g}"
            _finish(
                notification,
                token,
                Status.FAILED,
                error=f"Gave up after {notification.attempts} attempts in {hours} hours. Last error: {error}",
            )
            logger.warning("Notification %s failed for good: %s", notification.public_id, error)
            return Outcome("failed", relay_down=is_relay_failure(exc))
        delay = backoff_seconds(notification.attempts)
        _retry_later([notification.pk], token, delay=delay, error=error)
        logger.info("Notification %s will be retried in %s s: %s", notification.public_id, delay, error)
        return Outcome("retry", retry_in=delay, relay_down=is_relay_failure(exc))
    except Exception as exc:
        # A bug, not the network: record it so the row never sticks in "sending".
        _finish(notification, token, Status.FAILED, error=f"{type(exc).__name__}: {exc}")
        logger.exception("Notification %s could not be sent", notification.public_id)
        return Outcome("failed")
    _finish(notification, token, Status.SENT)
    return Outcome("sent")


def claims_reset_stale(*, now=None):
    """Rows left in ``sending`` longer than STALE_CLAIM belong to a worker that died. If it
    died before the relay had the message (``handed_over_at`` empty) the row goes back to
    the queue; if it died while handing the message over, the outcome is unknown and the row
    is failed for an administrator to decide, never sent a second time by itself."""
    now = now or timezone.now()
    stale = Notification.objects.filter(status=Status.SENDING, claimed_at__lt=now - STALE_CLAIM)
    unknown = stale.filter(handed_over_at__isnull=False).update(
        status=Status.FAILED, claim=None, last_error=f"{UNKNOWN_OUTCOME} (the worker stopped)"
    )
    reset = stale.filter(handed_over_at__isnull=True).update(
        status=Status.PENDING,
        claim=None,
        next_attempt_at=None,
        last_error="The worker sending it stopped before the mail server had it.",
    )
    if unknown or reset:
        logger.warning("Outbox: %s stale claims put back in the queue, %s with unknown outcome failed", reset, unknown)
    return reset + unknown


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
        Notification.objects.filter(pk__in=ids, status=Status.PENDING).update(**_claim_values(token, now))
    batch = Notification.objects.select_related("recipient").filter(pk__in=ids, claim=token).order_by("created_at")
    return token, list(batch)


def outbox_drain(*, min_age=DRAIN_MIN_AGE, batch_size=DRAIN_BATCH, time_budget=DRAIN_TIME_BUDGET):
    """Send what waits in the outbox, batch by batch, until it is empty or the time budget
    is spent (the next run goes on). When the mail server itself fails (down, hanging,
    greylisting, refusing everything) the rest of the batch is not tried against it: it
    waits for the same backoff. Returns counts by outcome."""
    counts = Counter()
    counts["stale_reset"] = claims_reset_stale()
    stop_at = time.monotonic() + time_budget
    relay_down = False
    while not relay_down and time.monotonic() < stop_at:
        token, batch = _claim_batch(size=batch_size, min_age=min_age, now=timezone.now())
        if not batch:
            break
        mail = get_connection()
        try:
            for index, notification in enumerate(batch):
                outcome = _send_claimed(notification, token, mail)
                counts[outcome.status] += 1
                if outcome.relay_down:
                    rest = [n.pk for n in batch[index + 1 :]]
                    delay = outcome.retry_in or backoff_seconds(1)
                    counts["postponed"] += _retry_later(
                        rest, token, delay=delay, error="Not tried: the mail server failed just before."
                    )
                    relay_down = True
                    break
                if outcome.status != "sent":
                    mail.close()  # the connection may be broken: the next send opens a new one
        finally:
            mail.close()
    alerted = mail_alert_raise()
    if alerted:
        counts["alerted"] = alerted
    return dict(counts)


# --- One alert for many failures -------------------------------------------------------


def delivery_trouble(*, now=None):
    """How many emails wait for a retry after a failure, or failed in the last hour: the
    measure of an incident at the mail server (two indexed counts)."""
    now = now or timezone.now()
    waiting = Notification.objects.filter(status=Status.PENDING, digest=False, next_attempt_at__isnull=False)
    failed = Notification.objects.filter(status=Status.FAILED, claimed_at__gte=now - datetime.timedelta(hours=1))
    return waiting.exclude(kind=Kind.MAIL_ALERT).count() + failed.exclude(kind=Kind.MAIL_ALERT).count()


def mail_alert_raise(*, now=None):
    """When EMAIL_ALERT_THRESHOLD or more emails are in trouble at once, one alert: one
    log line and one email to each administrator, at most once a day (the unique key: kind,
    administrator, date). Returns the number of alert emails written (0 almost always)."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    now = now or timezone.now()
    count = delivery_trouble(now=now)
    if count < settings.EMAIL_ALERT_THRESHOLD:
        return 0
    User = get_user_model()
    step = timezone.localdate(now).isoformat()
    user_type = content_type_id(User)
    already = set(
        Notification.objects.filter(kind=Kind.MAIL_ALERT, due_step=step, item_type_id=user_type).values_list(
            "item_id", flat=True
        )
    )
    admins = [
        admin
        # The installation's administrators (accounts.access.is_installation_admin), who see
        # the failed-emails page; a buyer's administrator does not.
        for admin in User.objects.filter(is_superuser=True, is_active=True).order_by("pk")
        if admin.pk not in already
    ]
    if already and not admins:
        return 0  # today's alert is out
    link = settings.SITE_URL.rstrip("/") + reverse("notifications:failed")
    rows = []
    for admin in admins:
        context = {"recipient_name": admin.full_name, "count": count, "link": link}
        subject, text, html = render_email("notifications/email/mail_alert", admin.language, context)
        rows.append(
            Notification(
                recipient=admin,
                recipient_email=admin.email,
                language=admin.language,
                kind=Kind.MAIL_ALERT,
                template="notifications/email/mail_alert",
                item_type_id=user_type,
                item_id=admin.pk,
                item_label=subject[:300],
                item_url=link,
                due_step=step,
                subject=subject,
                body_text=text,
                body_html=html,
            )
        )
    if rows:
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if rows or cache_add_quietly(ALERT_CACHE_KEY + ":logged", 1, 60 * 60):
        logger.error(
            "Email delivery is failing: %s emails are waiting for a retry or failed in the last hour. "
            "Check EMAIL_URL and the mail server; administrators see them at /notifications/failed/.",
            count,
        )
    return len(rows)


ALERT_CACHE_KEY = "notifications:mail-alert"


def cache_add_quietly(key, value, timeout):
    """cache.add, or True when the cache (Redis) does not answer: then the line is logged."""
    from django.core.cache import cache

    try:
        return cache.add(key, value, timeout)
    except Exception:  # noqa: BLE001  (any cache error: say it rather than stay silent)
        return True


def delivery_health():
    """For /health/workers: fail while an incident is on (see mail_alert_raise)."""
    count = delivery_trouble()
    if count >= settings.EMAIL_ALERT_THRESHOLD:
        return {"failing": count}
    return None


def notification_resend(*, notification):
    """Put a failed or cancelled notification back in the queue (the admin's action)."""
    changed = Notification.objects.filter(
        pk=notification.pk, status__in=[Status.FAILED, Status.CANCELLED], digest=False
    ).update(
        status=Status.PENDING,
        last_error="",
        next_attempt_at=None,
        attempts=0,
        first_attempt_at=None,
        handed_over_at=None,
    )
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
