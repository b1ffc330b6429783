"""Worked examples of the risk figure (followup/risk/engine.py), computed by hand, and how
the figure moves when one input changes."""

import datetime
from dataclasses import replace
from decimal import Decimal

import pytest
from django.utils import timezone

from followup.models import CountryRisk
from followup.risk import engine
from followup.risk.engine import (
    ActionInput,
    AssessmentInput,
    EvidenceInput,
    FindingInput,
    PairInput,
    RiskInputs,
    UnansweredInput,
    compute,
)
from tests import factories as f

from .factories import (
    ActionFactory,
    AnswerFactory,
    AssessmentFactory,
    FindingFactory,
    QuestionFactory,
    RoundFactory,
    link,
)

TODAY = datetime.date(2026, 11, 24)


def _pair(country, country_level, *, stage_level="high", site="Plant", site_id=1):
    return PairInput(
        category="pcs",
        stage="final_assembly",
        stage_level=stage_level,
        stage_source="lot",
        country=country,
        country_level=country_level,
        country_source="default",
        site_id=site_id,
        site_name=site,
    )


def worked_example():
    """The example of the engine's docstring, by hand:

    inherent: PCs final assembly, high (4) × China very high (5) / 25 × 100 = 80.0
              (the Czech plant: high (4) × medium (2) = 32.0 is lower and does not count)
    self-assessment scored 70:            (50 − 70) × 0.2  = −4.0
    open finding, critical × likely:       4 × 3 × 0.5     = +6.0
    open finding, medium × possible:       2 × 2 × 0.5     = +2.0
    open action, high, deadline ahead:     3 × 0.5         = +1.5
    overdue action, medium:                2 × 2           = +4.0
    one action verified this year:                           −1.0
    valid TCO certificate:                                   −5.0
    valid SMETA audit:                                       −3.0
    finding raised 45 days ago, no answer:                   +2.0
    two answers returned for clarification: 2 × 1          = +2.0
                                                    total  =  84.5  → very high
    """
    return RiskInputs(
        today=TODAY,
        has_award=True,
        pairs=[
            _pair("CN", "very_high", site="Chongqing", site_id=1),
            _pair("CZ", "medium", site="Pardubice", site_id=2),
        ],
        assessment=AssessmentInput(public_id="a1", round_title="2026", score=Decimal("70.0")),
        findings=[
            FindingInput(id=1, public_id="f1", title="Passports", status="raised", severity=4, likelihood=3),
            FindingInput(id=2, public_id="f2", title="Agency", status="new", severity=2, likelihood=2),
        ],
        actions=[
            ActionInput(
                id=1,
                public_id="x1",
                title="Cap overtime",
                severity=3,
                deadline=TODAY + datetime.timedelta(days=10),
                status="open",
            ),
            ActionInput(
                id=2,
                public_id="x2",
                title="Repay fees",
                severity=2,
                deadline=TODAY - datetime.timedelta(days=3),
                status="in_progress",
            ),
            ActionInput(
                id=3,
                public_id="x3",
                title="Train",
                severity=4,
                deadline=TODAY - datetime.timedelta(days=100),
                status="verified_closed",
                verified_on=TODAY - datetime.timedelta(days=90),
            ),
        ],
        evidence=[
            EvidenceInput(id=1, kind="tco", title="TCO 10", valid_to=datetime.date(2027, 12, 31)),
            EvidenceInput(id=2, kind="smeta", title="SMETA", valid_to=None),
            EvidenceInput(id=3, kind="policy", title="Policy", valid_to=None),  # not a kind that counts
        ],
        unanswered=[
            UnansweredInput(
                finding_id=1, public_id="f1", title="Passports", raised_on=TODAY - datetime.timedelta(days=45)
            )
        ],
        clarifications=2,
    )


def effects(result):
    return [(line.code, line.effect) for line in result.lines]


def test_worked_example_gives_the_hand_computed_figures():
    result = compute(worked_example())
    assert result.inherent == Decimal("80.0")
    assert effects(result) == [
        ("inherent", Decimal("80.0")),
        ("assessment", Decimal("-4.0")),
        ("finding", Decimal("6.0")),
        ("finding", Decimal("2.0")),
        ("action_overdue", Decimal("4.0")),
        ("action_open", Decimal("1.5")),
        ("actions_verified", Decimal("-1.0")),
        ("evidence", Decimal("-5.0")),
        ("evidence", Decimal("-3.0")),
        ("finding_unanswered", Decimal("2.0")),
        ("clarifications", Decimal("2.0")),
    ]
    assert result.residual == Decimal("84.5")
    assert sum(line.effect for line in result.lines) == result.residual
    assert result.level == "very_high"
    assert [p.site_name for p in result.pairs] == ["Chongqing", "Pardubice"]
    assert [p.score for p in result.pairs] == [Decimal("80.0"), Decimal("32.0")]


