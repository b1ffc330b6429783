"""The demo findings and risk ratings: invented, realistic, and safe to seed twice."""

import io

from django.apps import apps
from django.core.management import call_command

from contracts.models import Buyer
from followup.lessons.demo import AGENCY_FINDINGS
from followup.models import Finding, FindingSupplier, RiskAssessment
from followup.research.demo import seed_research
from followup.risk.demo import seed_risk
from oslo_procurement.accounts.models import User
from suppliers.models import Supplier

KEYS = {
    "nordlys": "Nordlys IT-Partner AS",
    "fjordvik": "Fjordvik Gjenbruk AS",
    "kestrel": "Kestrel Computing Inc.",
    "lumora": "Lumora Displays Co., Ltd.",
    "tamsui": "Tamsui Precision Manufacturing Co., Ltd.",
    "selangor": "Selangor Circuit Components Sdn. Bhd.",
}


def _counts():
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def _seed():
    buyer = Buyer.objects.get(name="Oslo kommune")
    actor = User.objects.get(email="officer@demo.oslo.test")
    suppliers = {key: Supplier.objects.get(legal_name=name) for key, name in KEYS.items()}
    return seed_research(buyer=buyer, actor=actor, suppliers=suppliers), seed_risk(buyer=buyer, actor=actor)


def test_seeding_twice_gives_the_same_rows(db):
    call_command("seed_demo", stdout=io.StringIO())
    research, risk = _seed()
    assert 5 <= research["findings"] <= 7
    first = _counts()
    _seed()
    assert _counts() == first  # history tables included

    # The demo's other findings are the lessons' agency-labour findings (followup/lessons/demo.py).
    assert Finding.objects.count() == research["findings"] + len(AGENCY_FINDINGS)
    statuses = set(Finding.objects.values_list("status", flat=True))
    assert {"new", "raised", "remedying", "disputed", "closed"} <= statuses
    assert FindingSupplier.objects.filter(raised_at__isnull=False).exists()
    assert FindingSupplier.objects.filter(raised_at__isnull=True).exists()
    assert all(f.ilo_instruments.exists() for f in Finding.objects.all())
    # Every raised finding has a text for the supplier.
    assert not FindingSupplier.objects.filter(raised_at__isnull=False, finding__supplier_summary="").exists()
    # Every awarded supplier has a recorded figure.
    assert RiskAssessment.objects.values("supplier").distinct().count() == 6
    assert risk["country_ratings"] > 5


def test_demo_sources_are_invented(db):
    call_command("seed_demo", stdout=io.StringIO())
    _seed()
    for finding in Finding.objects.all():
        assert finding.source_url == "" or ".example.org/" in finding.source_url
        assert finding.source_publisher == "" or "(invented)" in finding.source_publisher
