"""Issue 14: the one rule for who reads a supplier's files and answers (suppliers.access).

A buyer's staff read a supplier's evidence and CMRT reports only with a relation to the
supplier (an award, a reporting round, a market-dialogue invitation, a finding raised with
it, a corrective action) or what the supplier shared with the buyer; the supplier page, the
download, the CMRT pages, the timeline and the API agree."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from followup.models import CorrectiveAction, EventInvitation, Finding, FindingSupplier, MarketEvent, SupplierShare
from suppliers.models import Evidence
from suppliers.services import evidence_save

from . import factories as f
from .followup.factories import AssessmentFactory, RoundFactory
from .suppliers.cmrt_workbooks import make_cmrt_report


def _evidence(supplier, title="Code of conduct 2026"):
    evidence = Evidence(supplier=supplier, kind="policy", title=title, valid_to="2099-01-01")
    return evidence_save(evidence=evidence, actor=None, upload=SimpleUploadedFile("c.pdf", b"%PDF-1.4 test"))


def _award(buyer, supplier):
    f.relate(buyer, supplier)


def _round(buyer, supplier):
    AssessmentFactory(round=RoundFactory(agreement=f.AgreementFactory(buyer=buyer)), supplier=supplier)


def _invitation(buyer, supplier):
    event = MarketEvent.objects.create(
        buyer=buyer, kind="dialogue_conference", topic="ICT criteria", event_date=datetime.date(2026, 3, 1)
    )
    EventInvitation.objects.create(event=event, supplier=supplier)


def _finding(buyer, supplier, *, raised=True):
    finding = Finding.objects.create(
        buyer=buyer,
        title="Overtime",
        summary="x",
        source_kind="ngo_report",
        source_title="Report",
        issue_type="overtime",
        severity=3,
        likelihood=3,
    )
    FindingSupplier.objects.create(finding=finding, supplier=supplier, raised_at=timezone.now() if raised else None)


def _action(buyer, supplier):
    CorrectiveAction.objects.create(
        buyer=buyer, supplier=supplier, title="Cap overtime", severity=3, deadline=datetime.date(2027, 1, 1)
    )


def _reads(client, supplier, evidence, report):
    page = client.get(supplier.get_absolute_url()).content.decode()
    download = client.get(reverse("suppliers:evidence_download", args=[evidence.public_id])).status_code
    cmrt = client.get(reverse("cmrt:report_detail", args=[report.public_id])).status_code
    listed = evidence.title in page
    return listed, download, cmrt


@pytest.fixture
def files(supplier_a):
    return _evidence(supplier_a), make_cmrt_report(supplier_a)


def test_without_a_relation_a_buyer_reads_none_of_the_suppliers_files(officer_client, supplier_a, files):
    evidence, report = files
    assert _reads(officer_client, supplier_a, evidence, report) == (False, 404, 404)
    page = officer_client.get(supplier_a.get_absolute_url()).content.decode()
    assert "only what the supplier has shared with you is shown" in page
    # Nor may it upload a CMRT in the supplier's name.
    assert officer_client.get(reverse("cmrt:upload", args=[supplier_a.public_id])).status_code == 404
    reports = officer_client.get(reverse("cmrt:supplier_reports", args=[supplier_a.public_id])).content.decode()
    assert "No CMRT has been uploaded yet." in reports and "Upload a CMRT" not in reports


@pytest.mark.parametrize("relate", [_award, _round, _invitation, _finding, _action])
def test_each_relation_opens_the_suppliers_files(officer_client, buyer, supplier_a, files, relate):
    evidence, report = files
    relate(buyer, supplier_a)
    assert _reads(officer_client, supplier_a, evidence, report) == (True, 200, 200)


def test_a_finding_only_noted_internally_is_no_relation(officer_client, buyer, supplier_a, files):
    evidence, report = files
    _finding(buyer, supplier_a, raised=False)
    assert _reads(officer_client, supplier_a, evidence, report) == (False, 404, 404)


def test_another_buyers_relation_gives_this_buyer_nothing(officer_client, other_buyer, supplier_a, files):
    evidence, report = files
    _award(other_buyer, supplier_a)
    _round(other_buyer, supplier_a)
    assert _reads(officer_client, supplier_a, evidence, report) == (False, 404, 404)


def test_what_the_supplier_shared_is_readable_and_marked_until_withdrawn(officer_client, buyer, supplier_a, files):
    evidence, report = files
    other = _evidence(supplier_a, title="Not shared")
    share = SupplierShare.objects.create(
        supplier=supplier_a, buyer=buyer, kind="evidence", evidence=evidence, shared_at=timezone.now()
    )
    SupplierShare.objects.create(
        supplier=supplier_a, buyer=buyer, kind="cmrt", cmrt_report=report, shared_at=timezone.now()
    )
    page = officer_client.get(supplier_a.get_absolute_url()).content.decode()
    assert evidence.title in page and "Shared with you" in page and other.title not in page
    assert officer_client.get(reverse("suppliers:evidence_download", args=[evidence.public_id])).status_code == 200
    assert officer_client.get(reverse("suppliers:evidence_download", args=[other.public_id])).status_code == 404
    detail = officer_client.get(reverse("cmrt:report_detail", args=[report.public_id]))
    assert detail.status_code == 200 and "Shared with you" in detail.content.decode()
    # The CMRT's own file comes with the shared report.
    assert (
        officer_client.get(reverse("suppliers:evidence_download", args=[report.evidence.public_id])).status_code == 200
    )

    share.withdrawn_at = timezone.now()
    share.save()
    assert officer_client.get(reverse("suppliers:evidence_download", args=[evidence.public_id])).status_code == 404


def test_the_api_follows_the_same_rule(client, buyer, officer, supplier_a, supplier_b, files):
    from oslo_procurement.api.services import token_create

    evidence, _report = files
    _award(buyer, supplier_b)
    b_evidence = _evidence(supplier_b, title="B policy")
    key = token_create(user=officer, name="rule")[1]
    listed = client.get(reverse("api:evidence-list"), HTTP_AUTHORIZATION=f"Bearer {key}").json()
    ids = {item["id"] for item in listed["results"]}
    assert ids == {str(b_evidence.public_id)}
    SupplierShare.objects.create(
        supplier=supplier_a, buyer=buyer, kind="evidence", evidence=evidence, shared_at=timezone.now()
    )
    listed = client.get(reverse("api:evidence-list"), HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert {item["id"] for item in listed["results"]} == {str(b_evidence.public_id), str(evidence.public_id)}


def _page_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_supplier_page_stays_flat_with_many_buyers(officer_client, buyer, supplier_a, files):
    evidence, report = files
    _award(buyer, supplier_a)
    url = supplier_a.get_absolute_url()
    _page_queries(officer_client, url)
    few = _page_queries(officer_client, url)
    for n in range(30):
        other = f.BuyerFactory(name=f"Kommune {n}")
        _award(other, supplier_a)
        _round(other, supplier_a)
        SupplierShare.objects.create(
            supplier=supplier_a, buyer=other, kind="evidence", evidence=evidence, shared_at=timezone.now()
        )
    assert _page_queries(officer_client, url) == few


def test_the_api_lists_a_shared_self_assessment_without_the_other_buyers_review(
    client, buyer, other_buyer, other_officer, supplier_a
):
    from oslo_procurement.api.services import token_create
    from tests.followup_sharing.worlds import answered_world

    world = answered_world(buyer, other_buyer, supplier_a)
    key = token_create(user=other_officer, name="rule")[1]
    url = reverse("api:assessment-detail", args=[world["source"].public_id])
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 404
    SupplierShare.objects.create(
        supplier=supplier_a, buyer=other_buyer, kind="assessment", assessment=world["source"], shared_at=timezone.now()
    )
    data = client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert data["status"] == "accepted"
    assert data["verdict"] == "" and data["verdict_comment"] == "" and data["internal_note"] is None
    assert "SECRET" not in str(data)


def test_the_api_filter_on_the_verdict_does_not_tell_another_buyers_verdict(
    client, buyer, other_buyer, other_officer, supplier_a
):
    """The verdict of a shared self-assessment is blank for the buyer it was shared with, so
    ``?verdict=`` must not find it either: otherwise filtering by each verdict in turn
    tells which verdict buyer A gave ("partly" in the world)."""
    from oslo_procurement.api.services import token_create
    from tests.followup_sharing.worlds import answered_world

    world = answered_world(buyer, other_buyer, supplier_a)
    SupplierShare.objects.create(
        supplier=supplier_a, buyer=other_buyer, kind="assessment", assessment=world["source"], shared_at=timezone.now()
    )
    key = token_create(user=other_officer, name="rule")[1]
    source = str(world["source"].public_id)

    def listed(**params):
        response = client.get(reverse("api:assessment-list"), params, HTTP_AUTHORIZATION=f"Bearer {key}")
        assert response.status_code == 200
        return [row["id"] for row in response.json()["results"]]

    assert source in listed()  # shared with Bergen: listed, its review blank
    assert source not in listed(verdict="partly")
    assert listed(verdict="partly") == listed(verdict="compliant") == []
