"""Each suggestion rule on data built to sit just under and just over its threshold. The
rules count what they claim: suppliers as legal entities in distinct supply chains (one
finding linked to the ODM, the brand owner and the reseller is one chain), distinct
findings, and they name the suppliers behind each suggestion."""

import datetime

import pytest
from django.utils import timezone

from followup.lessons import suggestions as rules
from followup.models import CorrectiveAction
from tests import factories as f
from tests.followup.factories import AnswerFactory, AssessmentFactory, QuestionFactory, RoundFactory

from .conftest import TODAY
from .test_lessons import _finding

pytestmark = pytest.mark.django_db


def _found(buyer, rule):
    return [s for s in rules.open_suggestions(buyer) if s.rule == rule]


def _suppliers(*names):
    return [f.SupplierFactory(legal_name=name) for name in names]


# --- Recurring issue: distinct supply chains --------------------------------------------------


def test_one_finding_at_the_odm_brand_owner_and_reseller_is_one_chain_not_three_suppliers(buyer):
    odm, brand, reseller = _suppliers("Tamsui ODM", "Kestrel Brand", "Nordlys Reseller")
    _finding(buyer, "student_agency", [odm, brand, reseller], "Interns at Chongqing")
    _finding(buyer, "student_agency", [odm], "Dispatch workers at Kunshan")  # the same ODM: the same chain
    assert _found(buyer, "recurring_issue") == []
    assert [len(chain) for chain in rules.supply_chains([(1, odm), (1, brand), (1, reseller), (2, odm)])] == [3]


def test_recurring_issue_just_under_and_over_the_threshold(buyer):
    assert rules.RECURRING_ISSUE_SUPPLIERS == 3
    odm, brand, reseller, lumora, selangor = _suppliers("Tamsui", "Kestrel", "Nordlys", "Lumora", "Selangor")
    _finding(buyer, "student_agency", [odm, brand, reseller], "Interns at Chongqing")
    _finding(buyer, "student_agency", [lumora], "Agency workers at Juárez")
    assert _found(buyer, "recurring_issue") == []  # 2 chains, 4 suppliers
    _finding(buyer, "student_agency", [selangor], "Dispatch workers at Penang")
    (suggestion,) = _found(buyer, "recurring_issue")  # 3 chains
    assert (
        "3 findings" in suggestion.explanation and "5 suppliers in 3 different supply chains" in suggestion.explanation
    )
    assert [[s.legal_name for s in chain] for chain in suggestion.chains] == [
        ["Kestrel", "Nordlys", "Tamsui"],
        ["Lumora"],
        ["Selangor"],
    ]


# --- Non-compliance share ------------------------------------------------------------------------


def _reviewed_round(buyer, version, reviews):
    """One answer per supplier on ``version``'s question, reviewed as given."""
    agreement = f.AgreementFactory(buyer=buyer)
    round_ = RoundFactory(agreement=agreement)
    question = QuestionFactory(questionnaire=round_.questionnaire, criterion_version=version)
    for n, review in enumerate(reviews):
        assessment = AssessmentFactory(
            round=round_,
            supplier=f.SupplierFactory(legal_name=f"Reviewed {n}"),
            status="submitted",
            submitted_at=timezone.now(),
        )
        AnswerFactory(
            assessment=assessment,
            question=question,
            review=review,
            severity="high" if review == "non_compliant" else "",
        )
    return question


def test_non_compliance_at_the_threshold_is_not_suggested(buyer, disclosure):
    assert rules.NON_COMPLIANCE_SHARE == 50
    _reviewed_round(buyer, disclosure, ["non_compliant", "accepted"])  # 50 %, not above
    assert _found(buyer, "noncompliance") == []


def test_non_compliance_just_over_the_threshold_names_the_suppliers(buyer, disclosure):
    _reviewed_round(buyer, disclosure, ["non_compliant", "non_compliant", "accepted"])  # 67 %
    (suggestion,) = _found(buyer, "noncompliance")
    assert "2 of the 3 suppliers" in suggestion.explanation
    assert [s.legal_name for s in suggestion.suppliers] == ["Reviewed 0", "Reviewed 1"]


def test_one_reviewed_supplier_is_too_few(buyer, disclosure):
    _reviewed_round(buyer, disclosure, ["non_compliant"])
    assert _found(buyer, "noncompliance") == []


# --- Missing evidence -----------------------------------------------------------------------------


def _file_answers(buyer, version, with_evidence):
    agreement = f.AgreementFactory(buyer=buyer)
    round_ = RoundFactory(agreement=agreement)
    question = QuestionFactory(
        questionnaire=round_.questionnaire, criterion_version=version, answer_type="file", evidence_kind="policy"
    )
    for n, has in enumerate(with_evidence):
        supplier = f.SupplierFactory(legal_name=f"Answered {n}")
        assessment = AssessmentFactory(round=round_, supplier=supplier, status="submitted", submitted_at=timezone.now())
        answer = AnswerFactory(assessment=assessment, question=question)
        if has:
            answer.evidence.add(f.EvidenceFactory(supplier=supplier))


def test_missing_evidence_at_the_threshold_is_not_suggested(buyer, interns):
    _file_answers(buyer, interns, [False, True])  # 1 of 2 missing: 50 %
    assert _found(buyer, "missing_evidence") == []


def test_missing_evidence_just_over_the_threshold(buyer, interns):
    _file_answers(buyer, interns, [False, False, True])  # 2 of 3 missing
    (suggestion,) = _found(buyer, "missing_evidence")
    assert "2 of 3 submitted answers (67 %)" in suggestion.explanation
    assert [s.legal_name for s in suggestion.suppliers] == ["Answered 0", "Answered 1"]


# --- Overdue actions: distinct findings ------------------------------------------------------------


def _late_action(buyer, supplier, finding, title):
    return CorrectiveAction.objects.create(
        buyer=buyer,
        supplier=supplier,
        title=title,
        severity=3,
        deadline=TODAY - datetime.timedelta(days=3),
        finding=finding,
    )


def test_late_actions_from_one_finding_are_not_repeatedly_overdue(buyer):
    odm, brand = _suppliers("Tamsui", "Kestrel")
    finding = _finding(buyer, "overtime", [odm, brand], "Overtime at Chongqing")
    _late_action(buyer, odm, finding, "Cap hours")
    _late_action(buyer, brand, finding, "Audit the cap")
    assert _found(buyer, "overdue_actions") == []  # 2 late actions, 1 finding


def test_late_actions_from_two_findings_are_suggested_with_their_suppliers(buyer):
    odm, lumora = _suppliers("Tamsui", "Lumora")
    _late_action(buyer, odm, _finding(buyer, "overtime", [odm], "Overtime at Chongqing"), "Cap hours")
    _late_action(buyer, lumora, _finding(buyer, "overtime", [lumora], "Overtime at Juárez"), "Second shift")
    (suggestion,) = _found(buyer, "overdue_actions")
    assert "2 of 2 corrective actions on Excessive overtime, from 2 different findings" in suggestion.explanation
    assert [s.legal_name for s in suggestion.suppliers] == ["Lumora", "Tamsui"]
