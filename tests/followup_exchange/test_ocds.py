"""The OCDS export validates against the official OCDS 1.1 release-package and release
schemas (tests/assets/ocds/, see its README), with the Techniques extension and our
"Human rights follow-up" extension applied as JSON Merge Patches."""

import json
from pathlib import Path

import pytest
from django.urls import reverse
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from followup.exchange import services
from followup.exchange.ocds import agreements_for_ocds, merge_patch, ocds_release_package
from followup.models import ExchangeExport
from oslo_procurement.audit.models import AuditEvent
from tests import factories as f

from . import worlds

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "ocds"
EXTENSION = Path(__file__).resolve().parents[2] / "followup" / "exchange" / "ocds_extension"
RELEASE_URL = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"


def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def release_schema(*, with_extensions=True):
    schema = _load(ASSETS / "release-schema.json")
    if with_extensions:
        schema = merge_patch(schema, _load(ASSETS / "techniques-release-schema-patch.json"))
        schema = merge_patch(schema, _load(EXTENSION / "release-schema.json"))
    return schema


def package_validator(release):
    package = _load(ASSETS / "release-package-schema.json")
    registry = Registry().with_resource(RELEASE_URL, Resource.from_contents(release, default_specification=DRAFT4))
    return Draft4Validator(package, registry=registry)


def errors(validator, instance):
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(instance)]


@pytest.fixture
def agreement(buyer, supplier_a, supplier_b):
    agreement = f.AgreementFactory(
        buyer=buyer,
        reference="UKE-2024/0913",
        title="PCs, thin clients, monitors and tablets",
        status="active",
        value="320000000.00",
        latest_end_date="2029-12-31",
    )
    lot = f.LotFactory(agreement=agreement, number=1, title="PCs and laptops")
    award = f.AwardFactory(agreement=agreement, supplier=supplier_a)
    award.lots.set([lot])
    f.AwardFactory(agreement=agreement, supplier=supplier_b, kind="subcontractor").lots.set([lot])
    return agreement


@pytest.fixture
def package(buyer, agreement, supplier_a, settings):
    settings.OCDS_OCID_PREFIX = "ocds-abc123"
    worlds.finding(buyer, supplier_a)  # high, open
    worlds.finding(buyer, supplier_a, title="Closed one", status="closed")
    worlds.action(buyer, supplier_a)  # in progress, overdue, written warning in force
    return ocds_release_package(agreements_for_ocds(buyer), buyer=buyer)


def test_the_committed_schemas_are_the_official_1_1_ones():
    assert _load(ASSETS / "release-schema.json")["id"] == RELEASE_URL
    assert _load(ASSETS / "release-package-schema.json")["id"].endswith("/1__1__5/release-package-schema.json")
    Draft4Validator.check_schema(release_schema())


def test_the_package_validates_against_ocds_1_1_with_the_extensions(package):
    assert errors(package_validator(release_schema()), package) == []
    release_validator = Draft4Validator(release_schema())
    for release in package["releases"]:
        assert errors(release_validator, release) == []
    # And against the core schema alone: the extension fields are additions, not changes.
    assert errors(package_validator(release_schema(with_extensions=False)), package) == []


def test_the_extension_patch_is_applied_in_the_validation(package):
    broken = json.loads(json.dumps(package))
    broken["releases"][0]["awards"][0]["followUp"]["openFindings"]["total"] = "many"
    broken["releases"][0]["awards"][0]["followUp"]["sanctionsRung"] = "public shaming"
    messages = errors(Draft4Validator(release_schema()), broken["releases"][0])
    assert any("followUp" in m and "'many' is not of type 'integer'" in m for m in messages)
    assert any("'public shaming' is not one of" in m for m in messages)


def test_release_content(package, buyer, agreement, supplier_a, supplier_b):
    assert package["version"] == "1.1"
    assert package["publisher"] == {"name": buyer.name, "scheme": "NO-BRC", "uid": buyer.org_number}
    assert package["extensions"][1].endswith("/exchange/ocds/extension.json")
    (release,) = package["releases"]
    assert release["ocid"] == f"ocds-abc123-{agreement.public_id}"
    assert release["tag"] == ["award", "contract"]
    assert release["tender"]["id"] == "UKE-2024/0913"
    assert release["tender"]["techniques"]["hasFrameworkAgreement"] is True
    assert release["tender"]["techniques"]["frameworkAgreement"]["period"]["maxExtentDate"].startswith("2029-12-31")
    assert release["tender"]["value"] == {"amount": 320000000.0, "currency": "NOK"}
    parties = {p["id"]: p for p in release["parties"]}
    assert parties[f"NO-BRC-{buyer.org_number}"]["roles"] == ["buyer", "procuringEntity"]
    supplier_party = parties[f"NO-BRC-{supplier_a.org_number}"]
    assert supplier_party["identifier"] == {
        "scheme": "NO-BRC",
        "id": supplier_a.org_number,
        "legalName": supplier_a.legal_name,
    }
    assert supplier_party["roles"] == ["supplier"]
    awards = {a["suppliers"][0]["name"]: a for a in release["awards"]}
    assert set(awards) == {supplier_a.legal_name, supplier_b.legal_name}
    assert {c["awardID"] for c in release["contracts"]} == {a["id"] for a in release["awards"]}
    follow_up = awards[supplier_a.legal_name]["followUp"]
    assert follow_up["openFindings"] == {"low": 0, "medium": 0, "high": 1, "critical": 0, "total": 1}
    assert follow_up["correctiveActions"]["inProgress"] == 1 and follow_up["correctiveActions"]["overdue"] == 1
    assert follow_up["sanctionsRung"] == "writtenWarning"
    assert follow_up["selfAssessment"] is None
    assert awards[supplier_b.legal_name]["followUp"]["sanctionsRung"] == "none"


