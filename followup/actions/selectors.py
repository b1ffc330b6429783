"""Tuned reads for corrective action plans and the sanctions ladder. Lists run a fixed
number of queries whatever the number of rows (tests/followup_actions check it).

"Overdue" is never stored: an action is overdue when its deadline has passed (today in
Europe/Oslo, the project's TIME_ZONE) and it is not verified and closed."""

from dataclasses import dataclass

from django.db.models import BooleanField, Case, Exists, IntegerField, Max, OuterRef, Prefetch, Q, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.models import Award
from followup.models import ActionUpdate, CorrectiveAction, Escalation
from oslo_procurement.compiled import compiled_queryset
from suppliers.models import Evidence, Supplier

from .access import portal_visible_actions

CLOSED = CorrectiveAction.Status.VERIFIED_CLOSED


def today():
    return timezone.localdate()


def overdue_q(on):
    return Q(deadline__lt=on) & ~Q(status=CLOSED)


def with_overdue(qs, *, on=None):
    """Annotate ``overdue`` (bool) on a CorrectiveAction queryset."""
    return qs.annotate(
        overdue=Case(
            When(overdue_q(on or today()), then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    )


def _rung_in_force():
    """The highest rung in force on one action (a correlated subquery), or NULL."""
    rungs = (
        Escalation.objects.filter(action=OuterRef("pk"), status=Escalation.Status.IN_FORCE)
        .order_by()
        .values("action")
        .annotate(top=Max("rung"))
        .values("top")
    )
    return Subquery(rungs, output_field=IntegerField())


# --- Lists ---------------------------------------------------------------------------------


def action_list(*, buyer, status="", supplier=None, overdue="", on=None):
    """The buyer's corrective actions, each with ``overdue`` and ``rung_in_force``,
    soonest deadline first."""
    on = on or today()
    qs = CorrectiveAction.objects.filter(buyer=buyer).select_related("supplier", "meeting", "finding")
    if status:
        qs = qs.filter(status=status)
    if supplier is not None:
        qs = qs.filter(supplier=supplier)
    if overdue == "yes":
        qs = qs.filter(overdue_q(on))
    elif overdue == "no":
        qs = qs.exclude(overdue_q(on))
    return with_overdue(qs, on=on).annotate(rung_in_force=_rung_in_force()).order_by("deadline", "pk")


def suppliers_with_actions(buyer):
    """The suppliers the buyer has actions for (the list's supplier filter: id and name)."""
    return (
        Supplier.objects.filter(Exists(CorrectiveAction.objects.filter(buyer=buyer, supplier=OuterRef("pk"))))
        .only("public_id", "legal_name")
        .order_by("legal_name")
    )


# What a row of the actions list shows (followup/actions/action_list.html).
LIST_FIELDS = (
    "public_id",
    "title",
    "severity",
    "deadline",
    "status",
    "meeting__title",
    "supplier__legal_name",
)


def action_list_rows(actions):
    """``action_list``'s actions with only the columns the list shows: not the texts an
    action holds, nor its finding."""
    return actions.select_related(None).select_related("supplier", "meeting").only(*LIST_FIELDS)


def meeting_actions(meeting):
    return with_overdue(
        CorrectiveAction.objects.filter(meeting=meeting).select_related("supplier", "finding").order_by("deadline")
    )


def action_updates(action):
    """The action's timeline: progress updates, evidence, returns and the verification,
    oldest first, each with its author and evidence (three queries)."""
    return (
        ActionUpdate.objects.filter(action=action)
        .select_related("author")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("title")))
        .order_by("created_at", "pk")
    )


def action_escalations(action):
    return (
        Escalation.objects.filter(action=action)
        .select_related("decided_by", "approved_by", "agreement")
        .order_by("rung", "created_at")
    )


def pending_evidence(action):
    """Evidence attached since the last time the action was returned, and not yet submitted."""
    updates = list(action_updates(action))
    pending = []
    for update in updates:
        if update.kind in (ActionUpdate.Kind.RETURNED, ActionUpdate.Kind.EVIDENCE):
            pending = []
        elif update.kind == ActionUpdate.Kind.PROGRESS:
            pending.extend(update.evidence.all())
    return pending


def next_rung(action):
    """The rung the next escalation of this action must take: one above the highest
    rung that was not rejected (1 when there is none); None above termination."""
    top = (
        Escalation.objects.filter(action=action)
        .exclude(status=Escalation.Status.REJECTED)
        .aggregate(top=Max("rung"))["top"]
        or 0
    )
    return top + 1 if top < Escalation.Rung.TERMINATION else None


def escalation_queue(buyer):
    """Escalations awaiting a manager's approval, oldest first."""
    return (
        Escalation.objects.filter(buyer=buyer, status=Escalation.Status.PROPOSED)
        .select_related("supplier", "action", "decided_by", "agreement")
        .order_by("created_at", "pk")
    )


