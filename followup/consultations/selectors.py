"""Tuned reads for market dialogue: event lists, and how ready the market says it is for
each proposed criterion (on one event, and per catalogue criterion across events).

Every figure is counted from the feedback rows with set-based queries: a page runs a
fixed number of queries whatever the number of events, suppliers or answers."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from contracts.models import Award, FrameworkAgreement
from followup.models import CriterionFeedback, EventInvitation, MarketEvent, ProposedCriterion, Readiness
from suppliers.models import Supplier

CANCELLED = MarketEvent.Status.CANCELLED


@dataclass
class ReadinessSummary:
    """How ready the market says it is for one proposed criterion (or one criterion
    across events): counts of the answers, their shares of all answers, and how many of
    the invited suppliers did not answer."""

    ready: int = 0
    transition: int = 0
    not_feasible: int = 0
    invited: int = 0
    longest_transition: int | None = None
    events: int = 0
    feedback: list = field(default_factory=list)

    @property
    def answered(self):
        return self.ready + self.transition + self.not_feasible

    @property
    def no_answer(self):
        return max(self.invited - self.answered, 0)

    def _share(self, count, whole):
        return round(100 * count / whole) if whole else None

    @property
    def ready_share(self):
        return self._share(self.ready, self.answered)

    @property
    def transition_share(self):
        return self._share(self.transition, self.answered)

    @property
    def not_feasible_share(self):
        return self._share(self.not_feasible, self.answered)

    @property
    def no_answer_share(self):
        return self._share(self.no_answer, self.invited)

    def add(self, other):
        self.ready += other.ready
        self.transition += other.transition
        self.not_feasible += other.not_feasible
        self.invited += other.invited
        self.events += other.events
        months = [m for m in (self.longest_transition, other.longest_transition) if m is not None]
        self.longest_transition = max(months) if months else None
        return self


def _count(qs, group_by):
    counted = qs.order_by().values(group_by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _with_readiness(proposals):
    """Annotate each proposed criterion with its answer counts and the number invited."""
    return proposals.annotate(
        n_ready=Count("feedback", filter=Q(feedback__readiness=Readiness.READY)),
        n_transition=Count("feedback", filter=Q(feedback__readiness=Readiness.TRANSITION)),
        n_not_feasible=Count("feedback", filter=Q(feedback__readiness=Readiness.NOT_FEASIBLE)),
        longest=Max("feedback__transition_months"),
        n_invited=_count(EventInvitation.objects.filter(event=OuterRef("event")), "event"),
    )


def _summary(proposal):
    return ReadinessSummary(
        ready=proposal.n_ready,
        transition=proposal.n_transition,
        not_feasible=proposal.n_not_feasible,
        invited=proposal.n_invited,
        longest_transition=proposal.longest,
        events=1,
    )


def _feedback_rows():
    return CriterionFeedback.objects.select_related("invitation__supplier", "invitation__event").order_by(
        "invitation__event__event_date", "invitation__supplier__legal_name"
    )


# --- Events --------------------------------------------------------------------------------


def event_list(*, buyer, kind="", status="active", agreement=None):
    qs = MarketEvent.objects.filter(buyer=buyer).select_related("agreement")
    if status == "archived":
        qs = qs.filter(archived_at__isnull=False)
    elif status != "all":
        qs = qs.filter(archived_at__isnull=True)
    if kind:
        qs = qs.filter(kind=kind)
    if agreement is not None:
        qs = qs.filter(agreement=agreement)
    return qs.annotate(
        invited_count=_count(EventInvitation.objects.filter(event=OuterRef("pk")), "event"),
        proposal_count=_count(ProposedCriterion.objects.filter(event=OuterRef("pk")), "event"),
        answer_count=_count(CriterionFeedback.objects.filter(invitation__event=OuterRef("pk")), "invitation__event"),
    ).order_by("-event_date", "topic_nb")


def event_proposals(event):
    """The event's proposed criteria, in order, each with ``readiness`` (a
    ReadinessSummary whose ``feedback`` lists the answers with their reasons)."""
    proposals = list(
        _with_readiness(ProposedCriterion.objects.filter(event=event))
        .select_related("criterion", "criterion_version__criterion")
        .order_by("order")
    )
    rows = defaultdict(list)
    for row in _feedback_rows().filter(proposal__event=event):
        rows[row.proposal_id].append(row)
    for proposal in proposals:
        proposal.readiness = _summary(proposal)
        proposal.readiness.feedback = rows[proposal.pk]
    return proposals


def event_invitations(event):
    """The invited suppliers with whether each holds a contract with the buyer and how
    many proposed criteria it answered."""
    return (
        EventInvitation.objects.filter(event=event)
        .select_related("supplier", "input_by")
        .annotate(
            in_contract=Exists(_current_awards(event.buyer).filter(supplier=OuterRef("supplier"))),
            answer_count=Count("feedback"),
        )
        .order_by("supplier__legal_name")
    )


def _current_awards(buyer):
    return Award.objects.filter(
        archived_at__isnull=True, agreement__buyer=buyer, agreement__status=FrameworkAgreement.Status.ACTIVE
    )


def suppliers_to_invite(event):
    """Every active supplier in the registry not yet invited, with ``in_contract``: whether
    it holds an award in one of the buyer's active agreements. Suppliers without a contract
    can be invited too; that is what a market consultation is for."""
    return (
        Supplier.objects.active()
        .exclude(market_invitations__event=event)
        .annotate(in_contract=Exists(_current_awards(event.buyer).filter(supplier=OuterRef("pk"))))
        .order_by("-in_contract", "legal_name")
    )


# --- Readiness per criterion across events ---------------------------------------------------


def _buyer_proposals(buyer):
    return ProposedCriterion.objects.filter(event__buyer=buyer, event__archived_at__isnull=True).exclude(
        event__status=CANCELLED
    )


@dataclass
class WordingReadiness:
    """How ready the market is for one wording of a criterion: a catalogue version (summed
    over every event that proposed it) or one piece of new wording. Figures for different
    wordings are never added together."""

    readiness: ReadinessSummary
    version: object = None
    proposal: object = None

    @property
    def is_new_wording(self):
        return self.version is None

    @property
    def label(self):
        if self.version is not None:
            return f"v{self.version.version} {self.version.title}"
        return self.proposal.title


def _wording_key(proposal):
    return ("version", proposal.criterion_version_id) if proposal.criterion_version_id else ("new", proposal.pk)


def _by_wording(proposals):
    """``{criterion_id: [WordingReadiness]}``: catalogue versions by number, then new wording
    by event date."""
    totals = {}
    for proposal in proposals.select_related("criterion_version__criterion", "event").order_by(
        "criterion_version__version", "event__event_date", "order"
    ):
        per = totals.setdefault(proposal.criterion_id, {})
        key = _wording_key(proposal)
        if key not in per:
            per[key] = WordingReadiness(
                readiness=ReadinessSummary(), version=proposal.criterion_version, proposal=proposal
            )
        per[key].readiness.add(_summary(proposal))
    return {
        criterion_id: sorted(per.values(), key=lambda w: (w.is_new_wording, w.version.version if w.version else 0))
        for criterion_id, per in totals.items()
    }


def readiness_by_criterion(buyer, *, criteria=None):
    """``{criterion_id: [WordingReadiness]}`` over every event (not cancelled, not
    archived) of the buyer that proposed the criterion: one entry per wording (each
    catalogue version, each piece of new wording), side by side, never merged."""
    proposals = _buyer_proposals(buyer).filter(criterion__isnull=False)
    if criteria is not None:
        proposals = proposals.filter(criterion__in=criteria)
    return _by_wording(_with_readiness(proposals))


def readiness_by_proposal(proposals):
    """``{proposal_id: ReadinessSummary}`` for the given proposed criteria."""
    return {p.pk: _summary(p) for p in _with_readiness(ProposedCriterion.objects.filter(pk__in=proposals)).order_by()}


def readiness_overview(buyer):
    """For the overview page: each catalogue criterion proposed at one or more events with
    the readiness for each of its wordings, and each piece of new wording not tied to a
    criterion."""
    from criteria.models import Criterion

    totals = readiness_by_criterion(buyer)
    criteria = Criterion.objects.filter(pk__in=totals).order_by("code")
    rows = [{"criterion": criterion, "wordings": totals[criterion.pk]} for criterion in criteria]
    loose = list(
        _with_readiness(_buyer_proposals(buyer).filter(criterion__isnull=True))
        .select_related("event")
        .order_by("-event__event_date", "order")
    )
    for proposal in loose:
        proposal.readiness = _summary(proposal)
    return {"criteria": rows, "new_wording": loose}


def criterion_feedback(buyer, criterion):
    """Every answer on a criterion across the buyer's events, with the reasons, per event
    and proposal, and the totals per wording (``wordings``)."""
    proposals = list(
        _with_readiness(_buyer_proposals(buyer).filter(criterion=criterion))
        .select_related("event", "criterion_version")
        .order_by("-event__event_date", "order")
    )
    for proposal in proposals:
        proposal.readiness = _summary(proposal)
    rows = defaultdict(list)
    for row in _feedback_rows().filter(proposal__in=[p.pk for p in proposals]):
        rows[row.proposal_id].append(row)
    for proposal in proposals:
        proposal.readiness.feedback = rows[proposal.pk]
    wordings = _by_wording(_with_readiness(_buyer_proposals(buyer).filter(criterion=criterion))).get(criterion.pk, [])
    return {"proposals": proposals, "wordings": wordings}


# --- Portal ----------------------------------------------------------------------------------


def portal_invitations(supplier):
    return (
        EventInvitation.objects.filter(supplier=supplier, event__archived_at__isnull=True)
        .select_related("event__buyer")
        .annotate(answer_count=Count("feedback"))
        .order_by("-event__event_date")
    )


def portal_proposals(invitation):
    """The event's proposed criteria, each with ``mine``: the supplier's own answer."""
    own = CriterionFeedback.objects.filter(invitation=invitation)
    return list(
        ProposedCriterion.objects.filter(event=invitation.event)
        .select_related("criterion", "criterion_version__criterion")
        .prefetch_related(Prefetch("feedback", queryset=own, to_attr="mine"))
        .order_by("order")
    )


def supplier_invitations(*, buyer, supplier):
    """For the supplier page: the buyer's events the supplier was invited to."""
    return (
        EventInvitation.objects.filter(supplier=supplier, event__buyer=buyer, event__archived_at__isnull=True)
        .select_related("event")
        .annotate(answer_count=Count("feedback"))
        .order_by("-event__event_date")
    )


def today():
    return timezone.localdate()
