"""A self-assessment the supplier can answer today (an open round), for the fault tests."""

import datetime

import pytest

from tests import factories as f
from tests.followup.factories import AssessmentFactory, QuestionFactory, QuestionnaireFactory, RoundFactory


@pytest.fixture
def open_assessment(buyer, officer, supplier_a, supplier_a_user):
    agreement = f.AgreementFactory(buyer=buyer, reference="2026/0042")
    f.AwardFactory(agreement=agreement, supplier=supplier_a)
    questionnaire = QuestionnaireFactory(buyer=buyer, title_en="Social criteria 2026")
    QuestionFactory(
        questionnaire=questionnaire,
        order=1,
        criterion_version=f.CriterionVersionFactory(criterion__oecd_step=1),
        text_en="Do you have a human rights policy?",
    )
    QuestionFactory(
        questionnaire=questionnaire,
        order=2,
        criterion_version=f.CriterionVersionFactory(criterion__oecd_step=2),
        answer_type="text",
        text_en="Which risks have you found?",
    )
    today = datetime.date.today()
    round_ = RoundFactory(
        agreement=agreement,
        questionnaire=questionnaire,
        title="Self-assessment 2026",
        opens_on=today,
        deadline=today + datetime.timedelta(weeks=6),
    )
    return AssessmentFactory(round=round_, supplier=supplier_a)


@pytest.fixture
def private_redis(tmp_path):
    """A redis-server of its own on a free port, which the test may pause or stop."""
    from .processes import RedisServer

    server = RedisServer(tmp_path)
    yield server
    server.close()


@pytest.fixture
def relay(tmp_path):
    """An SMTP relay process (smtp_relay.py) on a free port."""
    from .processes import Relay

    server = Relay(tmp_path / "relay")
    yield server
    server.close()
