"""OCDS as open data: each buyer's agreements marked "publish as open data" at stable public
addresses anyone may harvest without logging in, valid against the official 1.1.5 schemas,
the same release for the same data, written in the publication's language, every party
with an org-id.guide scheme, and the extension passing the extension metadata rules."""

import datetime
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from jsonschema import Draft4Validator, FormatChecker
from ocdskit.combine import merge

from contracts.models import SupplierNote
from followup.exchange.ocds import registry_identifier
from tests import factories as f

from . import worlds
from .test_ocds import _load, errors, package_validator, release_schema

pytestmark = pytest.mark.django_db

EXTENSION = Path(__file__).resolve().parents[2] / "followup" / "exchange" / "ocds_extension"
INTERNAL = "INTERNAL: price talks with the owner"


def path_of(uri):
    assert uri.startswith(django_settings.SITE_URL.rstrip("/"))
    return uri[len(django_settings.SITE_URL.rstrip("/")) :]


@pytest.fixture
def published(buyer, supplier_a, settings):
    settings.OCDS_OCID_PREFIX = "ocds-abc123"
    SupplierNote.objects.create(buyer=buyer, supplier=supplier_a, text=INTERNAL)
    agreement = f.AgreementFactory(
        buyer=buyer, reference="UKE-2024/0913", title="PCs", status="active", publish_open_data=True
    )
    f.AwardFactory(agreement=agreement, supplier=supplier_a)
    for country, registry in (
        ("TW", "TW 84213377"),
        ("MY", "MY 201501029344"),
        ("KR", "KR 110111-4839201"),
        ("US", "US-DE 7731942"),
    ):
        foreign = f.SupplierFactory(
            legal_name=f"Foreign {country}", org_number=None, foreign_registry_id=registry, country=country
        )
        f.AwardFactory(agreement=agreement, supplier=foreign)
    worlds.finding(buyer, supplier_a, title="Excessive overtime of student interns")
    worlds.action(buyer, supplier_a)
    return agreement


@pytest.fixture
def unpublished(buyer, supplier_b):
    agreement = f.AgreementFactory(buyer=buyer, reference="SECRET-2025/1", title="Not yet public", status="active")
    f.AwardFactory(agreement=agreement, supplier=supplier_b)
    return agreement


