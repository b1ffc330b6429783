"""The supplier timeline: everything that happened with one supplier, for one buyer,
newest first. This is what an officer reads before a follow-up meeting.

Each source kind is one query (or two or three for findings, actions and evidence), each
LIMITed to what the page needs, merged in Python. So the page runs the same number of
queries whatever the number of events (tests/followup_research/test_queries.py checks it
at 5 and at 50 events of each kind).

Status changes are read from the records' history (django-simple-history): a window
function (LAG over each record's history rows) compares each row's status with the one
before, and only rows where it changed are fetched.

Paging: page n needs at most the n × PER_PAGE newest events of each kind, so each query is
limited to that (plus one, to know whether an older page exists). At most MAX_PAGES pages.
"""

import datetime
from dataclasses import dataclass

from django.db.models import F, TextField, Value, Window
from django.db.models.functions import Coalesce, Lag
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oslo_procurement.audit.history import history_entries
from suppliers.access import cmrt_scope, evidence_scope
from suppliers.models import CmrtReport, Evidence, Site
from suppliers.selectors import EXPIRES_SOON_DAYS

from ..models import (
    ActionUpdate,
    Answer,
    Assessment,
    CorrectiveAction,
    Escalation,
    Finding,
    FindingSupplier,
    Meeting,
    SanctionLetter,
)
from .links import record_url

PER_PAGE = 25
MAX_PAGES = 40

KINDS = [
    ("supplier", gettext_lazy("Supplier record and sites")),
    ("assessment", gettext_lazy("Self-assessments")),
    ("review", gettext_lazy("Review decisions")),
    ("finding", gettext_lazy("Findings")),
    ("meeting", gettext_lazy("Meetings")),
    ("action", gettext_lazy("Corrective actions")),
    ("escalation", gettext_lazy("Escalations")),
    ("letter", gettext_lazy("Letters to the supplier")),
    ("evidence", gettext_lazy("Evidence")),
    ("cmrt", gettext_lazy("Conflict minerals (CMRT)")),
]


@dataclass
class Entry:
    when: datetime.datetime
    kind: str
    title: str
    detail: str = ""
    url: str = ""
    who: object = None
    date_only: bool = False

    @property
    def kind_label(self):
        return dict(KINDS)[self.kind]

    @property
    def future(self):
        return self.when > timezone.now()


def _day(value: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time(12, 0)))


def _short(value: datetime.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _changed(qs, field, *, empty=""):
    """History rows where ``field`` differs from the record's previous history row (the
    first row of each record counts as a change from ``empty``). The comparison runs over
    all history rows of the records in ``qs``; further filters on the result (say, on
    the new status) do not hide rows from it."""
    previous = Window(
        Lag(field),
        partition_by=[F("id")],
        order_by=[F("history_date").asc(), F("history_id").asc()],
    )
    changes = (
        qs.annotate(previous_value=Coalesce(previous, Value(empty), output_field=TextField()))
        .exclude(**{field: F("previous_value")})
        .values("history_id")
    )
    return qs.model._default_manager.filter(history_id__in=changes).order_by("-history_date", "-history_id")


# --- Sources, one function per kind ----------------------------------------------------------


def _supplier_entries(buyer, supplier, limit, today):
    entries = []
    supplier_url = record_url("supplier", supplier.public_id)
    for item in history_entries(supplier, limit=limit):
        if item["kind"] == "created":
            title = _("Supplier record created")
        else:
            fields = ", ".join(change["field"] for change in item["changes"]) or _("no field")
            title = _("Supplier record changed: %(fields)s") % {"fields": fields}
        entries.append(
            Entry(
                when=item["when"],
                kind="supplier",
                title=title,
                url=supplier_url,
                who=item["who"],
                detail=item["reason"],
            )
        )
    sites = (
        Site.history.filter(supplier_id=supplier.pk, history_type="+")
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:limit]
    )
    for row in sites:
        entries.append(
            Entry(
                when=row.history_date,
                kind="supplier",
                title=_("Site disclosed: %(site)s, %(country)s") % {"site": row.name, "country": row.country.name},
                url=record_url("site", row.public_id),
                who=row.history_user,
            )
        )
    return entries


