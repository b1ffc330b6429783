"""Tuned reads for next procurement drafts: each criterion of a draft with its decisions,
the lessons concerning it and how ready the market said it is. The draft page runs a
fixed number of queries whatever the number of criteria, lessons or answers."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from contracts.models import FrameworkAgreement
from criteria.models import CriterionVersion
from followup.consultations.selectors import WordingReadiness, readiness_by_criterion, readiness_by_proposal
from followup.lessons.selectors import lessons_by_criterion
from followup.models import CriterionDecision, ProcurementDraft, ProposedCriterion


def draft_list(*, buyer, status="active"):
    qs = ProcurementDraft.objects.filter(buyer=buyer).select_related("agreement")
    if status == "archived":
        qs = qs.filter(archived_at__isnull=False)
    elif status != "all":
        qs = qs.filter(archived_at__isnull=True)
    return qs.annotate(
        line_count=Count("lines", distinct=True),
        decided_count=Count("lines", distinct=True, filter=Q(lines__decisions__isnull=False)),
    ).order_by("-created_at")


def _decisions():
    return Prefetch(
        "decisions",
        queryset=CriterionDecision.objects.select_related("decided_by", "new_version").order_by("-created_at", "-id"),
    )


def agreements_without_draft(buyer):
    """The buyer's agreements with no open next procurement draft: where one can start."""
    drafts = ProcurementDraft.objects.active().filter(agreement=OuterRef("pk"))
    return (
        FrameworkAgreement.objects.filter(buyer=buyer, archived_at__isnull=True)
        .exclude(Exists(drafts))
        .order_by("-start_date")
    )


def draft_lines(draft, *, only=None):
    """The draft's criteria in order, each with ``decisions`` (newest first), ``latest``
    (the decision that counts, or None), ``lessons`` and ``wordings`` (the market's
    readiness for each wording discussed, side by side, never merged; empty when the
    market was never asked). ``only``: just that line."""
    lines = draft.lines.all() if only is None else draft.lines.filter(pk=only.pk)
    lines = list(
        lines.select_related("criterion", "current_version__criterion", "proposal__event")
        .prefetch_related(_decisions())
        .order_by("order")
    )
    criteria = [line.criterion_id for line in lines if line.criterion_id]
    by_criterion = readiness_by_criterion(draft.buyer, criteria=criteria)
    by_proposal = readiness_by_proposal(
        [line.proposal_id for line in lines if line.proposal_id and not line.criterion_id]
    )
    lessons = lessons_by_criterion(draft.buyer, criteria)
    for line in lines:
        decisions = list(line.decisions.all())
        line.latest = decisions[0] if decisions else None
        line.lessons = lessons.get(line.criterion_id, []) if line.criterion_id else []
        if line.criterion_id:
            line.wordings = by_criterion.get(line.criterion_id, [])
        else:
            summary = by_proposal.get(line.proposal_id)
            line.wordings = [WordingReadiness(readiness=summary, proposal=line.proposal)] if summary else []
    return lines


def proposed_wordings(draft, criterion):
    """New wording proposed for this criterion at the buyer's market dialogue events."""
    return (
        ProposedCriterion.objects.filter(
            event__buyer=draft.buyer,
            criterion=criterion,
            criterion_version__isnull=True,
            event__archived_at__isnull=True,
        )
        .exclude(event__status="cancelled")
        .select_related("event")
        .order_by("-event__event_date")
    )


def latest_version(criterion):
    return (
        CriterionVersion.objects.filter(criterion=criterion)
        .prefetch_related("ilo_instruments")
        .order_by("-version")
        .first()
    )


def open_draft_version(criterion):
    return CriterionVersion.objects.filter(criterion=criterion, status=CriterionVersion.Status.DRAFT).first()


def line_decisions(line):
    return line.decisions.select_related("decided_by", "new_version").order_by("-created_at", "-id")