def harvest(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def test_anonymous_harvest_of_a_buyer_and_its_agreements(client, buyer, published, unpublished, supplier_b):
    index = harvest(client, reverse("exchange:ocds_open_index"))
    (entry,) = index["buyers"]
    assert [a["reference"] for a in entry["agreements"]] == ["UKE-2024/0913"]

    package = harvest(client, path_of(entry["releasePackage"]))
    assert package["uri"] == entry["releasePackage"]
    assert [r["tender"]["id"] for r in package["releases"]] == ["UKE-2024/0913"]
    text = json.dumps(package, ensure_ascii=False)
    for hidden in (INTERNAL, "Excessive overtime", "SECRET-2025/1", "Not yet public", supplier_b.legal_name):
        assert hidden not in text

    one = harvest(client, path_of(entry["agreements"][0]["releasePackage"]))
    assert one["uri"] == entry["agreements"][0]["releasePackage"]
    assert one["releases"] == package["releases"]
    # The package's own address answers, with itself.
    assert harvest(client, path_of(one["uri"])) == one


def test_unpublished_and_archived_agreements_are_not_found(client, published, unpublished):
    assert client.get(reverse("exchange:ocds_open_agreement", args=[unpublished.public_id])).status_code == 404
    published.archived_at = published.created_at
    published.save()
    assert client.get(reverse("exchange:ocds_open_agreement", args=[published.public_id])).status_code == 404
    assert harvest(client, reverse("exchange:ocds_open_buyer", args=[published.buyer.public_id]))["releases"] == []
    assert client.post(reverse("exchange:ocds_open_index")).status_code == 405


def test_every_published_package_validates_against_ocds_1_1_5(client, buyer, published):
    index = harvest(client, reverse("exchange:ocds_open_index"))
    urls = [index["buyers"][0]["releasePackage"], *(a["releasePackage"] for a in index["buyers"][0]["agreements"])]
    validator = package_validator(release_schema())
    for url in urls:
        package = harvest(client, path_of(url))
        assert errors(validator, package) == [], url


def test_two_downloads_of_unchanged_data_compile_to_one_release(client, buyer, published):
    url = reverse("exchange:ocds_open_buyer", args=[buyer.public_id])
    first, second = harvest(client, url), harvest(client, url)
    assert first == second
    schema = release_schema()
    compiled = merge([first, second], schema=schema, return_versioned_release=True)
    (record,) = list(compiled)
    # One release in the history of every field: the second download invented no change.
    assert {len(versions) for versions in _versions(record)} == {1}
    # A real change gives a new release with a later date.
    published.title = "PCs and tablets"
    published.save()
    # (a second later, as an edit by a person would be: dates have whole seconds)
    later = published.updated_at + datetime.timedelta(seconds=1)
    type(published).objects.filter(pk=published.pk).update(updated_at=later)
    third = harvest(client, url)
    assert third["releases"][0]["id"] != first["releases"][0]["id"]
    assert third["releases"][0]["date"] > first["releases"][0]["date"]


def _versions(node):
    """Every list of versions in a versioned release."""
    if isinstance(node, list) and node and isinstance(node[0], dict) and "releaseID" in node[0]:
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _versions(value)
    elif isinstance(node, list):
        for value in node:
            yield from _versions(value)


def test_the_text_is_in_the_publications_language_whatever_the_downloader_reads(client, buyer, published):
    url = reverse("exchange:ocds_open_buyer", args=[buyer.public_id])
    with translation.override("en"):
        english = client.get(url, headers={"accept-language": "en"}).json()
    norwegian = client.get(url, headers={"accept-language": "nb"}).json()
    assert english == norwegian
    release = english["releases"][0]
    assert release["language"] == "nb"
    assert release["parties"][0]["address"]["countryName"] == "Norge"


def test_every_party_has_an_org_id_scheme(client, buyer, published):
    package = harvest(client, reverse("exchange:ocds_open_buyer", args=[buyer.public_id]))
    parties = {p["name"]: p for p in package["releases"][0]["parties"]}
    assert all(p["identifier"].get("scheme") for p in parties.values())
    assert {name: (p["identifier"]["scheme"], p["identifier"]["id"]) for name, p in parties.items()}.items() >= {
        "Foreign TW": ("TW-CR", "84213377"),
        "Foreign MY": ("MY-SSM", "201501029344"),
        "Foreign KR": ("KR-CR", "110111-4839201"),
        "Foreign US": ("US-DE_CR", "7731942"),
    }.items()
    assert parties["Foreign TW"]["id"] == "TW-CR-84213377"


@pytest.mark.parametrize(
    ("country", "written", "expected"),
    [
        ("NO", "GB-COH 01234567", ("GB-COH", "01234567")),
        ("GB", "01234567", ("GB-COH", "01234567")),
        ("KR", "123-45-67890", ("KR-BRN", "123-45-67890")),
        ("US", "12-3456789", ("US-EIN", "12-3456789")),
        ("US", "US-ZZ 12", (None, None)),
        ("BR", "12.345.678/0001-90", (None, None)),  # no list code kept here: the documented fallback
        ("CN", "91440300MA5F", ("CN-USCI", "91440300MA5F")),
    ],
)
def test_registry_identifiers(country, written, expected):
    assert registry_identifier(country, written) == expected


def test_an_agreement_without_awards_is_not_tagged_award(client, buyer):
    agreement = f.AgreementFactory(buyer=buyer, status="active", publish_open_data=True)
    package = harvest(client, reverse("exchange:ocds_open_agreement", args=[agreement.public_id]))
    assert package["releases"][0]["tag"] == ["tender"]
    assert "awards" not in package["releases"][0]


def test_the_officer_download_names_its_own_address(officer_client, published):
    url = reverse("exchange:ocds_agreement", args=[published.public_id])
    package = json.loads(officer_client.get(url).content)
    assert path_of(package["uri"]) == url


# --- the extension ------------------------------------------------------------------------------

# The Open Contracting extension metadata schema, as committed in tests/assets/ocds/ (from
# open-contracting/standard-maintenance-scripts, schema/extension-schema.json; see its README).
EXTENSION_SCHEMA = Path(__file__).resolve().parents[1] / "assets" / "ocds" / "extension-schema.json"


def extension_metadata_errors(metadata):
    validator = Draft4Validator(_load(EXTENSION_SCHEMA), format_checker=FormatChecker())
    found = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(metadata)]
    # jsonschema checks "format": "uri" only with rfc3987 installed; the schema wants absolute URLs.
    for url in metadata.get("documentationUrl", {}).values():
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            found.append(f"documentationUrl: {url!r} is not an absolute URL")
    return found


