"""The manager dashboard's figures, as selectors.

Each figure is a small table of counts (``Figure.rows``), its chart (``Figure.chart``,
drawn by charts.py for the screen and the PDF alike) and, for every count, a drill-down:
``drilldown(buyer, filters, figure, key)`` returns exactly the records that count counted
(tests/followup_reports/test_figures.py checks each one on worked data). Every figure is
one or two queries whatever the number of rows.

What each figure counts (the same sentences are shown under the figure):

- Self-assessments by status, and on time / late / overdue / not yet due. The period
  filter picks the rounds by deadline. *Late*: first submitted after the round's
  deadline (the day of the deadline is on time). *Overdue*: not submitted and the
  deadline has passed. Submission rate (``SubmissionRate``, the one definition used by
  the dashboard, its trend, the leadership PDF and email): submitted ÷ invited, the
  share of all self-assessments asked for that have been submitted, worded with both
  numbers ("1 of 5 invited submitted (20 %)").
- Compliance by OECD step and by criterion: the officers' reviewed answers, accepted
  vs non-compliance; answers not reviewed yet, or waiting for clarification, are left out.
- Open findings (not closed, not archived) by issue type and severity; recorded in the
  period.
- Corrective actions created in the period: open (deadline not passed), overdue
  (deadline passed, not closed), closed (verified and closed).
- Suppliers by residual risk: each awarded supplier's latest risk assessment (as of the
  end of the period), or "not assessed yet".
- Heatmap country × product category: the factories (sites) of awarded suppliers by the
  site's country and the product categories of the supplier's awarded lots (narrowed to
  the site's own categories when it has any). A cell shows how many factories, and its
  risk is the higher of the country's rating and the category's rating at the sites'
  production stages (the buyer's ratings; the lot's DFØ ratings when the buyer has none).
- Factories per country: the active sites of awarded suppliers.
- Trend per reporting round: how many were asked, submitted, the submission rate and
  the average score (followup.scoring) of the self-assessments with a score.
- Suppliers on a sanctions rung: the highest rung in force per supplier.

Scope: without an agreement or lot filter, findings, corrective actions and sanctions
cover the whole buyer; with one, the ones about suppliers with an award (current or
archived) in that agreement or lot (and findings tied to its lots). Supplier figures
(risk, factories, heatmap) cover suppliers with an active award.
"""

import datetime
from collections import Counter, defaultdict
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.db.models import Avg, Count, F, OuterRef, Q, Subquery, Value
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from contracts.models import Award, FrameworkAgreement, Lot
from criteria.models import CriterionVersion, OecdStep
from oslo_procurement.compiled import compiled_queryset
from oslo_procurement.countries import country_name
from oslo_procurement.numbers import grouped
from oslo_procurement.vocab import ProductCategory, RiskLevel
from suppliers.models import Site, Supplier

from ..models import (
    Answer,
    Assessment,
    CategoryStageRisk,
    CorrectiveAction,
    CountryRisk,
    Escalation,
    Finding,
    FindingSupplier,
    Question,
    ReportingRound,
    RiskAssessment,
)

# Lowest first: the order used to pick "the higher" of two ratings.
RISK_ORDER = [RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.MEDIUM_HIGH, RiskLevel.HIGH, RiskLevel.VERY_HIGH]
RISK_RANK = {level.value: rank for rank, level in enumerate(RISK_ORDER)}


# --- Filters --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    agreement: FrameworkAgreement | None = None
    lot: Lot | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    @property
    def narrowed(self):
        return self.agreement is not None or self.lot is not None

    def as_params(self):
        params = {}
        if self.agreement is not None:
            params["agreement"] = str(self.agreement.public_id)
        if self.lot is not None:
            params["lot"] = str(self.lot.public_id)
        if self.date_from:
            params["date_from"] = self.date_from.isoformat()
        if self.date_to:
            params["date_to"] = self.date_to.isoformat()
        return params

    def as_options(self):
        """What a ReportRun keeps besides its agreement: the lot and the period."""
        return {k: v for k, v in self.as_params().items() if k != "agreement"}

    def query_string(self, **extra):
        return urlencode({**self.as_params(), **{k: v for k, v in extra.items() if v not in (None, "")}})

    def describe(self):
        parts = []
        if self.agreement is not None:
            parts.append(_("agreement %(agreement)s") % {"agreement": self.agreement})
        if self.lot is not None:
            parts.append(_("lot %(lot)s") % {"lot": self.lot})
        start = date_format(self.date_from, "SHORT_DATE_FORMAT") if self.date_from else ""
        end = date_format(self.date_to, "SHORT_DATE_FORMAT") if self.date_to else ""
        if start and end:
            parts.append(_("from %(start)s to %(end)s") % {"start": start, "end": end})
        elif start:
            parts.append(_("from %(start)s") % {"start": start})
        elif end:
            parts.append(_("until %(end)s") % {"end": end})
        return ", ".join(parts) or _("all agreements, all periods")


