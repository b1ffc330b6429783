"""A small world for the follow-up tests: one agreement of the buyer with supplier A and
supplier B awarded, a published questionnaire, a round with a self-assessment each."""

import datetime

import pytest

from tests import factories as f
from tests.conftest import client_for

from .factories import AssessmentFactory, QuestionFactory, QuestionnaireFactory, RoundFactory


@pytest.fixture
def agreement(buyer):
    return f.AgreementFactory(buyer=buyer, reference="2026/0042", title="PCs, thin clients, monitors and tablets")


@pytest.fixture
def awards(agreement, supplier_a, supplier_b):
    return [f.AwardFactory(agreement=agreement, supplier=s) for s in (supplier_a, supplier_b)]


@pytest.fixture
def questionnaire(buyer):
    return QuestionnaireFactory(buyer=buyer, title_en="Social criteria 2026", title_nb="Sosiale krav 2026")


@pytest.fixture
def questions(questionnaire):
    """Two required yes/no/partly questions (step 1 and 2), an optional text question."""
    step1 = f.CriterionVersionFactory(criterion__oecd_step=1, criterion__code="CLA-1")
    step2 = f.CriterionVersionFactory(criterion__oecd_step=2, criterion__code="CLA-2")
    return [
        QuestionFactory(questionnaire=questionnaire, criterion_version=step1, order=1, text_en="Do you have a policy?"),
        QuestionFactory(
            questionnaire=questionnaire, criterion_version=step2, order=2, text_en="Have you mapped the risks?"
        ),
        QuestionFactory(
            questionnaire=questionnaire,
            criterion_version=step2,
            order=3,
            answer_type="text",
            required=False,
            text_en="Anything to add?",
        ),
    ]


@pytest.fixture
def round_(agreement, questionnaire, questions, awards):
    return RoundFactory(
        agreement=agreement,
        questionnaire=questionnaire,
        title="Self-assessment spring 2026",
        opens_on=datetime.date(2026, 3, 2),
        deadline=datetime.date(2026, 4, 13),
    )


@pytest.fixture
def assessment_a(round_, supplier_a):
    return AssessmentFactory(round=round_, supplier=supplier_a)


@pytest.fixture
def assessment_b(round_, supplier_b):
    return AssessmentFactory(round=round_, supplier=supplier_b)


@pytest.fixture
def other_officer_client(client, other_officer):
    return client_for(client, other_officer)
