"""Recording risk figures (a new row only when an input changed), the risk pages, the
ratings editor and the supplier-page panels."""

from decimal import Decimal

import pytest
from django.urls import reverse

from followup.models import CategoryStageRisk, CountryRisk, RiskAssessment
from followup.risk.services import risk_recompute
from oslo_procurement.audit.models import AuditEvent
from tests import factories as f

from .factories import ActionFactory, FindingFactory, link


@pytest.fixture
def world(buyer, award_a, supplier_a):
    f.SiteFactory(supplier=supplier_a, name="Chongqing Plant 3", country="CN", stage="final_assembly")
    return supplier_a


def _rows(buyer, supplier):
    return list(RiskAssessment.objects.filter(buyer=buyer, supplier=supplier).order_by("created_at", "pk"))


def test_a_history_row_is_stored_only_when_an_input_changed(buyer, world):
    first, created = risk_recompute(buyer=buyer, supplier=world)
    assert created and first.residual_score == Decimal("85.0") and first.residual_level == "very_high"
    again, created = risk_recompute(buyer=buyer, supplier=world)
    assert not created and again.pk == first.pk
    finding = FindingFactory(buyer=buyer, severity=2, likelihood=2)
    link(finding, world)
    latest, created = risk_recompute(buyer=buyer, supplier=world)
    assert created and latest.residual_score == Decimal("87.0")
    assert risk_recompute(buyer=buyer, supplier=world)[1] is False
    assert [r.residual_score for r in _rows(buyer, world)] == [Decimal("85.0"), Decimal("87.0")]
    # The stored explanation adds up to the stored figure.
    assert sum(Decimal(line["effect"]) for line in latest.explanation["lines"]) == latest.residual_score


def test_a_new_valid_certificate_is_a_new_lower_row(buyer, world):
    risk_recompute(buyer=buyer, supplier=world)
    f.EvidenceFactory(supplier=world, kind="tco", valid_to=None)
    row, created = risk_recompute(buyer=buyer, supplier=world)
    assert created and row.residual_score == Decimal("80.0")


def test_a_verified_action_lowers_the_figure(buyer, world, officer):
    from django.utils import timezone

    action = ActionFactory(buyer=buyer, supplier=world, severity=3)
    assert risk_recompute(buyer=buyer, supplier=world)[0].residual_score == Decimal("86.5")  # + 3 × 0.5
    action.status = "verified_closed"
    action.verified_by = officer
    action.verified_at = timezone.now()
    action.save()
    assert risk_recompute(buyer=buyer, supplier=world)[0].residual_score == Decimal("84.0")  # − 1 instead of + 1.5


def test_risk_page_explains_the_figure_and_shows_the_trend(officer_client, buyer, world):
    risk_recompute(buyer=buyer, supplier=world)
    link(FindingFactory(buyer=buyer, title="Passports withheld", severity=4, likelihood=3), world)
    risk_recompute(buyer=buyer, supplier=world)
    page = officer_client.get(reverse("risk:supplier", args=[world.public_id])).content.decode()
    assert "91.0" in page  # 80 + 5 + 6
    assert "Very high" in page
    assert "Passports withheld" in page and "No accepted self-assessment yet" in page
    assert "<svg" in page and "Residual risk over time" in page
    assert "The figures as a table" in page
    assert "has changed since" not in page


def test_recompute_button_records_the_figure(officer_client, buyer, world):
    url = reverse("risk:supplier", args=[world.public_id])
    assert "This figure has not been recorded yet." in officer_client.get(url).content.decode()
    response = officer_client.post(reverse("risk:recompute", args=[world.public_id]))
    assert response.status_code == 302 and response.url == url
    assert len(_rows(buyer, world)) == 1
    officer_client.post(reverse("risk:recompute", args=[world.public_id]))
    assert len(_rows(buyer, world)) == 1