def _in_period(qs, field, filters):
    if filters.date_from:
        qs = qs.filter(**{f"{field}__gte": filters.date_from})
    if filters.date_to:
        qs = qs.filter(**{f"{field}__lte": filters.date_to})
    return qs


def _rows(name, build, buyer, filters, today=None):
    """The rows of the queryset ``build(buyer, filters)``, its SQL compiled once per process
    for each shape of the filters (oslo_procurement.compiled): the buyer, agreement and lot
    stand in by their pks; the period and ``today`` are part of the key. Building and
    compiling the figures' querysets was a third of the dashboard's CPU, more than PostgreSQL
    spent running them (bench/README.md). A builder whose SQL depends on anything else (a lot's
    agreement) fails the compiler's own check and is built on every call."""
    records = {"buyer": buyer}
    if filters.agreement is not None:
        records["agreement"] = filters.agreement
    if filters.lot is not None:
        records["lot"] = filters.lot
    key = (f"reports.{name}", filters.agreement is None, filters.lot is None, filters.date_from, filters.date_to, today)

    def run(buyer, agreement=None, lot=None):
        return build(buyer, replace(filters, agreement=agreement, lot=lot))

    return compiled_queryset(key, run, **records)


def _counts(name, scope, conditions, buyer, filters, today):
    """``scope(buyer, filters).aggregate(key=Count("pk", filter=condition), ...)`` for each
    ``key, condition`` of ``conditions``: the same single statement (no GROUP BY, so one row,
    zeros when nothing matches), compiled once per shape of the filters and ``today`` like the
    other figures' (``_rows``). ``aggregate()`` built and compiled its filtered counts on every
    view: the dashboard's two such figures took a tenth of its CPU doing so (bench/README.md)."""

    def build(buyer, filters):
        counts = {key: Count("pk", filter=condition) for key, condition in conditions.items()}
        # Grouped by a constant, which Django leaves out of the SQL: aggregate()'s statement.
        return scope(buyer, filters).order_by().values(one=Value(1)).annotate(**counts).values(*conditions)

    [counts] = _rows(name, build, buyer, filters, today)
    return counts


# --- Figure shapes -----------------------------------------------------------------------------


@dataclass
class Cell:
    """One number in a figure's table. ``key`` set: a count with a drill-down list."""

    value: object
    key: str = ""
    text: str = ""

    @property
    def display(self):
        if self.text:
            return self.text
        return "–" if self.value is None else number_text(self.value)


@dataclass
class Row:
    label: str
    cells: list
    key: str = ""


@dataclass
class Figure:
    slug: str
    title: str
    description: str
    columns: list
    rows: list
    chart: dict = field(default_factory=dict)
    summary: str = ""
    record_kind: str = ""
    row_header: str = ""

    @property
    def table(self):
        """``[(row, [(cell, column label), ...]), ...]`` for the figure's table."""
        return [(row, list(zip(row.cells, self.columns, strict=False))) for row in self.rows]

    def label_for(self, key):
        """ "Row – column" of the number with this key, for the drill-down page's heading."""
        for row in self.rows:
            for index, cell in enumerate(row.cells):
                if cell.key == key:
                    if len(self.columns) > 1 and index < len(self.columns):
                        return f"{row.label} – {self.columns[index]}"
                    return row.label
        return ""

    def counts(self):
        """``{key: count}`` of every drillable number in the figure."""
        return {cell.key: cell.value for row in self.rows for cell in row.cells if cell.key}


def _bars(rows):
    """A bar chart of the rows' first column."""
    return {"type": "bar", "bars": [(row.label, row.cells[0].value) for row in rows]}


def _percent(part, whole):
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def number_text(value):
    """A number in the active language: 1 234,5 in Bokmål, 1,234.5 in English."""
    return grouped(value)


def _pct_text(value):
    return "–" if value is None else f"{number_text(value)} %"


@dataclass(frozen=True)
class SubmissionRate:
    """The one definition of the submission rate: of the self-assessments the suppliers
    were invited to (every self-assessment asked for in the rounds counted), the share
    submitted. Used on the dashboard, in its trend, in the leadership PDF and in the
    leadership email, always worded with what it counts."""

    submitted: int
    invited: int

    @property
    def percent(self):
        return _percent(self.submitted, self.invited)

    @property
    def percent_text(self):
        return _pct_text(self.percent)

    def text(self):
        """ "1 of 5 invited submitted (20 %)", in the active language."""
        if not self.invited:
            return _("No supplier has been invited to a self-assessment yet.")
        return _("%(submitted)s of %(invited)s invited submitted (%(percent)s)") % {
            "submitted": number_text(self.submitted),
            "invited": number_text(self.invited),
            "percent": self.percent_text,
        }

    __str__ = text


