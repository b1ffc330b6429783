"""Tuned reads for the reports: the content of the supplier follow-up report and of the
leadership summary, the drill-down lists, and the lists of renderings, subscriptions and
deliveries. Each runs a fixed number of queries whatever the number of rows."""

import datetime

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from contracts.models import Award, Lot
from oslo_procurement.vocab import RiskLevel
from suppliers.access import cmrt_scope
from suppliers.models import CmrtReport, Site, Supplier

from .. import scoring
from ..models import (
    Answer,
    Assessment,
    CorrectiveAction,
    Escalation,
    Finding,
    FindingSupplier,
    Meeting,
    ReportDelivery,
    ReportingRound,
    ReportRun,
    ReportSubscription,
    RiskAssessment,
)
from ..models.findings import Severity
from . import figures

# --- Links to records (left out, never broken, when a screen does not exist) -------------------

_URL_NAMES = {
    "assessment": ["followup:assessment_review"],
    "finding": ["findings:detail", "followup:finding_detail"],
    "action": ["actions:detail", "followup:action_detail"],
    "meeting": ["meetings:detail", "followup:meeting_detail"],
    "supplier": ["suppliers:detail"],
    "site": ["suppliers:site_detail"],
}


def record_url(kind, public_id):
    for name in _URL_NAMES.get(kind, []):
        try:
            return reverse(name, args=[public_id])
        except NoReverseMatch:
            continue
    return ""


# --- Drill-down lists -------------------------------------------------------------------------

_OPEN_FINDING = ~Q(status=Finding.Status.CLOSED)


def drilldown_records(queryset, kind, *, buyer, today=None):
    """The drill-down queryset with what its list shows loaded (a fixed number of queries
    per page), ordered."""
    if kind == "assessment":
        return queryset.select_related("supplier", "round__agreement").order_by(
            "-round__deadline", "supplier__legal_name", "pk"
        )
    if kind == "answer":
        return queryset.select_related(
            "assessment__supplier", "assessment__round", "question__criterion_version__criterion", "reviewed_by"
        ).order_by("assessment__supplier__legal_name", "question__order", "pk")
    if kind == "finding":
        return queryset.prefetch_related(
            Prefetch("suppliers", queryset=Supplier.objects.order_by("legal_name").only("legal_name", "public_id"))
        ).order_by("-severity", "-created_at", "pk")
    if kind == "action":
        return queryset.select_related("supplier").order_by("deadline", "pk")
    if kind == "supplier":
        return queryset.order_by("legal_name", "pk")
    if kind == "site":
        return queryset.select_related("supplier").order_by("country", "name", "pk")
    return queryset


# --- Supplier follow-up report ------------------------------------------------------------------


def _risk_explanation(assessment):
    """The stored explanation as rows of text and effect; uses the risk screens' own
    wording when that module is there."""
    if assessment is None:
        return []
    try:
        from ..risk import selectors as risk_selectors

        return [
            {"text": row["text"], "effect": row["effect"], "total": row["total"]}
            for row in risk_selectors.explanation_rows(risk_selectors.stored_lines(assessment))
        ]
    except (ImportError, AttributeError, KeyError, TypeError, ValueError):
        rows = []
        for line in (assessment.explanation or {}).get("lines", []):
            if isinstance(line, dict):
                rows.append({"text": str(line.get("code", "")), "effect": line.get("effect", ""), "total": ""})
        return rows


def _answer_value(question, answer):
    """An answer as one line of text, whatever its type."""
    from django.utils.formats import date_format, number_format

    if answer is None or not scoring.is_answered(question, answer):
        return _("Not answered")
    kind = question.answer_type
    if kind == "yes_no_partly":
        return str(dict(Answer.Choice.choices).get(answer.choice, answer.choice))
    if kind == "choice":
        return dict(question.choice_options()).get(answer.choice, answer.choice)
    if kind == "text":
        return answer.text
    if kind == "number":
        return number_format(answer.number)
    if kind == "date":
        return date_format(answer.date, "SHORT_DATE_FORMAT")
    return ", ".join(evidence.title for evidence in answer.evidence.all())


