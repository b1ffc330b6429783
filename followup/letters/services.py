"""Writes of the sanction letters.

How a letter travels
--------------------
1. A decision of the sanctions ladder becomes final (a written warning proposed, a higher
   rung approved by the manager, a rung lifted): ``letter_issue`` writes the
   SanctionLetter (status ``pending``) and one outbox email per recipient (the supplier's
   portal users and contacts) in the *same transaction* as the decision. The emails are
   ``held``: they wait for the PDF.
2. After the commit, the Celery task ``render_letter`` (eager in the demo) calls
   ``letter_render``: it claims the letter (one conditional UPDATE), renders the PDF in
   the letter's language with WeasyPrint (tagged PDF/UA), stores it in private storage,
   marks the letter ``sent`` and releases its held emails with the PDF attached.
3. A rendering that fails leaves the letter ``failed`` and its emails held: nothing is sent
   without the PDF. ``letters_catch_up`` (every minute, and for letters whose task never
   came because the broker was down) renders it again with a growing pause, at most
   MAX_ATTEMPTS times; a letter still failed after that stays on the escalation's page with
   its error, its emails held.

Running any step twice is harmless: only the worker whose UPDATE claimed the letter
renders it, and only held emails are released.
"""

import datetime
import logging
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation

from followup.actions.access import portal_visible_actions
from followup.models import CorrectiveAction, Escalation, SanctionLetter
from followup.reports import pdf
from oslo_procurement import queue
from oslo_procurement.audit.services import record_event
from oslo_procurement.compiled import compiled_queryset
from oslo_procurement.core import save_record
from oslo_procurement.notifications.emails import send_email
from oslo_procurement.notifications.services import notifications_release
from suppliers.models import Contact
from suppliers.selectors import supplier_users

logger = logging.getLogger(__name__)

Status = SanctionLetter.Status
Kind = SanctionLetter.Kind

TEMPLATE = "followup/letters/pdf/letter.html"
EMAIL_TEMPLATE = "followup/letters/email/letter"
LANGUAGES = ("nb", "en")
MAX_ATTEMPTS = 6
STALE_RENDERING = datetime.timedelta(minutes=10)  # far above render_letter's hard time limit
CATCH_UP_AFTER = datetime.timedelta(minutes=1)  # fresh letters are left to their own task
CATCH_UP_BATCH = 10


# --- Who gets it, in which language ----------------------------------------------------------


def _contacts(supplier):
    return Contact.objects.filter(supplier=supplier, archived_at__isnull=True, anonymised_at__isnull=True).order_by(
        "-is_primary", "name"
    )


def supplier_language(supplier) -> str:
    """The supplier's language for letters: the one its portal users and contacts all use;
    otherwise (none, or mixed) Bokmål for a Norwegian supplier and English for a foreign one."""
    # Read on every view of a self-assessment's review: both compiled once per process.
    used = set(
        compiled_queryset(
            "letters.user_languages",
            lambda supplier: supplier_users(supplier).values_list("language", flat=True),
            supplier=supplier,
        )
    )
    used |= set(
        compiled_queryset(
            "letters.contact_languages",
            lambda supplier: _contacts(supplier).values_list("language", flat=True),
            supplier=supplier,
        )
    )
    used &= set(LANGUAGES)
    if len(used) == 1:
        return used.pop()
    return "nb" if supplier.country == "NO" else "en"


def letter_recipients(supplier):
    """``[(email, user or None, language)]``: the supplier's active portal users, then its
    contacts, each address once."""
    seen, recipients = set(), []
    for user in supplier_users(supplier):
        key = user.email.strip().lower()
        if key not in seen:
            seen.add(key)
            recipients.append((user.email, user, user.language))
    for contact in _contacts(supplier):
        key = contact.email.strip().lower()
        if key and key not in seen:
            seen.add(key)
            recipients.append((contact.email, None, contact.language))
    return recipients


# --- What it says -----------------------------------------------------------------------------