def supplier_agreements(*, buyer, supplier):
    """The buyer's agreements where the supplier holds an active award (an escalation may
    name one of them)."""
    from contracts.models import FrameworkAgreement

    return (
        FrameworkAgreement.objects.active()
        .filter(buyer=buyer, awards__supplier=supplier, awards__archived_at__isnull=True)
        .distinct()
        .order_by("-start_date")
    )


# --- Standing on the sanctions ladder ---------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """A supplier's standing with a buyer: the highest rung in force across its
    escalations, or good standing when none is in force."""

    supplier: Supplier
    escalation: Escalation | None = None
    pending: int = 0

    @property
    def rung(self):
        return self.escalation.rung if self.escalation else None

    @property
    def in_good_standing(self):
        return self.escalation is None

    @property
    def label(self):
        return self.escalation.get_rung_display() if self.escalation else _("Good standing")


def _in_force(buyer, supplier_ids):
    return (
        Escalation.objects.filter(buyer=buyer, supplier_id__in=supplier_ids, status=Escalation.Status.IN_FORCE)
        .select_related("action", "agreement")
        .order_by("supplier_id", "-rung", "-decided_on", "-pk")
    )


def _proposed(buyer, supplier_ids):
    return Escalation.objects.filter(
        buyer=buyer, supplier_id__in=supplier_ids, status=Escalation.Status.PROPOSED
    ).values_list("supplier_id", flat=True)


def _standings(suppliers, in_force, proposed):
    top, pending = {}, {}
    for escalation in in_force:
        top.setdefault(escalation.supplier_id, escalation)
    for supplier_id in proposed:
        pending[supplier_id] = pending.get(supplier_id, 0) + 1
    return [Standing(supplier=s, escalation=top.get(s.pk), pending=pending.get(s.pk, 0)) for s in suppliers]


def supplier_standing(buyer, supplier):
    """The supplier's current standing with the buyer (two queries, their SQL compiled once
    per process: the supplier page shows it on every view)."""
    in_force = compiled_queryset(
        "actions.in_force", lambda buyer, supplier: _in_force(buyer, [supplier.pk]), buyer=buyer, supplier=supplier
    )
    proposed = compiled_queryset(
        "actions.proposed", lambda buyer, supplier: _proposed(buyer, [supplier.pk]), buyer=buyer, supplier=supplier
    )
    return _standings([supplier], in_force, proposed)[0]


def supplier_open_actions(*, buyer, supplier):
    """The supplier page's panel: the supplier's actions at the buyer that are not closed,
    soonest deadline first, each with ``overdue`` (one query, compiled once per day)."""
    on = today()
    return compiled_queryset(
        ("actions.open", on),
        lambda buyer, supplier: with_overdue(
            CorrectiveAction.objects.filter(buyer=buyer, supplier=supplier)
            .exclude(status=CLOSED)
            .only("public_id", "title", "deadline", "status"),
            on=on,
        ).order_by("deadline", "pk"),
        buyer=buyer,
        supplier=supplier,
    )


def standings_for_agreement(agreement):
    """The standing of every supplier with an active award in the agreement, by name
    (three queries whatever the number of suppliers)."""
    suppliers = list(
        Supplier.objects.filter(
            Exists(Award.objects.active().filter(agreement=agreement, supplier=OuterRef("pk")))
        ).order_by("legal_name")
    )
    ids = [s.pk for s in suppliers]
    return _standings(suppliers, _in_force(agreement.buyer_id, ids), _proposed(agreement.buyer_id, ids))


# --- Portal --------------------------------------------------------------------------------


def portal_action_list(supplier, *, on=None):
    return with_overdue(portal_visible_actions(supplier).select_related("buyer", "meeting"), on=on).order_by(
        "deadline", "pk"
    )


def attachable_evidence(supplier, *, on=None):
    """The supplier's evidence that may be attached: its own, not archived, not expired."""
    on = on or today()
    return (
        Evidence.objects.active()
        .filter(supplier=supplier)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("kind", "title")
    )


# --- Who gets the emails -------------------------------------------------------------------


# Who gets the emails: suppliers.selectors.supplier_users and
# contracts.selectors.buyer_officers / buyer_managers.


# --- Links to screens built elsewhere ---------------------------------------------------------


def finding_link(finding):
    """The staff page of a finding, once the findings screens (followup/research) provide
    one; None until then."""
    from django.urls import NoReverseMatch, reverse

    if finding is None:
        return None
    for name in ("findings:detail", "findings:finding_detail", "followup:finding_detail"):
        try:
            return reverse(name, args=[finding.public_id])
        except NoReverseMatch:
            continue
    return None