def _assessment_scorecard(assessment):
    """The latest self-assessment's score (followup.scoring) and each answer with the
    officer's review; None when the self-assessment screens' selectors are missing."""
    try:
        from .. import selectors as followup_selectors

        items = followup_selectors.assessment_items(assessment)
    except (ImportError, AttributeError):
        return None
    card = scoring.score_assessment(items)
    card.rows = [
        {
            "number": getattr(question, "number", question.order),
            "question": question.text,
            "criterion": question.criterion_version.criterion.code,
            "value": _answer_value(question, answer),
            "explanation": answer.explanation if answer else "",
            "review": answer.get_review_display() if answer else Answer.Review.PENDING.label,
            "severity": answer.get_severity_display() if answer and answer.severity else "",
            "comment": answer.review_comment if answer else "",
        }
        for question, answer in items
    ]
    return card


def _cmrt_summary(buyer, supplier):
    report = (
        CmrtReport.objects.active()
        .filter(cmrt_scope([buyer.pk]), supplier=supplier)
        .order_by("-created_at", "-pk")
        .first()
    )
    if report is None:
        return None
    smelters = list(report.smelters.all())
    attention = None
    try:
        from suppliers.cmrt.services import cmrt_attention

        attention = len(cmrt_attention(report, smelters=smelters))
    except (ImportError, AttributeError):
        attention = None
    per_metal = {}
    for smelter in smelters:
        per_metal[smelter.get_metal_display()] = per_metal.get(smelter.get_metal_display(), 0) + 1
    from suppliers.models import Metal

    labels = dict(Metal.choices)
    return {
        "report": report,
        "metals": [str(labels.get(metal, metal)) for metal in report.metals_in_scope or []],
        "smelter_count": len(smelters),
        "smelters_per_metal": sorted(per_metal.items()),
        "attention_count": attention,
    }


def supplier_report(*, buyer, supplier, today=None):
    """Everything the supplier follow-up report shows, scoped to the buyer."""
    today = today or timezone.localdate()
    awards = (
        Award.objects.filter(agreement__buyer=buyer, supplier=supplier)
        .select_related("agreement")
        .prefetch_related(Prefetch("lots", queryset=Lot.objects.order_by("number")))
        .order_by("archived_at", "-signed_on")
    )
    assessments = list(
        Assessment.objects.filter(supplier=supplier, round__agreement__buyer=buyer, round__archived_at__isnull=True)
        .select_related("round__agreement", "round__questionnaire")
        .order_by("-round__deadline", "-pk")
    )
    latest_reviewed = next((a for a in assessments if a.submitted_at is not None), None)
    raised = FindingSupplier.objects.filter(finding=OuterRef("pk"), supplier=supplier)
    findings = (
        Finding.objects.active()
        .filter(buyer=buyer, pk__in=FindingSupplier.objects.filter(supplier=supplier).values("finding"))
        .annotate(raised_at=Subquery(raised.values("raised_at")[:1]))
        .order_by("status", "-severity", "-created_at")
    )
    actions = list(
        CorrectiveAction.objects.filter(buyer=buyer, supplier=supplier)
        .select_related("finding")
        .order_by("status", "deadline")
    )
    for action in actions:
        action.overdue = action.is_overdue(today)
    latest_risk = (
        RiskAssessment.objects.filter(buyer=buyer, supplier=supplier, agreement__isnull=True)
        .order_by("-created_at", "-pk")
        .first()
    )
    risk_trend = list(
        RiskAssessment.objects.filter(buyer=buyer, supplier=supplier, agreement__isnull=True).order_by(
            "-created_at", "-pk"
        )[:8]
    )
    return {
        "supplier": supplier,
        "awards": awards,
        "sites": Site.objects.active().filter(supplier=supplier).order_by("country", "name"),
        "assessments": assessments,
        "latest_assessment": latest_reviewed,
        "scorecard": _assessment_scorecard(latest_reviewed) if latest_reviewed else None,
        "findings": findings,
        "meetings": Meeting.objects.active().filter(buyer=buyer, supplier=supplier).order_by("-starts_at"),
        "actions": actions,
        "escalations": Escalation.objects.filter(buyer=buyer, supplier=supplier)
        .exclude(status=Escalation.Status.REJECTED)
        .select_related("action")
        .order_by("-decided_on", "-rung"),
        "risk": latest_risk,
        "risk_explanation": _risk_explanation(latest_risk),
        "risk_trend": list(reversed(risk_trend)),
        "cmrt": _cmrt_summary(buyer, supplier),
        "today": today,
    }


