"""Every file that leaves the system through a download is in the audit log: who, what, when."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from oslo_procurement.audit.models import AuditEvent
from suppliers.models import Evidence
from suppliers.services import evidence_save
from tests import factories as f
from tests.followup_reports.worked import done_run


def _evidence(supplier):
    evidence = Evidence(supplier=supplier, kind="tco", title="TCO certificate", valid_to="2099-01-01")
    return evidence_save(evidence=evidence, actor=None, upload=SimpleUploadedFile("tco.pdf", b"%PDF-1.4 test"))


def test_an_officer_downloading_evidence_is_logged(officer_client, officer, buyer, supplier_a):
    f.relate(buyer, supplier_a)  # the buyer's award lets its officers read the evidence
    evidence = _evidence(supplier_a)
    response = officer_client.get(reverse("suppliers:evidence_download", args=[evidence.public_id]))
    assert response.status_code == 200
    event = AuditEvent.objects.get(event_type="export")
    assert event.actor == officer
    assert event.target_type == "suppliers.evidence" and event.target_id == str(evidence.public_id)
    assert event.details["what"] == "evidence_file" and event.details["file_name"] == evidence.file_name
    assert event.details["supplier"] == str(supplier_a)


def test_a_supplier_user_downloading_their_evidence_is_logged(supplier_a_client, supplier_a_user, supplier_a):
    evidence = _evidence(supplier_a)
    assert supplier_a_client.get(reverse("portal:evidence_download", args=[evidence.public_id])).status_code == 200
    event = AuditEvent.objects.get(event_type="export")
    assert event.actor == supplier_a_user and event.details["what"] == "evidence_file"


def test_a_refused_download_is_not_logged_as_an_export(client, supplier_b_user, supplier_a):
    evidence = _evidence(supplier_a)
    client.force_login(supplier_b_user)
    assert client.get(reverse("portal:evidence_download", args=[evidence.public_id])).status_code == 404
    assert not AuditEvent.objects.filter(event_type="export").exists()


def test_a_report_pdf_download_is_logged(manager_client, manager, buyer):
    run = done_run(buyer)
    response = manager_client.get(reverse("reports:run_download", args=[run.public_id]))
    assert response.status_code == 200
    event = AuditEvent.objects.get(event_type="export")
    assert event.actor == manager and event.target_id == str(run.public_id)
    assert event.details["what"] == "report_pdf" and event.details["kind"] == "buyer"
    assert event.ip_address == "127.0.0.1"