def submission_rate(timeliness_counts):
    """The SubmissionRate from the counts of the timeliness figure (on time, late,
    overdue, not yet due: together every self-assessment asked for)."""
    counts = timeliness_counts
    return SubmissionRate(
        submitted=counts["on_time"] + counts["late"],
        invited=counts["on_time"] + counts["late"] + counts["overdue"] + counts["not_due"],
    )


# --- Scopes ---------------------------------------------------------------------------------------


def _awards(buyer, filters, *, current_only):
    qs = Award.objects.filter(agreement__buyer=buyer)
    if current_only:
        qs = qs.filter(archived_at__isnull=True, agreement__archived_at__isnull=True)
    if filters.agreement is not None:
        qs = qs.filter(agreement=filters.agreement)
    if filters.lot is not None:
        qs = qs.filter(lots=filters.lot)
    return qs


def awarded_suppliers(buyer, filters):
    """Suppliers with an active award in scope (a subquery of supplier ids)."""
    return _awards(buyer, filters, current_only=True).values("supplier")


def concerned_suppliers(buyer, filters):
    """Suppliers with any award, current or archived, in the filtered agreement or lot."""
    return _awards(buyer, filters, current_only=False).values("supplier")


def assessment_scope(buyer, filters):
    qs = Assessment.objects.filter(round__agreement__buyer=buyer, round__archived_at__isnull=True)
    if filters.agreement is not None:
        qs = qs.filter(round__agreement=filters.agreement)
    if filters.lot is not None:
        qs = qs.filter(
            round__agreement=filters.lot.agreement_id,
            supplier__in=Award.objects.filter(lots=filters.lot).values("supplier"),
        )
    return _in_period(qs, "round__deadline", filters)


def reviewed_answers(buyer, filters):
    return Answer.objects.filter(
        assessment__in=assessment_scope(buyer, filters).values("pk"),
        review__in=[Answer.Review.ACCEPTED, Answer.Review.NON_COMPLIANT],
    )


def finding_scope(buyer, filters):
    qs = Finding.objects.active().filter(buyer=buyer).exclude(status=Finding.Status.CLOSED)
    if filters.narrowed:
        lot_links = Finding.lots.through.objects.all()
        lot_links = (
            lot_links.filter(lot=filters.lot)
            if filters.lot is not None
            else lot_links.filter(lot__agreement=filters.agreement)
        )
        about_suppliers = FindingSupplier.objects.filter(supplier__in=concerned_suppliers(buyer, filters))
        qs = qs.filter(Q(pk__in=about_suppliers.values("finding")) | Q(pk__in=lot_links.values("finding")))
    return _in_period(qs, "created_at__date", filters)


def action_scope(buyer, filters):
    qs = CorrectiveAction.objects.filter(buyer=buyer)
    if filters.narrowed:
        qs = qs.filter(supplier__in=concerned_suppliers(buyer, filters))
    return _in_period(qs, "created_at__date", filters)


def _latest_risk(buyer, filters, field_name="residual_level"):
    # The buyer-wide figure (agreement empty), as on the risk screens; with an agreement
    # filter, a figure recorded for that agreement counts too.
    latest = RiskAssessment.objects.filter(buyer=buyer, supplier=OuterRef("pk"))
    if filters.agreement is not None:
        latest = latest.filter(Q(agreement__isnull=True) | Q(agreement=filters.agreement))
    else:
        latest = latest.filter(agreement__isnull=True)
    if filters.date_to:
        latest = latest.filter(created_at__date__lte=filters.date_to)
    return Subquery(latest.order_by("-created_at", "-pk").values(field_name)[:1])


def risk_suppliers(buyer, filters):
    """Awarded suppliers, each with ``risk_level`` from its latest risk assessment."""
    return Supplier.objects.filter(pk__in=awarded_suppliers(buyer, filters)).annotate(
        risk_level=_latest_risk(buyer, filters)
    )


def sanctioned_suppliers(buyer, filters):
    """Suppliers with a sanctions rung in force, each with ``top_rung``, the highest."""
    in_force = Escalation.objects.filter(buyer=buyer, status=Escalation.Status.IN_FORCE, supplier=OuterRef("pk"))
    in_force = _in_period(in_force, "decided_on", filters)
    # Only suppliers with an escalation of this buyer are looked at (the registry is national).
    escalated = Escalation.objects.filter(buyer=buyer, status=Escalation.Status.IN_FORCE).values("supplier")
    qs = (
        Supplier.objects.filter(pk__in=escalated)
        .annotate(top_rung=Subquery(in_force.order_by("-rung").values("rung")[:1]))
        .filter(top_rung__isnull=False)
    )
    if filters.narrowed:
        qs = qs.filter(pk__in=concerned_suppliers(buyer, filters))
    return qs


def site_scope(buyer, filters):
    return Site.objects.active().filter(supplier__in=awarded_suppliers(buyer, filters))


# --- Self-assessments -------------------------------------------------------------------------------