# --- Leadership summary ----------------------------------------------------------------------------

HIGH_LEVELS = ("very_high", "high")
RISK_LABELS = dict(RiskLevel.choices)


def main_risks(buyer, filters, *, limit=12, today=None):
    """The suppliers at high or very high residual risk, highest first, each with what is
    open about them and what is being done: open findings, open and overdue corrective
    actions, sanctions in force, the last meeting. Five queries."""
    today = today or timezone.localdate()
    score = figures._latest_risk(buyer, filters, "residual_score")
    suppliers = list(
        figures.risk_suppliers(buyer, filters)
        .filter(risk_level__in=HIGH_LEVELS)
        .annotate(risk_score=score)
        .order_by("-risk_score", "legal_name")[:limit]
    )
    ids = [s.pk for s in suppliers]
    findings = {}
    for link in (
        FindingSupplier.objects.filter(supplier__in=ids, finding__buyer=buyer, finding__archived_at__isnull=True)
        .filter(finding__in=Finding.objects.filter(_OPEN_FINDING))
        .select_related("finding")
        .order_by("-finding__severity", "-finding__created_at")
    ):
        findings.setdefault(link.supplier_id, []).append(link.finding)
    actions = {}
    for action in (
        CorrectiveAction.objects.filter(buyer=buyer, supplier__in=ids)
        .exclude(status=CorrectiveAction.Status.VERIFIED_CLOSED)
        .order_by("deadline")
    ):
        action.overdue = action.is_overdue(today)
        actions.setdefault(action.supplier_id, []).append(action)
    top_rung = {}
    for supplier_id, rung in Escalation.objects.filter(
        buyer=buyer, supplier__in=ids, status=Escalation.Status.IN_FORCE
    ).values_list("supplier", "rung"):
        top_rung[supplier_id] = max(rung, top_rung.get(supplier_id, 0))
    last_meeting = _last_meetings(buyer, ids)
    labels = dict(Escalation.Rung.choices)
    rows = []
    for supplier in suppliers:
        open_actions = actions.get(supplier.pk, [])
        rows.append(
            {
                "supplier": supplier,
                "level": supplier.risk_level,
                "level_label": RISK_LABELS.get(supplier.risk_level, supplier.risk_level),
                "score": supplier.risk_score,
                "findings": findings.get(supplier.pk, []),
                "actions": open_actions,
                "overdue": [a for a in open_actions if a.overdue],
                "sanction": labels.get(top_rung.get(supplier.pk)),
                "last_meeting": last_meeting.get(supplier.pk),
            }
        )
    return rows


def _last_meetings(buyer, supplier_ids):
    last = {}
    for supplier_id, starts_at in (
        Meeting.objects.filter(buyer=buyer, supplier__in=supplier_ids, archived_at__isnull=True)
        .exclude(status=Meeting.Status.CANCELLED)
        .filter(starts_at__lte=timezone.now())
        .values_list("supplier", "starts_at")
    ):
        if supplier_id not in last or starts_at > last[supplier_id]:
            last[supplier_id] = starts_at
    return last


