"""The OpenAPI description is valid OpenAPI 3, lists every endpoint, and the documentation
page built from it opens for anyone, in the user's language, without any inline script."""

import json
import re

import pytest
import yaml
from django.urls import reverse
from drf_spectacular.validation import validate_schema

from oslo_procurement.api import docs
from oslo_procurement.urls import api_router as router

from .world import KINDS


@pytest.fixture
def schema(client, db):
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)  # raises on any violation of the OpenAPI 3 JSON schema


def test_the_schema_lists_every_endpoint_read_only_with_token_authentication(schema):
    paths = schema["paths"]
    for _prefix, _viewset, basename in router.registry:
        list_path = reverse(f"api:{basename}-list")
        detail = [p for p in paths if p.startswith(list_path) and p != list_path]
        assert list_path in paths and len(detail) == 1, basename
        for path in (list_path, detail[0]):
            assert set(paths[path]) == {"get"}, path  # read-only
            operation = paths[path]["get"]
            assert operation["description"], path
            assert {"tokenAuth": []} in operation["security"], path
    assert {basename for _p, _v, basename in router.registry} == set(KINDS)
    schemes = schema["components"]["securitySchemes"]
    assert schemes["tokenAuth"] == {**schemes["tokenAuth"], "type": "apiKey", "in": "header", "name": "Authorization"}
    assert schemes["bearerAuth"]["scheme"] == "bearer"


def test_the_schema_is_also_yaml(client, db):
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200
    assert yaml.safe_load(response.content)["info"]["title"] == "Oslo Procurement API"


def test_the_schema_documents_the_filters(schema):
    names = {p["name"] for p in schema["paths"][reverse("api:finding-list")]["get"]["parameters"]}
    assert {"supplier", "status", "issue_type", "severity", "updated_since", "page", "page_size"} <= names


def test_the_docs_page_lists_every_endpoint_and_its_fields(client, db):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    for _prefix, _viewset, basename in router.registry:
        assert f"GET {reverse(f'api:{basename}-list')}" in html
    assert "<code>supplier_text</code>" in html and "<code>suppliers[].supplier.id</code>" in html
    assert "Authorization: Token" in html
    # Only the site's own script files: nothing inline, so the strict CSP holds.
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_docs_page_speaks_bokmal(client, db, settings):
    settings.LANGUAGE_CODE = "nb"
    docs._SCHEMAS.clear()
    html = client.get(reverse("api:docs"), HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    assert "Kom i gang" in html
    assert "Leverandører med en aktiv tildeling" in html  # an endpoint's description


def test_the_readme_links_the_api_documentation():
    from django.conf import settings

    readme = (settings.BASE_DIR / "README.md").read_text()
    assert "/api/v1/docs/" in readme and "/api/v1/schema/" in readme
