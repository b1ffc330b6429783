"""A small world for the reminder tests, and helpers that run the sweep at a moment in
Oslo the way the beat schedule does."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

import followup.reminders.panels  # noqa: F401  (registers the panel until followup's ready() imports it)
from followup.models import CorrectiveAction
from followup.reminders import services
from oslo_procurement.notifications.models import Notification
from tests import factories as f
from tests.followup.factories import AssessmentFactory, QuestionnaireFactory, RoundFactory
from tests.notifications.helpers import eager

OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture(autouse=True)
def _urls_and_eager(settings):
    # Until the root urls.py mounts the jobs and notification pages.
    settings.ROOT_URLCONF = "tests.notifications.urls"
    settings.SITE_URL = "https://oslo.example"
    # Unit tests run Celery in-process whatever REDIS_URL says; worker tests switch it off.
    with eager():
        yield


def at(day, hour=6, minute=5):
    """A moment in Oslo (the sweep's usual time by default)."""
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=OSLO)


def sweep(day=None, *, moment=None, **kwargs):
    """Run the reminder sweep as the beat schedule would, at 06:05 in Oslo on ``day``."""
    with time_machine.travel(moment or at(day), tick=False):
        return services.reminders_sweep(**{"kick_drain": False, **kwargs})


def steps(kind=None, **filters):
    qs = Notification.objects.exclude(kind__in=["message", "digest"]).filter(**filters)
    if kind:
        qs = qs.filter(kind=kind)
    return sorted(qs.values_list("kind", "recipient_email", "due_step"))


@pytest.fixture
def agreement(buyer):
    return f.AgreementFactory(buyer=buyer, reference="2026/0042", title="PCs and tablets")


@pytest.fixture
def questionnaire(buyer):
    return QuestionnaireFactory(buyer=buyer, title_en="Social criteria 2026", title_nb="Sosiale krav 2026")


def make_round(agreement, questionnaire, deadline, **kwargs):
    return RoundFactory(
        agreement=agreement,
        questionnaire=questionnaire,
        title=kwargs.pop("title", "Self-assessment spring"),
        opens_on=deadline - datetime.timedelta(days=42),
        deadline=deadline,
        **kwargs,
    )


def make_assessment(agreement, questionnaire, supplier, deadline, **kwargs):
    round_ = make_round(agreement, questionnaire, deadline)
    return AssessmentFactory(round=round_, supplier=supplier, **kwargs)


def make_action(buyer, supplier, deadline, **kwargs):
    values = {"title": "Cap overtime at 60 hours a week", "severity": 2, "status": "open", **kwargs}
    return CorrectiveAction.objects.create(buyer=buyer, supplier=supplier, deadline=deadline, **values)
