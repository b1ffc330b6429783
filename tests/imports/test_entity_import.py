"""A buyer's officer imports its city entities: matched by organisation number or name within
the buyer only, errors by row and column, saved on confirm in the buyer's own list."""

import pytest
from django.urls import reverse

from contracts.models import CityEntity
from oslo_procurement.imports.models import SpreadsheetImport
from tests import factories as f

from .helpers import csv_file

HEADERS = ["Name", "Organisation number", "Employees"]


def preview(client, rows):
    response = client.post(reverse("contracts:entity_import"), {"file": csv_file(HEADERS, rows)})
    assert response.status_code == 302, response.content.decode()[:3000]
    return SpreadsheetImport.objects.latest("created_at")


@pytest.mark.django_db
def test_entities_go_into_the_officers_own_buyer(client, officer, buyer, other_buyer, other_officer):
    f.CityEntityFactory(buyer=buyer, name="Bydel Frogner", employees=100)
    f.CityEntityFactory(buyer=other_buyer, name="Utdanningsetaten", employees=5)
    client.force_login(officer)
    upload = preview(
        client,
        [
            ["Bydel Frogner", "", "120"],
            ["Utdanningsetaten", f.valid_org_number(8001), "5000"],
            ["Bydel Grorud", "", ""],
        ],
    )
    assert [row["status"] for row in upload.preview] == ["update", "new", "new"]
    assert CityEntity.objects.filter(buyer=buyer).count() == 1
    url = reverse("contracts:entity_import_preview", args=[upload.public_id])
    client.post(url, {"action": "confirm"})
    assert CityEntity.objects.get(buyer=buyer, name="Bydel Frogner").employees == 120
    assert set(CityEntity.objects.filter(buyer=buyer).values_list("name", flat=True)) == {
        "Bydel Frogner",
        "Utdanningsetaten",
        "Bydel Grorud",
    }
    assert CityEntity.objects.get(buyer=other_buyer).employees == 5  # the other buyer's entity is untouched
    entity = CityEntity.objects.get(buyer=buyer, name="Bydel Grorud")
    assert entity.history.get().history_user == officer
    client.force_login(other_officer)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_entity_errors_by_row_and_column(officer_client):
    upload = preview(officer_client, [["A", "123", "x"], ["B", "", "3"], ["b", "", ""]])
    assert [row["status"] for row in upload.preview] == ["error", "new", "error"]
    page = officer_client.get(reverse("contracts:entity_import_preview", args=[upload.public_id])).content.decode()
    assert "Row 2, column “Organisation number”: An organisation number has exactly nine digits." in page
    assert "Row 2, column “Employees”: Write a whole number." in page
    assert "Row 4, column “Name”: Row 3 has the same name." in page
    officer_client.post(reverse("contracts:entity_import_preview", args=[upload.public_id]), {"action": "confirm"})
    assert CityEntity.objects.count() == 0


@pytest.mark.django_db
def test_a_name_column_is_required(officer_client):
    response = officer_client.post(reverse("contracts:entity_import"), {"file": csv_file(["Employees"], [["3"]])})
    assert response.status_code == 400
    assert "Missing: “Name”" in response.content.decode()
