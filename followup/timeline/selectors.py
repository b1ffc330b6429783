"""The supplier timeline: everything that happened with one supplier, for one buyer,
newest first. This is what an officer reads before a follow-up meeting.

Each source is a part: a queryset LIMITed to what the page needs, giving some of the
columns in COLUMNS. The parts of the kinds shown run as one statement (UNION ALL), and the
supplier record's own history as a second one (its entries say which fields changed, so
they need every tracked column); the rows are merged in Python. So the page runs the same
two queries whatever the number of events (tests/followup_research/test_queries.py checks
it at 5 and at 50 events of each kind). The statements are compiled once per process with
stand-in ids and dates, and each request binds its own (statement.py).

Status changes are read from the records' history (django-simple-history): a window
function (LAG over each record's history rows) compares each row's status with the one
before, and only rows where it changed are fetched.

Paging: page n needs at most the n × PER_PAGE newest events of each part, so each part is
limited to that (plus one, to know whether an older page exists). At most MAX_PAGES pages.
"""

import datetime
import functools
import uuid
from dataclasses import dataclass

from django.db import connection, models
from django.db.models import F, TextField, Value, Window
from django.db.models.functions import Coalesce, Lag
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oslo_procurement.audit.history import diff_field_names
from suppliers.access import cmrt_scope, evidence_scope
from suppliers.models import CmrtReport, Evidence, Site, Supplier
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
    ReportingRound,
    SanctionLetter,
)
from .links import record_url
from .statement import STAND_INS, compile_union

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
    who: str | None = None  # the full name of who did it; None when no user is recorded
    date_only: bool = False
    # Merging: entries at the same time keep the order of the parts, then of each part.
    part: int = 0
    tie: int = 0
    record: tuple = ()  # (kind of record, public id[, anchor]) for the link, made for shown entries


def _day(value: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time(12, 0)))


