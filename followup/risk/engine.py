"""How the risk of human-rights breaches at a supplier is computed, for one buyer.

The figure runs from 0 to 100. It is built in two parts, and every part is one line of
the explanation shown on the supplier's risk page ("why is this supplier high?"): the
lines add up exactly to the residual figure.

1. INHERENT risk: what the product and the place of production carry, before anything
   the supplier does (DFØ's high-risk list, DOMAIN.md section 2).

   For every lot the supplier holds an active award in (award and agreement not archived,
   agreement not expired or terminated), take the lot's product category; for every
   active site of the supplier take its production stage and country. A site that lists
   the product categories it makes for is paired only with those categories.

       stage risk   = the buyer's CategoryStageRisk for (category, stage), or else the
                      lot's own DFØ rating (risk_raw_material / risk_component /
                      risk_final_assembly; the highest if several lots share a category)
       country risk = the buyer's CountryRisk for the country, or else
                      DEFAULT_COUNTRY_LEVELS below, or else UNLISTED_COUNTRY_LEVEL

       pair score   = stage points × country points / 25 × 100      (points: LEVEL_POINTS)
       inherent     = the highest pair score

   Very high × very high = 5 × 5 / 25 × 100 = 100; high final assembly in China
   = 4 × 5 / 25 × 100 = 80; medium-high in Mexico = 3 × 3 / 25 × 100 = 36.
   A supplier with awards but no disclosed site is scored at its registered country with
   the category's highest stage risk (not knowing where goods are made is no comfort).
   A supplier with no active award has no inherent risk (0).

2. RESIDUAL risk = inherent + the adjustments in WEIGHTS, each rounded to one decimal:

   | input                                                   | effect on the figure               |
   |---------------------------------------------------------|------------------------------------|
   | latest accepted self-assessment with score S (0-100)    | (50 − S) × 0.2: +10 … −10          |
   | no accepted self-assessment (or none counted yet)       | +5                                 |
   | each open finding (status not closed, not archived)     | severity × likelihood × 0.5: +0.5 … +8 |
   | each open corrective action, deadline not passed        | severity × 0.5: +0.5 … +2          |
   | each overdue corrective action (deadline < today)       | severity × 2: +2 … +8              |
   | actions verified and closed in the last 365 days        | −1 each, at most 5 counted         |
   | valid evidence (not archived, not expired), per kind    | TCO −5, RBA membership −4,         |
   |                                                         | RBA VAP audit −4, SMETA −3, ISO −2 |
   | each finding raised over 30 days ago, no response       | +2                                 |
   | answers returned for clarification, supplier to answer  | +1 each, at most 5 counted         |

   The self-assessment score is followup.scoring's overall score (accepted answers count
   with their points, non-compliances with 0). The figure is then kept within 0-100; when
   that cuts it, the cut is a line of its own, so the lines still add up.

3. LEVEL of the residual figure (THRESHOLDS): 80 and above very high, 60 high,
   40 medium-high, 20 medium, below 20 low.

``assess(buyer=, supplier=)`` gathers the inputs (a fixed number of queries) and
``compute(inputs)`` does the arithmetic with no database access, so the worked examples
in tests/followup_research/test_risk_engine.py check it by hand.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contracts.models import FrameworkAgreement, Lot
from oslo_procurement.vocab import ProductCategory, ProductionStage, RiskLevel
from suppliers.access import evidence_scope
from suppliers.models import Evidence, Site

from ..models import (
    Answer,
    Assessment,
    CategoryStageRisk,
    CorrectiveAction,
    CountryRisk,
    Finding,
    FindingSupplier,
    Question,
)

L = RiskLevel

LEVEL_POINTS = {L.VERY_HIGH: 5, L.HIGH: 4, L.MEDIUM_HIGH: 3, L.MEDIUM: 2, L.LOW: 1}

# Default country ratings for ICT supply chains when the buyer has not rated a country
# (DOMAIN.md sections 2, 4 and 6). Officers override any of them in the ratings editor.
DEFAULT_COUNTRY_LEVELS = {
    # Very high: 3TG and cobalt mined with child and forced labour, armed-group financing
    # (DRC), tin (Myanmar); most notebook assembly, forced-labour risk from labour
    # transfers, student interns and no free trade unions (China).
    "CD": L.VERY_HIGH,
    "MM": L.VERY_HIGH,
    "CN": L.VERY_HIGH,
    # High: migrant workers' recruitment fees and withheld passports (Malaysia, Thailand),
    # no independent unions (Vietnam), the DRC's nine neighbours (CMRT covered countries),
    # mica (India, Madagascar), tin (Indonesia), electronics export zones (Philippines).
    "MY": L.HIGH,
    "TH": L.HIGH,
    "VN": L.HIGH,
    "AO": L.HIGH,
    "BI": L.HIGH,
    "CF": L.HIGH,
    "CG": L.HIGH,
    "RW": L.HIGH,
    "SS": L.HIGH,
    "TZ": L.HIGH,
    "UG": L.HIGH,
    "ZM": L.HIGH,
    "IN": L.HIGH,
    "MG": L.HIGH,
    "ID": L.HIGH,
    "PH": L.HIGH,
    # Medium-high: maquiladora assembly (Mexico), migrant workers' broker fees (Taiwan).
    "MX": L.MEDIUM_HIGH,
    "TW": L.MEDIUM_HIGH,
    # Medium: EU assembly and battery plants with agency workers (Czech Republic,
    # Hungary, Poland, Slovakia, Romania), trainee schemes (Japan, South Korea).
    "CZ": L.MEDIUM,
    "HU": L.MEDIUM,
    "PL": L.MEDIUM,
    "SK": L.MEDIUM,
    "RO": L.MEDIUM,
    "JP": L.MEDIUM,
    "KR": L.MEDIUM,
    # Low: strong labour inspection and free unions.
    "NO": L.LOW,
    "SE": L.LOW,
    "DK": L.LOW,
    "FI": L.LOW,
    "IS": L.LOW,
    "DE": L.LOW,
    "NL": L.LOW,
    "BE": L.LOW,
    "FR": L.LOW,
    "AT": L.LOW,
    "IE": L.LOW,
    "GB": L.LOW,
    "CH": L.LOW,
    "US": L.LOW,
}
# A country nobody has rated: not knowing is not low risk.
UNLISTED_COUNTRY_LEVEL = L.MEDIUM_HIGH

# Every weight of the residual figure, in one place (see the table in the docstring).
WEIGHTS = {
    "assessment_per_point": Decimal("0.2"),  # × (50 − score)
    "assessment_midpoint": Decimal("50"),
    "no_assessment": Decimal("5"),
    "finding_per_point": Decimal("0.5"),  # × severity × likelihood
    "action_open_per_severity": Decimal("0.5"),  # × severity
    "action_overdue_per_severity": Decimal("2"),  # × severity
    "action_verified": Decimal("-1"),  # per action verified in the last VERIFIED_WINDOW_DAYS
    "action_verified_max_count": 5,
    "evidence": {
        Evidence.Kind.TCO: Decimal("-5"),
        Evidence.Kind.RBA_MEMBERSHIP: Decimal("-4"),
        Evidence.Kind.RBA_VAP: Decimal("-4"),
        Evidence.Kind.SMETA: Decimal("-3"),
        Evidence.Kind.ISO: Decimal("-2"),
    },
    "finding_unanswered": Decimal("2"),  # per finding raised over UNANSWERED_AFTER_DAYS ago without a response
    "clarification": Decimal("1"),  # per answer returned for clarification
    "clarification_max_count": 5,
}
VERIFIED_WINDOW_DAYS = 365
UNANSWERED_AFTER_DAYS = 30

# (lowest residual figure, level), highest first.
THRESHOLDS = [
    (Decimal("80"), L.VERY_HIGH),
    (Decimal("60"), L.HIGH),
    (Decimal("40"), L.MEDIUM_HIGH),
    (Decimal("20"), L.MEDIUM),
    (Decimal("0"), L.LOW),
]

ONE_DECIMAL = Decimal("0.1")
STAGE_FIELDS = {
    ProductionStage.RAW_MATERIAL: "risk_raw_material",
    ProductionStage.COMPONENT: "risk_component",
    ProductionStage.FINAL_ASSEMBLY: "risk_final_assembly",
}


def q1(value):
    return Decimal(value).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def level_for(score):
    for lowest, level in THRESHOLDS:
        if score >= lowest:
            return level
    return L.LOW


def pair_score(stage_level, country_level):
    return q1(Decimal(LEVEL_POINTS[stage_level] * LEVEL_POINTS[country_level]) / 25 * 100)


# --- Inputs --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PairInput:
    """One product category made at one site (``site_id`` None: no site disclosed)."""

    category: str
    stage: str
    stage_level: str
    stage_source: str  # "buyer": the buyer's rating; "lot": the lot's DFØ rating
    country: str
    country_level: str
    country_source: str  # "buyer", "default" (DEFAULT_COUNTRY_LEVELS) or "unlisted"
    site_id: int | None = None
    site_name: str = ""
    site_public_id: str = ""

    @property
    def score(self):
        return pair_score(self.stage_level, self.country_level)


@dataclass(frozen=True)
class FindingInput:
    id: int
    public_id: str
    title: str
    status: str
    severity: int
    likelihood: int


@dataclass(frozen=True)
class UnansweredInput:
    finding_id: int
    public_id: str
    title: str
    raised_on: datetime.date


@dataclass(frozen=True)
class ActionInput:
    id: int
    public_id: str
    title: str
    severity: int
    deadline: datetime.date
    status: str
    verified_on: datetime.date | None = None


@dataclass(frozen=True)
class EvidenceInput:
    id: int
    kind: str
    title: str
    valid_to: datetime.date | None


@dataclass(frozen=True)
class AssessmentInput:
    public_id: str
    round_title: str
    score: Decimal | None


@dataclass
class RiskInputs:
    today: datetime.date
    has_award: bool = False
    pairs: list = field(default_factory=list)
    assessment: AssessmentInput | None = None
    findings: list = field(default_factory=list)
    unanswered: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    evidence: list = field(default_factory=list)
    clarifications: int = 0


# --- Result --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One input and its effect on the figure. ``key`` identifies the input (for the
    digest); ``code`` and ``params`` make the sentence shown (see line_text)."""

    key: str
    code: str
    effect: Decimal
    params: dict = field(default_factory=dict)

    def as_json(self):
        return {"key": self.key, "code": self.code, "effect": str(self.effect), "params": self.params}

    @classmethod
    def from_json(cls, data):
        return cls(key=data["key"], code=data["code"], effect=Decimal(data["effect"]), params=data.get("params", {}))

    @property
    def text(self):
        return line_text(self)


