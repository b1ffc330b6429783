"""The officer's and manager's work queue (the staff start page): what waits for them,
one line per kind of work, each counted with the same queryset as the list it opens, so
the number on the home page is the number of rows on the list.

Each line's records come from one function here. Lines whose records have a list of their
own (corrective actions, escalations, meetings) open that list with its filters
(``?status=evidence_submitted``, ``?overdue=yes``, ``?when=this_week`` ...); the others open
the work queue's own list of that line (``/work/<line>/``). ``mine`` narrows every line to the
suppliers the user is the buyer's responsible officer for (contracts.SupplierOfficer)."""

import datetime
import functools
from dataclasses import dataclass, field, replace

from django.core.exceptions import EmptyResultSet
from django.db.models import Exists, OuterRef, Q, prefetch_related_objects
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from contracts.selectors import awarded_suppliers, my_suppliers
from followup.actions import selectors as action_selectors
from followup.meetings import selectors as meeting_selectors
from followup.models import Assessment, CorrectiveAction, Meeting
from followup.reminders import selectors as reminder_selectors
from oslo_procurement.compiled import compiled_sql, statement_cursor
from suppliers.cmrt.services import HIGH, MEDIUM, cmrt_attention, references_for
from suppliers.models import CmrtReport, CmrtSmelter, Evidence, Invitation, RegisterEntry

EXPIRY_DAYS = 30


@dataclass
class Context:
    buyer: object
    user: object
    mine: bool = False
    today: datetime.date = field(default_factory=timezone.localdate)

    def supplier_scope(self, qs, field_name="supplier"):
        """Narrow a queryset to the user's own suppliers when ``mine`` is on."""
        if not self.mine:
            return qs
        return qs.filter(**{f"{field_name}__in": my_suppliers(self.buyer, self.user)})


# --- The records of each line -------------------------------------------------------------------


def _assessments(ctx):
    qs = Assessment.objects.filter(
        round__agreement__buyer=ctx.buyer, round__archived_at__isnull=True, status=Assessment.Status.SUBMITTED
    )
    return ctx.supplier_scope(qs).select_related("supplier", "round").order_by("submitted_at", "pk")


def submitted_assessments(ctx):
    """Submitted for the first time and waiting for the officer's review."""
    return _assessments(ctx).filter(returned_at__isnull=True)


def clarified_assessments(ctx):
    """Returned for clarification and sent back by the supplier: the clarified answers wait."""
    return _assessments(ctx).filter(returned_at__isnull=False)


def actions_to_verify(ctx):
    return ctx.supplier_scope(
        action_selectors.action_list(buyer=ctx.buyer, status=CorrectiveAction.Status.EVIDENCE_SUBMITTED, on=ctx.today)
    )


def overdue_actions(ctx):
    return ctx.supplier_scope(action_selectors.action_list(buyer=ctx.buyer, overdue="yes", on=ctx.today))


def escalations_to_approve(ctx):
    return ctx.supplier_scope(action_selectors.escalation_queue(ctx.buyer))


def meetings_this_week(ctx):
    return ctx.supplier_scope(meeting_selectors.meeting_list(buyer=ctx.buyer, when="this_week", today=ctx.today))


def transparency_accounts_missing(ctx):
    """Contracted suppliers covered by the Transparency Act without this year's account (the
    list the officer opens, and whom the reminders go to)."""
    return reminder_selectors.transparency_missing(buyer=ctx.buyer, year=ctx.today.year, user=ctx.user, mine=ctx.mine)


def minutes_to_share(ctx):
    return ctx.supplier_scope(meeting_selectors.meeting_list(buyer=ctx.buyer, status=Meeting.Status.HELD))


def open_invitations(ctx):
    """Portal invitations sent by the buyer's people that nobody has used: still valid, or
    expired (resending one revokes the earlier link, so revoked ones are not counted)."""
    qs = Invitation.objects.filter(
        invited_by__buyer_membership__buyer=ctx.buyer, accepted_at__isnull=True, revoked_at__isnull=True
    )
    return ctx.supplier_scope(qs).select_related("supplier", "invited_by").order_by("expires_at", "pk")