def _timeliness_conditions(today):
    submitted = Q(submitted_at__isnull=False)
    return {
        "on_time": submitted & Q(submitted_at__date__lte=F("round__deadline")),
        "late": submitted & Q(submitted_at__date__gt=F("round__deadline")),
        "overdue": Q(submitted_at__isnull=True, round__deadline__lt=today),
        "not_due": Q(submitted_at__isnull=True, round__deadline__gte=today),
    }


TIMELINESS_LABELS = {
    "on_time": _l("Submitted on time"),
    "late": _l("Submitted late"),
    "overdue": _l("Overdue, not submitted"),
    "not_due": _l("Not submitted, deadline ahead"),
}


def assessment_status_figure(buyer, filters, today):
    counts = dict(
        _rows(
            "status",
            lambda buyer, filters: (
                assessment_scope(buyer, filters).order_by().values_list("status").annotate(n=Count("pk"))
            ),
            buyer,
            filters,
        )
    )
    rows = [
        Row(label=str(label), key=value, cells=[Cell(counts.get(value, 0), key=value)])
        for value, label in Assessment.Status.choices
    ]
    total = sum(counts.values())
    return Figure(
        slug="assessment_status",
        row_header=_("Status"),
        title=_("Self-assessments by status"),
        description=_("All self-assessments in the reporting rounds whose deadline is in the period."),
        columns=[_("Self-assessments")],
        rows=rows,
        chart=_bars(rows),
        summary=_("%(total)s self-assessments in all.") % {"total": total},
        record_kind="assessment",
    )


def assessment_timeliness_figure(buyer, filters, today):
    conditions = _timeliness_conditions(today)
    counts = _counts("timeliness", assessment_scope, conditions, buyer, filters, today)
    rate = submission_rate(counts)
    rows = [Row(label=str(TIMELINESS_LABELS[key]), key=key, cells=[Cell(counts[key], key=key)]) for key in conditions]
    return Figure(
        slug="assessment_timeliness",
        row_header=_("Submission"),
        title=_("Submission and lateness"),
        description=_(
            "Late: first submitted after the round's deadline. Overdue: not submitted and the deadline has passed. "
            "Submission rate: the share of the invited suppliers' self-assessments that have been submitted."
        ),
        columns=[_("Self-assessments")],
        rows=rows,
        chart=_bars(rows),
        summary=(
            _("Submission rate: %(rate)s; %(late)s of them late, %(overdue)s overdue.")
            % {"rate": rate.text(), "late": number_text(counts["late"]), "overdue": number_text(counts["overdue"])}
            if rate.invited
            else rate.text()
        ),
        record_kind="assessment",
    )


# --- Compliance ----------------------------------------------------------------------------------------

# Set by dashboard_figures for the length of one call: rows more than one figure reads.
_figures_memo = ContextVar("figures_memo", default=None)

REVIEW_COLUMNS = [(Answer.Review.ACCEPTED, _l("Accepted")), (Answer.Review.NON_COMPLIANT, _l("Non-compliance"))]


def _compliance_rows(grouped, labels):
    rows = []
    for group_key, label in labels:
        accepted = grouped.get((group_key, Answer.Review.ACCEPTED), 0)
        failed = grouped.get((group_key, Answer.Review.NON_COMPLIANT), 0)
        share = _percent(accepted, accepted + failed)
        rows.append(
            Row(
                label=label,
                key=str(group_key),
                cells=[
                    Cell(accepted, key=f"{group_key}:accepted"),
                    Cell(failed, key=f"{group_key}:non_compliant"),
                    Cell(share, text=_pct_text(share)),
                ],
            )
        )
    return rows


def _compliance_chart(rows):
    return {
        "type": "stacked",
        "categories": [row.label for row in rows],
        "series": [str(label) for _value, label in REVIEW_COLUMNS],
        "values": [[row.cells[0].value, row.cells[1].value] for row in rows],
    }


def _compliance_counts(buyer, filters):
    """``[(criterion public id, code, pk, OECD step, review, count)]`` of the reviewed answers,
    for both compliance figures (the step is the criterion's: the counts per step are sums of
    the counts per criterion), read once within one ``dashboard_figures`` call. The answers
    are counted per question and review, then the few questions are looked up: joining every
    answer to its question, version and criterion took PostgreSQL 7.5 ms at 10,000 suppliers
    and 18 ms at 100,000 (an index lookup per answer), counting per question 4.7 and 3.7 ms
    (bench/README.md)."""
    memo = _figures_memo.get()
    key = ("compliance", buyer.pk, filters)
    if memo is not None and key in memo:
        return memo[key]
    per_question = _rows(
        "compliance_per_question",
        lambda buyer, filters: (
            reviewed_answers(buyer, filters).order_by().values_list("question_id", "review").annotate(n=Count("pk"))
        ),
        buyer,
        filters,
    )
    criterion = "criterion_version__criterion"
    fields = ("pk", f"{criterion}__public_id", f"{criterion}__code", f"{criterion}_id", f"{criterion}__oecd_step")
    questions = {question for question, _review, _n in per_question}
    criteria = {pk: rest for pk, *rest in Question.objects.filter(pk__in=questions).order_by().values_list(*fields)}
    counts = Counter()
    for question, review, n in per_question:
        counts[(*criteria[question], review)] += n
    rows = [(*group, n) for group, n in counts.items()]
    if memo is not None:
        memo[key] = rows
    return rows