def _assessment_entries(buyer, supplier, limit, today):
    wording = {
        Assessment.Status.NOT_STARTED: _("Self-assessment opened in round “%(round)s”, deadline %(deadline)s"),
        Assessment.Status.SUBMITTED: _("Self-assessment submitted in round “%(round)s”"),
        Assessment.Status.RETURNED: _("Self-assessment returned for clarification in round “%(round)s”"),
        Assessment.Status.ACCEPTED: _("Self-assessment accepted in round “%(round)s”"),
    }
    rows = _changed(
        Assessment.history.filter(supplier_id=supplier.pk, round__agreement__buyer=buyer),
        "status",
    ).filter(status__in=list(wording))
    entries = []
    for row in rows.select_related("round", "history_user")[:limit]:
        detail = row.get_verdict_display() if row.status == Assessment.Status.ACCEPTED and row.verdict else ""
        entries.append(
            Entry(
                when=row.history_date,
                kind="assessment",
                title=wording[row.status] % {"round": row.round.title, "deadline": _short(row.round.deadline)},
                detail=detail,
                url=record_url("assessment", row.public_id),
                who=row.history_user,
            )
        )
    return entries


def _review_entries(buyer, supplier, limit, today):
    rows = (
        _changed(
            Answer.history.filter(assessment__supplier_id=supplier.pk, assessment__round__agreement__buyer=buyer),
            "review",
            empty=Answer.Review.PENDING,
        )
        .exclude(review=Answer.Review.PENDING)
        .select_related("assessment", "question", "history_user")[:limit]
    )
    entries = []
    for row in rows:
        title = _("Answer to question %(order)s reviewed: %(review)s") % {
            "order": row.question.order,
            "review": row.get_review_display(),
        }
        if row.review == Answer.Review.NON_COMPLIANT and row.severity:
            title += f" ({row.get_severity_display()})"
        entries.append(
            Entry(
                when=row.history_date,
                kind="review",
                title=title,
                detail=row.review_comment,
                url=record_url("assessment", row.assessment.public_id),
                who=row.history_user,
            )
        )
    return entries


def _finding_entries(buyer, supplier, limit, today):
    concerning = FindingSupplier.objects.filter(supplier=supplier).values("finding_id")
    entries = []
    history = (
        _changed(Finding.history.filter(buyer_id=buyer.pk, id__in=concerning), "status")
        # "Raised" is shown per supplier from the link below, not once per finding.
        .exclude(status=Finding.Status.RAISED, history_type="~")
        .select_related("history_user")[:limit]
    )
    for row in history:
        if row.history_type == "+":
            title = _("Finding recorded: “%(title)s”") % {"title": row.title}
            detail = _("Source: %(source)s") % {"source": row.source_title}
        else:
            title = _("Finding “%(title)s”: %(status)s") % {"title": row.title, "status": row.get_status_display()}
            detail = row.history_change_reason or ""
        entries.append(
            Entry(
                when=row.history_date,
                kind="finding",
                title=title,
                detail=detail,
                url=record_url("finding", row.public_id),
                who=row.history_user,
            )
        )
    raised = (
        FindingSupplier.objects.filter(supplier=supplier, finding__buyer=buyer, raised_at__isnull=False)
        .select_related("finding", "raised_by")
        .order_by("-raised_at", "-pk")[:limit]
    )
    for link in raised:
        entries.append(
            Entry(
                when=link.raised_at,
                kind="finding",
                title=_("Finding raised with the supplier: “%(title)s”") % {"title": link.finding.title},
                url=record_url("finding", link.finding.public_id),
                who=link.raised_by,
            )
        )
    responses = (
        _changed(FindingSupplier.history.filter(supplier_id=supplier.pk, finding__buyer=buyer), "supplier_response")
        .exclude(supplier_response="")
        .select_related("finding", "history_user")[:limit]
    )
    for row in responses:
        entries.append(
            Entry(
                when=row.history_date,
                kind="finding",
                title=_("The supplier responded to “%(title)s”") % {"title": row.finding.title},
                detail=row.supplier_response,
                url=record_url("finding", row.finding.public_id),
                who=row.history_user,
            )
        )
    return entries