def _short(value: datetime.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _display(model, name, value):
    """``get_<name>_display()`` for a value read without its model instance."""
    return str(_choices(model, name).get(value, value))


@functools.cache
def _choices(model, name):
    return dict(model._meta.get_field(name).flatchoices)


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
    return qs.model._default_manager.filter(history_id__in=changes)


# --- The parts ---------------------------------------------------------------------------------

# What a part may give; "at" (a time) or "on" (a date-only entry's day) places the entry,
# "tie" is the row's id (history id or primary key), "who" the user's full name (NULL when
# there is none: a user's full name is never NULL).
COLUMNS = {
    "tl_at": models.DateTimeField(),
    "tl_on": models.DateField(),
    "tl_tie": models.BigIntegerField(),
    "tl_public_id": models.UUIDField(),
    "tl_who": models.TextField(),
    "tl_a": models.TextField(),
    "tl_b": models.TextField(),
    "tl_c": models.TextField(),
    "tl_d": models.TextField(),
    "tl_e": models.TextField(),
    "tl_number": models.IntegerField(),
    "tl_flag": models.BooleanField(),
    "tl_date": models.DateField(),
    "tl_time": models.DateTimeField(),
}
(AT, ON, TIE, PUBLIC_ID, WHO, A, B, C, D, E, NUMBER, FLAG, DATE, TIME) = range(1, len(COLUMNS) + 1)


def _history(qs, **columns):
    """A part of history rows, newest first: when, which row, who, and ``columns``."""
    return qs.values(
        tl_at=F("history_date"), tl_tie=F("history_id"), tl_who=F("history_user__full_name"), **columns
    ).order_by("-history_date", "-history_id")


def _sites(supplier, buyer, today, soon):
    return _history(
        Site.history.filter(supplier_id=supplier, history_type="+"),
        tl_public_id=F("public_id"),
        tl_a=F("name"),
        tl_b=F("country"),
    )


def _assessments(supplier, buyer, today, soon):
    rows = _changed(Assessment.history.filter(supplier_id=supplier, round__agreement__buyer=buyer), "status")
    return _history(
        rows.filter(status__in=list(ASSESSMENT_WORDING)),
        tl_public_id=F("public_id"),
        tl_a=F("status"),
        tl_b=F("verdict"),
        tl_c=F("round__title_nb"),
        tl_d=F("round__title_en"),
        tl_date=F("round__deadline"),
    )


def _reviews(supplier, buyer, today, soon):
    rows = _changed(
        Answer.history.filter(assessment__supplier_id=supplier, assessment__round__agreement__buyer=buyer),
        "review",
        empty=Answer.Review.PENDING,
    ).exclude(review=Answer.Review.PENDING)
    return _history(
        rows,
        tl_a=F("review"),
        tl_b=F("severity"),
        tl_c=F("review_comment"),
        tl_number=F("question__order"),
        tl_public_id=F("assessment__public_id"),
    )


def _findings(supplier, buyer, today, soon):
    concerning = FindingSupplier.objects.filter(supplier=supplier).values("finding_id")
    rows = (
        _changed(Finding.history.filter(buyer_id=buyer, id__in=concerning), "status")
        # "Raised" is shown per supplier from the link below, not once per finding.
        .exclude(status=Finding.Status.RAISED, history_type="~")
    )
    return _history(
        rows,
        tl_public_id=F("public_id"),
        tl_a=F("history_type"),
        tl_b=F("title"),
        tl_c=F("source_title"),
        tl_d=F("status"),
        tl_e=F("history_change_reason"),
    )


def _raised(supplier, buyer, today, soon):
    return (
        FindingSupplier.objects.filter(supplier=supplier, finding__buyer=buyer, raised_at__isnull=False)
        .values(
            tl_at=F("raised_at"),
            tl_tie=F("pk"),
            tl_who=F("raised_by__full_name"),
            tl_a=F("finding__title"),
            tl_public_id=F("finding__public_id"),
        )
        .order_by("-raised_at", "-pk")
    )


def _responses(supplier, buyer, today, soon):
    rows = _changed(
        FindingSupplier.history.filter(supplier_id=supplier, finding__buyer=buyer), "supplier_response"
    ).exclude(supplier_response="")
    return _history(rows, tl_a=F("finding__title"), tl_b=F("supplier_response"), tl_public_id=F("finding__public_id"))


def _meetings(supplier, buyer, today, soon):
    return _history(
        _changed(Meeting.history.filter(supplier_id=supplier, buyer_id=buyer), "status"),
        tl_public_id=F("public_id"),
        tl_a=F("status"),
        tl_b=F("title"),
        tl_time=F("starts_at"),
    )


def _actions(supplier, buyer, today, soon):
    return _history(
        _changed(CorrectiveAction.history.filter(supplier_id=supplier, buyer_id=buyer), "status"),
        tl_public_id=F("public_id"),
        tl_a=F("status"),
        tl_b=F("history_type"),
        tl_c=F("title"),
        tl_d=F("verification_note"),
        tl_date=F("deadline"),
        tl_flag=F("verified_without_evidence"),
    )


def _updates(supplier, buyer, today, soon):
    return (
        ActionUpdate.objects.filter(action__supplier=supplier, action__buyer=buyer)
        .exclude(kind=ActionUpdate.Kind.VERIFIED)
        .values(
            tl_at=F("created_at"),
            tl_tie=F("pk"),
            tl_who=F("author__full_name"),
            tl_a=F("kind"),
            tl_b=F("action__title"),
            tl_c=F("text"),
            tl_public_id=F("action__public_id"),
        )
        .order_by("-created_at", "-pk")
    )


def _overdue(supplier, buyer, today, soon):
    return (
        CorrectiveAction.objects.filter(supplier=supplier, buyer=buyer, deadline__lt=today)
        .exclude(status=CorrectiveAction.Status.VERIFIED_CLOSED)
        .values(tl_on=F("deadline"), tl_tie=F("pk"), tl_a=F("title"), tl_public_id=F("public_id"))
        .order_by("-deadline", "-pk")
    )


def _escalations(supplier, buyer, today, soon):
    return _history(
        _changed(Escalation.history.filter(supplier_id=supplier, buyer_id=buyer), "status"),
        tl_a=F("status"),
        tl_number=F("rung"),
        tl_b=F("reason"),
        tl_public_id=F("action__public_id"),
    )


def _letters(supplier, buyer, today, soon):
    return (
        SanctionLetter.objects.filter(supplier=supplier, buyer=buyer, status=SanctionLetter.Status.SENT)
        .values(
            tl_at=F("sent_at"),
            tl_tie=F("pk"),
            tl_who=F("decided_by__full_name"),
            tl_public_id=F("public_id"),
            tl_a=F("kind"),
            tl_number=F("rung"),
            tl_b=F("language"),
            tl_c=F("reason"),
        )
        .order_by("-sent_at", "-pk")
    )


def _evidence_added(supplier, buyer, today, soon):
    return (
        Evidence.objects.active()
        .filter(evidence_scope([buyer]), supplier=supplier)
        .exclude(kind=Evidence.Kind.CMRT)
        .values(
            tl_at=F("created_at"),
            tl_tie=F("pk"),
            tl_who=F("uploaded_by__full_name"),
            tl_a=F("title"),
            tl_b=F("kind"),
        )
        .order_by("-created_at", "-pk")
    )


def _evidence_expiring(supplier, buyer, today, soon):
    return (
        Evidence.objects.active()
        .filter(evidence_scope([buyer]), supplier=supplier, valid_to__lte=soon)
        .values(tl_on=F("valid_to"), tl_tie=F("pk"), tl_a=F("title"))
        .order_by("-valid_to", "-pk")
    )


def _cmrt(supplier, buyer, today, soon):
    return (
        CmrtReport.objects.active()
        .filter(cmrt_scope([buyer]), supplier=supplier)
        .values(
            tl_at=F("created_at"),
            tl_tie=F("pk"),
            tl_who=F("uploaded_by__full_name"),
            tl_public_id=F("public_id"),
            tl_a=F("template_version"),
            tl_b=F("company_name"),
        )
        .order_by("-created_at", "-pk")
    )


# --- What each part's rows say -----------------------------------------------------------------

ASSESSMENT_WORDING = {
    Assessment.Status.NOT_STARTED: gettext_lazy("Self-assessment opened in round “%(round)s”, deadline %(deadline)s"),
    Assessment.Status.SUBMITTED: gettext_lazy("Self-assessment submitted in round “%(round)s”"),
    Assessment.Status.RETURNED: gettext_lazy("Self-assessment returned for clarification in round “%(round)s”"),
    Assessment.Status.ACCEPTED: gettext_lazy("Self-assessment accepted in round “%(round)s”"),
}
MEETING_WORDING = {
    Meeting.Status.PLANNED: gettext_lazy("Meeting planned: “%(title)s” on %(date)s"),
    Meeting.Status.HELD: gettext_lazy("Meeting held: “%(title)s”"),
    Meeting.Status.MINUTES_SHARED: gettext_lazy("Minutes shared with the supplier: “%(title)s”"),
    Meeting.Status.CANCELLED: gettext_lazy("Meeting cancelled: “%(title)s”"),
}
ACTION_WORDING = {
    CorrectiveAction.Status.OPEN: gettext_lazy("Corrective action agreed: “%(title)s”, deadline %(deadline)s"),
    CorrectiveAction.Status.IN_PROGRESS: gettext_lazy("Corrective action in progress: “%(title)s”"),
    CorrectiveAction.Status.EVIDENCE_SUBMITTED: gettext_lazy("Evidence submitted for corrective action “%(title)s”"),
    CorrectiveAction.Status.VERIFIED_CLOSED: gettext_lazy("Corrective action verified and closed: “%(title)s”"),
}
ESCALATION_WORDING = {
    Escalation.Status.PROPOSED: gettext_lazy("Escalation proposed: %(rung)s"),
    Escalation.Status.IN_FORCE: gettext_lazy("Escalation in force: %(rung)s"),
    Escalation.Status.REJECTED: gettext_lazy("Escalation rejected: %(rung)s"),
    Escalation.Status.LIFTED: gettext_lazy("Escalation lifted: %(rung)s"),
}


def _site_entry(row, today):
    country = Site._meta.get_field("country").countries.name(row[B])
    return Entry(
        when=row[AT],
        kind="supplier",
        title=_("Site disclosed: %(site)s, %(country)s") % {"site": row[A], "country": country},
        record=("site", row[PUBLIC_ID]),
        who=row[WHO],
    )


def _assessment_entry(row, today):
    status, verdict = row[A], row[B]
    round_title = ReportingRound(title_nb=row[C], title_en=row[D]).title  # in the reader's language
    return Entry(
        when=row[AT],
        kind="assessment",
        title=str(ASSESSMENT_WORDING[status]) % {"round": round_title, "deadline": _short(row[DATE])},
        detail=_display(Assessment, "verdict", verdict) if status == Assessment.Status.ACCEPTED and verdict else "",
        record=("assessment", row[PUBLIC_ID]),
        who=row[WHO],
    )


def _review_entry(row, today):
    review, severity = row[A], row[B]
    title = _("Answer to question %(order)s reviewed: %(review)s") % {
        "order": row[NUMBER],
        "review": _display(Answer, "review", review),
    }
    if review == Answer.Review.NON_COMPLIANT and severity:
        title += f" ({_display(Answer, 'severity', severity)})"
    return Entry(
        when=row[AT], kind="review", title=title, detail=row[C], record=("assessment", row[PUBLIC_ID]), who=row[WHO]
    )


def _finding_entry(row, today):
    if row[A] == "+":
        title = _("Finding recorded: “%(title)s”") % {"title": row[B]}
        detail = _("Source: %(source)s") % {"source": row[C]}
    else:
        title = _("Finding “%(title)s”: %(status)s") % {"title": row[B], "status": _display(Finding, "status", row[D])}
        detail = row[E] or ""
    return Entry(
        when=row[AT], kind="finding", title=title, detail=detail, record=("finding", row[PUBLIC_ID]), who=row[WHO]
    )


def _raised_entry(row, today):
    return Entry(
        when=row[AT],
        kind="finding",
        title=_("Finding raised with the supplier: “%(title)s”") % {"title": row[A]},
        record=("finding", row[PUBLIC_ID]),
        who=row[WHO],
    )


def _response_entry(row, today):
    return Entry(
        when=row[AT],
        kind="finding",
        title=_("The supplier responded to “%(title)s”") % {"title": row[A]},
        detail=row[B],
        record=("finding", row[PUBLIC_ID]),
        who=row[WHO],
    )


def _meeting_entry(row, today):
    wording = MEETING_WORDING.get(row[A])
    if wording is None:
        return None
    return Entry(
        when=row[AT],
        kind="meeting",
        title=str(wording) % {"title": row[B], "date": _short(timezone.localdate(row[TIME]))},
        record=("meeting", row[PUBLIC_ID]),
        who=row[WHO],
    )


def _action_entry(row, today):
    status, history_type, action_title, deadline = row[A], row[B], row[C], row[DATE]
    opened = ACTION_WORDING[CorrectiveAction.Status.OPEN]
    title = str(ACTION_WORDING.get(status, "%(title)s")) % {"title": action_title, "deadline": _short(deadline)}
    if history_type == "+" and status != CorrectiveAction.Status.OPEN:
        title = str(opened) % {"title": action_title, "deadline": _short(deadline)}
    elif status == CorrectiveAction.Status.VERIFIED_CLOSED and row[FLAG]:
        title = _("Corrective action closed without the supplier's evidence (officer's override): “%(title)s”") % {
            "title": action_title
        }
    return Entry(
        when=row[AT],
        kind="action",
        title=title,
        detail=row[D] if status == CorrectiveAction.Status.VERIFIED_CLOSED else "",
        record=("action", row[PUBLIC_ID]),
        who=row[WHO],
    )


def _update_entry(row, today):
    return Entry(
        when=row[AT],
        kind="action",
        title=_("%(kind)s on “%(title)s”") % {"kind": _display(ActionUpdate, "kind", row[A]), "title": row[B]},
        detail=row[C],
        record=("action", row[PUBLIC_ID]),
        who=row[WHO],
    )


def _overdue_entry(row, today):
    return Entry(
        when=_day(row[ON]),
        kind="action",
        title=_("Deadline passed, corrective action overdue: “%(title)s”") % {"title": row[A]},
        record=("action", row[PUBLIC_ID]),
        date_only=True,
    )


def _escalation_entry(row, today):
    return Entry(
        when=row[AT],
        kind="escalation",
        title=str(ESCALATION_WORDING.get(row[A], "%(rung)s")) % {"rung": _display(Escalation, "rung", row[NUMBER])},
        detail=row[B],
        record=("action", row[PUBLIC_ID]),
        who=row[WHO],
    )


def _letter_entry(row, today):
    wording = (
        _("Letter sent to the supplier: lifting of “%(rung)s” (%(language)s)")
        if row[A] == SanctionLetter.Kind.LIFTING
        else _("Letter sent to the supplier: %(rung)s (%(language)s)")
    )
    return Entry(
        when=row[AT],
        kind="letter",
        title=wording
        % {
            "rung": _display(SanctionLetter, "rung", row[NUMBER]),
            "language": _display(SanctionLetter, "language", row[B]),
        },
        detail=row[C],
        record=("letter", row[PUBLIC_ID]),
        who=row[WHO],
    )


def _evidence_added_entry(row, today):
    return Entry(
        when=row[AT],
        kind="evidence",
        title=_("Evidence added: “%(title)s” (%(kind)s)")
        % {"title": row[A], "kind": _display(Evidence, "kind", row[B])},
        record=("supplier", None, "#evidence"),
        who=row[WHO],
    )


def _evidence_expiring_entry(row, today):
    wording = _("Evidence expired: “%(title)s”") if row[ON] < today else _("Evidence expires: “%(title)s”")
    return Entry(
        when=_day(row[ON]),
        kind="evidence",
        title=wording % {"title": row[A]},
        record=("supplier", None, "#evidence"),
        date_only=True,
    )


def _cmrt_entry(row, today):
    return Entry(
        when=row[AT],
        kind="cmrt",
        title=_("CMRT %(version)s uploaded for %(company)s") % {"version": row[A], "company": row[B]},
        record=("cmrt", row[PUBLIC_ID]),
        who=row[WHO],
    )


# Kind -> its parts (queryset, entry), in the order their entries were always merged: at the
# same time, an entry of an earlier part comes first.
SOURCES = {
    "supplier": [(_sites, _site_entry)],  # and the supplier record's history, _supplier_entries
    "assessment": [(_assessments, _assessment_entry)],
    "review": [(_reviews, _review_entry)],
    "finding": [(_findings, _finding_entry), (_raised, _raised_entry), (_responses, _response_entry)],
    "meeting": [(_meetings, _meeting_entry)],
    "action": [(_actions, _action_entry), (_updates, _update_entry), (_overdue, _overdue_entry)],
    "escalation": [(_escalations, _escalation_entry)],
    "letter": [(_letters, _letter_entry)],
    "evidence": [(_evidence_added, _evidence_added_entry), (_evidence_expiring, _evidence_expiring_entry)],
    "cmrt": [(_cmrt, _cmrt_entry)],
}
_PARTS = [part for parts in SOURCES.values() for part in parts]


@functools.lru_cache(maxsize=64)
def _statement(vendor, kinds, limit):
    """The parts of ``kinds``, one statement. ``vendor`` keys the cache by database."""
    parts = [part for kind in kinds for part in SOURCES[kind]]
    stand_ins = (STAND_INS["supplier"], STAND_INS["buyer"], STAND_INS["today"], STAND_INS["soon"])
    querysets = [make(*stand_ins)[:limit] for make, _entry in parts]
    return compile_union(querysets, COLUMNS), [_PARTS.index(part) + 1 for part in parts]


# --- The supplier record's own history ------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _supplier_statement(vendor, limit):
    """The supplier's history rows, newest first, with every field history_entries compares."""
    fields = diff_field_names(Supplier)
    columns = {
        "tl_at": models.DateTimeField(),
        "tl_tie": models.BigIntegerField(),
        "tl_type": models.TextField(),
        "tl_reason": models.TextField(),
        "tl_who": models.TextField(),
        **{f"tl_field_{name}": Supplier._meta.get_field(name) for name in fields},
    }
    rows = Supplier.history.filter(id=STAND_INS["supplier"]).values(
        tl_at=F("history_date"),
        tl_tie=F("history_id"),
        tl_type=F("history_type"),
        tl_reason=F("history_change_reason"),
        tl_who=F("history_user__full_name"),
        **{f"tl_field_{name}": F(Supplier._meta.get_field(name).attname) for name in fields},
    )
    return compile_union([rows.order_by("-history_date", "-history_id")[: limit + 1]], columns), fields


def _supplier_entries(supplier, limit):
    """As oslo_procurement.audit.history.history_entries tells the supplier's history: a
    change lists the fields that differ from the row before."""
    statement, fields = _supplier_statement(connection.vendor, limit)
    rows = statement.run({"supplier": supplier.pk})
    first = 6  # the first field's column: part, at, tie, type, reason, who
    entries = []
    for index, row in enumerate(rows[:limit]):
        if row[3] == "+":
            title = _("Supplier record created")
        else:
            changed = []
            if index + 1 < len(rows) and row[3] == "~":
                before = rows[index + 1]
                changed = [name for offset, name in enumerate(fields, start=first) if row[offset] != before[offset]]
            labels = ", ".join(str(Supplier._meta.get_field(name).verbose_name) for name in changed) or _("no field")
            title = _("Supplier record changed: %(fields)s") % {"fields": labels}
        entries.append(
            Entry(
                when=row[1],
                kind="supplier",
                title=title,
                record=("supplier", supplier.public_id),
                who=row[5],
                detail=row[4] or "",
                part=0,
                tie=row[2],
            )
        )
    return entries


# --- The page ----------------------------------------------------------------------------------------


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


_PLACEHOLDER = uuid.UUID(int=0)


def _link(entry, supplier, made):
    """The entry's record URL; one ``reverse`` per kind of record and request."""
    kind, public_id, *anchor = entry.record
    key = (kind, *anchor)
    if key not in made:
        made[key] = record_url(kind, _PLACEHOLDER, anchor=anchor[0] if anchor else "")
    return made[key].replace(str(_PLACEHOLDER), str(supplier.public_id if public_id is None else public_id))


def supplier_timeline(*, buyer, supplier, kind="", page=1, per_page=PER_PAGE, today=None) -> TimelinePage:
    """One page of the supplier's timeline for the buyer, newest first (future dates,
    such as evidence about to expire, on top)."""
    today = today or timezone.localdate()
    page = max(1, min(int(page or 1), MAX_PAGES))
    limit = page * per_page + 1
    kinds = (kind,) if kind in SOURCES else tuple(SOURCES)
    entries = _supplier_entries(supplier, limit) if "supplier" in kinds else []
    statement, numbers = _statement(connection.vendor, kinds, limit)
    values = {
        "supplier": supplier.pk,
        "buyer": buyer.pk,
        "today": today,
        "soon": today + datetime.timedelta(days=EXPIRES_SOON_DAYS),
    }
    for row in statement.run(values):
        _make, make_entry = _PARTS[numbers[row[0]] - 1]
        entry = make_entry(row, today)
        if entry is not None:
            entry.part, entry.tie = numbers[row[0]], row[TIE]
            entries.append(entry)
    # Newest first; at the same time, the earlier part first, and within a part its own order
    # (newest, then the highest id first).
    entries.sort(key=lambda entry: (entry.when, -entry.part, entry.tie), reverse=True)
    start = (page - 1) * per_page
    shown = entries[start : start + per_page]
    made = {}
    for entry in shown:
        entry.url = _link(entry, supplier, made)
    return TimelinePage(
        entries=shown,
        number=page,
        has_next=len(entries) > start + per_page and page < MAX_PAGES,
    )