def compliance_step_figure(buyer, filters, today):
    grouped = Counter()
    for _public_id, _code, _pk, step, review, n in _compliance_counts(buyer, filters):
        grouped[(step, review)] += n
    steps = sorted({step for step, _review in grouped})
    labels = dict(OecdStep.choices)
    rows = _compliance_rows(grouped, [(step, str(labels.get(step, step))) for step in steps])
    return Figure(
        slug="compliance_step",
        row_header=_("OECD step"),
        title=_("Compliance by OECD due-diligence step"),
        description=_(
            "Answers the officers have reviewed: accepted, or recorded as a non-compliance. Answers not reviewed "
            "yet or waiting for clarification are left out."
        ),
        columns=[str(label) for _value, label in REVIEW_COLUMNS] + [_("Share accepted")],
        rows=rows,
        chart=_compliance_chart(rows),
        record_kind="answer",
    )


def compliance_criterion_figure(buyer, filters, today):
    grouped_rows = _compliance_counts(buyer, filters)
    grouped = {(str(public_id), review): n for public_id, _code, _pk, _step, review, n in grouped_rows}
    codes = {str(public_id): (code, pk) for public_id, code, pk, _step, _review, _n in grouped_rows}
    titles = {}
    versions = CriterionVersion.objects.filter(criterion__in=[pk for _code, pk in codes.values()]).order_by(
        "criterion", "version"
    )
    for version in versions.only("criterion_id", "title_nb", "title_en"):
        titles[version.criterion_id] = version.title  # the newest version's title wins
    ordered = sorted(codes.items(), key=lambda item: item[1][0])
    labels = [(public_id, f"{code} {titles.get(pk, '')}".strip()) for public_id, (code, pk) in ordered]
    rows = _compliance_rows(grouped, labels)
    return Figure(
        slug="compliance_criterion",
        row_header=_("Criterion"),
        title=_("Compliance by criterion"),
        description=_("The same reviewed answers, by the criterion each question rests on."),
        columns=[str(label) for _value, label in REVIEW_COLUMNS] + [_("Share accepted")],
        rows=rows,
        chart=_compliance_chart(rows),
        record_kind="answer",
    )


# --- Findings and actions --------------------------------------------------------------------------------

FINDING_SEVERITIES = [(4, _l("Critical")), (3, _l("High")), (2, _l("Medium")), (1, _l("Low"))]


def findings_figure(buyer, filters, today):
    grouped = {
        (issue, severity): n
        for issue, severity, n in _rows(
            "findings",
            lambda buyer, filters: (
                finding_scope(buyer, filters).order_by().values_list("issue_type", "severity").annotate(n=Count("pk"))
            ),
            buyer,
            filters,
        )
    }
    rows = []
    for issue, label in Finding.IssueType.choices:
        counts = [grouped.get((issue, severity), 0) for severity, _label in FINDING_SEVERITIES]
        if not any(counts):
            continue
        cells = [
            Cell(n, key=f"{issue}:{severity}") for n, (severity, _l2) in zip(counts, FINDING_SEVERITIES, strict=True)
        ]
        cells.append(Cell(sum(counts), key=f"{issue}:all"))
        rows.append(Row(label=str(label), key=issue, cells=cells))
    total = sum(grouped.values())
    return Figure(
        slug="findings",
        row_header=_("Issue"),
        title=_("Open findings by issue and severity"),
        description=_("Findings from desktop research that are not closed, recorded in the period."),
        columns=[str(label) for _value, label in FINDING_SEVERITIES] + [_("All")],
        rows=rows,
        chart={
            "type": "stacked",
            "categories": [row.label for row in rows],
            "series": [str(label) for _value, label in FINDING_SEVERITIES],
            "values": [[cell.value for cell in row.cells[:-1]] for row in rows],
        },
        summary=_("%(total)s open findings.") % {"total": total},
        record_kind="finding",
    )


ACTION_BUCKETS = {
    "open": _l("Open, deadline ahead"),
    "overdue": _l("Overdue"),
    "closed": _l("Verified and closed"),
}


def _action_conditions(today):
    closed = Q(status=CorrectiveAction.Status.VERIFIED_CLOSED)
    return {"open": ~closed & Q(deadline__gte=today), "overdue": ~closed & Q(deadline__lt=today), "closed": closed}


