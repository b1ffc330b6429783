"""Tuned reads for the risk screens, always scoped to one buyer. The overview runs a
fixed number of queries whatever the number of suppliers (tests check it)."""

from decimal import Decimal

from django.db.models import F, OuterRef, Q, Subquery
from django_countries import countries

from contracts.models import Lot
from contracts.selectors import awarded_suppliers
from oslo_procurement.vocab import ProductCategory, ProductionStage, RiskLevel
from suppliers.models import Supplier

from ..models import CategoryStageRisk, CountryRisk, RiskAssessment
from ..timeline.links import record_url
from . import engine

TREND_LIMIT = 50


def latest_rows(buyer, supplier):
    return RiskAssessment.objects.filter(buyer=buyer, supplier=supplier, agreement__isnull=True).order_by(
        "-created_at", "-pk"
    )


def trend(*, buyer, supplier, limit=TREND_LIMIT):
    """The latest ``limit`` recorded figures, oldest first."""
    rows = list(latest_rows(buyer, supplier)[:limit])
    rows.reverse()
    return rows


def risk_overview(*, buyer, search="", level=""):
    """Suppliers with an active award in the buyer's agreements, highest residual risk
    first (never assessed last), each with its latest recorded figure."""
    latest = RiskAssessment.objects.filter(buyer=buyer, supplier=OuterRef("pk"), agreement__isnull=True).order_by(
        "-created_at", "-pk"
    )
    qs = Supplier.objects.filter(pk__in=awarded_suppliers(buyer)).annotate(
        residual=Subquery(latest.values("residual_score")[:1]),
        inherent=Subquery(latest.values("inherent_score")[:1]),
        level=Subquery(latest.values("residual_level")[:1]),
        assessed_at=Subquery(latest.values("created_at")[:1]),
    )
    if search:
        qs = qs.filter(Q(legal_name__icontains=search) | Q(foreign_registry_id__icontains=search))
    if level == "none":
        qs = qs.filter(level__isnull=True)
    elif level:
        qs = qs.filter(level=level)
    return qs.order_by(F("residual").desc(nulls_last=True), "legal_name")


def explanation_rows(lines):
    """``[{"text", "effect", "url"}]`` for the explanation table, and the running total."""
    rows = []
    total = Decimal("0")
    for line in lines:
        total += line.effect
        params = line.params
        url = ""
        for kind in ("finding", "action", "assessment"):
            if params.get(kind):
                url = record_url(kind, params[kind])
                break
        rows.append({"text": line.text, "effect": line.effect, "url": url, "code": line.code, "total": total})
    return rows


def pair_rows(pairs):
    """The inherent-risk table: each (category, site) pair of the explanation, labelled."""
    levels = dict(RiskLevel.choices)
    categories = dict(ProductCategory.choices)
    stages = dict(ProductionStage.choices)
    return [
        {
            **pair,
            "category_label": categories.get(pair["category"], pair["category"]),
            "stage_label": stages.get(pair["stage"], pair["stage"]),
            "stage_level_label": levels.get(pair["stage_level"], pair["stage_level"]),
            "country_name": countries.name(pair["country"]) or pair["country"],
            "country_level_label": levels.get(pair["country_level"], pair["country_level"]),
        }
        for pair in pairs
    ]


def label_levels(suppliers):
    """Give each supplier of the overview page the label of its level."""
    labels = dict(RiskLevel.choices)
    for supplier in suppliers:
        supplier.level_label = labels.get(supplier.level, "")
    return suppliers


def stored_lines(assessment):
    return [engine.Line.from_json(data) for data in (assessment.explanation or {}).get("lines", [])]


# --- Ratings ---------------------------------------------------------------------------------


def country_ratings(buyer):
    """Every country with a rating that applies: the buyer's own, then the defaults
    it has not overridden. ``[{"code", "name", "level", "source", "note"}]`` by level."""
    own = {r.country.code: r for r in CountryRisk.objects.filter(buyer=buyer)}
    rows = []
    for code, rating in own.items():
        default = engine.DEFAULT_COUNTRY_LEVELS.get(code)
        rows.append(
            {
                "code": code,
                "name": countries.name(code),
                "level": rating.level,
                "source": "buyer",
                "note": rating.note,
                "default": default,
            }
        )
    for code, level in engine.DEFAULT_COUNTRY_LEVELS.items():
        if code not in own:
            rows.append(
                {
                    "code": code,
                    "name": countries.name(code),
                    "level": level,
                    "source": "default",
                    "note": "",
                    "default": level,
                }
            )
    rows.sort(key=lambda row: (-engine.LEVEL_POINTS[row["level"]], str(row["name"])))
    return rows


def category_matrix(buyer):
    """For every product category × production stage: the buyer's rating (or None) and
    the range of the lots' own DFØ ratings in the buyer's agreements."""
    own = {(r.category, r.stage): r.level for r in CategoryStageRisk.objects.filter(buyer=buyer)}
    lot_levels = {}
    for lot in Lot.objects.active().filter(agreement__buyer=buyer, agreement__archived_at__isnull=True):
        for stage, field_name in engine.STAGE_FIELDS.items():
            lot_levels.setdefault((lot.category, stage), set()).add(getattr(lot, field_name))
    labels = dict(RiskLevel.choices)
    rows = []
    for category, category_label in ProductCategory.choices:
        cells = []
        for stage, stage_label in ProductionStage.choices:
            levels = sorted(lot_levels.get((category, stage), set()), key=lambda v: -engine.LEVEL_POINTS[v])
            cells.append(
                {
                    "stage": stage,
                    "stage_label": stage_label,
                    "level": own.get((category, stage)),
                    "lot_levels": [labels[v] for v in levels],
                }
            )
        rows.append({"category": category, "label": category_label, "cells": cells})
    return rows


def agreement_risk(*, agreement):
    """The agreement's awarded suppliers, each with its latest figure computed for this
    agreement alone (only its lots count), highest residual risk first. Fixed queries."""
    from contracts.models import Award

    latest = RiskAssessment.objects.filter(
        buyer=agreement.buyer_id, supplier=OuterRef("pk"), agreement=agreement
    ).order_by("-created_at", "-pk")
    awarded = Award.objects.active().filter(agreement=agreement).values("supplier")
    return (
        Supplier.objects.filter(pk__in=awarded)
        .annotate(
            residual=Subquery(latest.values("residual_score")[:1]),
            inherent=Subquery(latest.values("inherent_score")[:1]),
            level=Subquery(latest.values("residual_level")[:1]),
            assessed_at=Subquery(latest.values("created_at")[:1]),
        )
        .order_by(F("residual").desc(nulls_last=True), "legal_name")
    )


def agreement_risk_summary(rows):
    """How many of the agreement's suppliers stand at each residual level, and the highest."""
    levels = dict(RiskLevel.choices)
    counts = {value: 0 for value in levels}
    for row in rows:
        if row.level:
            counts[row.level] += 1
    assessed = [row for row in rows if row.residual is not None]
    return {
        "by_level": [(levels[value], counts[value]) for value in levels],
        "highest": max(assessed, key=lambda row: row.residual) if assessed else None,
        "not_assessed": len(rows) - len(assessed),
    }
