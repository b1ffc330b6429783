"""What a user's calendar feed holds: the deadlines they must keep an eye on.

- A supplier user: their own company's open self-assessments (the round's deadline) and the
  corrective actions the company may see that are not closed.
- An officer or manager: the buyer's open reporting rounds, and the buyer's corrective actions
  that are not closed, for "my suppliers" when the user is responsible for any.
A constant number of queries whatever the number of items."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.urls import reverse

from contracts.models import BuyerMembership
from contracts.selectors import my_suppliers
from followup.actions.access import portal_visible_actions
from followup.models import Assessment, CorrectiveAction, ReportingRound
from followup.selectors import OPEN_STATUSES


@dataclass(frozen=True)
class Deadline:
    uid: str
    day: date
    kind: str  # "assessment", "round" or "action"
    title: str
    supplier: str
    url: str


def _url(name, public_id):
    return settings.SITE_URL.rstrip("/") + reverse(name, args=[public_id])


def feed_deadlines(user) -> list[Deadline]:
    items = []
    if user.is_supplier_user:
        supplier = user.supplier_membership.supplier
        for assessment in Assessment.objects.filter(
            supplier=supplier,
            status__in=OPEN_STATUSES,
            round__status=ReportingRound.Status.OPEN,
            round__archived_at__isnull=True,
        ).select_related("round"):
            items.append(
                Deadline(
                    f"assessment-{assessment.public_id}",
                    assessment.round.deadline,
                    "assessment",
                    assessment.round.title,
                    supplier.legal_name,
                    _url("portal_followup:detail", assessment.public_id),
                )
            )
        actions = portal_visible_actions(supplier)
        action_url = "portal_actions:detail"
    else:
        membership = BuyerMembership.objects.select_related("buyer").filter(user=user).first()
        if membership is None:
            return []
        buyer = membership.buyer
        for round_ in ReportingRound.objects.filter(
            agreement__buyer=buyer, status=ReportingRound.Status.OPEN, archived_at__isnull=True
        ):
            items.append(
                Deadline(
                    f"round-{round_.public_id}",
                    round_.deadline,
                    "round",
                    round_.title,
                    "",
                    _url("followup:round_detail", round_.public_id),
                )
            )
        actions = CorrectiveAction.objects.filter(buyer=buyer)
        mine = my_suppliers(buyer, user)
        if mine.exists():
            actions = actions.filter(supplier__in=mine)
        action_url = "actions:detail"
    for action in actions.exclude(status=CorrectiveAction.Status.VERIFIED_CLOSED).select_related("supplier"):
        items.append(
            Deadline(
                f"action-{action.public_id}",
                action.deadline,
                "action",
                action.title,
                action.supplier.legal_name,
                _url(action_url, action.public_id),
            )
        )
    return sorted(items, key=lambda item: (item.day, item.title))