@dataclass
class RiskResult:
    inherent: Decimal
    residual: Decimal
    level: str
    lines: list
    pairs: list

    @property
    def digest(self):
        """Changes whenever an input changes (not when only wording does)."""
        payload = {
            "pairs": sorted(
                f"{p.category}|{p.stage}|{p.site_id}|{p.country}|{p.stage_level}|{p.country_level}" for p in self.pairs
            ),
            "lines": [[line.key, str(line.effect)] for line in self.lines],
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()

    def explanation(self):
        return {
            "version": 1,
            "inherent": str(self.inherent),
            "lines": [line.as_json() for line in self.lines],
            "pairs": [
                {
                    "category": p.category,
                    "stage": p.stage,
                    "stage_level": p.stage_level,
                    "stage_source": p.stage_source,
                    "country": p.country,
                    "country_level": p.country_level,
                    "country_source": p.country_source,
                    "site": p.site_name,
                    "site_public_id": p.site_public_id,
                    "score": str(p.score),
                }
                for p in self.pairs
            ],
        }


# --- The arithmetic --------------------------------------------------------------------------


def _sort_pairs(pairs):
    categories = list(ProductCategory.values)
    stages = list(ProductionStage.values)

    def key(p):
        return (
            -p.score,
            categories.index(p.category) if p.category in categories else 99,
            stages.index(p.stage) if p.stage in stages else 99,
            p.site_name,
        )

    return sorted(pairs, key=key)


def compute(inputs: RiskInputs) -> RiskResult:
    """The figure, its level and the lines that add up to it. No database access."""
    w = WEIGHTS
    lines = []
    pairs = _sort_pairs(inputs.pairs)

    # 1. Inherent
    if pairs:
        top = pairs[0]
        inherent = top.score
        lines.append(
            Line(
                key=f"inherent:{top.category}:{top.stage}:{top.site_id}",
                code="inherent" if top.site_id else "inherent_no_site",
                effect=inherent,
                params={
                    "category": top.category,
                    "stage": top.stage,
                    "stage_level": top.stage_level,
                    "stage_points": LEVEL_POINTS[top.stage_level],
                    "country": top.country,
                    "country_level": top.country_level,
                    "country_points": LEVEL_POINTS[top.country_level],
                    "site": top.site_name,
                },
            )
        )
    else:
        inherent = Decimal("0.0")
        code = "no_site_or_category" if inputs.has_award else "no_award"
        lines.append(Line(key=code, code=code, effect=q1(0)))

    # 2. Self-assessment
    assessment = inputs.assessment
    if assessment is not None and assessment.score is not None:
        effect = q1((w["assessment_midpoint"] - assessment.score) * w["assessment_per_point"])
        lines.append(
            Line(
                key=f"assessment:{assessment.public_id}",
                code="assessment",
                effect=effect,
                params={
                    "round": assessment.round_title,
                    "score": str(assessment.score),
                    "midpoint": str(w["assessment_midpoint"]),
                    "weight": str(w["assessment_per_point"]),
                    "assessment": assessment.public_id,
                },
            )
        )
    elif assessment is not None:
        lines.append(
            Line(
                key=f"assessment_unscored:{assessment.public_id}",
                code="assessment_unscored",
                effect=q1(w["no_assessment"]),
                params={"round": assessment.round_title, "assessment": assessment.public_id},
            )
        )
    else:
        lines.append(Line(key="no_assessment", code="no_assessment", effect=q1(w["no_assessment"])))

    # 3. Open findings
    for finding in sorted(inputs.findings, key=lambda f: (-f.severity * f.likelihood, f.title, f.id)):
        lines.append(
            Line(
                key=f"finding:{finding.id}",
                code="finding",
                effect=q1(finding.severity * finding.likelihood * w["finding_per_point"]),
                params={
                    "title": finding.title,
                    "status": finding.status,
                    "severity": finding.severity,
                    "likelihood": finding.likelihood,
                    "weight": str(w["finding_per_point"]),
                    "finding": finding.public_id,
                },
            )
        )

    # 4. Corrective actions
    verified = []
    for action in sorted(inputs.actions, key=lambda a: (a.deadline, a.id)):
        if action.status == CorrectiveAction.Status.VERIFIED_CLOSED:
            if action.verified_on and (inputs.today - action.verified_on).days <= VERIFIED_WINDOW_DAYS:
                verified.append(action)
            continue
        overdue = action.deadline < inputs.today
        weight = w["action_overdue_per_severity"] if overdue else w["action_open_per_severity"]
        lines.append(
            Line(
                key=f"action:{action.id}:{'overdue' if overdue else 'open'}",
                code="action_overdue" if overdue else "action_open",
                effect=q1(action.severity * weight),
                params={
                    "title": action.title,
                    "severity": action.severity,
                    "deadline": action.deadline.isoformat(),
                    "weight": str(weight),
                    "action": action.public_id,
                },
            )
        )
    if verified:
        counted = min(len(verified), w["action_verified_max_count"])
        lines.append(
            Line(
                key="actions_verified:" + ",".join(str(a.id) for a in verified[: w["action_verified_max_count"]]),
                code="actions_verified",
                effect=q1(counted * w["action_verified"]),
                params={"count": len(verified), "counted": counted, "max": w["action_verified_max_count"]},
            )
        )

    # 5. Valid evidence, each kind once (the one valid longest stands for its kind)
    best = {}
    for item in inputs.evidence:
        if item.kind not in w["evidence"]:
            continue
        current = best.get(item.kind)
        if current is None or (item.valid_to or datetime.date.max, -item.id) > (
            current.valid_to or datetime.date.max,
            -current.id,
        ):
            best[item.kind] = item
    for kind in w["evidence"]:
        item = best.get(kind)
        if item is None:
            continue
        lines.append(
            Line(
                key=f"evidence:{kind}:{item.id}",
                code="evidence",
                effect=q1(w["evidence"][kind]),
                params={
                    "kind": kind,
                    "title": item.title,
                    "valid_to": item.valid_to.isoformat() if item.valid_to else "",
                },
            )
        )

    # 6. Responsiveness
    for link in sorted(inputs.unanswered, key=lambda u: (u.raised_on, u.finding_id)):
        lines.append(
            Line(
                key=f"unanswered:{link.finding_id}",
                code="finding_unanswered",
                effect=q1(w["finding_unanswered"]),
                params={
                    "title": link.title,
                    "raised_on": link.raised_on.isoformat(),
                    "days": (inputs.today - link.raised_on).days,
                    "finding": link.public_id,
                },
            )
        )
    if inputs.clarifications:
        counted = min(inputs.clarifications, w["clarification_max_count"])
        lines.append(
            Line(
                key=f"clarifications:{counted}",
                code="clarifications",
                effect=q1(counted * w["clarification"]),
                params={"count": inputs.clarifications, "counted": counted, "max": w["clarification_max_count"]},
            )
        )

    # 7. Keep within 0-100
    total = sum((line.effect for line in lines), Decimal("0"))
    if total > 100:
        lines.append(Line(key="cap_high", code="cap_high", effect=q1(100 - total)))
    elif total < 0:
        lines.append(Line(key="cap_low", code="cap_low", effect=q1(-total)))
    residual = q1(sum((line.effect for line in lines), Decimal("0")))
    return RiskResult(inherent=inherent, residual=residual, level=level_for(residual), lines=lines, pairs=pairs)


# --- Gathering the inputs ------------------------------------------------------------------


def _stage_levels(buyer, lots):
    """{(category, stage): (level, source)}: the buyer's ratings first, then the lots'."""
    levels = {}
    for lot in lots:
        for stage, field_name in STAGE_FIELDS.items():
            level = getattr(lot, field_name)
            key = (lot.category, stage)
            if key not in levels or LEVEL_POINTS[level] > LEVEL_POINTS[levels[key][0]]:
                levels[key] = (level, "lot")
    categories = {lot.category for lot in lots}
    for rating in CategoryStageRisk.objects.filter(buyer=buyer, category__in=categories):
        levels[(rating.category, rating.stage)] = (rating.level, "buyer")
    return levels


def _country_levels(buyer, countries):
    levels = {}
    rated = {r.country.code: r.level for r in CountryRisk.objects.filter(buyer=buyer, country__in=countries)}
    for code in countries:
        if code in rated:
            levels[code] = (rated[code], "buyer")
        elif code in DEFAULT_COUNTRY_LEVELS:
            levels[code] = (DEFAULT_COUNTRY_LEVELS[code], "default")
        else:
            levels[code] = (UNLISTED_COUNTRY_LEVEL, "unlisted")
    return levels


def _pairs(buyer, supplier, lots, sites):
    categories = sorted({lot.category for lot in lots})
    if not categories:
        return []
    stage_levels = _stage_levels(buyer, lots)
    countries = {site.country.code for site in sites} | {supplier.country.code}
    country_levels = _country_levels(buyer, countries)
    pairs = []
    for site in sites:
        made_for = set(site.product_categories or [])
        for category in categories:
            if made_for and category not in made_for:
                continue
            if (category, site.stage) not in stage_levels:
                continue
            stage_level, stage_source = stage_levels[(category, site.stage)]
            country_level, country_source = country_levels[site.country.code]
            pairs.append(
                PairInput(
                    category=category,
                    stage=site.stage,
                    stage_level=stage_level,
                    stage_source=stage_source,
                    country=site.country.code,
                    country_level=country_level,
                    country_source=country_source,
                    site_id=site.pk,
                    site_name=site.name,
                    site_public_id=str(site.public_id),
                )
            )
    if pairs:
        return pairs
    # No disclosed site makes these categories: the registered country, the worst stage.
    country_level, country_source = country_levels[supplier.country.code]
    for category in categories:
        stage, (stage_level, stage_source) = max(
            ((s, stage_levels[(category, s)]) for s in STAGE_FIELDS if (category, s) in stage_levels),
            key=lambda item: LEVEL_POINTS[item[1][0]],
        )
        pairs.append(
            PairInput(
                category=category,
                stage=stage,
                stage_level=stage_level,
                stage_source=stage_source,
                country=supplier.country.code,
                country_level=country_level,
                country_source=country_source,
            )
        )
    return pairs


def _assessment_input(buyer, supplier):
    from ..scoring import score_assessment

    assessment = (
        Assessment.objects.filter(supplier=supplier, round__agreement__buyer=buyer, status=Assessment.Status.ACCEPTED)
        .select_related("round")
        .order_by("-accepted_at", "-pk")
        .first()
    )
    if assessment is None:
        return None
    questions = list(
        Question.objects.filter(questionnaire_id=assessment.round.questionnaire_id)
        .select_related("criterion_version__criterion")
        .order_by("order")
    )
    answers = {a.question_id: a for a in Answer.objects.filter(assessment=assessment).prefetch_related("evidence")}
    card = score_assessment([(q, answers.get(q.pk)) for q in questions])
    return AssessmentInput(
        public_id=str(assessment.public_id), round_title=assessment.round.title, score=card.overall.percent
    )


def gather(*, buyer, supplier, agreement=None, today=None) -> RiskInputs:
    """Everything the figure depends on, in a fixed number of queries (about a dozen)."""
    today = today or timezone.localdate()
    lots_qs = Lot.objects.active().filter(
        awards__supplier=supplier,
        awards__archived_at__isnull=True,
        agreement__buyer=buyer,
        agreement__archived_at__isnull=True,
    )
    lots_qs = lots_qs.exclude(
        agreement__status__in=[FrameworkAgreement.Status.EXPIRED, FrameworkAgreement.Status.TERMINATED]
    )
    if agreement is not None:
        lots_qs = lots_qs.filter(agreement=agreement)
    lots = list(lots_qs.distinct())
    sites = list(Site.objects.active().filter(supplier=supplier).order_by("country", "name")) if lots else []

    findings = [
        FindingInput(
            id=f.pk,
            public_id=str(f.public_id),
            title=f.title,
            status=f.status,
            severity=f.severity,
            likelihood=f.likelihood,
        )
        for f in Finding.objects.filter(buyer=buyer, archived_at__isnull=True, supplier_links__supplier=supplier)
        .exclude(status=Finding.Status.CLOSED)
        .only("pk", "public_id", "title", "status", "severity", "likelihood")
    ]
    now = timezone.now()
    unanswered = [
        UnansweredInput(
            finding_id=link.finding_id,
            public_id=str(link.finding.public_id),
            title=link.finding.title,
            raised_on=timezone.localdate(link.raised_at),
        )
        for link in FindingSupplier.objects.filter(
            supplier=supplier,
            finding__buyer=buyer,
            finding__archived_at__isnull=True,
            raised_at__lt=now - datetime.timedelta(days=UNANSWERED_AFTER_DAYS),
            supplier_response="",
        )
        .exclude(finding__status=Finding.Status.CLOSED)
        .select_related("finding")
    ]
    cutoff = now - datetime.timedelta(days=VERIFIED_WINDOW_DAYS + 1)
    actions = [
        ActionInput(
            id=a.pk,
            public_id=str(a.public_id),
            title=a.title,
            severity=a.severity,
            deadline=a.deadline,
            status=a.status,
            verified_on=timezone.localdate(a.verified_at) if a.verified_at else None,
        )
        for a in CorrectiveAction.objects.filter(buyer=buyer, supplier=supplier).exclude(
            status=CorrectiveAction.Status.VERIFIED_CLOSED, verified_at__lt=cutoff
        )
    ]
    evidence = [
        EvidenceInput(id=e.pk, kind=e.kind, title=e.title, valid_to=e.valid_to)
        for e in Evidence.objects.active()
        .filter(evidence_scope([buyer.pk]))
        .filter(supplier=supplier, kind__in=list(WEIGHTS["evidence"]))
        .exclude(valid_to__lt=today)
        .exclude(valid_from__gt=today)
    ]
    clarifications = Answer.objects.filter(
        assessment__supplier=supplier,
        assessment__round__agreement__buyer=buyer,
        assessment__status=Assessment.Status.RETURNED,
        review=Answer.Review.CLARIFICATION,
    ).count()
    return RiskInputs(
        today=today,
        has_award=bool(lots),
        pairs=_pairs(buyer, supplier, lots, sites),
        assessment=_assessment_input(buyer, supplier),
        findings=findings,
        unanswered=unanswered,
        actions=actions,
        evidence=evidence,
        clarifications=clarifications,
    )


def assess(*, buyer, supplier, agreement=None, today=None) -> RiskResult:
    """The supplier's current risk for the buyer (optionally for one agreement's lots)."""
    return compute(gather(buyer=buyer, supplier=supplier, agreement=agreement, today=today))


# --- Wording ---------------------------------------------------------------------------------


def _label(choices, value):
    return str(dict(choices).get(value, value))


def _country_name(code):
    from django_countries import countries

    return countries.name(code) or code


def _date(iso):
    from django.utils.formats import date_format

    if not iso:
        return "–"
    return date_format(datetime.date.fromisoformat(iso), "SHORT_DATE_FORMAT")


# Parameters kept as numbers (strings in the stored JSON) and shown in the reader's
# number format: "× 0,5" in Bokmål, "× 0.5" in English.
NUMBER_PARAMS = ("score", "midpoint", "weight", "stage_points", "country_points")


def _number(value):
    from django.utils.formats import number_format

    try:
        return number_format(Decimal(str(value)))
    except (ArithmeticError, ValueError, TypeError):
        return value


def line_text(line: Line) -> str:
    """The sentence for one explanation line, in the active language."""
    p = dict(line.params)
    for name in NUMBER_PARAMS:
        if name in p:
            p[name] = _number(p[name])
    levels = RiskLevel.choices
    if "category" in p:
        p["category"] = _label(ProductCategory.choices, p["category"])
    if "stage" in p:
        p["stage"] = _label(ProductionStage.choices, p["stage"])
    for name in ("stage_level", "country_level"):
        if name in p:
            p[name] = _label(levels, p[name])
    if "country" in p:
        p["country"] = _country_name(p["country"])
    code = line.code
    if code == "inherent":
        return (
            _(
                "Inherent risk: %(category)s, %(stage)s at %(site)s (%(country)s). Stage risk %(stage_level)s "
                "(%(stage_points)s) × country risk %(country_level)s (%(country_points)s) ÷ 25 × 100"
            )
            % p
        )
    if code == "inherent_no_site":
        return (
            _(
                "Inherent risk: %(category)s, no production site disclosed. Highest stage risk %(stage_level)s "
                "(%(stage_points)s, %(stage)s) × the supplier's country %(country)s, %(country_level)s "
                "(%(country_points)s) ÷ 25 × 100"
            )
            % p
        )
    if code == "no_award":
        return _("No active award in our agreements: no inherent risk from product and production")
    if code == "no_site_or_category":
        return _("No product category and production stage could be rated")
    if code == "assessment":
        return (
            _("Accepted self-assessment “%(round)s” scored %(score)s of 100: (%(midpoint)s − %(score)s) × %(weight)s")
            % p
        )
    if code == "assessment_unscored":
        return _("Accepted self-assessment “%(round)s” has no counted answers yet") % p
    if code == "no_assessment":
        return _("No accepted self-assessment yet")
    if code == "finding":
        from ..models.findings import Likelihood, Severity

        p["status"] = _label(Finding.Status.choices, p["status"])
        p["severity_label"] = _label(Severity.choices, p["severity"])
        p["likelihood_label"] = _label(Likelihood.choices, p["likelihood"])
        return (
            _(
                "Open finding “%(title)s” (%(status)s): severity %(severity_label)s (%(severity)s) × likelihood "
                "%(likelihood_label)s (%(likelihood)s) × %(weight)s"
            )
            % p
        )
    if code == "action_open":
        p["deadline"] = _date(p["deadline"])
        return _("Open corrective action “%(title)s”, deadline %(deadline)s: severity %(severity)s × %(weight)s") % p
    if code == "action_overdue":
        p["deadline"] = _date(p["deadline"])
        return _("Overdue corrective action “%(title)s”, deadline %(deadline)s: severity %(severity)s × %(weight)s") % p
    if code == "actions_verified":
        return (
            ngettext(
                "%(count)s corrective action verified and closed in the last 12 months (at most %(max)s count)",
                "%(count)s corrective actions verified and closed in the last 12 months (at most %(max)s count)",
                p["count"],
            )
            % p
        )
    if code == "evidence":
        p["kind"] = _label(Evidence.Kind.choices, p["kind"])
        if p.get("valid_to"):
            p["valid_to"] = _date(p["valid_to"])
            return _("Valid %(kind)s: “%(title)s”, valid until %(valid_to)s") % p
        return _("Valid %(kind)s: “%(title)s”") % p
    if code == "finding_unanswered":
        p["raised_on"] = _date(p["raised_on"])
        return (
            _("Finding “%(title)s” raised on %(raised_on)s, %(days)s days ago, with no response from the supplier") % p
        )
    if code == "clarifications":
        return (
            ngettext(
                "%(count)s self-assessment answer returned for clarification, still waiting for the supplier "
                "(at most %(max)s count)",
                "%(count)s self-assessment answers returned for clarification, still waiting for the supplier "
                "(at most %(max)s count)",
                p["count"],
            )
            % p
        )
    if code == "cap_high":
        return _("The figure cannot go above 100")
    if code == "cap_low":
        return _("The figure cannot go below 0")
    return code
