"""A world of two buyers and four suppliers in which every API endpoint has records that
some roles may read and others may not, and the expectations of who reads what.

Buyer A (Oslo) awards its agreement to suppliers A and B; buyer B (Bergen) awards its own
to suppliers C and A (so supplier A is followed up by both). Supplier X has no award (both
buyers' staff list it, as on the registry screen; open-data tokens do not). Every
internal text carries the marker INTERNAL, which no supplier user and no open-data token
may ever receive."""

import datetime
from decimal import Decimal

from django.utils import timezone

from contracts.models import SupplierNote
from criteria.models import IloInstrument
from followup.models import (
    Assessment,
    CorrectiveAction,
    Escalation,
    Finding,
    FindingSupplier,
    Meeting,
    RiskAssessment,
    SupplierShare,
)
from tests import factories as f
from tests.followup.factories import AnswerFactory, AssessmentFactory, QuestionFactory, RoundFactory

MARKER = "INTERNAL"


def catalogue(ilo_code="C29", *, owner):
    """Buyer A's criteria catalogue, published to the other buyers: they read its versions
    in force, never its drafts (criteria.access)."""
    version = f.CriterionVersionFactory(criterion__oecd_step=2, criterion__owner=owner, criterion__published=True)
    c29 = IloInstrument.objects.create(
        code=ilo_code, title_nb="Tvangsarbeid", title_en="Forced Labour", year=1930, principle="forced_labour"
    )
    version.ilo_instruments.set([c29])
    return {
        "crit": version.criterion,
        "v_active": version,
        "v_draft": f.CriterionVersionFactory(
            criterion=version.criterion, version=2, status="draft", effective_from=datetime.date(2027, 1, 1)
        ),
        "crit_archived": f.CriterionVersionFactory(
            criterion__archived_at=timezone.now(), criterion__owner=owner, criterion__published=True
        ).criterion,
        "c29": c29,
    }


