import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from contracts import services
from contracts.models import FrameworkAgreement, Lot
from tests import factories as f

VALID = {
    "reference": "2026/0100",
    "title": "Smartphones and tablets",
    "description": "",
    "value": "40000000",
    "currency": "nok",
    "start_date": "2026-01-01",
    "end_date": "2028-12-31",
    "extension_options": "1 + 1 year",
    "latest_end_date": "2030-12-31",
    "status": "active",
}


def _history(page):
    return page.split('id="history-heading"', 1)[1]


def test_end_date_before_start_is_refused_at_the_field(officer_client):
    response = officer_client.post(reverse("contracts:create"), {**VALID, "end_date": "2025-12-31"})
    assert response.status_code == 400
    assert response.context["form"].errors["end_date"] == ["The end date must be after the start date."]
    assert "Nothing was saved" in response.content.decode()
    assert not FrameworkAgreement.objects.exists()


def test_database_refuses_end_before_start_when_validation_is_bypassed(buyer):
    with pytest.raises(IntegrityError), transaction.atomic():
        FrameworkAgreement.objects.create(
            buyer=buyer,
            reference="2026/0200",
            title="Backwards",
            start_date=datetime.date(2026, 1, 1),
            end_date=datetime.date(2025, 1, 1),
        )
    assert not FrameworkAgreement.objects.exists()


def test_valid_agreement_is_saved_for_the_officers_buyer(officer_client, officer, buyer, entity):
    response = officer_client.post(reverse("contracts:create"), {**VALID, "participating_entities": [entity.pk]})
    agreement = FrameworkAgreement.objects.get(reference="2026/0100")
    assert response.status_code == 302 and response.url == agreement.get_absolute_url()
    assert agreement.buyer == buyer
    assert agreement.currency == "NOK"
    assert list(agreement.participating_entities.all()) == [entity]
    assert agreement.history.first().history_user == officer
    page = officer_client.get(agreement.get_absolute_url()).content.decode()
    assert "40,000,000 NOK" in page
    assert "1 city entity may order from this agreement." in page and "Bydel Frogner" in page


def test_form_offers_only_the_buyers_active_entities(officer_client, buyer, other_buyer, entity):
    f.CityEntityFactory(
        buyer=buyer, name="Closed Agency", archived_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    )
    theirs = f.CityEntityFactory(buyer=other_buyer, name="Bergen Entity")
    page = officer_client.get(reverse("contracts:create")).content.decode()
    assert "Bydel Frogner" in page
    assert "Closed Agency" not in page and "Bergen Entity" not in page
    response = officer_client.post(reverse("contracts:create"), {**VALID, "participating_entities": [theirs.pk]})
    assert response.status_code == 400 and "participating_entities" in response.context["form"].errors
    assert not FrameworkAgreement.objects.exists()


def test_service_refuses_an_entity_of_another_buyer(officer, buyer, other_buyer):
    agreement = f.AgreementFactory.build(buyer=buyer)
    with pytest.raises(ValidationError) as exc:
        services.agreement_save(
            agreement=agreement, actor=officer, participating_entities=[f.CityEntityFactory(buyer=other_buyer)]
        )
    assert "participating_entities" in exc.value.error_dict
    assert not FrameworkAgreement.objects.exists()


def test_duplicate_reference_at_the_same_buyer_is_refused_at_the_field(officer_client, buyer):
    f.AgreementFactory(buyer=buyer, reference="2026/0100")
    response = officer_client.post(reverse("contracts:create"), VALID)
    assert response.status_code == 400
    assert response.context["form"].errors["reference"] == ["This buyer already has an agreement with this reference."]
    assert FrameworkAgreement.objects.filter(reference="2026/0100").count() == 1


def test_the_same_reference_at_another_buyer_is_allowed(officer_client, other_buyer):
    f.AgreementFactory(buyer=other_buyer, reference="2026/0100")
    assert officer_client.post(reverse("contracts:create"), VALID).status_code == 302
    assert FrameworkAgreement.objects.filter(reference="2026/0100").count() == 2


def test_edit_records_the_actor_and_the_previous_title_on_the_detail_page(officer_client, officer, agreement):
    data = {**VALID, "reference": agreement.reference, "title": "ICT equipment 2026"}
    assert officer_client.post(reverse("contracts:edit", args=[agreement.public_id]), data).status_code == 302
    latest = agreement.history.first()
    assert latest.history_user == officer
    assert latest.prev_record.title == "PCs, thin clients, monitors and tablets"
    history = _history(officer_client.get(agreement.get_absolute_url()).content.decode())
    assert officer.full_name in history
    assert "<del" in history and "PCs, thin clients, monitors and tablets" in history
    assert "ICT equipment 2026" in history