def test_a_new_critical_finding_raises_the_residual():
    inputs = worked_example()
    inputs.findings.append(
        FindingInput(id=9, public_id="f9", title="Forced labour", status="new", severity=4, likelihood=4)
    )
    result = compute(inputs)
    assert result.residual == Decimal("92.5")  # + 4 × 4 × 0.5 = +8.0
    assert compute(worked_example()).digest != result.digest


def test_verifying_the_overdue_action_lowers_the_residual():
    inputs = worked_example()
    inputs.actions[1] = replace(inputs.actions[1], status="verified_closed", verified_on=TODAY)
    result = compute(inputs)
    # the overdue +4.0 goes, and two verified actions count −2.0 instead of −1.0
    assert result.residual == Decimal("79.5")
    assert result.level == "high"


def test_a_new_valid_certificate_lowers_the_residual_but_a_second_of_the_same_kind_does_not():
    inputs = worked_example()
    inputs.evidence.append(EvidenceInput(id=4, kind="rba_membership", title="RBA", valid_to=None))
    assert compute(inputs).residual == Decimal("80.5")  # −4.0
    inputs.evidence.append(EvidenceInput(id=5, kind="tco", title="TCO 9", valid_to=datetime.date(2026, 12, 31)))
    assert compute(inputs).residual == Decimal("80.5")


def test_a_changed_country_rating_changes_the_inherent_risk():
    inputs = worked_example()
    inputs.pairs[0] = _pair("CN", "high", site="Chongqing", site_id=1)
    result = compute(inputs)
    assert result.inherent == Decimal("64.0")  # 4 × 4 / 25 × 100
    assert result.residual == Decimal("68.5")


def test_the_figure_is_kept_within_0_and_100_and_the_lines_still_add_up():
    high = RiskInputs(
        today=TODAY,
        has_award=True,
        pairs=[_pair("CD", "very_high", stage_level="very_high")],
        findings=[
            FindingInput(id=i, public_id=str(i), title="x", status="new", severity=4, likelihood=4) for i in range(3)
        ],
    )
    result = compute(high)
    assert result.residual == Decimal("100.0")
    assert result.lines[-1].code == "cap_high" and result.lines[-1].effect == Decimal("-29.0")  # 100 + 5 + 24 = 129
    assert sum(line.effect for line in result.lines) == Decimal("100.0")

    low = RiskInputs(
        today=TODAY,
        has_award=False,
        assessment=AssessmentInput(public_id="a", round_title="r", score=Decimal("100")),
        evidence=[EvidenceInput(id=1, kind="tco", title="TCO", valid_to=None)],
    )
    result = compute(low)
    assert effects(result) == [
        ("no_award", Decimal("0.0")),
        ("assessment", Decimal("-10.0")),
        ("evidence", Decimal("-5.0")),
        ("cap_low", Decimal("15.0")),
    ]
    assert result.residual == Decimal("0.0") and result.level == "low"


@pytest.mark.parametrize(
    ("figure", "level"),
    [("80", "very_high"), ("79.9", "high"), ("60", "high"), ("40", "medium_high"), ("20", "medium"), ("19.9", "low")],
)
def test_level_thresholds(figure, level):
    assert engine.level_for(Decimal(figure)) == level


def test_every_line_reads_as_a_sentence():
    for line in compute(worked_example()).lines:
        assert line.text and line.text != line.code


# --- The same with the database ------------------------------------------------------------


@pytest.fixture
def world(buyer, agreement, lot, award_a, supplier_a):
    """Supplier A: PCs (lot rating: final assembly high) made at a final-assembly plant in
    China (default table: very high) and one in the Czech Republic (medium)."""
    f.SiteFactory(
        supplier=supplier_a, name="Chongqing Plant 3", country="CN", stage="final_assembly", product_categories=["pcs"]
    )
    f.SiteFactory(supplier=supplier_a, name="Pardubice", country="CZ", stage="final_assembly", product_categories=[])
    # A site that makes monitors only is not paired with the PCs lot.
    f.SiteFactory(
        supplier=supplier_a, name="Monitor plant", country="CD", stage="final_assembly", product_categories=["monitors"]
    )
    return supplier_a


