"""Officers and supplier users upload CMRTs and read them; refused files leave nothing
behind; each supplier sees only its own reports."""

import datetime
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from oslo_procurement.audit.models import AuditEvent
from suppliers.models import CmrtReport, CmrtSmelter, Evidence, SmelterReference
from tests import factories as f

from . import cmrt_workbooks as w

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload_file(content=None, name="CMRT 6.5 Nordlys.xlsx"):
    return SimpleUploadedFile(name, w.build_cmrt() if content is None else content, content_type=XLSX_TYPE)


def stored_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def counts():
    return (Evidence.objects.count(), CmrtReport.objects.count(), CmrtSmelter.objects.count())


@pytest.fixture(autouse=True)
def _buyer_follows_supplier_a(buyer, supplier_a):
    """The officers' buyer has an award with supplier A, so they read its CMRTs."""
    f.relate(buyer, supplier_a)


@pytest.fixture
def references(db):
    return SmelterReference.objects.bulk_create(w.reference_rows())


# --- officer upload ----------------------------------------------------------------------------


def test_officer_uploads_a_cmrt_for_a_supplier(officer_client, officer, supplier_a, references, settings):
    response = officer_client.post(reverse("cmrt:upload", args=[supplier_a.public_id]), {"file": upload_file()})

    report = CmrtReport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("cmrt:report_detail", args=[report.public_id])
    assert report.supplier == supplier_a
    assert report.uploaded_by == officer
    assert report.template_version == "6.5"
    assert report.smelters.count() == 6
    evidence = report.evidence
    assert evidence.kind == Evidence.Kind.CMRT
    assert evidence.title == "CMRT 6.5 Nordlys Components Ltd. 2025-03-15"
    assert evidence.valid_from == datetime.date(2025, 3, 15)
    assert evidence.valid_to == datetime.date(2026, 3, 15)
    assert evidence.file_name == "CMRT 6.5 Nordlys.xlsx"
    assert [p.relative_to(settings.MEDIA_ROOT).as_posix() for p in stored_files(settings)] == [evidence.file_path]
    assert evidence.history.get().history_user == officer
    assert AuditEvent.objects.filter(event_type="cmrt_imported", actor=officer).count() == 1


def test_report_page_shows_attention_first_then_declaration_answers_and_smelters(
    officer_client, supplier_a, references
):
    report = w.make_cmrt_report(supplier_a, answers={("3", "tin"): "Unknown"})
    page = officer_client.get(reverse("cmrt:report_detail", args=[report.public_id])).content.decode()

    assert page.index("Needs attention") < page.index("Declaration") < page.index("Smelters and refiners")
    assert "Tin: the supplier does not know whether any comes from the covered countries (Q3)." in page
    assert "A. Company" in page
    assert "Nordlys Components Ltd." in page and "mei.chen@nordlys.example" in page
    assert "Tantalum, Tin, Gold, Tungsten" in page  # metals in scope
    assert "Does all of it come from recycled or scrap sources?" in page  # the per-metal answer table
    assert "Requires direct suppliers to source from audited smelters" in page  # company questions
    assert "Metalor Technologies S.A." in page and "CID001153" in page
    assert "Conformant" in page  # the reference list status


def test_attention_flags_for_a_messy_cmrt(officer_client, supplier_a, references):
    SmelterReference.objects.filter(cid="CID001153").update(rmap_status="eligible")
    report = w.make_cmrt_report(
        supplier_a,
        smelters=[*w.DEFAULT_SMELTERS, *w.MESSY_SMELTERS],
        answers={("6", "gold"): ">75%", ("7", "tin"): "No"},
        company_answers={"A": "No"},
    )
    page = officer_client.get(reverse("cmrt:report_detail", args=[report.public_id])).content.decode()
    codes = set(re.findall(r'data-code="([a-z0-9_]+)"', page))
    assert {
        "not_listed",
        "not_identified",
        "duplicate",
        "covered_country",
        "unknown_cid",
        "not_conformant",
        "q6_incomplete",
        "q7_no",
        "company_a_no",
    } <= codes
    assert "Row 11: Kivu Tin Works is marked &#x27;Smelter not listed&#x27;" in page
    assert "Row 14: Congo Tantalum Refinery is in Congo, Democratic Republic of the" in page


