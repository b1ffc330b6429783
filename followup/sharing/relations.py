"""What followup tells the one reading rule (suppliers.access): the relations a buyer has
with a supplier through the follow-up, and the items suppliers share with buyers.
Registered from FollowupConfig.ready(). Each function returns a subquery."""

from suppliers import access

from ..models import Assessment, CorrectiveAction, EventInvitation, FindingSupplier, SupplierShare


def _for(qs, field, buyer_ids):
    """Scope to the buyers; None means every buyer (suppliers.access.registry_writable_q)."""
    return qs if buyer_ids is None else qs.filter(**{f"{field}__in": buyer_ids})


@access.register_relation
def in_a_round(buyer_ids):
    """Asked for a self-assessment in one of the buyers' reporting rounds."""
    return _for(Assessment.objects.all(), "round__agreement__buyer", buyer_ids).values("supplier")


@access.register_relation
def invited_to_market_dialogue(buyer_ids):
    return _for(EventInvitation.objects.all(), "event__buyer", buyer_ids).values("supplier")


@access.register_relation
def finding_raised(buyer_ids):
    """A finding of the buyer raised with the supplier (not one only noted internally)."""
    raised = FindingSupplier.objects.filter(raised_at__isnull=False)
    return _for(raised, "finding__buyer", buyer_ids).values("supplier")


@access.register_relation
def corrective_action(buyer_ids):
    return _for(CorrectiveAction.objects.all(), "buyer", buyer_ids).values("supplier")


def _shared(field, kind):
    def ids(buyer_ids):
        return SupplierShare.objects.filter(buyer__in=buyer_ids, kind=kind, withdrawn_at__isnull=True).values(field)

    def dates(buyer_ids, item_ids):
        rows = (
            SupplierShare.objects.filter(
                buyer__in=buyer_ids, kind=kind, withdrawn_at__isnull=True, **{f"{field}__in": item_ids}
            )
            .order_by("shared_at")
            .values_list(field, "shared_at")
        )
        return dict(rows)

    return ids, dates


access.register_shared("assessment", *_shared("assessment", SupplierShare.Kind.ASSESSMENT))
access.register_shared("cmrt", *_shared("cmrt_report", SupplierShare.Kind.CMRT))
access.register_shared("evidence", *_shared("evidence", SupplierShare.Kind.EVIDENCE))