def test_archive_hides_from_the_list_and_restore_brings_it_back(officer_client, agreement):
    response = officer_client.post(reverse("contracts:archive", args=[agreement.public_id]), follow=True)
    assert "Archived: 2026/0001" in response.content.decode()
    assert "2026/0001" not in officer_client.get(reverse("contracts:list")).content.decode()
    assert "2026/0001" in officer_client.get(reverse("contracts:list"), {"status": "archived"}).content.decode()
    officer_client.post(reverse("contracts:restore", args=[agreement.public_id]))
    agreement.refresh_from_db()
    assert not agreement.is_archived


def test_list_filters_by_search_and_agreement_status(officer_client, buyer):
    f.AgreementFactory(buyer=buyer, reference="2026/0101", title="Monitors", status="planned")
    f.AgreementFactory(buyer=buyer, reference="2026/0102", title="Apple products", status="active")
    page = officer_client.get(reverse("contracts:list"), {"agreement_status": "planned"}).content.decode()
    assert "Monitors" in page and "Apple products" not in page
    page = officer_client.get(reverse("contracts:list"), {"search": "apple"}).content.decode()
    assert "Apple products" in page and "Monitors" not in page


def test_list_shows_counts_of_active_lots_awards_and_entities(officer_client, agreement, lot, award, entity):
    f.LotFactory(agreement=agreement, archived_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))
    agreement.participating_entities.set([entity])
    row = officer_client.get(reverse("contracts:list")).context["page"][0]
    assert (row.lot_count, row.award_count, row.entity_count) == (1, 1, 1)


LOT = {
    "number": "2",
    "title": "Monitors",
    "category": "monitors",
    "risk_raw_material": "very_high",
    "risk_component": "high",
    "risk_final_assembly": "medium_high",
}


def test_lot_is_added_and_its_risks_shown_as_text(officer_client, agreement):
    response = officer_client.post(reverse("contracts:lot_create", args=[agreement.public_id]), LOT)
    assert response.status_code == 302 and response.url == agreement.get_absolute_url() + "#lots"
    page = officer_client.get(agreement.get_absolute_url()).content.decode()
    assert "2 Monitors" in page
    assert "Very high" in page and "Medium-high" in page


def test_duplicate_lot_number_is_refused_at_the_field(officer_client, agreement, lot):
    response = officer_client.post(reverse("contracts:lot_create", args=[agreement.public_id]), {**LOT, "number": "1"})
    assert response.status_code == 400
    assert response.context["form"].errors["number"] == ["This agreement already has a lot with this number."]
    assert Lot.objects.filter(agreement=agreement).count() == 1


def test_entity_is_created_edited_with_history_and_duplicate_name_refused(officer_client, officer, buyer, entity):
    url = reverse("contracts:entity_create")
    response = officer_client.post(url, {"name": "Bydel Frogner", "org_number": "", "employees": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["name"] == ["This buyer already has an entity with this name."]
    data = {"name": "Bydel Frogner og Majorstuen", "org_number": "", "employees": "350"}
    assert officer_client.post(reverse("contracts:entity_edit", args=[entity.public_id]), data).status_code == 302
    history = _history(officer_client.get(reverse("contracts:entity_edit", args=[entity.public_id])).content.decode())
    assert officer.full_name in history and "Bydel Frogner" in history


def test_the_same_entity_name_at_another_buyer_is_allowed(officer_client, other_buyer):
    f.CityEntityFactory(buyer=other_buyer, name="Kultur og idrett")
    response = officer_client.post(reverse("contracts:entity_create"), {"name": "Kultur og idrett", "employees": ""})
    assert response.status_code == 302


def test_entity_list_counts_agreements_and_filters(officer_client, agreement, entity, buyer):
    agreement.participating_entities.set([entity])
    f.CityEntityFactory(buyer=buyer, name="Utdanningsetaten")
    page = officer_client.get(reverse("contracts:entity_list"), {"search": "frogner"})
    assert [(e.name, e.agreement_count) for e in page.context["page"]] == [("Bydel Frogner", 1)]


def test_overview_shows_the_buyers_figures(officer_client, buyer, other_buyer, agreement, award, entity, supplier_a):
    f.SiteFactory(supplier=supplier_a, country="VN")
    f.SiteFactory(supplier=supplier_a, country="VN")
    f.SiteFactory(country="MX")  # a supplier without an award
    f.AgreementFactory(buyer=buyer, status="planned")
    f.CriterionVersionFactory()  # national
    f.CriterionVersionFactory(criterion__owner=other_buyer)  # Bergen's own: not Oslo's to use
    response = officer_client.get(reverse("contracts:overview"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 class="h2">Oslo kommune</h1>' in page
    ctx = response.context
    assert ctx["entity_count"] == 1
    assert {row["status"]: row["count"] for row in ctx["agreements_by_status"]} == {
        "planned": 1,
        "active": 1,
        "expired": 0,
        "terminated": 0,
    }
    assert ctx["awarded_supplier_count"] == 1
    assert [(row["country"].code, row["count"]) for row in ctx["sites_per_country"]] == [("VN", 2)]
    assert "Vietnam" in page and "Mexico" not in page
    assert ctx["active_criteria_count"] == 1