def _facts(escalation, on_day):
    """The actions the letter is about, as the supplier can see them: the escalated action
    first, then the supplier's other actions for this buyer overdue on ``on_day``, each with
    the finding behind it (the text written for the supplier, never the internal one)."""
    visible = portal_visible_actions(escalation.supplier).filter(buyer=escalation.buyer)
    overdue = visible.filter(deadline__lt=on_day).exclude(status=CorrectiveAction.Status.VERIFIED_CLOSED)
    actions = list(
        visible.filter(Q(pk=escalation.action_id) | Q(pk__in=overdue.values("pk")))
        .select_related("finding")
        .order_by("deadline", "pk")
    )
    actions.sort(key=lambda action: action.pk != escalation.action_id)
    for action in actions:
        action.days_overdue = (on_day - action.deadline).days if action.is_overdue(on_day) else 0
    return actions


def _next_rung(rung):
    return Escalation.Rung(rung + 1) if rung < Escalation.Rung.TERMINATION else None


def letter_context(
    *, escalation, kind, language, reason, remedy_deadline, decided_by, approved_by, decided_on, preview=False
):
    """Everything the letter template needs; the same for the preview and the letter sent."""
    return {
        "language": language,
        "buyer": escalation.buyer,
        "supplier": escalation.supplier,
        "agreement": escalation.agreement,
        "escalation": escalation,
        "rung": Escalation.Rung(escalation.rung),
        "next_rung": _next_rung(escalation.rung),
        "kind": kind,
        "is_lifting": kind == Kind.LIFTING,
        "reason": reason,
        "remedy_deadline": remedy_deadline,
        "decided_by": decided_by,
        "approved_by": approved_by,
        "decided_on": decided_on,
        "proposed_on": escalation.decided_on,
        "actions": _facts(escalation, decided_on),
        "action": escalation.action,
        "contacts": list(_contacts(escalation.supplier)[:3]),
        "reference": str(escalation.public_id)[:8].upper(),
        "preview": preview,
    }


def render_letter_pdf(context):
    """``(pdf bytes, page count)`` of a letter, rendered in its language as tagged PDF/UA."""
    with translation.override(context["language"]):
        return pdf.render_pdf(TEMPLATE, context, pdf_variant="pdf/ua-1")


def letter_preview(*, escalation, kind, language=None, reason=None, remedy_deadline=None, approved_by=None):
    """The letter as it would go out, marked as a preview; nothing is saved or sent."""
    lifting = kind == Kind.LIFTING
    return render_letter_pdf(
        letter_context(
            escalation=escalation,
            kind=kind,
            language=language or supplier_language(escalation.supplier),
            reason=(reason or "").strip() or ("" if lifting else escalation.reason_for_letter),
            remedy_deadline=None if lifting else (remedy_deadline or escalation.remedy_deadline),
            decided_by=escalation.decided_by,
            approved_by=approved_by or escalation.approved_by,
            decided_on=timezone.localdate(),
            preview=True,
        )
    )


# --- Issue, render, send --------------------------------------------------------------------


def letter_issue(*, escalation: Escalation, kind: str, actor, reason: str) -> SanctionLetter:
    """Write the letter of a final decision and its held emails. Call inside the decision's
    transaction; the PDF is rendered after the commit."""

    lifting = kind == Kind.LIFTING
    supplier = escalation.supplier
    language = supplier_language(supplier)
    letter = SanctionLetter(
        buyer=escalation.buyer,
        supplier=supplier,
        escalation=escalation,
        kind=kind,
        rung=escalation.rung,
        language=language,
        reason=reason,
        remedy_deadline=None if lifting else escalation.remedy_deadline,
        decided_by=actor if lifting else escalation.decided_by,
        approved_by=None if lifting else escalation.approved_by,
        # A written warning is final the day it is decided; an approved rung on the day of
        # the approval; a lifting today.
        decided_on=escalation.decided_on if escalation.rung == 1 and not lifting else timezone.localdate(),
    )
    save_record(letter, actor=actor)
    recipients = letter_recipients(supplier)
    link = settings.SITE_URL.rstrip("/") + reverse("portal_letters:list")
    for email, user, recipient_language in recipients:
        send_email(
            EMAIL_TEMPLATE,
            to=email,
            language=recipient_language,
            context={"letter": letter, "supplier": supplier, "buyer": escalation.buyer, "user": user, "link": link},
            recipient=user,
            item=letter,
            attachment_name=letter.filename,
        )
    record_event(
        actor=actor,
        event_type="letter_issued",
        target=letter,
        details={
            "escalation": str(escalation.public_id),
            "kind": kind,
            "rung": escalation.rung,
            "language": language,
            "recipients": [email for email, _user, _language in recipients],
        },
    )
    transaction.on_commit(lambda: _enqueue("followup.letters.tasks.render_letter", letter.pk))
    return letter


