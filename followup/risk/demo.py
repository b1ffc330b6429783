"""Demo risk ratings: the buyer's own country ratings for the production countries of
DOMAIN.md section 6 and its product category × stage ratings from DFØ's high-risk list,
then each awarded supplier's figure. Safe to run again: ratings are matched by their
natural keys, and a figure is stored only when its inputs changed."""

from oslo_procurement.core import upsert
from oslo_procurement.vocab import ProductCategory as C
from oslo_procurement.vocab import RiskLevel as L

from ..models import CategoryStageRisk, CountryRisk
from .services import risk_recompute_all

COUNTRY_RATINGS = [
    ("CN", L.VERY_HIGH, "Most notebook assembly; labour transfers, student interns, no free trade unions."),
    ("CD", L.VERY_HIGH, "3TG and cobalt from mines with child and forced labour; armed-group financing."),
    ("MY", L.HIGH, "Migrant workers' recruitment fees and withheld passports in semiconductor plants."),
    ("TH", L.HIGH, "Migrant workers' recruitment fees; hazardous chemicals in component plants."),
    ("VN", L.HIGH, "Growing assembly base; no independent trade unions."),
    ("TW", L.MEDIUM_HIGH, "Broker fees charged to migrant workers."),
    ("MX", L.MEDIUM_HIGH, "Monitor assembly in maquiladoras; overtime and short-term contracts."),
    ("CZ", L.MEDIUM, "EU assembly; agency workers."),
    ("HU", L.MEDIUM, "Battery plants; agency workers from third countries."),
    ("KR", L.MEDIUM, ""),
    ("US", L.LOW, ""),
    ("NO", L.LOW, ""),
]

# DFØ's high-risk list: ICT is high risk through the whole chain; final assembly a little lower.
# (category, raw material, component manufacturing, final assembly)
CATEGORY_RATINGS = [
    (C.PCS, L.VERY_HIGH, L.VERY_HIGH, L.HIGH),
    (C.TABLETS, L.VERY_HIGH, L.VERY_HIGH, L.HIGH),
    (C.SMARTPHONES, L.VERY_HIGH, L.VERY_HIGH, L.HIGH),
    (C.MONITORS, L.VERY_HIGH, L.HIGH, L.MEDIUM_HIGH),
    (C.PERIPHERALS, L.HIGH, L.MEDIUM_HIGH, L.MEDIUM_HIGH),
    (C.TAKEBACK, L.MEDIUM, L.MEDIUM, L.MEDIUM),
]
STAGES = ["raw_material", "component", "final_assembly"]


def seed_risk(*, buyer, actor) -> dict:
    """Seed the buyer's ratings and record the figure of every supplier with an active
    award in its agreements. Run it after the findings are seeded. Returns counts."""
    for country, level, note in COUNTRY_RATINGS:
        upsert(
            CountryRisk, lookup={"buyer": buyer, "country": country}, values={"level": level, "note": note}, actor=actor
        )
    for category, *levels in CATEGORY_RATINGS:
        for stage, level in zip(STAGES, levels, strict=True):
            upsert(
                CategoryStageRisk,
                lookup={"buyer": buyer, "category": category, "stage": stage},
                values={"level": level},
                actor=actor,
            )
    recorded = risk_recompute_all(buyer=buyer)
    return {
        "country_ratings": len(COUNTRY_RATINGS),
        "category_ratings": len(CATEGORY_RATINGS) * len(STAGES),
        "risk_assessments_recorded": recorded,
    }
