"""The round form sent twice at the same moment (a double click), on the real PostgreSQL:
one round, one copy of the shared answer, one email to each supplier. Skips locally without
DATABASE_URL; fails under CI=true instead."""

import datetime
import uuid

import pytest

from followup.models import ReportingRound, ShareAcceptance
from followup.services import round_open
from followup.sharing import services
from oslo_procurement.notifications.models import Notification
from tests import factories as f
from tests import needs
from tests.followup.test_concurrency import _at_once

from .worlds import answered_world

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_the_same_round_form_sent_twice_at_once_opens_one_round(
    buyer, other_buyer, supplier_a, supplier_a_user, supplier_b, supplier_b_user, other_officer
):
    needs.postgresql()
    world = answered_world(buyer, other_buyer, supplier_a)
    agreement = world["round_b"].agreement
    f.AwardFactory(agreement=agreement, supplier=supplier_b)
    services.share_create(
        supplier=supplier_a, buyer=other_buyer, kind="assessment", item=world["source"], actor=supplier_a_user
    )
    key = uuid.uuid4()

    def submit():
        return round_open(
            agreement=agreement,
            questionnaire=world["round_b"].questionnaire,
            title_nb="Bergen 2027",
            opens_on=datetime.date(2027, 1, 4),
            deadline=datetime.date(2027, 2, 15),
            suppliers=[supplier_a, supplier_b],
            accept_shared=[supplier_a],
            actor=other_officer,
            public_id=key,
        )

    results = _at_once(submit, submit)
    assert all(isinstance(r, tuple) for r in results), results
    assert {r[0].pk for r in results} == {ReportingRound.objects.get(public_id=key).pk}
    assert sorted(r[0].repeated for r in results) == [False, True]
    assert ShareAcceptance.objects.filter(assessment__round__public_id=key).count() == 1
    mails = Notification.objects.filter(template__startswith="followup/email/")
    assert sorted(mails.values_list("recipient_email", "template")) == [
        ("user@alpha.example", "followup/email/shared_answer_accepted"),
        ("user@beta.example", "followup/email/assessment_opened"),
    ]
