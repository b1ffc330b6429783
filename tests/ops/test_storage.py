"""Uploaded files go through STORAGES["default"] only, never a local path, so several app
servers can share them. Every path a file takes (evidence from the portal, a CMRT
workbook, a rendered PDF, its email delivery, the backup) runs here on three backends:
the folder of the demo, Django's in-memory storage (no disk at all: a local path would
raise), and an S3 bucket (moto, in-process, offline), whose objects must stay private."""

import hashlib
import io
from pathlib import Path

import boto3
import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto import mock_aws
from pypdf import PdfReader

from followup.models import ReportDelivery, ReportRecipient, ReportRun, ReportSubscription
from followup.reports import services as report_services
from oslo_procurement.ops.backup import backup_create, storage_files
from suppliers.models import CmrtReport, Evidence, SmelterReference
from tests.notifications.helpers import eager
from tests.suppliers import cmrt_workbooks as w

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BUCKET = "oslo-test-uploads"
S3_OPTIONS = {
    "bucket_name": BUCKET,
    "region_name": "us-east-1",
    "access_key": "test-access-key",
    "secret_key": "test-secret-key",
    "location": "prod",
    "signature_version": "s3v4",
    "default_acl": "private",
    "file_overwrite": False,
    "querystring_auth": True,
}
PUBLIC_GROUPS = (
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
)


@pytest.fixture(autouse=True)
def _buyer_follows_supplier_a(request):
    """The officers' buyer has an award with supplier A, so they read its files (the reading rule)."""
    if "officer_client" in request.fixturenames or "officer" in request.fixturenames:
        from tests import factories as f

        f.relate(request.getfixturevalue("buyer"), request.getfixturevalue("supplier_a"))


@pytest.fixture(params=["filesystem", "memory", "s3"])
def backend(request, settings):
    default = {
        "filesystem": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "memory": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "s3": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": S3_OPTIONS},
    }[request.param]
    if request.param == "s3":
        with mock_aws():
            boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=BUCKET)
            settings.STORAGES = {**settings.STORAGES, "default": default}
            yield request.param
    else:
        settings.STORAGES = {**settings.STORAGES, "default": default}
        yield request.param


def on_disk(settings):
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def read(response):
    return b"".join(response.streaming_content)


def assert_kept_where_it_belongs(backend, settings, names):
    if backend == "filesystem":
        assert len(on_disk(settings)) == len(names)
        return
    assert on_disk(settings) == []  # nothing written to a local folder
    if backend == "s3":
        s3 = boto3.client("s3", region_name="us-east-1")
        keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET)["Contents"])
        assert keys == sorted(f"prod/{name}" for name in names)
        for key in keys:
            grants = s3.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
            assert not [g for g in grants if g["Grantee"].get("URI") in PUBLIC_GROUPS], key


def test_evidence_from_the_portal_is_stored_and_served_only_through_the_views(
    backend, settings, supplier_a, supplier_a_user, officer, client
):
    client.force_login(supplier_a_user)
    response = client.post(
        reverse("portal:evidence_create"),
        {
            "kind": "tco",
            "title": "TCO Certified",
            "issuer": "TCO Development",
            "valid_from": "2025-01-01",
            "valid_to": "2027-12-31",
            "url": "",
            "upload": SimpleUploadedFile("certificate.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(supplier=supplier_a)
    assert default_storage.exists(evidence.file_path)
    assert_kept_where_it_belongs(backend, settings, [evidence.file_path])

    portal = client.get(reverse("portal:evidence_download", args=[evidence.public_id]))
    assert portal.status_code == 200 and read(portal) == PDF
    assert portal["Content-Disposition"].startswith("attachment")
    client.force_login(officer)
    staff = client.get(reverse("suppliers:evidence_download", args=[evidence.public_id]))
    assert staff.status_code == 200 and read(staff) == PDF


def test_a_cmrt_workbook_is_stored_with_its_report(backend, settings, officer_client, supplier_a):
    SmelterReference.objects.bulk_create(w.reference_rows())
    workbook = w.build_cmrt()
    response = officer_client.post(
        reverse("cmrt:upload", args=[supplier_a.public_id]), {"file": SimpleUploadedFile("cmrt.xlsx", workbook)}
    )
    assert response.status_code == 302
    evidence = CmrtReport.objects.get().evidence
    assert_kept_where_it_belongs(backend, settings, [evidence.file_path])
    download = officer_client.get(reverse("suppliers:evidence_download", args=[evidence.public_id]))
    assert read(download) == workbook


def test_a_refused_cmrt_leaves_no_file_in_any_backend(backend, settings, officer_client, supplier_a):
    response = officer_client.post(
        reverse("cmrt:upload", args=[supplier_a.public_id]),
        {"file": SimpleUploadedFile("cmrt.xlsx", w.build_cmrt(omit_sheets=("Declaration",)))},
    )
    assert response.status_code == 400
    assert storage_files(default_storage) == []


def test_a_rendered_pdf_is_stored_downloaded_and_emailed_from_the_storage(
    backend, settings, buyer, manager, manager_client, django_capture_on_commit_callbacks
):
    with eager(True), django_capture_on_commit_callbacks(execute=True):
        run = report_services.report_request(buyer=buyer, kind="buyer", language="en", actor=manager)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE, run.error
    assert_kept_where_it_belongs(backend, settings, [run.file_path])

    download = manager_client.get(reverse("reports:run_download", args=[run.public_id]))
    content = read(download)
    assert len(PdfReader(io.BytesIO(content)).pages) == run.pages

    subscription = ReportSubscription.objects.create(buyer=buyer, kind="buyer", language="en", schedule="monthly")
    ReportRecipient.objects.create(subscription=subscription, name="Leader", email="leader@oslo.example")
    delivery = ReportDelivery.objects.create(
        subscription=subscription,
        run=run,
        period_key="2026-11",
        recipient_name="Leader",
        recipient_email="leader@oslo.example",
        language="en",
        status="pending",
    )
    assert report_services.delivery_send(delivery_id=delivery.pk) == "sent"
    [message] = mail.outbox
    assert [attachment[1] for attachment in message.attachments] == [content]


def test_the_backup_reads_every_stored_file_from_the_backend(backend, settings, tmp_path, db):
    names = [default_storage.save(f"private/evidence/{i}.pdf", io.BytesIO(PDF + bytes([i]))) for i in range(3)]
    _, manifest = backup_create(tmp_path / "backup.tar.gz")
    assert [(f["name"], f["sha256"]) for f in manifest["files"]] == [
        (name, hashlib.sha256(PDF + bytes([i])).hexdigest()) for i, name in enumerate(names)
    ]
