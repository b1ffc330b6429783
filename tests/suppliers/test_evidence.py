import datetime
import pathlib

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from suppliers.models import Contact, Evidence, Site
from tests import factories as f

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _stored_files():
    root = pathlib.Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _post_evidence(client, **overrides):
    data = {
        "kind": "tco",
        "title": "TCO Certified Generation 10",
        "issuer": "TCO Development",
        "valid_from": "2025-01-01",
        "valid_to": "2027-12-31",
        "url": "",
        "upload": SimpleUploadedFile("certificate.pdf", PDF, content_type="application/pdf"),
    }
    data.update(overrides)
    return client.post(reverse("portal:evidence_create"), data)


def test_supplier_adds_evidence_with_a_file_and_downloads_it(supplier_a_client, supplier_a, supplier_a_user):
    response = _post_evidence(supplier_a_client)
    assert response.status_code == 302
    evidence = Evidence.objects.get(supplier=supplier_a)
    assert evidence.file_name == "certificate.pdf" and evidence.size == len(PDF)
    assert evidence.history.get().history_user == supplier_a_user
    # Stored outside every URL, under a random name.
    assert not evidence.file_path.endswith("certificate.pdf")
    assert str(settings.MEDIA_ROOT) not in str(settings.STATIC_ROOT)

    download = supplier_a_client.get(reverse("portal:evidence_download", args=[evidence.public_id]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == "application/pdf"


def test_evidence_list_flags_expired_and_expiring(supplier_a_client, supplier_a):
    f.EvidenceFactory(
        supplier=supplier_a,
        title="Old SMETA audit",
        kind="smeta",
        valid_from=datetime.date(2023, 5, 1),
        valid_to=datetime.date(2024, 5, 1),
    )
    f.EvidenceFactory(
        supplier=supplier_a, title="RBA membership 2026", kind="rba_membership", valid_to=datetime.date(2026, 12, 31)
    )
    f.EvidenceFactory(supplier=supplier_a, title="ISO 14001", kind="iso", valid_to=datetime.date(2029, 1, 1))
    with time_machine.travel(datetime.date(2026, 11, 24)):
        page = supplier_a_client.get(reverse("portal:evidence_list")).content.decode()
    old, rba, iso = page.index("Old SMETA audit"), page.index("RBA membership 2026"), page.index("ISO 14001")
    assert "Expired" in page[old : old + 600]
    assert "Expires soon" in page[rba : rba + 600]
    assert "Valid" in page[iso : iso + 600]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"MZ\x90\x00 this is an exe", "its content is not"),
        ("notes.txt", b"just text", "not accepted"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_bad_files_are_refused_at_the_field_and_nothing_is_kept(supplier_a_client, supplier_a, name, content, message):
    response = _post_evidence(supplier_a_client, upload=SimpleUploadedFile(name, content))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Evidence.objects.exists()
    assert _stored_files() == []


def test_path_traversal_names_are_neutralised(supplier_a_client):
    _post_evidence(supplier_a_client, upload=SimpleUploadedFile("../../etc/passwd.pdf", PDF))
    evidence = Evidence.objects.get()
    assert evidence.file_name == "passwd.pdf"
    assert all(str(p).startswith(str(settings.MEDIA_ROOT)) for p in _stored_files())


def test_a_database_failure_leaves_no_stored_file(supplier_a_client, monkeypatch):
    import suppliers.services

    def boom(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(suppliers.services, "save_record", boom)
    with pytest.raises(RuntimeError):
        _post_evidence(supplier_a_client)
    assert _stored_files() == []
    assert not Evidence.objects.exists()


def test_evidence_needs_a_file_or_a_web_address(supplier_a_client):
    response = _post_evidence(supplier_a_client, upload="")
    assert response.status_code == 400
    assert "Upload a file or give a web address" in response.content.decode()


def test_validity_end_before_start_is_refused(supplier_a_client):
    response = _post_evidence(supplier_a_client, valid_from="2026-01-01", valid_to="2025-01-01")
    assert response.status_code == 400
    assert "cannot be before its start" in response.content.decode()


def test_supplier_b_reaches_none_of_supplier_a_evidence(client, supplier_a, supplier_b_user):
    evidence = f.EvidenceFactory(supplier=supplier_a)
    client.force_login(supplier_b_user)
    for name in ["portal:evidence_download", "portal:evidence_edit", "portal:evidence_archive"]:
        assert client.get(reverse(name, args=[evidence.public_id])).status_code == 404, name
        assert client.post(reverse(name, args=[evidence.public_id])).status_code == 404, name
    assert evidence.title not in client.get(reverse("portal:evidence_list")).content.decode()


def test_staff_see_and_download_the_suppliers_evidence(supplier_a_user, manager, supplier_a, buyer):
    f.relate(buyer, supplier_a)
    supplier_client, manager_client = Client(), Client()
    supplier_client.force_login(supplier_a_user)
    manager_client.force_login(manager)
    _post_evidence(supplier_client)
    evidence = Evidence.objects.get()
    page = manager_client.get(supplier_a.get_absolute_url()).content.decode()
    assert "TCO Certified Generation 10" in page
    response = manager_client.get(reverse("suppliers:evidence_download", args=[evidence.public_id]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")


def test_supplier_keeps_contacts_and_discloses_factories(supplier_a_client, supplier_a, supplier_a_user):
    data = {"name": "Per Hansen", "title": "CSR", "email": "per@alpha.example", "phone": "", "language": "nb"}
    assert supplier_a_client.post(reverse("portal:contact_create"), data).status_code == 302
    contact = Contact.objects.get(email="per@alpha.example")
    assert contact.supplier == supplier_a and contact.history.get().history_user == supplier_a_user

    data = {
        "name": "Bac Ninh Plant",
        "address": "Que Vo Industrial Park",
        "city": "Bac Ninh",
        "country": "VN",
        "stage": "final_assembly",
        "products": "tablets",
        "product_categories": ["tablets"],
        "workers": "",
        "disclosed_on": "2026-11-01",
    }
    assert supplier_a_client.post(reverse("portal:site_create"), data).status_code == 302
    site = Site.objects.get(name="Bac Ninh Plant")
    assert site.supplier == supplier_a
    assert "Bac Ninh Plant" in supplier_a_client.get(reverse("portal:home")).content.decode()


def test_supplier_cannot_edit_another_suppliers_contact_or_site(client, supplier_a, supplier_b_user):
    contact = f.ContactFactory(supplier=supplier_a)
    site = f.SiteFactory(supplier=supplier_a)
    client.force_login(supplier_b_user)
    assert client.post(reverse("portal:contact_edit", args=[contact.public_id]), {"name": "x"}).status_code == 404
    assert client.post(reverse("portal:site_edit", args=[site.public_id]), {"name": "x"}).status_code == 404
    contact.refresh_from_db()
    assert contact.name != "x"


def test_forged_supplier_field_is_ignored(supplier_a_client, supplier_a, supplier_b):
    data = {
        "name": "Per",
        "title": "",
        "email": "per@alpha.example",
        "phone": "",
        "language": "nb",
        "supplier": supplier_b.pk,
    }
    supplier_a_client.post(reverse("portal:contact_create"), data)
    assert Contact.objects.get(email="per@alpha.example").supplier == supplier_a