def test_officer_sees_a_suppliers_reports(officer_client, supplier_a, supplier_b):
    mine = w.make_cmrt_report(supplier_a)
    w.make_cmrt_report(supplier_b, company={"name": "Beta Metals Co."})
    page = officer_client.get(reverse("cmrt:supplier_reports", args=[supplier_a.public_id])).content.decode()
    assert reverse("cmrt:report_detail", args=[mine.public_id]) in page
    assert "Beta Metals Co." not in page
    assert reverse("cmrt:upload", args=[supplier_a.public_id]) in page


def test_warnings_are_shown_after_an_upload(officer_client, supplier_a):
    content = w.build_cmrt(smelters=[{"metal": "Tin", "lookup_name": "Smelter not listed"}])
    response = officer_client.post(
        reverse("cmrt:upload", args=[supplier_a.public_id]), {"file": upload_file(content)}, follow=True
    )
    page = response.content.decode()
    assert "sheet Smelter List, row 5, column D" in page
    assert "needs the smelter&#x27;s name in this column" in page


# --- refused files and failures: nothing saved -----------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (w.build_cmrt(company={"contact_email": None}), "cmrt.xlsx", ("Declaration", "16", "D")),
        (w.build_cmrt("5.12"), "cmrt.xlsx", ("Declaration", "3", "J")),
        (w.build_cmrt(omit_sheets=("Declaration",)), "cmrt.xlsx", ("Declaration", "–", "–")),
        (w.pdf_bytes(), "cmrt.xlsx", ("–", "–", "–")),
        (w.as_xlsm(), "cmrt.xlsm", ("–", "–", "–")),
    ],
    ids=["mandatory", "version-5", "no-declaration", "pdf", "xlsm"],
)
def test_refused_file_lists_problems_and_saves_nothing(officer_client, supplier_a, settings, content, name, expected):
    response = officer_client.post(
        reverse("cmrt:upload", args=[supplier_a.public_id]), {"file": upload_file(content, name)}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "The file was not accepted. Nothing was saved." in page
    rows = re.findall(r'<tr class="cmrt-problem"><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td>', page)
    assert expected in rows
    assert counts() == (0, 0, 0)
    assert stored_files(settings) == []


def test_database_error_in_the_transaction_leaves_no_rows_and_no_file(
    officer_client, supplier_a, settings, monkeypatch
):
    def fail(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(CmrtSmelter.objects, "bulk_create", fail)
    response = officer_client.post(reverse("cmrt:upload", args=[supplier_a.public_id]), {"file": upload_file()})
    assert response.status_code == 503
    assert "saving it failed. Nothing was saved." in response.content.decode()
    assert counts() == (0, 0, 0)
    assert stored_files(settings) == []
    assert not AuditEvent.objects.filter(event_type="cmrt_imported").exists()


def test_no_file_chosen(officer_client, supplier_a):
    response = officer_client.post(reverse("cmrt:upload", args=[supplier_a.public_id]), {})
    assert response.status_code == 400
    assert counts() == (0, 0, 0)


def test_archived_supplier_takes_no_new_cmrt(officer_client, supplier_a):
    supplier_a.archived_at = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    supplier_a.save()
    response = officer_client.post(reverse("cmrt:upload", args=[supplier_a.public_id]), {"file": upload_file()})
    assert response.status_code == 400
    assert "archived" in response.content.decode()
    assert counts() == (0, 0, 0)


# --- roles and isolation ---------------------------------------------------------------------


def test_manager_reads_but_cannot_upload(manager_client, supplier_a):
    report = w.make_cmrt_report(supplier_a)
    upload_url = reverse("cmrt:upload", args=[supplier_a.public_id])
    assert manager_client.get(reverse("cmrt:report_detail", args=[report.public_id])).status_code == 200
    assert manager_client.get(reverse("cmrt:supplier_reports", args=[supplier_a.public_id])).status_code == 200
    assert manager_client.get(upload_url).status_code == 403
    assert manager_client.post(upload_url, {"file": upload_file()}).status_code == 403
    assert manager_client.get(reverse("cmrt:smelter_import")).status_code == 403
    assert CmrtReport.objects.count() == 1


def test_supplier_users_cannot_open_officer_pages(client, supplier_a, supplier_a_user):
    report = w.make_cmrt_report(supplier_a)
    client.force_login(supplier_a_user)
    assert client.get(reverse("cmrt:report_detail", args=[report.public_id])).status_code == 403
    assert client.post(reverse("cmrt:upload", args=[supplier_a.public_id]), {"file": upload_file()}).status_code == 403


def test_supplier_b_gets_404_on_supplier_a_reports(client, supplier_a, supplier_b_user):
    report = w.make_cmrt_report(supplier_a)
    client.force_login(supplier_b_user)
    assert client.get(reverse("portal_cmrt:report_detail", args=[report.public_id])).status_code == 404
    page = client.get(reverse("portal_cmrt:list")).content.decode()
    assert str(report.public_id) not in page


def test_officer_gets_403_in_the_portal(officer_client):
    assert officer_client.get(reverse("portal_cmrt:list")).status_code == 403


# --- portal ----------------------------------------------------------------------------------


def test_supplier_uploads_in_the_portal_and_sees_the_attention_list(client, supplier_a, supplier_a_user, references):
    client.force_login(supplier_a_user)
    content = w.build_cmrt(smelters=[*w.DEFAULT_SMELTERS, *w.MESSY_SMELTERS[:2]])
    response = client.post(reverse("portal_cmrt:upload"), {"file": upload_file(content)})
    report = CmrtReport.objects.get()
    assert response.url == reverse("portal_cmrt:report_detail", args=[report.public_id])
    assert report.supplier == supplier_a
    assert report.uploaded_by == supplier_a_user
    page = client.get(response.url).content.decode()
    assert "Needs attention" in page
    assert "Row 12: a Gold smelter is not yet identified." in page
    assert "Nordlys Components Ltd." in page
    listing = client.get(reverse("portal_cmrt:list")).content.decode()
    assert reverse("portal_cmrt:report_detail", args=[report.public_id]) in listing


def test_portal_refused_file_shows_where_and_saves_nothing(client, supplier_a_user, settings):
    client.force_login(supplier_a_user)
    response = client.post(reverse("portal_cmrt:upload"), {"file": upload_file(w.build_cmrt(effective_date="soon"))})
    assert response.status_code == 400
    page = response.content.decode()
    assert "&#x27;soon&#x27; is not a date" in page
    assert counts() == (0, 0, 0)
    assert stored_files(settings) == []


# --- query counts ----------------------------------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_report_page_queries_do_not_grow_with_smelters(officer_client, buyer, supplier_a, supplier_b):
    f.relate(buyer, supplier_b)
    small = w.make_cmrt_report(supplier_a, smelters=w.many_smelters(10))
    large = w.make_cmrt_report(supplier_b, smelters=w.many_smelters(200))
    SmelterReference.objects.bulk_create(
        SmelterReference(
            cid=s["cid"], name=s["name"], metal=s["metal"].lower(), country=s["country"], rmap_status="active"
        )  # fmt: skip
        for s in w.many_smelters(200)
    )
    assert large.smelters.count() == 200
    small_url = reverse("cmrt:report_detail", args=[small.public_id])
    large_url = reverse("cmrt:report_detail", args=[large.public_id])
    _queries(officer_client, small_url)  # warm the session
    assert _queries(officer_client, small_url) == _queries(officer_client, large_url)


def test_portal_report_page_queries_do_not_grow_with_smelters(client, supplier_a, supplier_a_user):
    small = w.make_cmrt_report(supplier_a, smelters=w.many_smelters(10))
    large = w.make_cmrt_report(supplier_a, smelters=w.many_smelters(200))
    client.force_login(supplier_a_user)
    small_url = reverse("portal_cmrt:report_detail", args=[small.public_id])
    _queries(client, small_url)
    assert _queries(client, small_url) == _queries(client, reverse("portal_cmrt:report_detail", args=[large.public_id]))


def test_supplier_reports_list_queries_do_not_grow(officer_client, supplier_a):
    w.make_cmrt_report(supplier_a)
    url = reverse("cmrt:supplier_reports", args=[supplier_a.public_id])
    _queries(officer_client, url)
    one = _queries(officer_client, url)
    for _ in range(3):
        w.make_cmrt_report(supplier_a)
    assert _queries(officer_client, url) == one


# --- smelter reference list ------------------------------------------------------------------


def test_smelter_list_filters_by_metal_status_and_search(officer_client, references):
    url = reverse("cmrt:smelter_list")
    page = officer_client.get(url, {"metal": "gold"}).content.decode()
    assert "Metalor Technologies S.A." in page and "Minsur" not in page
    page = officer_client.get(url, {"search": "CID001182"}).content.decode()
    assert "Minsur" in page and "Metalor" not in page
    page = officer_client.get(url, {"rmap_status": "active"}).content.decode()
    assert "No smelter matches the filter." in page


def test_smelter_list_is_paginated(officer_client, settings):
    settings.PAGE_SIZE = 5
    SmelterReference.objects.bulk_create(
        SmelterReference(
            cid=f"CID{n:06d}", name=f"Smelter {n:02d}", metal="tin", country="Peru", rmap_status="conformant"
        )  # fmt: skip
        for n in range(12)
    )
    page = officer_client.get(reverse("cmrt:smelter_list"), {"page": 3}).content.decode()
    assert "Page 3 of 3" in page and "Smelter 11" in page and "Smelter 00" not in page


def test_installation_administrator_imports_the_reference_list(administrator_client):
    csv_file = SimpleUploadedFile(
        "smelters.csv",
        b"cid,name,metal,country,rmap_status,last_audit_date\n"
        b"CID001153,Metalor Technologies S.A.,Gold,Switzerland,Conformant,15-Mar-2025\n",
        content_type="text/csv",
    )
    response = administrator_client.post(
        reverse("cmrt:smelter_import"), {"file": csv_file, "source": "RMI Facility list, 2026-11-30"}, follow=True
    )
    page = response.content.decode()
    assert "1 new, 0 updated, 0 unchanged" in page
    assert "RMI Facility list, 2026-11-30" in page  # the source beside the status
    smelter = SmelterReference.objects.get()
    assert smelter.last_audit_date == datetime.date(2025, 3, 15)
    assert smelter.last_import.source == "RMI Facility list, 2026-11-30"


def test_bad_reference_csv_names_the_lines_and_imports_nothing(administrator_client):
    csv_file = SimpleUploadedFile(
        "smelters.csv",
        b"cid,name,metal,country,rmap_status,last_audit_date\n"
        b"CID001153,Metalor,Gold,Switzerland,Conformant,\n"
        b"CID00115,Broken,Cobalt,Peru,Maybe,2025-13-01\n",
        content_type="text/csv",
    )
    response = administrator_client.post(reverse("cmrt:smelter_import"), {"file": csv_file, "source": "RMI"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Line 3:" in page and "unknown metal &#x27;Cobalt&#x27;" in page
    assert SmelterReference.objects.count() == 0


def test_supplier_page_panel_once_registered(officer_client, supplier_a, monkeypatch):
    from suppliers import panels
    from suppliers.cmrt.panels import cmrt_panel

    monkeypatch.setattr(panels, "_panels", [cmrt_panel])
    report = w.make_cmrt_report(supplier_a)
    page = officer_client.get(supplier_a.get_absolute_url()).content.decode()
    assert "Conflict minerals (CMRT)" in page
    assert reverse("cmrt:report_detail", args=[report.public_id]) in page
    assert reverse("cmrt:upload", args=[supplier_a.public_id]) in page