def test_gathered_from_the_database(buyer, world):
    """inherent 80 (PCs high × China very high) + no accepted self-assessment +5 = 85.0"""
    result = engine.assess(buyer=buyer, supplier=world, today=timezone.localdate())
    assert result.inherent == Decimal("80.0")
    assert effects(result) == [("inherent", Decimal("80.0")), ("no_assessment", Decimal("5.0"))]
    assert result.residual == Decimal("85.0")
    assert {p.site_name for p in result.pairs} == {"Chongqing Plant 3", "Pardubice"}
    assert result.pairs[0].stage_source == "lot" and result.pairs[0].country_source == "default"


def test_buyer_ratings_override_the_lot_and_the_default_table(buyer, world):
    from followup.models import CategoryStageRisk

    CountryRisk.objects.create(buyer=buyer, country="CN", level="medium_high")
    CategoryStageRisk.objects.create(buyer=buyer, category="pcs", stage="final_assembly", level="very_high")
    result = engine.assess(buyer=buyer, supplier=world, today=timezone.localdate())
    # very high (5) × medium-high (3) / 25 × 100 = 60
    assert result.inherent == Decimal("60.0")
    assert result.pairs[0].stage_source == "buyer" and result.pairs[0].country_source == "buyer"


def test_another_buyers_ratings_and_findings_do_not_count(buyer, other_buyer, world):
    CountryRisk.objects.create(buyer=other_buyer, country="CN", level="low")
    finding = FindingFactory(buyer=other_buyer, severity=4, likelihood=4)
    link(finding, world, raised=True)
    assert engine.assess(buyer=buyer, supplier=world, today=timezone.localdate()).residual == Decimal("85.0")


def test_no_site_disclosed_uses_the_registered_country_and_the_worst_stage(buyer, award_a, supplier_a):
    # Supplier A is registered in Norway (low, 1); PCs' worst stage is very high (5): 5 × 1 / 25 × 100 = 20
    result = engine.assess(buyer=buyer, supplier=supplier_a, today=timezone.localdate())
    assert result.inherent == Decimal("20.0")
    assert result.lines[0].code == "inherent_no_site"


def test_all_inputs_from_the_database(buyer, agreement, world):
    now = timezone.now()
    # Accepted self-assessment: Q1 yes (weight 3) accepted, Q2 no (weight 1) accepted → 100 × 3 / 4 = 75.0
    round_ = RoundFactory(agreement=agreement, questionnaire__buyer=buyer)
    assessment = AssessmentFactory(round=round_, supplier=world, status="accepted", submitted_at=now, accepted_at=now)
    AnswerFactory(
        assessment=assessment,
        question=QuestionFactory(questionnaire=round_.questionnaire, weight=3),
        choice="yes",
        review="accepted",
    )
    AnswerFactory(
        assessment=assessment,
        question=QuestionFactory(questionnaire=round_.questionnaire, weight=1),
        choice="no",
        review="accepted",
    )
    # An open finding (3 × 3 × 0.5 = 4.5), raised 40 days ago without a response (+2)
    finding = FindingFactory(buyer=buyer, severity=3, likelihood=3, status="raised")
    link(finding, world, raised_at=now - datetime.timedelta(days=40))
    # A closed finding does not count
    link(FindingFactory(buyer=buyer, severity=4, likelihood=4, status="closed"), world)
    # An overdue action of severity 4 (4 × 2 = 8)
    ActionFactory(buyer=buyer, supplier=world, severity=4, deadline=timezone.localdate() - datetime.timedelta(days=1))
    # Valid ISO certificate (−2); an expired TCO certificate and an archived SMETA report do not count
    f.EvidenceFactory(supplier=world, kind="iso", valid_to=timezone.localdate() + datetime.timedelta(days=1))
    f.EvidenceFactory(supplier=world, kind="tco", valid_to=timezone.localdate() - datetime.timedelta(days=1))
    f.EvidenceFactory(supplier=world, kind="smeta", valid_to=None, archived_at=now)

    result = engine.assess(buyer=buyer, supplier=world, today=timezone.localdate())
    assert effects(result) == [
        ("inherent", Decimal("80.0")),
        ("assessment", Decimal("-5.0")),  # (50 − 75) × 0.2
        ("finding", Decimal("4.5")),
        ("action_overdue", Decimal("8.0")),
        ("evidence", Decimal("-2.0")),
        ("finding_unanswered", Decimal("2.0")),
    ]
    assert result.residual == Decimal("87.5")
