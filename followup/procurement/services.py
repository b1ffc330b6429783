"""Writes of next procurement drafts. Each runs in one transaction; a refused change
raises a translated ValidationError and saves nothing.

A draft starts from an existing framework agreement: its criteria are the versions the
agreement's awards were signed with (one line per criterion, the highest version signed)
plus the criteria proposed at the buyer's market dialogue events for this agreement or
for no agreement in particular (a catalogue criterion, or new wording). Starting the
draft of an agreement twice opens the same draft; bringing it up to date adds only what
is missing.

Per criterion the officer decides (keep, tighten, add, clarify, retire, replace) with a
reason. Each decision is a new row: nothing is overwritten, the latest one counts. From
a decision that changes the wording, the officer creates a new draft version of the
criterion in the catalogue (or, for new wording, a new criterion) through the criteria
app's own services, which keep its rules (one draft at a time, versions that never
overlap); the new version is linked to the decision."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from contracts.models import BuyerMembership
from criteria import services as criteria_services
from criteria.models import CriterionVersion
from followup.models import CriterionDecision, DraftCriterion, MarketEvent, ProcurementDraft, ProposedCriterion
from oslo_procurement.core import save_record, set_archived

Decision = CriterionDecision.Decision
Source = DraftCriterion.Source
WORDING_FIELDS = (
    "title_nb",
    "title_en",
    "text_nb",
    "text_en",
    "evidence_nb",
    "evidence_en",
    "ilo_set",
    "effective_from",
    "effective_to",
    "change_note",
)


def _require_editor(actor, buyer):
    if actor is None or not actor.can_edit or not BuyerMembership.objects.filter(user=actor, buyer=buyer).exists():
        raise PermissionDenied(_("Only an officer of this buyer can do this."))


def _refuse(message, field=None):
    raise ValidationError({field: message} if field else message, code="refused")


def _agreement_versions(agreement):
    """The highest version of each criterion the agreement's (active) awards were signed with."""
    versions = (
        CriterionVersion.objects.filter(awards__agreement=agreement, awards__archived_at__isnull=True)
        .select_related("criterion")
        .distinct()
        .order_by("criterion__code", "-version")
    )
    chosen = {}
    for version in versions:
        chosen.setdefault(version.criterion_id, version)
    return list(chosen.values())


def _proposals_for(agreement):
    return (
        ProposedCriterion.objects.filter(event__buyer=agreement.buyer, event__archived_at__isnull=True)
        .filter(Q(event__agreement=agreement) | Q(event__agreement__isnull=True))
        .exclude(event__status=MarketEvent.Status.CANCELLED)
        .select_related("criterion", "event")
        .order_by("event__event_date", "order")
    )


def draft_start(*, agreement, actor) -> ProcurementDraft:
    """The open draft of the next procurement after ``agreement``, started (with its
    criteria) if there is none."""
    _require_editor(actor, agreement.buyer)
    existing = ProcurementDraft.objects.active().filter(agreement=agreement).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            draft = save_record(
                ProcurementDraft(
                    buyer=agreement.buyer,
                    agreement=agreement,
                    title=_("Next procurement after %(reference)s") % {"reference": agreement.reference},
                    created_by=actor,
                ),
                actor=actor,
            )
            draft_sync(draft=draft, actor=actor)
            return draft
    except IntegrityError:
        # A double click that raced the first: that one made the draft.
        return ProcurementDraft.objects.active().get(agreement=agreement)


def draft_sync(*, draft: ProcurementDraft, actor) -> int:
    """Add the criteria the draft does not have yet (from the agreement and from market
    dialogue events). Returns how many were added; running it again adds nothing."""
    _require_editor(actor, draft.buyer)
    with transaction.atomic():
        draft = (
            ProcurementDraft.objects.select_for_update(of=("self",))
            .select_related("agreement", "buyer")
            .get(pk=draft.pk)
        )
        if draft.archived_at is not None:
            _refuse(_("The draft is archived."))
        lines = DraftCriterion.objects.filter(draft=draft)
        have_criteria = set(lines.exclude(criterion=None).values_list("criterion_id", flat=True))
        have_proposals = set(lines.exclude(proposal=None).values_list("proposal_id", flat=True))
        order = lines.aggregate(top=Max("order"))["top"] or 0
        added = []
        for version in _agreement_versions(draft.agreement):
            if version.criterion_id not in have_criteria:
                have_criteria.add(version.criterion_id)
                added.append(
                    DraftCriterion(source=Source.AGREEMENT, criterion=version.criterion, current_version=version)
                )
        for proposal in _proposals_for(draft.agreement):
            if proposal.criterion_id:
                if proposal.criterion_id not in have_criteria:
                    have_criteria.add(proposal.criterion_id)
                    added.append(DraftCriterion(source=Source.PROPOSED, criterion=proposal.criterion))
            elif proposal.pk not in have_proposals:
                have_proposals.add(proposal.pk)
                added.append(DraftCriterion(source=Source.PROPOSED, proposal=proposal))
        for line in added:
            order += 1
            line.draft, line.order = draft, order
            save_record(line, actor=actor)
    return len(added)