def actions_figure(buyer, filters, today):
    conditions = _action_conditions(today)
    counts = _counts("actions", action_scope, conditions, buyer, filters, today)
    rows = [Row(label=str(ACTION_BUCKETS[key]), key=key, cells=[Cell(counts[key], key=key)]) for key in conditions]
    return Figure(
        slug="actions",
        row_header=_("Status"),
        title=_("Corrective actions"),
        description=_("Corrective actions agreed in the period: open, overdue (deadline passed), or closed."),
        columns=[_("Corrective actions")],
        rows=rows,
        chart=_bars(rows),
        summary=_("%(open)s open, %(overdue)s overdue, %(closed)s closed.") % counts,
        record_kind="action",
    )


# --- Risk, factories, sanctions ----------------------------------------------------------------------------


def _risk_labels():
    labels = dict(RiskLevel.choices)
    return [(level.value, str(labels[level.value])) for level in reversed(RISK_ORDER)] + [
        ("none", _("Not assessed yet"))
    ]


def risk_figure(buyer, filters, today):
    levels = _rows(
        "risk",
        lambda buyer, filters: risk_suppliers(buyer, filters).values_list("risk_level", flat=True),
        buyer,
        filters,
    )
    counts = Counter(level or "none" for level in levels)
    rows = [Row(label=label, key=key, cells=[Cell(counts.get(key, 0), key=key)]) for key, label in _risk_labels()]
    return Figure(
        slug="risk",
        row_header=_("Residual risk"),
        title=_("Suppliers by residual risk"),
        description=_("Each awarded supplier's latest risk assessment, as of the end of the period."),
        columns=[_("Suppliers")],
        rows=rows,
        chart=_bars(rows),
        record_kind="supplier",
    )


def sites_figure(buyer, filters, today):
    counts = _rows(
        "sites",
        lambda buyer, filters: (
            site_scope(buyer, filters)
            .order_by()
            .values_list("country")
            .annotate(n=Count("pk"))
            .order_by("-n", "country")
        ),
        buyer,
        filters,
    )
    rows = [Row(label=country_name(code), key=code, cells=[Cell(n, key=code)]) for code, n in counts]
    return Figure(
        slug="sites",
        row_header=_("Country"),
        title=_("Factories disclosed per country"),
        description=_("Factories and other production sites of the awarded suppliers."),
        columns=[_("Factories")],
        rows=rows,
        chart=_bars(rows),
        summary=_("%(total)s factories in %(countries)s countries.")
        % {"total": sum(n for _c, n in counts), "countries": len(counts)},
        record_kind="site",
    )


def _heatmap_cells(buyer, filters):
    """``{(country, category): {"sites": [site ids], "stages": {stage}}}`` and the lots'
    own ratings per (category, stage). Two queries."""

    def awarded_lots(buyer, filters):
        links = Award.lots.through.objects.filter(award__in=_awards(buyer, filters, current_only=True))
        if filters.lot is not None:
            links = links.filter(lot=filters.lot)
        return links.values_list(
            "award__supplier_id",
            "lot__category",
            "lot__risk_raw_material",
            "lot__risk_component",
            "lot__risk_final_assembly",
        )

    supplier_categories = defaultdict(set)
    lot_ratings = {}
    for supplier_id, category, raw, component, final in _rows("heatmap_lots", awarded_lots, buyer, filters):
        supplier_categories[supplier_id].add(category)
        for stage, level in (("raw_material", raw), ("component", component), ("final_assembly", final)):
            key = (category, stage)
            if RISK_RANK.get(level, -1) > RISK_RANK.get(lot_ratings.get(key), -1):
                lot_ratings[key] = level
    cells = defaultdict(lambda: {"sites": [], "stages": set()})
    sites = _rows(
        "heatmap_sites",
        lambda buyer, filters: (
            site_scope(buyer, filters)
            .order_by("pk")
            .values_list("pk", "country", "stage", "product_categories", "supplier_id")
        ),
        buyer,
        filters,
    )
    for pk, country, stage, own_categories, supplier_id in sites:
        categories = supplier_categories.get(supplier_id, set())
        if own_categories:
            categories = categories & set(own_categories)
        for category in categories:
            cell = cells[(country, category)]
            cell["sites"].append(pk)
            cell["stages"].add(stage)
    return cells, lot_ratings


def _higher(*levels):
    ranked = [level for level in levels if level in RISK_RANK]
    return max(ranked, key=RISK_RANK.get) if ranked else None