def _meeting_entries(buyer, supplier, limit, today):
    wording = {
        Meeting.Status.PLANNED: _("Meeting planned: “%(title)s” on %(date)s"),
        Meeting.Status.HELD: _("Meeting held: “%(title)s”"),
        Meeting.Status.MINUTES_SHARED: _("Minutes shared with the supplier: “%(title)s”"),
        Meeting.Status.CANCELLED: _("Meeting cancelled: “%(title)s”"),
    }
    rows = _changed(Meeting.history.filter(supplier_id=supplier.pk, buyer_id=buyer.pk), "status").select_related(
        "history_user"
    )[:limit]
    return [
        Entry(
            when=row.history_date,
            kind="meeting",
            title=wording[row.status] % {"title": row.title, "date": _short(timezone.localdate(row.starts_at))},
            url=record_url("meeting", row.public_id),
            who=row.history_user,
        )
        for row in rows
        if row.status in wording
    ]


def _action_entries(buyer, supplier, limit, today):
    wording = {
        CorrectiveAction.Status.OPEN: _("Corrective action agreed: “%(title)s”, deadline %(deadline)s"),
        CorrectiveAction.Status.IN_PROGRESS: _("Corrective action in progress: “%(title)s”"),
        CorrectiveAction.Status.EVIDENCE_SUBMITTED: _("Evidence submitted for corrective action “%(title)s”"),
        CorrectiveAction.Status.VERIFIED_CLOSED: _("Corrective action verified and closed: “%(title)s”"),
    }
    entries = []
    rows = _changed(
        CorrectiveAction.history.filter(supplier_id=supplier.pk, buyer_id=buyer.pk), "status"
    ).select_related("history_user")[:limit]
    for row in rows:
        title = wording.get(row.status, "%(title)s") % {"title": row.title, "deadline": _short(row.deadline)}
        if row.history_type == "+" and row.status != CorrectiveAction.Status.OPEN:
            title = wording[CorrectiveAction.Status.OPEN] % {"title": row.title, "deadline": _short(row.deadline)}
        elif row.status == CorrectiveAction.Status.VERIFIED_CLOSED and row.verified_without_evidence:
            title = _("Corrective action closed without the supplier's evidence (officer's override): “%(title)s”") % {
                "title": row.title
            }
        entries.append(
            Entry(
                when=row.history_date,
                kind="action",
                title=title,
                detail=row.verification_note if row.status == CorrectiveAction.Status.VERIFIED_CLOSED else "",
                url=record_url("action", row.public_id),
                who=row.history_user,
            )
        )
    updates = (
        ActionUpdate.objects.filter(action__supplier=supplier, action__buyer=buyer)
        .exclude(kind=ActionUpdate.Kind.VERIFIED)
        .select_related("action", "author")
        .order_by("-created_at", "-pk")[:limit]
    )
    for update in updates:
        entries.append(
            Entry(
                when=update.created_at,
                kind="action",
                title=_("%(kind)s on “%(title)s”") % {"kind": update.get_kind_display(), "title": update.action.title},
                detail=update.text,
                url=record_url("action", update.action.public_id),
                who=update.author,
            )
        )
    overdue = (
        CorrectiveAction.objects.filter(supplier=supplier, buyer=buyer, deadline__lt=today)
        .exclude(status=CorrectiveAction.Status.VERIFIED_CLOSED)
        .order_by("-deadline", "-pk")[:limit]
    )
    for action in overdue:
        entries.append(
            Entry(
                when=_day(action.deadline),
                kind="action",
                title=_("Deadline passed, corrective action overdue: “%(title)s”") % {"title": action.title},
                url=record_url("action", action.public_id),
                date_only=True,
            )
        )
    return entries


def _escalation_entries(buyer, supplier, limit, today):
    wording = {
        Escalation.Status.PROPOSED: _("Escalation proposed: %(rung)s"),
        Escalation.Status.IN_FORCE: _("Escalation in force: %(rung)s"),
        Escalation.Status.REJECTED: _("Escalation rejected: %(rung)s"),
        Escalation.Status.LIFTED: _("Escalation lifted: %(rung)s"),
    }
    rows = _changed(Escalation.history.filter(supplier_id=supplier.pk, buyer_id=buyer.pk), "status").select_related(
        "action", "history_user"
    )[:limit]
    return [
        Entry(
            when=row.history_date,
            kind="escalation",
            title=wording.get(row.status, "%(rung)s") % {"rung": row.get_rung_display()},
            detail=row.reason,
            url=record_url("action", row.action.public_id),
            who=row.history_user,
        )
        for row in rows
    ]