def build(*, buyer_a, buyer_b, sup_a, sup_b, sup_c, sup_x, officer, shared_catalogue, suffix=""):
    """Create the world's records; a test can build a second, equal batch beside the first."""
    now = timezone.now()
    w = {"sup_a": sup_a, "sup_b": sup_b, "sup_c": sup_c, "sup_x": sup_x}
    # Buyer A's own internal notes on each supplier: never in the API (the supplier
    # resource is shared by every buyer; the notes are read on buyer A's screens only).
    for supplier in (sup_a, sup_b, sup_c, sup_x):
        SupplierNote.objects.get_or_create(
            buyer=buyer_a, supplier=supplier, defaults={"text": f"{MARKER} supplier note"}
        )

    # Registry
    for key, supplier in (("a", sup_a), ("b", sup_b), ("c", sup_c), ("x", sup_x)):
        w[f"site_{key}"] = f.SiteFactory(supplier=supplier)
        w[f"ev_{key}"] = f.EvidenceFactory(supplier=supplier)
    w["site_a_archived"] = f.SiteFactory(supplier=sup_a, archived_at=now)
    # Supplier X (no relation with either buyer) shared its evidence with buyer A from the
    # portal: buyer A's staff read it (suppliers.access, the one rule), buyer B's do not.
    SupplierShare.objects.create(supplier=sup_x, buyer=buyer_a, kind="evidence", evidence=w["ev_x"], shared_at=now)

    # Agreements
    w["agr_a"] = f.AgreementFactory(buyer=buyer_a)
    w["agr_b"] = f.AgreementFactory(buyer=buyer_b)
    w["agr_a_archived"] = f.AgreementFactory(buyer=buyer_a, archived_at=now)
    w["lot_a"] = f.LotFactory(agreement=w["agr_a"])
    w["lot_b"] = f.LotFactory(agreement=w["agr_b"])
    w["lot_a_archived_agreement"] = f.LotFactory(agreement=w["agr_a_archived"])

    w.update(shared_catalogue)

    def award(key, agreement, supplier):
        a = f.AwardFactory(agreement=agreement, supplier=supplier, notes=f"{MARKER} award note")
        a.lots.set([w["lot_a"] if agreement == w["agr_a"] else w["lot_b"]])
        a.criteria_versions.set([w["v_active"]])
        w[key] = a

    award("award_aa", w["agr_a"], sup_a)
    award("award_ab", w["agr_a"], sup_b)
    award("award_bc", w["agr_b"], sup_c)
    award("award_ba", w["agr_b"], sup_a)

    # Self-assessments
    for key, agreement in (("a", w["agr_a"]), ("b", w["agr_b"])):
        w[f"round_{key}"] = RoundFactory(agreement=agreement)
        w[f"question_{key}"] = QuestionFactory(
            questionnaire=w[f"round_{key}"].questionnaire, criterion_version=w["v_active"]
        )
    w["round_a_archived"] = RoundFactory(agreement=w["agr_a"], archived_at=now)

    def assessment(key, round_key, supplier, status, verdict=""):
        a = AssessmentFactory(
            round=w[round_key],
            supplier=supplier,
            status=status,
            submitted_at=now if status in ("submitted", "accepted", "returned") else None,
            verdict=verdict,
            verdict_comment="Comment on the verdict" if verdict else "",
            internal_note=f"{MARKER} reviewer note",
        )
        w[key] = a
        return a

    accepted = assessment("ass_aa", "round_a", sup_a, Assessment.Status.ACCEPTED, "compliant")
    AnswerFactory(assessment=accepted, question=w["question_a"], choice="yes", review="accepted")
    # Supplier A shared its accepted self-assessment in buyer A's round with buyer B.
    SupplierShare.objects.create(supplier=sup_a, buyer=buyer_b, kind="assessment", assessment=accepted, shared_at=now)
    assessment("ass_ab", "round_a", sup_b, Assessment.Status.RETURNED, "partly")
    assessment("ass_ba", "round_b", sup_a, Assessment.Status.RETURNED, "non_compliant")
    assessment("ass_bc", "round_b", sup_c, Assessment.Status.IN_PROGRESS)
    assessment("ass_a_archived_round", "round_a_archived", sup_a, Assessment.Status.IN_PROGRESS)

    # Findings
    def finding(key, buyer, links, archived=False):
        item = Finding.objects.create(
            buyer=buyer,
            title=f"Finding {key}{suffix}",
            summary=f"{MARKER} wording of {key}",
            supplier_summary=f"What supplier sees of {key}",
            internal_notes=f"{MARKER} notes of {key}",
            source_kind="ngo_report",
            source_title="NGO report",
            issue_type="overtime",
            severity=3,
            likelihood=2,
            status="raised",
            archived_at=now if archived else None,
        )
        for supplier, raised in links:
            FindingSupplier.objects.create(finding=item, supplier=supplier, raised_at=now if raised else None)
        w[key] = item
        return item

    finding("find_a1", buyer_a, [(sup_a, True), (sup_b, False)]).sites.set([w["site_a"]])
    w["find_a1"].lots.set([w["lot_a"]])
    w["find_a1"].ilo_instruments.set([w["c29"]])
    finding("find_a2", buyer_a, [(sup_a, False)])
    finding("find_a3", buyer_a, [(sup_b, True)])
    finding("find_b1", buyer_b, [(sup_a, True)])
    finding("find_a_archived", buyer_a, [(sup_a, True)], archived=True)

    # Corrective actions and sanctions
    def action(key, buyer, supplier, **extra):
        w[key] = CorrectiveAction.objects.create(
            buyer=buyer,
            supplier=supplier,
            title=f"Action {key}{suffix}",
            severity=2,
            deadline=timezone.localdate() - datetime.timedelta(days=3),
            **extra,
        )

    action("act_aa", buyer_a, sup_a, finding=w["find_a1"])
    action("act_ab", buyer_a, sup_b, finding=w["find_a3"])
    planned = Meeting.objects.create(
        buyer=buyer_a, supplier=sup_a, title="Planned", starts_at=now + datetime.timedelta(days=5)
    )
    action("act_aa_hidden", buyer_a, sup_a, meeting=planned)
    action("act_ba", buyer_b, sup_a, finding=w["find_b1"])
    for key, buyer, act in (("esc_aa", buyer_a, "act_aa"), ("esc_ba", buyer_b, "act_ba")):
        w[key] = Escalation.objects.create(
            buyer=buyer,
            supplier=w[act].supplier,
            action=w[act],
            rung=1,
            reason=f"{MARKER} reason",
            status="in_force",
            decided_by=officer,
            decided_on=timezone.localdate(),
        )

    # Risk: the latest figure per buyer and supplier counts
    def risk(buyer, supplier, residual):
        return RiskAssessment.objects.create(
            buyer=buyer,
            supplier=supplier,
            inherent_score=Decimal("80.0"),
            residual_score=Decimal(residual),
            residual_level="high" if Decimal(residual) >= 60 else "medium",
            explanation={"lines": [{"key": "award", "code": "no_award", "effect": "0"}]},
            inputs_digest="x",
        )

    risk(buyer_a, sup_a, "70.0")
    w["risk_aa"] = risk(buyer_a, sup_a, "55.0")
    w["risk_ab"] = risk(buyer_a, sup_b, "62.0")
    w["risk_ba"] = risk(buyer_b, sup_a, "30.0")
    w["risk_bc"] = risk(buyer_b, sup_c, "41.0")
    return w