def test_the_served_extension_passes_the_official_extension_metadata_schema(client, settings):
    settings.DEFAULT_FROM_EMAIL = '"Oslo kommune, innkjøp" <innkjop@oslo.example>'
    metadata = harvest(client, reverse("exchange:ocds_extension"))
    assert extension_metadata_errors(metadata) == []
    assert metadata["contactPoint"] == {"name": "Oslo kommune, innkjøp", "email": "innkjop@oslo.example"}
    readme = path_of(metadata["documentationUrl"]["en"])
    assert client.get(readme).status_code == 200
    # As the maintenance scripts' test_extension_json: the codelists and schemas named are
    # exactly the files the extension has.
    assert set(metadata["codelists"]) == {p.name for p in (EXTENSION / "codelists").glob("*.csv")}
    assert set(metadata["schemas"]) == {p.name for p in EXTENSION.glob("*-schema.json")}

    settings.OCDS_CONTACT_NAME, settings.OCDS_CONTACT_EMAIL = "Open data desk", "opendata@oslo.example"
    metadata = harvest(client, reverse("exchange:ocds_extension"))
    assert metadata["contactPoint"] == {"name": "Open data desk", "email": "opendata@oslo.example"}
    assert extension_metadata_errors(metadata) == []


def test_the_official_schema_catches_what_the_extension_once_got_wrong():
    """The file as it stands in the repository (a relative documentation address, no
    contact point) and a Bokmål name ("nb" is not a key the schema allows) are refused:
    the test above would fail on the mistakes issue 15 found."""
    raw = _load(EXTENSION / "extension.json")
    found = extension_metadata_errors(raw)
    assert any("'contactPoint' is a required property" in e for e in found)
    assert any("is not an absolute URL" in e for e in found)
    with_nb = {**raw, "name": {**raw["name"], "nb": "Menneskerettighetsoppfølging"}}
    assert any(e.startswith("name:") for e in extension_metadata_errors(with_nb))


# The release schema patch, checked as open-contracting/standard-maintenance-scripts
# (tests/test_json.py, with jscc's checks) checks an extension's release-schema.json.
# Recorded exception: SelfAssessmentStatus is a nullable object. An OCDS merge keeps a value
# a later release omits, so null is the only way a later release can say that the
# supplier's self-assessment no longer applies (its round archived); the standard keeps
# the same kind of exception for Organization.details.
ALLOW_OBJECT_NULL = {"/definitions/SelfAssessmentStatus"}


def _null_type_errors(data, pointer="", should_be_nullable=True):
    """jscc's validate_null_type: optional fields are nullable (except objects and arrays
    of objects), required fields are not, objects are not."""
    found = []
    if isinstance(data, list):
        for index, item in enumerate(data):
            found += _null_type_errors(item, f"{pointer}/{index}")
        return found
    if not isinstance(data, dict):
        return found
    if "type" in data and pointer:
        types = data["type"] if isinstance(data["type"], list) else [data["type"]]
        nullable = "null" in types
        if "object" in types and nullable and pointer not in ALLOW_OBJECT_NULL:
            found.append(f"nullable object at {pointer}")
        elif should_be_nullable and not nullable and "object" not in types and "array" not in types:
            found.append(f"non-nullable optional field at {pointer}")
        elif not should_be_nullable and nullable and "object" not in types:
            found.append(f"nullable required field at {pointer}")
    required = data.get("required", [])
    for key, value in data.items():
        if key in ("properties", "definitions"):
            for name, field in value.items():
                found += _null_type_errors(
                    field, f"{pointer}/{key}/{name}", key == "properties" and name not in required
                )
        elif isinstance(value, dict | list):
            found += _null_type_errors(value, f"{pointer}/{key}", key != "items")
    return found