def suppliers_at_a_glance(buyer, filters, *, today=None):
    """One row per awarded supplier: residual risk, open findings, open and overdue
    actions, the latest self-assessment's status. Three queries."""
    today = today or timezone.localdate()
    open_findings = (
        FindingSupplier.objects.filter(supplier=OuterRef("pk"), finding__buyer=buyer, finding__archived_at__isnull=True)
        .exclude(finding__status=Finding.Status.CLOSED)
        .order_by()
        .values("supplier")
        .annotate(n=Count("pk"))
        .values("n")
    )
    not_closed = CorrectiveAction.objects.filter(buyer=buyer, supplier=OuterRef("pk")).exclude(
        status=CorrectiveAction.Status.VERIFIED_CLOSED
    )
    latest_assessment = (
        figures.assessment_scope(buyer, filters).filter(supplier=OuterRef("pk")).order_by("-round__deadline", "-pk")
    )

    def count(qs):
        return Coalesce(
            Subquery(qs.order_by().values("supplier").annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
            0,
        )

    rows = list(
        figures.risk_suppliers(buyer, filters)
        .annotate(
            open_findings=Coalesce(Subquery(open_findings, output_field=IntegerField()), 0),
            open_actions=count(not_closed),
            overdue_actions=count(not_closed.filter(deadline__lt=today)),
            assessment_status=Subquery(latest_assessment.values("status")[:1]),
        )
        .order_by("legal_name")
    )
    statuses = dict(Assessment.Status.choices)
    for row in rows:
        row.risk_label = RISK_LABELS.get(row.risk_level, "")
        row.assessment_label = statuses.get(row.assessment_status, "")
    return rows


# The leadership summary lists the severe open findings only, and at most this many: the
# rest are counted in its findings figure and listed on the dashboard. (At 500 open
# findings a full list was 20 of the summary's 41 pages, which nobody in leadership reads.)
LEADERSHIP_FINDINGS_LIMIT = 200


def severe_open_findings(buyer, filters, *, limit=None):
    """``(the open findings of high or critical severity, most severe and newest first, at
    most ``limit``; how many such findings there are)``."""
    severe = figures.finding_scope(buyer, filters).filter(severity__gte=Severity.HIGH)
    listed = drilldown_records(severe, "finding", buyer=buyer)[: limit or LEADERSHIP_FINDINGS_LIMIT]
    return list(listed), severe.count()


# --- Runs, subscriptions, deliveries -----------------------------------------------------------------


def recent_runs(buyer, *, limit=20):
    return ReportRun.objects.filter(buyer=buyer).select_related("supplier", "agreement", "requested_by", "buyer")[
        :limit
    ]


def subscription_list(buyer):
    return (
        ReportSubscription.objects.filter(buyer=buyer)
        .select_related("agreement", "supplier", "buyer")
        .annotate(
            recipient_count=Count("recipients", distinct=True),
        )
        .order_by("-active", "kind", "-created_at")
    )


def delivery_log(buyer, *, subscription=None, status=""):
    qs = ReportDelivery.objects.filter(subscription__buyer=buyer).select_related(
        "subscription__agreement", "subscription__supplier", "subscription__buyer", "run"
    )
    if subscription is not None:
        qs = qs.filter(subscription=subscription)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


def period_label(period_key):
    """ "November 2026", "Quarter 4 2026" or the round's title, in the active language."""
    if period_key.startswith("round:"):
        round_ = ReportingRound.objects.filter(public_id=period_key[6:]).only("title_nb", "title_en").first()
        return round_.title if round_ else period_key
    if "-Q" in period_key:
        year, quarter = period_key.split("-Q")
        return _("Quarter %(quarter)s %(year)s") % {"quarter": quarter, "year": year}
    try:
        day = datetime.date.fromisoformat(f"{period_key}-01")
    except ValueError:
        return period_key
    return date_format(day, "YEAR_MONTH_FORMAT")