def _letter_entries(buyer, supplier, limit, today):
    letters = (
        SanctionLetter.objects.filter(supplier=supplier, buyer=buyer, status=SanctionLetter.Status.SENT)
        .select_related("decided_by")
        .order_by("-sent_at", "-pk")[:limit]
    )
    entries = []
    for letter in letters:
        wording = (
            _("Letter sent to the supplier: lifting of “%(rung)s” (%(language)s)")
            if letter.kind == SanctionLetter.Kind.LIFTING
            else _("Letter sent to the supplier: %(rung)s (%(language)s)")
        )
        entries.append(
            Entry(
                when=letter.sent_at,
                kind="letter",
                title=wording % {"rung": letter.get_rung_display(), "language": letter.get_language_display()},
                detail=letter.reason,
                url=record_url("letter", letter.public_id),
                who=letter.decided_by,
            )
        )
    return entries


def _evidence_entries(buyer, supplier, limit, today):
    evidence_url = record_url("supplier", supplier.public_id, anchor="#evidence")
    entries = []
    added = (
        Evidence.objects.active()
        .filter(evidence_scope([buyer.pk]), supplier=supplier)
        .exclude(kind=Evidence.Kind.CMRT)
        .select_related("uploaded_by")
        .order_by("-created_at", "-pk")[:limit]
    )
    for item in added:
        entries.append(
            Entry(
                when=item.created_at,
                kind="evidence",
                title=_("Evidence added: “%(title)s” (%(kind)s)")
                % {"title": item.title, "kind": item.get_kind_display()},
                url=evidence_url,
                who=item.uploaded_by,
            )
        )
    soon = today + datetime.timedelta(days=EXPIRES_SOON_DAYS)
    expiring = (
        Evidence.objects.active()
        .filter(evidence_scope([buyer.pk]), supplier=supplier, valid_to__lte=soon)
        .order_by("-valid_to", "-pk")[:limit]
    )
    for item in expiring:
        wording = _("Evidence expired: “%(title)s”") if item.valid_to < today else _("Evidence expires: “%(title)s”")
        entries.append(
            Entry(
                when=_day(item.valid_to),
                kind="evidence",
                title=wording % {"title": item.title},
                url=evidence_url,
                date_only=True,
            )
        )
    return entries


def _cmrt_entries(buyer, supplier, limit, today):
    reports = (
        CmrtReport.objects.active()
        .filter(cmrt_scope([buyer.pk]), supplier=supplier)
        .select_related("uploaded_by")
        .order_by("-created_at", "-pk")[:limit]
    )
    return [
        Entry(
            when=report.created_at,
            kind="cmrt",
            title=_("CMRT %(version)s uploaded for %(company)s")
            % {"version": report.template_version, "company": report.company_name},
            url=record_url("cmrt", report.public_id),
            who=report.uploaded_by,
        )
        for report in reports
    ]


SOURCES = {
    "supplier": _supplier_entries,
    "assessment": _assessment_entries,
    "review": _review_entries,
    "finding": _finding_entries,
    "meeting": _meeting_entries,
    "action": _action_entries,
    "escalation": _escalation_entries,
    "letter": _letter_entries,
    "evidence": _evidence_entries,
    "cmrt": _cmrt_entries,
}


@dataclass
class TimelinePage:
    entries: list
    number: int
    has_next: bool

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def next_page_number(self):
        return self.number + 1

    @property
    def previous_page_number(self):
        return self.number - 1


def supplier_timeline(*, buyer, supplier, kind="", page=1, per_page=PER_PAGE, today=None) -> TimelinePage:
    """One page of the supplier's timeline for the buyer, newest first (future dates,
    such as evidence about to expire, on top)."""
    today = today or timezone.localdate()
    page = max(1, min(int(page or 1), MAX_PAGES))
    limit = page * per_page + 1
    kinds = [kind] if kind in SOURCES else list(SOURCES)
    entries = []
    for name in kinds:
        entries.extend(SOURCES[name](buyer, supplier, limit, today))
    entries.sort(key=lambda entry: entry.when, reverse=True)
    start = (page - 1) * per_page
    return TimelinePage(
        entries=entries[start : start + per_page],
        number=page,
        has_next=len(entries) > start + per_page and page < MAX_PAGES,
    )