def draft_set_archived(*, draft, actor, archived: bool):
    _require_editor(actor, draft.buyer)
    return set_archived(draft, actor=actor, archived=archived)


def decision_record(*, line: DraftCriterion, actor, decision: str, reason: str) -> CriterionDecision:
    """Record the officer's decision on one criterion, with its reason (required). The
    earlier decisions stay; the same decision with the same reason twice in a row is
    recorded once."""
    _require_editor(actor, line.draft.buyer)
    reason = (reason or "").strip()
    if not reason:
        _refuse(_("Give the reason for the decision."), "reason")
    if decision not in Decision.values:
        _refuse(_("Choose a decision."), "decision")
    with transaction.atomic():
        line = (
            DraftCriterion.objects.select_for_update(of=("self",))
            .select_related("draft", "current_version")
            .get(pk=line.pk)
        )
        if line.draft.archived_at is not None:
            _refuse(_("The draft is archived."))
        _check_sense(line, decision)
        latest = line.decisions.order_by("-created_at", "-id").first()
        if latest is not None and (latest.decision, latest.reason) == (decision, reason):
            return latest
        return save_record(
            CriterionDecision(line=line, decision=decision, reason=reason, decided_by=actor), actor=actor
        )


def _check_sense(line, decision):
    """Refuse decisions that make no sense for the line: adding a criterion the agreement
    already has, keeping or retiring new wording that is in neither the agreement nor the
    catalogue."""
    if decision == Decision.ADD and line.current_version_id:
        _refuse(
            _(
                "The agreement already has this criterion (version %(version)s): it cannot be added. "
                "Choose keep, tighten, clarify, replace or retire."
            )
            % {"version": line.current_version.version},
            "decision",
        )
    if decision in (Decision.KEEP, Decision.RETIRE) and line.criterion_id is None:
        _refuse(
            _(
                "This wording is in neither the agreement nor the catalogue: there is nothing to keep or retire. "
                "Choose add to take it into the next procurement, or leave it undecided."
            ),
            "decision",
        )


def _lock_decision(decision):
    return (
        CriterionDecision.objects.select_for_update(of=("self",))
        .select_related("line__draft__buyer", "line__criterion", "line__proposal", "new_version")
        .get(pk=decision.pk)
    )


def _check_new_wording(decision):
    if not decision.makes_new_wording:
        _refuse(
            _("A decision to %(decision)s does not change the wording.")
            % {"decision": decision.get_decision_display().lower()}
        )


def decision_create_version(*, decision: CriterionDecision, actor, wording: CriterionVersion, ilo_instruments):
    """A new draft version of the line's criterion in the catalogue, with the wording and
    dates from ``wording`` (an unsaved CriterionVersion the form filled), linked to the
    decision. The criteria app's services number it, copy what the form leaves out, and
    refuse a second draft or dates that would overlap another version. A decision that
    already has its version gives that version back."""
    _require_editor(actor, decision.line.draft.buyer)
    with transaction.atomic():
        decision = _lock_decision(decision)
        if decision.new_version_id:
            return decision.new_version
        _check_new_wording(decision)
        criterion = decision.line.criterion
        if criterion is None:
            _refuse(_("This is new wording: create the criterion instead."))
        draft = criteria_services.version_create_draft(criterion=criterion, actor=actor)
        for name in WORDING_FIELDS:
            setattr(draft, name, getattr(wording, name))
        criteria_services.version_save(version=draft, actor=actor, ilo_instruments=ilo_instruments)
        decision.new_version = draft
        save_record(decision, actor=actor)
    return draft


def decision_create_criterion(*, decision: CriterionDecision, actor, criterion, first_version, ilo_instruments):
    """For new wording proposed at a market dialogue event: a new criterion in the
    catalogue with its first (draft) version, through the criteria app's service; the
    draft's line and the proposal then refer to the criterion, and the version is linked
    to the decision."""
    _require_editor(actor, decision.line.draft.buyer)
    with transaction.atomic():
        decision = _lock_decision(decision)
        if decision.new_version_id:
            return decision.new_version
        _check_new_wording(decision)
        line = decision.line
        if line.criterion_id is not None:
            _refuse(_("This criterion is in the catalogue: create a new version of it instead."))
        criteria_services.criterion_create(
            criterion=criterion, first_version=first_version, actor=actor, ilo_instruments=ilo_instruments
        )
        line.criterion = criterion
        save_record(line, actor=actor)
        # The proposal now concerns this criterion: its market readiness counts for it.
        proposal = line.proposal
        proposal.criterion = criterion
        save_record(proposal, actor=actor)
        decision.new_version = first_version
        save_record(decision, actor=actor)
    return first_version