def expiring_evidence(ctx):
    """Evidence of suppliers with an award in the buyer's agreements that expires within
    30 days, unless a newer document of the same kind replaces it (as the reminders)."""
    newer = Evidence.objects.filter(
        supplier_id=OuterRef("supplier_id"), kind=OuterRef("kind"), archived_at__isnull=True
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef("valid_to")))
    qs = Evidence.objects.filter(
        archived_at__isnull=True,
        supplier__in=awarded_suppliers(ctx.buyer),
        valid_to__gte=ctx.today,
        valid_to__lte=ctx.today + datetime.timedelta(days=EXPIRY_DAYS),
    ).filter(~Exists(newer))
    return ctx.supplier_scope(qs).select_related("supplier").order_by("valid_to", "pk")


def register_flagged_suppliers(ctx):
    """Suppliers with an award in the buyer's agreements that the Brønnøysund register's daily
    check flags (bankrupt, under liquidation or forced dissolution, deleted), newest first."""
    qs = RegisterEntry.objects.filter(
        flagged_on__isnull=False, supplier__archived_at__isnull=True, supplier__in=awarded_suppliers(ctx.buyer)
    )
    return ctx.supplier_scope(qs).select_related("supplier").order_by("-flagged_on", "supplier__legal_name")


def _latest_cmrt_reports(ctx):
    newer = CmrtReport.objects.filter(
        supplier_id=OuterRef("supplier_id"), archived_at__isnull=True, created_at__gt=OuterRef("created_at")
    )
    return (
        ctx.supplier_scope(
            CmrtReport.objects.filter(archived_at__isnull=True, supplier__in=awarded_suppliers(ctx.buyer))
        )
        .filter(~Exists(newer))
        .order_by("supplier__legal_name", "pk")
    )


def cmrt_reports_needing_attention(ctx):
    """The latest CMRT of each supplier with an award in the buyer's agreements, when it
    has items of high or medium severity (suppliers.cmrt.services.cmrt_attention). One query
    when there is no report; four whatever the number of reports and smelters otherwise
    (reports, their suppliers, smelters, references; cmrt_attention adds one per report only
    while the buyer's smelter reference list matches none of the reported smelter ids);
    a list, each report with ``attention`` (its flags of high or medium severity)."""
    sql, params = compiled_sql(
        ("workqueue.cmrt", ctx.mine),
        lambda buyer, user: _latest_cmrt_reports(replace(ctx, buyer=buyer, user=user)).query.sql_with_params(),
        buyer=ctx.buyer,
        user=ctx.user,
    )
    reports = list(CmrtReport.objects.raw(sql, params))
    if not reports:
        return []
    prefetch_related_objects(reports, "supplier")
    smelters = {}
    for smelter in CmrtSmelter.objects.filter(report__in=[r.pk for r in reports]).order_by("report", "row"):
        smelters.setdefault(smelter.report_id, []).append(smelter)
    references = references_for([s for rows in smelters.values() for s in rows])
    waiting = []
    for report in reports:
        flags = cmrt_attention(report, smelters=smelters.get(report.pk, []), references=references, today=ctx.today)
        report.attention = [f for f in flags if f.severity in (HIGH, MEDIUM)]
        if report.attention:
            waiting.append(report)
    return waiting


# --- The lines ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    key: str
    title: str
    records: object  # ctx -> queryset or list
    list_url: object = None  # () -> the filtered list's URL; None: the work queue's own list
    kind: str = ""  # the row template of the work queue's own list
    managers_only: bool = False
    in_python: bool = False  # records is a list read and filtered in Python, not a queryset

    def url(self, ctx):
        return _line_url(self.key, ctx.mine, get_script_prefix())


@functools.lru_cache(maxsize=64)
def _line_url(key, mine, script_prefix):
    """A line's link: the same for every request with the same "mine" and script prefix (the
    urlconf's reverse() reads nothing else), so computed once per process."""
    line = LINES_BY_SLUG[key.replace("_", "-")]
    url = line.list_url() if line.list_url is not None else reverse("workqueue:line", args=[line.key.replace("_", "-")])
    if mine:
        url += ("&" if "?" in url else "?") + "mine=1"
    return url


def _url(name, **params):
    return reverse(name) + ("?" + urlencode(params) if params else "")


