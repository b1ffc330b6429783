"""Writes of the risk assessment: recording a supplier's figure when its inputs change,
and the buyer's country and category × stage ratings.

Other parts of the follow-up call ``risk_recompute(buyer=, supplier=)`` after anything the
figure depends on changes (a finding, a corrective action, an accepted self-assessment,
evidence). It is cheap when nothing changed: it computes, compares the inputs digest with
the latest stored row, and writes nothing. So the stored rows are exactly the trend.
"""

from django.db import transaction
from django.db.models import Q

from contracts.selectors import awarded_suppliers
from oslo_procurement.audit.services import record_event
from suppliers.models import Site, Supplier

from ..models import CategoryStageRisk, CountryRisk, RiskAssessment
from . import engine


def risk_recompute(*, buyer, supplier, agreement=None, today=None) -> tuple[RiskAssessment | None, bool]:
    """Compute the supplier's risk for the buyer and store a new RiskAssessment row only
    when the inputs digest differs from the latest row. Returns ``(latest row, created)``."""
    with transaction.atomic():
        # One recompute per supplier at a time, so two requests cannot store the same change twice.
        Supplier.objects.select_for_update().filter(pk=supplier.pk).first()
        result = engine.assess(buyer=buyer, supplier=supplier, agreement=agreement, today=today)
        latest = (
            RiskAssessment.objects.filter(buyer=buyer, supplier=supplier, agreement=agreement)
            .order_by("-created_at", "-pk")
            .first()
        )
        if latest is not None and latest.inputs_digest == result.digest:
            return latest, False
        row = RiskAssessment.objects.create(
            buyer=buyer,
            supplier=supplier,
            agreement=agreement,
            inherent_score=result.inherent,
            residual_score=result.residual,
            residual_level=result.level,
            explanation=result.explanation(),
            inputs_digest=result.digest,
        )
        return row, True


def risk_recompute_suppliers(*, buyer, suppliers, today=None) -> int:
    """Recompute several suppliers; returns how many got a new row."""
    return sum(1 for supplier in suppliers if risk_recompute(buyer=buyer, supplier=supplier, today=today)[1])


def risk_recompute_all(*, buyer, today=None) -> int:
    """Recompute every supplier with an active award in the buyer's agreements."""
    suppliers = Supplier.objects.filter(pk__in=awarded_suppliers(buyer)).order_by("legal_name")
    return risk_recompute_suppliers(buyer=buyer, suppliers=suppliers, today=today)


def _suppliers_in_country(buyer, country):
    """Awarded suppliers registered in the country or with an active site there."""
    with_site = Site.objects.active().filter(country=country).values("supplier")
    return (
        Supplier.objects.filter(pk__in=awarded_suppliers(buyer))
        .filter(Q(country=country) | Q(pk__in=with_site))
        .order_by("legal_name")
    )


def country_risk_save(*, buyer, country, level, note="", actor) -> CountryRisk:
    """Rate a country for the buyer (replacing its rating or the default), then
    recompute the suppliers it affects."""
    with transaction.atomic():
        rating = CountryRisk.objects.select_for_update().filter(buyer=buyer, country=country).first()
        before = rating.level if rating else ""
        if rating is None:
            rating = CountryRisk(buyer=buyer, country=country)
        rating.level, rating.note = level, note
        rating.full_clean()
        rating.save()
        record_event(
            actor=actor,
            event_type="country_risk_saved",
            target=rating,
            details={"country": str(country), "before": before, "after": level, "note": note},
        )
        risk_recompute_suppliers(buyer=buyer, suppliers=_suppliers_in_country(buyer, country))
    return rating


def country_risk_remove(*, buyer, country, actor) -> bool:
    """Drop the buyer's rating of a country, so the default table applies again."""
    with transaction.atomic():
        rating = CountryRisk.objects.select_for_update().filter(buyer=buyer, country=country).first()
        if rating is None:
            return False
        record_event(
            actor=actor,
            event_type="country_risk_removed",
            target=rating,
            details={"country": str(country), "before": rating.level},
        )
        rating.delete()
        risk_recompute_suppliers(buyer=buyer, suppliers=_suppliers_in_country(buyer, country))
    return True


def category_stage_risks_save(*, buyer, levels: dict, actor) -> int:
    """``levels`` maps (category, stage) to a RiskLevel value, or "" to fall back to the
    lots' own DFØ ratings. Returns how many ratings changed; recomputes every awarded
    supplier when any did."""
    changes = {}
    with transaction.atomic():
        existing = {(r.category, r.stage): r for r in CategoryStageRisk.objects.select_for_update().filter(buyer=buyer)}
        for (category, stage), level in levels.items():
            rating = existing.get((category, stage))
            if not level:
                if rating is not None:
                    changes[f"{category}/{stage}"] = [rating.level, ""]
                    rating.delete()
                continue
            if rating is None:
                rating = CategoryStageRisk(buyer=buyer, category=category, stage=stage)
            elif rating.level == level:
                continue
            changes[f"{category}/{stage}"] = [rating.level or "", level]
            rating.level = level
            rating.full_clean()
            rating.save()
        if changes:
            record_event(actor=actor, event_type="category_stage_risks_saved", target=buyer, details=changes)
            risk_recompute_all(buyer=buyer)
    return len(changes)


def risk_recompute_agreement(*, agreement, today=None) -> int:
    """Recompute each awarded supplier's figure for this agreement alone; returns how many changed."""
    from contracts.models import Award

    suppliers = Supplier.objects.filter(pk__in=Award.objects.active().filter(agreement=agreement).values("supplier"))
    return sum(
        1
        for supplier in suppliers.order_by("legal_name")
        if risk_recompute(buyer=agreement.buyer, supplier=supplier, agreement=agreement, today=today)[1]
    )
