"""Tuned reads for follow-up meetings. The meetings list runs a fixed number of queries
whatever the number of rows (tests/followup_actions check it)."""

import datetime

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from followup.actions.selectors import finding_link, meeting_actions, overdue_q, today
from followup.models import AgendaItem, Answer, CorrectiveAction, Finding, Meeting
from suppliers.access import evidence_scope
from suppliers.models import Contact, Evidence, Supplier

EVIDENCE_EXPIRES_WITHIN_DAYS = 60


def week_bounds(today):
    """Monday 00:00 to the next Monday 00:00 of ``today``'s week, in the current time zone."""
    monday = today - datetime.timedelta(days=today.weekday())
    start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time.min))
    return start, start + datetime.timedelta(days=7)


def _count(qs, group_by):
    """A correlated COUNT(*) subquery, 0 when no row matches."""
    counted = qs.order_by().values(group_by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def meeting_list(*, buyer, status="", supplier=None, when="", today=None):
    """The buyer's meetings, newest first, each with its number of agenda points and of
    agreed actions. ``when="this_week"``: those of the current week (Monday to Sunday),
    cancelled ones left out."""
    qs = Meeting.objects.active().filter(buyer=buyer).select_related("supplier")
    if status:
        qs = qs.filter(status=status)
    if when == "this_week":
        start, end = week_bounds(today or timezone.localdate())
        qs = qs.filter(starts_at__gte=start, starts_at__lt=end).exclude(status=Meeting.Status.CANCELLED)
    if supplier is not None:
        qs = qs.filter(supplier=supplier)
    return qs.annotate(
        agenda_count=_count(AgendaItem.objects.filter(meeting=OuterRef("pk")), "meeting"),
        action_count=_count(CorrectiveAction.objects.filter(meeting=OuterRef("pk")), "meeting"),
    ).order_by("-starts_at", "pk")


def suppliers_with_meetings(buyer):
    return Supplier.objects.filter(Exists(Meeting.objects.filter(buyer=buyer, supplier=OuterRef("pk")))).order_by(
        "legal_name"
    )


def supplier_meetings(*, buyer, supplier, limit=10):
    return meeting_list(buyer=buyer, supplier=supplier)[:limit]


def agenda(meeting):
    """The agenda points in order, with what each one links to (one query)."""
    return list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("finding", "action", "answer__assessment", "evidence")
        .order_by("order")
    )


def staff_agenda(meeting):
    """The agenda with ``link`` set on each point: the page of its finding, answer,
    corrective action or evidence."""
    items = agenda(meeting)
    for item in items:
        item.link = None
        if item.finding_id:
            item.link = finding_link(item.finding)
        elif item.action_id:
            item.link = reverse("actions:detail", args=[item.action.public_id])
        elif item.answer_id:
            item.link = reverse("followup:assessment_review", args=[item.answer.assessment.public_id])
        elif item.evidence_id:
            item.link = reverse("suppliers:detail", args=[meeting.supplier.public_id]) + "#evidence"
    return items


def portal_agenda(meeting):
    """The agenda as the supplier sees it, with links to its own corrective actions (those
    it can see) and to its evidence library. Two queries."""
    from followup.actions.access import portal_visible_actions

    items = agenda(meeting)
    action_ids = [item.action_id for item in items if item.action_id]
    visible = (
        set(portal_visible_actions(meeting.supplier).filter(pk__in=action_ids).values_list("pk", flat=True))
        if action_ids
        else set()
    )
    for item in items:
        item.link = None
        if item.action_id in visible:
            item.link = reverse("portal_actions:detail", args=[item.action.public_id])
        elif item.evidence_id:
            item.link = reverse("portal:evidence_list")
    return items


def agreed_actions(meeting):
    return meeting_actions(meeting)


# --- What is open for a supplier: the proposed agenda --------------------------------------


def _date(value):
    return date_format(value, "SHORT_DATE_FORMAT")


def open_items(*, buyer, supplier, on=None):
    """Unsaved agenda points for what is open for the supplier at the buyer, in this
    order: findings concerning it that are not closed, answers returned for clarification,
    overdue corrective actions, and evidence that has expired or expires within 60 days.
    Five queries."""
    on = on or today()
    items = []
    findings = (
        Finding.objects.active()
        .filter(buyer=buyer, supplier_links__supplier=supplier)
        .exclude(status=Finding.Status.CLOSED)
        .order_by("-severity", "-created_at")
        .distinct()
    )
    for finding in findings:
        items.append(
            AgendaItem(
                kind=AgendaItem.Kind.FINDING, finding=finding, title=_("Finding: %(title)s") % {"title": finding.title}
            )
        )
    answers = (
        Answer.objects.filter(
            review=Answer.Review.CLARIFICATION,
            assessment__supplier=supplier,
            assessment__round__agreement__buyer=buyer,
            assessment__round__archived_at__isnull=True,
        )
        .select_related("question", "assessment__round")
        .order_by("assessment__round__deadline", "question__order")
    )
    for answer in answers:
        items.append(
            AgendaItem(
                kind=AgendaItem.Kind.ANSWER,
                answer=answer,
                title=Truncator(
                    _("Clarification asked in “%(round)s”: %(question)s")
                    % {"round": answer.assessment.round.title, "question": answer.question.text}
                ).chars(300),
                notes=answer.review_comment,
            )
        )
    actions = CorrectiveAction.objects.filter(buyer=buyer, supplier=supplier).filter(overdue_q(on)).order_by("deadline")
    for action in actions:
        items.append(
            AgendaItem(
                kind=AgendaItem.Kind.ACTION,
                action=action,
                title=Truncator(
                    _("Overdue corrective action: %(title)s (deadline %(date)s)")
                    % {"title": action.title, "date": _date(action.deadline)}
                ).chars(300),
            )
        )
    soon = on + datetime.timedelta(days=EVIDENCE_EXPIRES_WITHIN_DAYS)
    evidence = (
        Evidence.objects.active()
        .filter(evidence_scope([buyer.pk]))
        .filter(supplier=supplier, valid_to__isnull=False, valid_to__lte=soon)
    )
    for item in evidence.order_by("valid_to", "title"):
        template = (
            _("Evidence expired on %(date)s: %(title)s")
            if item.valid_to < on
            else _("Evidence expires on %(date)s: %(title)s")
        )
        items.append(
            AgendaItem(
                kind=AgendaItem.Kind.EVIDENCE,
                evidence=item,
                title=Truncator(template % {"date": _date(item.valid_to), "title": item.title}).chars(300),
            )
        )
    return items


# --- Participants and recipients -----------------------------------------------------------


def supplier_contacts(supplier):
    return Contact.objects.active().filter(supplier=supplier).order_by("-is_primary", "name")


def meeting_participants(meeting):
    """Our participants and the supplier's, each in name order (two queries)."""
    return {
        "buyer_participants": list(meeting.buyer_participants.order_by("full_name")),
        "supplier_participants": list(meeting.supplier_participants.order_by("name")),
    }


# --- Portal --------------------------------------------------------------------------------


def portal_meeting_list(supplier):
    """The supplier's meetings, newest first (cancelled ones only when the supplier had been
    sent the agenda)."""
    return (
        Meeting.objects.active()
        .filter(supplier=supplier)
        .exclude(Q(status=Meeting.Status.CANCELLED) & Q(agenda_shared_at__isnull=True))
        .select_related("buyer")
        .order_by("-starts_at", "pk")
    )


def portal_agreed_actions(meeting):
    return meeting_actions(meeting)