LINES = [
    Line(
        "assessments_submitted",
        _("Self-assessments submitted and waiting for your review"),
        submitted_assessments,
        kind="assessment",
    ),
    Line(
        "clarifications_answered",
        _("Clarifications answered by the supplier"),
        clarified_assessments,
        kind="assessment",
    ),
    Line(
        "actions_to_verify",
        _("Corrective actions whose evidence waits for verification"),
        actions_to_verify,
        list_url=lambda: _url("actions:list", status=CorrectiveAction.Status.EVIDENCE_SUBMITTED),
    ),
    Line(
        "overdue_actions",
        _("Overdue corrective actions"),
        overdue_actions,
        list_url=lambda: _url("actions:list", overdue="yes"),
    ),
    Line(
        "escalations",
        _("Escalations waiting for a manager's approval"),
        escalations_to_approve,
        list_url=lambda: _url("actions:escalation_queue"),
        managers_only=True,
    ),
    Line(
        "meetings_this_week",
        _("Meetings this week"),
        meetings_this_week,
        list_url=lambda: _url("meetings:list", when="this_week"),
    ),
    Line(
        "minutes_to_share",
        _("Meetings held whose minutes are not shared yet"),
        minutes_to_share,
        list_url=lambda: _url("meetings:list", status=Meeting.Status.HELD),
    ),
    Line("invitations", _("Portal invitations not used yet or expired"), open_invitations, kind="invitation"),
    Line(
        "expiring_evidence",
        _("Evidence of contracted suppliers that expires within 30 days"),
        expiring_evidence,
        kind="evidence",
    ),
    Line(
        "transparency_accounts",
        _("Suppliers covered by the Transparency Act without this year's account"),
        transparency_accounts_missing,
        list_url=lambda: _url("reminders:transparency"),
    ),
    Line("register_flags", _("Suppliers flagged by the register"), register_flagged_suppliers, kind="register"),
    Line(
        "cmrt_attention",
        _("CMRT reports with items that need attention"),
        cmrt_reports_needing_attention,
        kind="cmrt",
        in_python=True,
    ),
]
LINES_BY_SLUG = {line.key.replace("_", "-"): line for line in LINES}


def lines_for(user):
    from followup.actions.access import is_manager

    return [line for line in LINES if not line.managers_only or is_manager(user)]


def _count_statement(ctx, lines):
    """One statement counting the rows of every line's queryset
    (``SELECT (SELECT COUNT(*) FROM (...)), ...``): the same numbers as ``count()``."""
    parts, params = [], []
    for index, line in enumerate(lines):
        try:
            sql, sql_params = line.records(ctx).order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # a queryset that can match nothing (.none())
            parts.append("0")
            continue
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS line_{index})")  # noqa: S608  # nosec B608
        params.extend(sql_params)
    return "SELECT " + ", ".join(parts), params


def _counts(ctx, lines):
    """The number of rows of each line's records, every queryset counted in one round trip.

    The statement is compiled once per process for each date, time zone and set of lines
    (oslo_procurement.compiled): building the eleven querysets with their access rules cost
    more than the rest of the page. Only the buyer's and the user's ids change between
    officers, and they go in as parameters."""
    counts = [len(line.records(ctx)) if line.in_python else None for line in lines]
    counted = [line for line in lines if not line.in_python]
    if not counted:
        return counts
    key = (
        "workqueue.counts",
        tuple(line.key for line in counted),
        ctx.mine,
        ctx.today,
        timezone.get_current_timezone_name(),
    )
    sql, params = compiled_sql(
        key,
        lambda buyer, user: _count_statement(replace(ctx, buyer=buyer, user=user), counted),
        buyer=ctx.buyer,
        user=ctx.user,
    )
    cursor = statement_cursor()
    # Only SQL compiled by the ORM, its parameters passed apart.
    cursor.execute(sql, params)  # nosec B608  # nosemgrep: oslo-sql-string-formatting
    row = iter(cursor.fetchone())
    return [next(row) if count is None else count for count in counts]


def work_queue(ctx):
    """``[{"line", "count", "url"}]`` for the user: one statement counts every line (the
    CMRT line reads its reports first), whatever the size of the data."""
    lines = lines_for(ctx.user)
    counts = _counts(ctx, lines)
    return [{"line": line, "count": count, "url": line.url(ctx)} for line, count in zip(lines, counts, strict=True)]