def heatmap_figure(buyer, filters, today):
    cells, lot_ratings = _heatmap_cells(buyer, filters)
    country_levels = dict(
        compiled_queryset(
            "reports.country_risk",
            lambda buyer: CountryRisk.objects.filter(buyer=buyer).values_list("country", "level"),
            buyer=buyer,
        )
    )
    category_levels = {
        (category, stage): level
        for category, stage, level in compiled_queryset(
            "reports.category_risk",
            lambda buyer: CategoryStageRisk.objects.filter(buyer=buyer).values_list("category", "stage", "level"),
            buyer=buyer,
        )
    }
    category_labels = dict(ProductCategory.choices)
    risk_labels = dict(RiskLevel.choices)
    countries = sorted({country for country, _category in cells}, key=lambda code: country_name(code))
    categories = [value for value in ProductCategory.values if any(c == value for _country, c in cells)]
    rows, grid = [], []
    for country in countries:
        row_cells, grid_row = [], []
        for category in categories:
            cell = cells.get((country, category))
            if cell is None:
                row_cells.append(Cell(0, key=f"{country}:{category}"))
                grid_row.append(None)
                continue
            level = _higher(
                country_levels.get(country),
                *[
                    category_levels.get((category, stage), lot_ratings.get((category, stage)))
                    for stage in cell["stages"]
                ],
            )
            count = len(cell["sites"])
            label = str(risk_labels[level]) if level else _("not rated")
            row_cells.append(Cell(count, key=f"{country}:{category}", text=f"{count} ({label})"))
            grid_row.append({"value": count, "level": RISK_RANK.get(level), "level_label": label})
        rows.append(Row(label=country_name(country), key=country, cells=row_cells))
        grid.append(grid_row)
    column_labels = [str(category_labels.get(category, category)) for category in categories]
    return Figure(
        slug="heatmap",
        row_header=_("Country"),
        title=_("Factories by country and product category, with their risk"),
        description=_(
            "How many factories of the awarded suppliers make each product category in each country. The risk "
            "shown is the higher of the country's rating and the category's rating at those factories' "
            "production stages."
        ),
        columns=column_labels,
        rows=rows,
        chart={
            "type": "heatmap",
            "rows": [row.label for row in rows],
            "columns": column_labels,
            "cells": grid,
            "levels": [str(risk_labels[level.value]) for level in RISK_ORDER],
        },
        record_kind="site",
    )


def heatmap_site_ids(buyer, filters, key):
    country, _sep, category = key.partition(":")
    cells, _ratings = _heatmap_cells(buyer, filters)
    return cells.get((country, category), {"sites": []})["sites"]


def sanctions_figure(buyer, filters, today):
    counts = Counter(
        _rows(
            "sanctions",
            lambda buyer, filters: sanctioned_suppliers(buyer, filters).values_list("top_rung", flat=True),
            buyer,
            filters,
        )
    )
    rows = [
        Row(label=str(label), key=str(rung), cells=[Cell(counts.get(rung, 0), key=str(rung))])
        for rung, label in Escalation.Rung.choices
    ]
    return Figure(
        slug="sanctions",
        row_header=_("Highest rung in force"),
        title=_("Suppliers on a sanctions rung"),
        description=_("Suppliers with a sanction in force, counted once at their highest rung."),
        columns=[_("Suppliers")],
        rows=rows,
        chart=_bars(rows),
        record_kind="supplier",
    )


# --- Trend over rounds ----------------------------------------------------------------------------------------


def trend_figure(buyer, filters, today):
    per_round = _rows(
        "trend",
        lambda buyer, filters: (
            assessment_scope(buyer, filters)
            .order_by()
            .values_list("round")
            .annotate(
                total=Count("pk"),
                submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
                scored=Count("score"),
                average=Avg("score"),
            )
        ),
        buyer,
        filters,
    )
    rounds = {
        r.pk: r
        for r in ReportingRound.objects.filter(pk__in=[item[0] for item in per_round]).only(
            "public_id", "title_nb", "title_en", "deadline"
        )
    }
    per_round.sort(key=lambda item: (rounds[item[0]].deadline, item[0]))
    rows, rates, averages = [], [], []
    for round_id, total, submitted, scored, mean in per_round:
        round_ = rounds[round_id]
        rate = SubmissionRate(submitted=submitted, invited=total).percent
        # The score is kept on each self-assessment by the review (Assessment.score).
        average = Decimal(str(mean)).quantize(Decimal("1"), rounding=ROUND_HALF_UP) if scored else None
        key = str(round_.public_id)
        rows.append(
            Row(
                label=f"{round_.title} ({date_format(round_.deadline, 'SHORT_DATE_FORMAT')})",
                key=key,
                cells=[
                    Cell(total, key=f"{key}:all"),
                    Cell(submitted, key=f"{key}:submitted"),
                    Cell(rate, text=_pct_text(rate)),
                    Cell(scored, key=f"{key}:scored"),
                    Cell(average, text=_pct_text(average)),
                ],
            )
        )
        rates.append(rate)
        averages.append(average)
    return Figure(
        slug="trend",
        row_header=_("Reporting round"),
        title=_("Trend over reporting rounds"),
        description=_(
            "Per round: self-assessments asked for (invited), submitted, the submission rate (submitted of invited), "
            "and the average score of "
            "the self-assessments that have a score (answers reviewed by an officer)."
        ),
        columns=[_("Invited"), _("Submitted"), _("Submission rate"), _("With a score"), _("Average score")],
        rows=rows,
        chart={
            "type": "line",
            "x_labels": [rounds[item[0]].title for item in per_round],
            "series": [(_("Submission rate"), rates), (_("Average score"), averages)],
        },
        record_kind="assessment",
    )


