"""The API keeps to its OpenAPI description: every operation documents the errors it can
give with their bodies, what a role is spared comes as the described empty value, and a
filter or page size that cannot be read answers 400 with a message instead of being ignored."""

import json

import pytest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from .conftest import auth

ERRORS = {"400", "401", "403", "404", "405", "429"}


def test_every_operation_documents_its_error_responses_with_bodies(db):
    schema = json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True), default=str))
    operations = [(path, method, op) for path, item in schema["paths"].items() for method, op in item.items()]
    assert len(operations) >= 30
    for path, method, operation in operations:
        responses = operation["responses"]
        assert ERRORS <= set(responses), (method, path)
        for status in ERRORS:
            body = responses[status]["content"]["application/json"]["schema"]["$ref"]
            assert body == ("#/components/schemas/ValidationError" if status == "400" else "#/components/schemas/Error")
        assert "Retry-After" in responses["429"]["headers"]
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail"]
    # What a supplier user is spared in a finding is an empty list, as described: not null.
    finding = schema["components"]["schemas"]["Finding"]["properties"]
    for name in ("sites", "lots", "ilo_instruments"):
        assert finding[name]["type"] == "array" and not finding[name].get("nullable"), name


def test_a_supplier_user_gets_empty_lists_where_the_staff_get_ids(client, world, tokens):
    url = reverse("api:finding-detail", args=[world["find_a1"].public_id])
    supplier = client.get(url, **auth(tokens["supplier_a"])).json()
    assert (supplier["sites"], supplier["lots"], supplier["ilo_instruments"]) == ([], [], [])
    assert supplier["internal_notes"] is None
    staff = client.get(url, **auth(tokens["officer_a"])).json()
    assert isinstance(staff["sites"], list) and isinstance(staff["ilo_instruments"], list)


@pytest.mark.parametrize(
    ("params", "parameter", "message"),
    [
        ({"transparency_act_covered": "banana"}, "transparency_act_covered", "'banana' is not a yes/no value"),
        ({"page_size": "lots"}, "page_size", "'lots' is not a page size"),
        ({"page_size": "0"}, "page_size", "whole number from 1 to 100"),
        ({"page_size": "101"}, "page_size", "whole number from 1 to 100"),
        ({"role": "smuggler"}, "role", "smuggler"),
        ({"updated_since": "yesterday"}, "updated_since", ""),
    ],
)
def test_a_filter_that_cannot_be_read_answers_400_with_a_message(client, world, tokens, params, parameter, message):
    response = client.get(reverse("api:supplier-list"), params, **auth(tokens["officer_a"]))
    assert response.status_code == 400
    assert message in " ".join(response.json()[parameter])


def test_readable_filters_and_page_sizes_still_work(client, world, tokens):
    for params in ({"transparency_act_covered": "true"}, {"transparency_act_covered": "False"}, {"page_size": "100"}):
        assert client.get(reverse("api:supplier-list"), params, **auth(tokens["officer_a"])).status_code == 200


def test_the_registry_screen_and_the_api_list_the_same_suppliers(officer_client, world, tokens):
    """One rule (contracts.selectors.followed_suppliers): awarded by the officer's buyer, or
    by no buyer yet; a supplier awarded only by another buyer is on neither."""
    client_names = {
        item["legal_name"]
        for item in officer_client.get(reverse("api:supplier-list"), **auth(tokens["officer_a"])).json()["results"]
    }
    assert client_names == {world[key].legal_name for key in ("sup_a", "sup_b", "sup_x")}
    page = officer_client.get(reverse("suppliers:list")).content.decode()
    for key in ("sup_a", "sup_b", "sup_c", "sup_x"):
        assert (world[key].legal_name in page) == (world[key].legal_name in client_names), key