def test_overview_lists_awarded_suppliers_highest_first(officer_client, buyer, agreement, lot, world):
    low = f.SupplierFactory(legal_name="Fjordvik Gjenbruk AS")
    f.AwardFactory(agreement=agreement, supplier=low).lots.set([lot])
    never = f.SupplierFactory(legal_name="Never Assessed AS")
    f.AwardFactory(agreement=agreement, supplier=never).lots.set([lot])
    f.SupplierFactory(legal_name="Not In Our Agreements AS")
    risk_recompute(buyer=buyer, supplier=world)
    risk_recompute(buyer=buyer, supplier=low)
    page = officer_client.get(reverse("risk:overview")).content.decode()
    assert page.index(world.legal_name) < page.index("Fjordvik Gjenbruk AS") < page.index("Never Assessed AS")
    assert "Not In Our Agreements AS" not in page
    filtered = officer_client.get(reverse("risk:overview"), {"level": "none"}).content.decode()
    assert "Never Assessed AS" in filtered and world.legal_name not in filtered
    officer_client.post(reverse("risk:recompute_all"))
    assert RiskAssessment.objects.filter(buyer=buyer, supplier=never).exists()


def test_a_changed_country_rating_recomputes_the_suppliers_there(officer_client, buyer, world):
    risk_recompute(buyer=buyer, supplier=world)
    response = officer_client.post(
        reverse("risk:country_edit"), {"country": "CN", "level": "high", "note": "Own assessment"}
    )
    assert response.status_code == 302
    assert CountryRisk.objects.get(buyer=buyer, country="CN").level == "high"
    rows = _rows(buyer, world)
    assert [r.inherent_score for r in rows] == [Decimal("80.0"), Decimal("64.0")]
    assert AuditEvent.objects.filter(event_type="country_risk_saved").exists()
    ratings = officer_client.get(reverse("risk:ratings")).content.decode()
    assert "Own assessment" in ratings
    officer_client.post(reverse("risk:country_remove"), {"country": "CN"})
    assert not CountryRisk.objects.filter(buyer=buyer, country="CN").exists()
    assert _rows(buyer, world)[-1].inherent_score == Decimal("80.0")


def test_category_stage_editor_saves_the_matrix(officer_client, buyer, world):
    risk_recompute(buyer=buyer, supplier=world)
    form = officer_client.get(reverse("risk:category_edit"))
    assert form.status_code == 200
    response = officer_client.post(reverse("risk:category_edit"), {"pcs__final_assembly": "medium"})
    assert response.status_code == 302
    assert CategoryStageRisk.objects.get(buyer=buyer, category="pcs", stage="final_assembly").level == "medium"
    assert _rows(buyer, world)[-1].inherent_score == Decimal("40.0")  # 2 × 5 / 25 × 100
    officer_client.post(reverse("risk:category_edit"), {})
    assert not CategoryStageRisk.objects.filter(buyer=buyer).exists()


def test_manager_reads_risk_pages_but_cannot_change_anything(manager_client, buyer, world):
    for url in (reverse("risk:overview"), reverse("risk:ratings"), reverse("risk:supplier", args=[world.public_id])):
        assert manager_client.get(url).status_code == 200
    assert manager_client.get(reverse("risk:country_edit")).status_code == 403
    assert manager_client.get(reverse("risk:category_edit")).status_code == 403
    assert manager_client.post(reverse("risk:recompute", args=[world.public_id])).status_code == 403
    assert manager_client.post(reverse("risk:recompute_all")).status_code == 403
    assert manager_client.post(reverse("risk:country_edit"), {"country": "CN", "level": "low"}).status_code == 403
    assert not RiskAssessment.objects.exists() and not CountryRisk.objects.exists()


def test_other_buyers_officer_sees_only_their_own_figures(other_officer_client, buyer, world):
    risk_recompute(buyer=buyer, supplier=world)
    page = other_officer_client.get(reverse("risk:supplier", args=[world.public_id])).content.decode()
    # No award in their agreements and no findings: nothing of our buyer's figure shows.
    assert "No active award in our agreements" in page and "85.0" not in page
    assert world.legal_name not in other_officer_client.get(reverse("risk:overview")).content.decode()


def test_supplier_page_panels(officer_client, buyer, world):
    import followup.research.panels  # noqa: F401  (followup's AppConfig.ready() imports these)
    import followup.risk.panels  # noqa: F401

    link(FindingFactory(buyer=buyer, status="raised"), world)
    link(FindingFactory(buyer=buyer, status="closed"), world)
    risk_recompute(buyer=buyer, supplier=world)
    page = officer_client.get(world.get_absolute_url()).content.decode()
    assert "1 open finding concerns this supplier." in page
    assert reverse("risk:supplier", args=[world.public_id]) in page
    assert reverse("timeline:supplier", args=[world.public_id]) in page
    assert "Residual risk 89.5 of 100" in page  # 80 + 5 + 3 × 3 × 0.5