def _enqueue(task_name, *args):
    """A broker that is down is logged, never raised: the letter waits as pending and the
    catch-up job renders it."""
    queue.enqueue(task_name, *args, log=logger, later="the catch-up job will take it")


def _claimable(now):
    return (
        Q(status=Status.PENDING)
        | Q(status=Status.FAILED, attempts__lt=MAX_ATTEMPTS)
        | Q(status=Status.RENDERING, started_at__lt=now - STALE_RENDERING)
    )


def letter_render(*, letter_id) -> SanctionLetter | None:
    """Render a letter's PDF, store it and release its emails. Returns the letter, or None
    when another worker has it (or it is sent)."""
    now = timezone.now()
    claimed = SanctionLetter.objects.filter(_claimable(now), pk=letter_id).update(
        status=Status.RENDERING, started_at=now, attempts=F("attempts") + 1, updated_at=now
    )
    if claimed != 1:
        return None
    letter = SanctionLetter.objects.select_related(
        "buyer", "supplier", "escalation__action", "escalation__agreement", "escalation__buyer", "escalation__supplier"
    ).get(pk=letter_id)
    escalation = letter.escalation
    try:
        content, pages = render_letter_pdf(
            letter_context(
                escalation=escalation,
                kind=letter.kind,
                language=letter.language,
                reason=letter.reason,
                remedy_deadline=letter.remedy_deadline,
                decided_by=letter.decided_by,
                approved_by=letter.approved_by,
                decided_on=letter.decided_on,
            )
        )
        path = default_storage.save(f"private/letters/{uuid.uuid4().hex}.pdf", ContentFile(content))
    except Exception as exc:  # noqa: BLE001  (any failure is recorded on the letter and retried)
        logger.exception("Rendering letter %s failed", letter.public_id)
        SanctionLetter.objects.filter(pk=letter.pk, status=Status.RENDERING).update(
            status=Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], updated_at=timezone.now()
        )
        letter.refresh_from_db()
        return letter
    with transaction.atomic():
        current = SanctionLetter.objects.select_for_update().get(pk=letter.pk)
        if current.status != Status.RENDERING:  # taken over by another worker meanwhile
            default_storage.delete(path)
            return current
        current.file_path, current.size, current.pages = path, len(content), pages
        current.status, current.error, current.sent_at = Status.SENT, "", timezone.now()
        save_record(current, actor=None)
        released = notifications_release(item=current, attachment_path=path)
        record_event(
            actor=None,
            event_type="letter_sent",
            target=current,
            details={"emails": released, "pages": pages, "language": current.language},
        )
    return current


def letters_catch_up(*, now=None, min_age=CATCH_UP_AFTER) -> dict:
    """Render the letters whose task never came (the broker was down), whose rendering
    failed (again after 1, 2, 4, 8... minutes, up to MAX_ATTEMPTS) or whose worker died.
    Returns counts."""
    now = now or timezone.now()
    candidates = (
        SanctionLetter.objects.filter(_claimable(now))
        .order_by("created_at")
        .values_list("pk", "attempts", "updated_at")[: CATCH_UP_BATCH * 5]
    )
    due = [pk for pk, attempts, updated_at in candidates if updated_at < now - min_age * 2 ** max(attempts - 1, 0)]
    counts = {"sent": 0, "failed": 0}
    for letter_id in due[:CATCH_UP_BATCH]:
        letter = letter_render(letter_id=letter_id)
        if letter is not None:
            counts["sent" if letter.status == Status.SENT else "failed"] += 1
    return counts