def test_self_assessment_status_is_the_latest_in_the_agreement(buyer, agreement, supplier_a):
    from tests.followup.factories import AssessmentFactory, RoundFactory

    round_ = RoundFactory(agreement=agreement, title="Egenvurdering 2026")
    AssessmentFactory(round=round_, supplier=supplier_a, status="returned")
    package = ocds_release_package(agreements_for_ocds(buyer), buyer=buyer)
    award = next(a for a in package["releases"][0]["awards"] if a["suppliers"][0]["name"] == supplier_a.legal_name)
    assert award["followUp"]["selfAssessment"]["status"] == "returned"
    assert award["followUp"]["selfAssessment"]["round"] == "Egenvurdering 2026"
    assert errors(package_validator(release_schema()), package) == []


def test_a_foreign_supplier_and_a_planned_agreement_still_validate(buyer):
    foreign = f.SupplierFactory(
        legal_name="Tamsui Precision", org_number=None, foreign_registry_id="TW-1", country="TW"
    )
    planned = f.AgreementFactory(buyer=buyer, status="planned", value=None)
    f.AwardFactory(agreement=planned, supplier=foreign)
    package = ocds_release_package(agreements_for_ocds(buyer), buyer=buyer)
    assert errors(package_validator(release_schema()), package) == []
    release = package["releases"][0]
    assert release["tag"] == ["tender"]
    assert release["parties"][1]["identifier"] == {"scheme": "TW-CR", "id": "TW-1", "legalName": "Tamsui Precision"}


def test_only_the_buyers_own_agreements_are_exported(buyer, other_buyer, agreement):
    f.AgreementFactory(buyer=other_buyer, reference="BERGEN-1")
    package = ocds_release_package(agreements_for_ocds(buyer), buyer=buyer)
    assert [r["tender"]["id"] for r in package["releases"]] == ["UKE-2024/0913"]


def test_the_query_count_does_not_grow_with_agreements(buyer, agreement, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        ocds_release_package(agreements_for_ocds(buyer), buyer=buyer)
    for n in range(5):
        other = f.AgreementFactory(buyer=buyer, reference=f"X-{n}")
        f.AwardFactory(agreement=other, supplier=f.SupplierFactory()).lots.set([f.LotFactory(agreement=other)])
    with django_assert_max_num_queries(12):
        ocds_release_package(agreements_for_ocds(buyer), buyer=buyer)


def test_the_ocds_download_is_recorded(client, manager, agreement):
    client.force_login(manager)
    response = client.get(reverse("exchange:ocds_export"))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    assert json.loads(response.content)["releases"][0]["tender"]["id"] == "UKE-2024/0913"
    event = AuditEvent.objects.get(event_type="exchange_export")
    assert event.actor == manager and event.details["format"] == "ocds" and event.details["releases"] == 1
    assert ExchangeExport.objects.get().format == "ocds"


def test_the_agreement_page_links_to_its_ocds_release(client, officer, other_officer, agreement):
    client.force_login(officer)
    page = client.get(agreement.get_absolute_url()).content.decode()
    url = reverse("exchange:ocds_agreement", args=[agreement.public_id])
    assert url in page
    response = client.get(url)
    assert [r["tender"]["id"] for r in json.loads(response.content)["releases"]] == ["UKE-2024/0913"]
    client.force_login(other_officer)
    assert client.get(url).status_code == 404


def test_services_export_ocds_limits_to_given_agreements(buyer, officer, agreement):
    f.AgreementFactory(buyer=buyer, reference="OTHER")
    _export, content, _name = services.export_ocds(buyer=buyer, actor=officer, agreements=[agreement])
    assert [r["tender"]["id"] for r in json.loads(content)["releases"]] == ["UKE-2024/0913"]


def test_the_extension_files_are_public(client):
    extension = client.get(reverse("exchange:ocds_extension"))
    assert extension.status_code == 200
    metadata = extension.json()
    assert metadata["compatibility"] == ["1.1"] and metadata["schemas"] == ["release-schema.json"]
    for name in metadata["codelists"]:
        response = client.get(f"/exchange/ocds/codelists/{name}")
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"Code,Title,Description")
    patch = json.loads(b"".join(client.get(reverse("exchange:ocds_extension_schema")).streaming_content))
    assert patch == _load(EXTENSION / "release-schema.json")
    assert client.get(reverse("exchange:ocds_extension_readme")).status_code == 200