# --- All figures, and their drill-downs ---------------------------------------------------------------------

FIGURES = {
    "assessment_status": assessment_status_figure,
    "assessment_timeliness": assessment_timeliness_figure,
    "trend": trend_figure,
    "compliance_step": compliance_step_figure,
    "compliance_criterion": compliance_criterion_figure,
    "findings": findings_figure,
    "actions": actions_figure,
    "risk": risk_figure,
    "sanctions": sanctions_figure,
    "sites": sites_figure,
    "heatmap": heatmap_figure,
}


def dashboard_figures(buyer, filters, *, today=None):
    """Every figure of the dashboard, in display order: about twenty queries in all,
    whatever the size of the data."""
    today = today or timezone.localdate()
    token = _figures_memo.set({})  # what two figures share is read once (_compliance_counts)
    try:
        return {slug: build(buyer, filters, today) for slug, build in FIGURES.items()}
    finally:
        _figures_memo.reset(token)


def figure(buyer, filters, slug, *, today=None):
    return FIGURES[slug](buyer, filters, today or timezone.localdate())


class UnknownFigure(LookupError):
    pass


def _answer_records(buyer, filters, group_field, key):
    group, _sep, review = key.rpartition(":")
    if review not in (Answer.Review.ACCEPTED, Answer.Review.NON_COMPLIANT):
        raise UnknownFigure(key)
    qs = reviewed_answers(buyer, filters).filter(review=review)
    if group_field == "step":
        if not group.isdigit():
            raise UnknownFigure(key)
        return qs.filter(question__criterion_version__criterion__oecd_step=int(group))
    return qs.filter(question__criterion_version__criterion__public_id=_uuid(group))


def _uuid(value):
    import uuid

    try:
        return uuid.UUID(value)
    except ValueError:
        raise UnknownFigure(value) from None


def drilldown(buyer, filters, slug, key, *, today=None):
    """The records behind one number of a figure: a queryset of assessments, answers,
    findings, corrective actions, suppliers or sites. Raises UnknownFigure for a figure
    or key that does not exist."""
    today = today or timezone.localdate()
    if slug == "assessment_status":
        if key not in Assessment.Status.values:
            raise UnknownFigure(key)
        return assessment_scope(buyer, filters).filter(status=key)
    if slug == "assessment_timeliness":
        conditions = _timeliness_conditions(today)
        if key not in conditions:
            raise UnknownFigure(key)
        return assessment_scope(buyer, filters).filter(conditions[key])
    if slug == "trend":
        round_key, _sep, part = key.partition(":")
        qs = assessment_scope(buyer, filters).filter(round__public_id=_uuid(round_key))
        if part == "all":
            return qs
        if part == "submitted":
            return qs.filter(submitted_at__isnull=False)
        if part == "scored":
            return qs.filter(score__isnull=False)
        raise UnknownFigure(key)
    if slug == "compliance_step":
        return _answer_records(buyer, filters, "step", key)
    if slug == "compliance_criterion":
        return _answer_records(buyer, filters, "criterion", key)
    if slug == "findings":
        issue, _sep, severity = key.partition(":")
        if issue not in Finding.IssueType.values:
            raise UnknownFigure(key)
        qs = finding_scope(buyer, filters).filter(issue_type=issue)
        if severity == "all":
            return qs
        if severity not in ("1", "2", "3", "4"):
            raise UnknownFigure(key)
        return qs.filter(severity=int(severity))
    if slug == "actions":
        conditions = _action_conditions(today)
        if key not in conditions:
            raise UnknownFigure(key)
        return action_scope(buyer, filters).filter(conditions[key])
    if slug == "risk":
        if key == "none":
            return risk_suppliers(buyer, filters).filter(risk_level__isnull=True)
        if key not in RiskLevel.values:
            raise UnknownFigure(key)
        return risk_suppliers(buyer, filters).filter(risk_level=key)
    if slug == "sanctions":
        if key not in ("1", "2", "3", "4"):
            raise UnknownFigure(key)
        return sanctioned_suppliers(buyer, filters).filter(top_rung=int(key))
    if slug == "sites":
        return site_scope(buyer, filters).filter(country=key.upper()[:2])
    if slug == "heatmap":
        return Site.objects.filter(pk__in=heatmap_site_ids(buyer, filters, key))
    raise UnknownFigure(slug)


RECORD_KINDS = {
    "assessment_status": "assessment",
    "assessment_timeliness": "assessment",
    "trend": "assessment",
    "compliance_step": "answer",
    "compliance_criterion": "answer",
    "findings": "finding",
    "actions": "action",
    "risk": "supplier",
    "sanctions": "supplier",
    "sites": "site",
    "heatmap": "site",
}