# Endpoint (router basename) -> the world keys of its kind (the universe a list is checked
# against) and how a record is identified in the answer.
KINDS = {
    "supplier": ["sup_a", "sup_b", "sup_c", "sup_x"],
    "site": ["site_a", "site_b", "site_c", "site_x", "site_a_archived"],
    "evidence": ["ev_a", "ev_b", "ev_c", "ev_x"],
    "agreement": ["agr_a", "agr_b", "agr_a_archived"],
    "lot": ["lot_a", "lot_b", "lot_a_archived_agreement"],
    "award": ["award_aa", "award_ab", "award_bc", "award_ba"],
    "criterion": ["crit", "crit_archived"],
    "criterion-version": ["v_active", "v_draft"],
    "ilo-instrument": ["c29"],
    "round": ["round_a", "round_b", "round_a_archived"],
    "assessment": ["ass_aa", "ass_ab", "ass_ba", "ass_bc", "ass_a_archived_round"],
    "finding": ["find_a1", "find_a2", "find_a3", "find_b1", "find_a_archived"],
    "action": ["act_aa", "act_ab", "act_aa_hidden", "act_ba"],
    "escalation": ["esc_aa", "esc_ba"],
    # A risk figure is read by its supplier's id; the figure must be the viewer's buyer's.
    "risk": ["risk_aa", "risk_ab", "risk_ba", "risk_bc"],
}

DENIED = "403"

# Staff list the suppliers their buyer follows (contracts.selectors.followed_suppliers, the
# registry screen's rule too): awarded by the buyer, or awarded by no buyer yet (sup_x).
_staff_a = {
    "supplier": {"sup_a", "sup_b", "sup_x"},
    "site": {"site_a", "site_b", "site_x"},
    # The one reading rule (suppliers.access): a relation with the supplier (here: awards),
    # or the item shared with the buyer (supplier X shared ev_x with buyer A).
    "evidence": {"ev_a", "ev_b", "ev_x"},
    "agreement": {"agr_a"},
    "lot": {"lot_a"},
    "award": {"award_aa", "award_ab"},
    "criterion": {"crit"},
    "criterion-version": {"v_active", "v_draft"},
    "ilo-instrument": {"c29"},
    "round": {"round_a"},
    "assessment": {"ass_aa", "ass_ab"},
    "finding": {"find_a1", "find_a2", "find_a3"},
    "action": {"act_aa", "act_ab", "act_aa_hidden"},
    "escalation": {"esc_aa"},
    "risk": {"risk_aa", "risk_ab"},
}
_open_data_a = {
    **{kind: DENIED for kind in KINDS},
    "supplier": {"sup_a", "sup_b"},
    "agreement": {"agr_a"},
    "lot": {"lot_a"},
    "award": {"award_aa", "award_ab"},
    "criterion": {"crit"},
    "criterion-version": {"v_active"},
    "ilo-instrument": {"c29"},
}
_staff_only = {"agreement": DENIED, "lot": DENIED, "award": DENIED, "escalation": DENIED, "risk": DENIED}

# Role -> endpoint -> the world keys it lists (and reads one by one), or DENIED (403).
VISIBLE = {
    "officer_a": _staff_a,
    "manager_a": _staff_a,
    "admin_a": _staff_a,  # the buyer's administrator reads as its staff, by the same rule
    "open_data_a": _open_data_a,
    "officer_b": {
        "supplier": {"sup_a", "sup_c", "sup_x"},
        "site": {"site_a", "site_c", "site_x"},
        "evidence": {"ev_a", "ev_c"},
        "agreement": {"agr_b"},
        "lot": {"lot_b"},
        "award": {"award_bc", "award_ba"},
        "criterion": {"crit"},
        "criterion-version": {"v_active"},  # buyer A's draft is its own work in progress
        "ilo-instrument": {"c29"},
        "round": {"round_b"},
        # Its own rounds, and the self-assessment supplier A shared with it (without A's review).
        "assessment": {"ass_ba", "ass_bc", "ass_aa"},
        "finding": {"find_b1"},
        "action": {"act_ba"},
        "escalation": {"esc_ba"},
        "risk": {"risk_ba", "risk_bc"},
    },
    "supplier_a": {
        **_staff_only,
        "supplier": {"sup_a"},
        "site": {"site_a"},
        "evidence": {"ev_a"},
        "criterion": {"crit"},
        "criterion-version": {"v_active"},
        "ilo-instrument": {"c29"},
        "round": {"round_a", "round_b"},
        "assessment": {"ass_aa", "ass_ba"},
        "finding": {"find_a1", "find_b1"},
        "action": {"act_aa", "act_ba"},
    },
    "supplier_b": {
        **_staff_only,
        "supplier": {"sup_b"},
        "site": {"site_b"},
        "evidence": {"ev_b"},
        "criterion": {"crit"},
        "criterion-version": {"v_active"},
        "ilo-instrument": {"c29"},
        "round": {"round_a"},
        "assessment": {"ass_ab"},
        "finding": {"find_a3"},
        "action": {"act_ab"},
    },
}
# Tokens that get 401 on every endpoint but the public schema and documentation.
UNAUTHENTICATED = ["anonymous", "revoked", "expired", "wrong_key"]

# Records a role may see referred to (an id inside another record) without reading them.
REFERENCES = {
    "supplier_a": {"agr_a", "agr_b"},  # the rounds it takes part in name their agreement
    "supplier_b": {"agr_a"},
    "officer_b": {"round_a"},  # the round of the self-assessment shared with buyer B
}
# Roles that read internal notes and scores.
SEES_INTERNAL = {"officer_a", "manager_a", "admin_a", "officer_b"}