def test_the_extension_patch_passes_the_maintenance_scripts_checks():
    import copy
    import csv
    import re

    from ocdskit.schema import add_validation_properties

    from followup.exchange.ocds import merge_patch

    patch = _load(EXTENSION / "release-schema.json")
    # test_schema_strict: `ocdskit schema-strict` has been applied (minLength, minProperties…).
    strict = copy.deepcopy(patch)
    add_validation_properties(strict)
    assert strict == patch
    # test_json_merge_patch: the patch changes the release schema and the result is valid
    # draft 4 JSON Schema.
    core = release_schema(with_extensions=False)
    patched = merge_patch(copy.deepcopy(core), patch)
    assert patched != core
    Draft4Validator.check_schema(patched)
    assert _null_type_errors(patch) == []

    problems = []

    def in_core(pointer):
        node = core
        for part in pointer.strip("/").split("/"):
            if not isinstance(node, dict) or part not in node:
                return False
            node = node[part]
        return True

    def walk(node, pointer):
        if isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, f"{pointer}/{index}")
            return
        if not isinstance(node, dict):
            return
        parent = pointer.rsplit("/", 1)[-1]
        for name in node if parent == "properties" else ():  # validate_letter_case
            if not re.fullmatch(r"[a-z][A-Za-z]+", name):
                problems.append(f"{pointer}/{name} is not lowerCamelCase")
        for name in node if parent == "definitions" else ():
            if not re.fullmatch(r"[A-Z][A-Za-z]+", name):
                problems.append(f"{pointer}/{name} is not UpperCamelCase")
        # validate_metadata_presence, on what the patch adds (not on the core fields it extends)
        if parent not in ("properties", "definitions") and pointer.count("/") >= 2 and not in_core(pointer):
            if "$ref" not in node and not (node.get("title") and node.get("description")):
                problems.append(f"{pointer} has no title or description")
            if not {"type", "$ref", "oneOf"} & set(node):
                problems.append(f"{pointer} has no type")
        if "codelist" in node:  # validate_codelist_enum and the codelist files
            path = EXTENSION / "codelists" / node["codelist"]
            with path.open(encoding="utf-8") as f:
                codes = [row["Code"] for row in csv.DictReader(f)]
            if node.get("openCodelist") is not False:
                problems.append(f"{pointer}: our codelists are closed")
            expected = codes + ([None] if "null" in node["type"] else [])
            if node.get("enum") != expected:
                problems.append(f"{pointer}: enum {node.get('enum')} is not the codes of {path.name} {expected}")
        for key, value in node.items():
            walk(value, f"{pointer}/{key}")

    walk(patch, "")
    assert problems == []
    # validate_schema_codelists_match: every codelist file is used by the schema and named
    # in extension.json, and the other way round.
    used = set(re.findall(r'"codelist": "([^"]+)"', json.dumps(patch)))
    assert used == set(_load(EXTENSION / "extension.json")["codelists"])
    assert used == {p.name for p in (EXTENSION / "codelists").glob("*.csv")}


def test_every_field_of_the_extension_has_a_title_and_a_description():
    schema = _load(EXTENSION / "release-schema.json")
    missing = []

    def walk(node, where):
        for name, field in node.get("properties", {}).items():
            if not field.get("description") or not field.get("title"):
                missing.append(f"{where}.{name}")
            walk(field, f"{where}.{name}")

    for name, definition in schema["definitions"].items():
        walk(definition, name)
    assert missing == []


def test_the_api_serves_the_same_packages_to_any_token(client, officer, buyer, published, unpublished):
    from oslo_procurement.api.models import ApiToken
    from tests.api.conftest import make_key

    key = make_key(officer, scope=ApiToken.Scope.OPEN_DATA)
    api = reverse("api:ocds-buyer", args=[buyer.public_id])
    assert client.get(api).status_code == 401
    through_api = client.get(api, headers={"authorization": f"Token {key}"})
    assert through_api.status_code == 200
    assert through_api.json() == harvest(client, reverse("exchange:ocds_open_buyer", args=[buyer.public_id]))
    one = reverse("api:ocds-agreement", args=[unpublished.public_id])
    assert client.get(one, headers={"authorization": f"Token {key}"}).status_code == 404


def test_the_open_data_addresses_do_not_query_more_with_more_agreements(client, buyer, published, supplier_b):
    def queries():
        counts = []
        for name, args in (
            ("exchange:ocds_open_index", []),
            ("exchange:ocds_open_buyer", [buyer.public_id]),
        ):
            with CaptureQueriesContext(connection) as captured:
                harvest(client, reverse(name, args=args))
            counts.append(len(captured))
        return counts

    one = queries()
    for n in range(3):
        more = f.AgreementFactory(buyer=buyer, reference=f"MORE-{n}", status="active", publish_open_data=True)
        f.AwardFactory(agreement=more, supplier=f.SupplierFactory())
        f.AwardFactory(agreement=more, supplier=supplier_b)
    assert queries() == one


def test_the_agreement_page_tells_the_officer_whether_and_where_it_is_published(officer_client, published, unpublished):
    page = officer_client.get(published.get_absolute_url()).content.decode()
    assert reverse("exchange:ocds_open_agreement", args=[published.public_id]) in page
    other = officer_client.get(unpublished.get_absolute_url()).content.decode()
    assert "Not published as open data." in other
    assert reverse("exchange:ocds_open_agreement", args=[unpublished.public_id]) not in other


def test_the_officer_publishes_an_agreement_from_its_form(officer_client, client, unpublished):
    from tests.contracts.test_agreements import VALID

    url = reverse("exchange:ocds_open_agreement", args=[unpublished.public_id])
    assert client.get(url).status_code == 404
    form = officer_client.get(reverse("contracts:edit", args=[unpublished.public_id])).content.decode()
    assert 'name="publish_open_data"' in form
    data = {**VALID, "reference": unpublished.reference, "publish_open_data": "on"}
    assert officer_client.post(reverse("contracts:edit", args=[unpublished.public_id]), data).status_code == 302
    client.logout()
    assert client.get(url).status_code == 200
