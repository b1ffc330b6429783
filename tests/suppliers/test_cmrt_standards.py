"""The CMRT and the RMI facility list as they come in practice: every RMI status spelling
accepted and given its attention level, the Product List read by its header names in the
template's layout (numeric product numbers, the copyright line), the company in the file
checked against the uploading supplier, a duplicate file refused, and the officer's advice
kept out of the supplier's portal."""

import datetime
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from suppliers.cmrt.parser import parse_cmrt
from suppliers.cmrt.services import (
    ATTENTION_LEVELS,
    IN_PROGRESS,
    PASS,
    RED_FLAG,
    REVIEW,
    attention_level,
    build_report,
    build_smelters,
    cmrt_attention,
    cmrt_import,
    smelter_reference_import_csv,
)
from suppliers.models import CmrtReport, CmrtSmelter, Evidence, SmelterReference
from tests import factories as f

from . import cmrt_workbooks as w

pytestmark = pytest.mark.django_db

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = "cid,name,metal,country,rmap_status,last_audit_date\n"

# Every status as RMI's lists and suppliers' copies spell it, with the value and level it gets.
SPELLINGS = [
    ("Conformant", "conformant", PASS),
    ("CONFORMANT", "conformant", PASS),
    ("Active", "active", IN_PROGRESS),
    ("Eligible", "eligible", IN_PROGRESS),
    ("Cross-Recognized", "cross_recognised", PASS),
    ("Cross-recognised", "cross_recognised", PASS),
    ("cross recognized", "cross_recognised", PASS),
    ("Non Conformant", "non_conformant", RED_FLAG),
    ("Non-Conformant", "non_conformant", RED_FLAG),
    ("non-conformant", "non_conformant", RED_FLAG),
    ("Outreach Required", "outreach_required", RED_FLAG),
    ("Outreach-required", "outreach_required", RED_FLAG),
    ("In Communication", "in_communication", RED_FLAG),
    ("in communication", "in_communication", RED_FLAG),
    ("Not Eligible", "not_eligible", REVIEW),
    ("Not-Eligible", "not_eligible", REVIEW),
]


@pytest.fixture(autouse=True)
def _buyer_follows_supplier_a(db, request):
    """The officers' buyer has an award with supplier A, so they read its CMRTs."""
    if "officer_client" in request.fixturenames:
        f.relate(request.getfixturevalue("buyer"), request.getfixturevalue("supplier_a"))


def csv_upload(lines):
    return io.BytesIO((HEADER + "".join(lines)).encode())


def status_lines(spellings, first=1):
    return [
        f"CID{first + n:06d},Facility {n},{('tin', 'gold', 'tantalum', 'tungsten')[n % 4]},Peru,{text},\n"
        for n, (text, _value, _level) in enumerate(spellings)
    ]


# --- the RMI facility list ----------------------------------------------------------------------


def test_every_rmi_status_spelling_is_imported_with_its_text_and_level(administrator):
    counts = smelter_reference_import_csv(
        file=csv_upload(status_lines(SPELLINGS)), actor=administrator, source="RMI Facility list"
    )
    assert counts["created"] == len(SPELLINGS) and counts["unknown"] == 0
    imported = {r.cid: r for r in SmelterReference.objects.all()}
    for n, (text, value, level) in enumerate(SPELLINGS):
        reference = imported[f"CID{1 + n:06d}"]
        assert (reference.rmap_status, reference.rmap_status_text) == (value, text)
        assert attention_level(reference.rmap_status) == level


def test_every_status_has_a_documented_level():
    assert set(ATTENTION_LEVELS) == set(SmelterReference.RmapStatus.values)
    assert {s for s, level in ATTENTION_LEVELS.items() if level == RED_FLAG} == {
        "non_conformant",
        "outreach_required",
        "in_communication",
    }


def test_an_unknown_status_is_imported_and_flagged_instead_of_refusing_the_file(administrator_client):
    lines = [*status_lines(SPELLINGS[:3]), "CID000900,Mystery Refinery,gold,Peru,Pending Audit,\n"]
    response = administrator_client.post(
        reverse("cmrt:smelter_import"),
        {
            "file": SimpleUploadedFile("rmi.csv", (HEADER + "".join(lines)).encode(), content_type="text/csv"),
            "source": "RMI Facility list",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "4 new" in page
    assert "1 smelter has a status this app does not know (line 5 &#x27;Pending Audit&#x27;)" in page
    mystery = SmelterReference.objects.get(cid="CID000900")
    assert (mystery.rmap_status, mystery.rmap_status_text) == ("unknown", "Pending Audit")
    # The list keeps telling until someone corrects it, and filters to those rows.
    listing = administrator_client.get(reverse("cmrt:smelter_list")).content.decode()
    assert "1 smelter has a status this app does not know" in listing
    only = administrator_client.get(reverse("cmrt:smelter_list"), {"rmap_status": "unknown"}).content.decode()
    assert "Mystery Refinery" in only and "Facility 0" not in only
    assert "in the list: “Pending Audit”" in only


def test_the_command_reads_rmi_headers_and_warns_about_unknown_statuses(tmp_path):
    path = tmp_path / "rmi-facilities.csv"
    path.write_text(
        "Smelter ID,Standard Smelter Name,Metal,Country Location,Assessment Status\n"
        "CID001153,Metalor Technologies S.A.,Gold,Switzerland,Conformant\n"
        "CID001182,Minsur,Tin,Peru,Outreach Required\n"
        "CID009999,New Refinery,Gold,Peru,Under Review\n"
    )
    out, err = io.StringIO(), io.StringIO()
    call_command("import_smelters", str(path), stdout=out, stderr=err)
    assert "3 new, 0 updated, 0 unchanged" in out.getvalue()
    assert "line 4 'Under Review'" in err.getvalue()
    assert SmelterReference.objects.get(cid="CID001182").rmap_status == "outreach_required"


@pytest.mark.parametrize(
    ("status", "code", "severity"),
    [
        ("non_conformant", "red_flag", "high"),
        ("outreach_required", "red_flag", "high"),
        ("in_communication", "red_flag", "high"),
        ("active", "not_conformant", "low"),
        ("eligible", "not_conformant", "low"),
        ("not_eligible", "not_conformant", "medium"),
        ("unknown", "not_conformant", "medium"),
        ("cross_recognised", None, None),
        ("conformant", None, None),
    ],
)
def test_smelter_rows_get_the_attention_level_of_their_status(status, code, severity):
    SmelterReference.objects.bulk_create(w.reference_rows())
    SmelterReference.objects.filter(cid="CID001182").update(rmap_status=status, rmap_status_text="As written")
    data = parse_cmrt(w.build_cmrt())
    report = build_report(data, supplier=f.SupplierFactory.build(legal_name="Nordlys Components AS"))
    flags = cmrt_attention(report, smelters=build_smelters(data), today=datetime.date(2025, 6, 1))
    minsur_row = 7
    assert [(flag.code, flag.severity) for flag in flags if flag.row == minsur_row] == (
        [(code, severity)] if code else []
    )
    if status == "unknown":
        assert "As written" in flags[0].message


# --- the Product List -------------------------------------------------------------------------

PRODUCTS = [(4711, "Notebook 14", "EU model"), (4711.0, "Notebook 14 with dock", ""), ("00789", "Dock", "")]
EXPECTED = [
    {"number": "4711", "name": "Notebook 14", "comments": "EU model"},
    {"number": "4711", "name": "Notebook 14 with dock", "comments": ""},
    {"number": "00789", "name": "Dock", "comments": ""},
]


@pytest.mark.parametrize("version", ["6.5", "6.31", "6.22", "6.01"])
def test_product_list_is_read_by_its_header_names_without_the_copyright_line(version):
    content = w.build_cmrt(version, scope="B. Product (or List of Products)", products=PRODUCTS)
    data = parse_cmrt(content)
    assert data.products == EXPECTED
    assert not any("Copyright" in str(product) for product in data.products)
    assert data.warnings == []


def test_a_translated_product_list_falls_back_to_the_template_columns():
    content = w.build_cmrt(scope="B. Product (or List of Products)", products=PRODUCTS, language="French")
    assert parse_cmrt(content).products == EXPECTED


def test_a_company_scope_has_no_products_even_with_the_copyright_line():
    assert parse_cmrt(w.build_cmrt()).products == []


def test_the_officer_page_lists_the_products_in_their_columns(officer_client, supplier_a):
    report = w.make_cmrt_report(supplier_a, scope="B. Product (or List of Products)", products=PRODUCTS)
    page = officer_client.get(reverse("cmrt:report_detail", args=[report.public_id])).content.decode()
    assert "<td>4711</td><td>Notebook 14</td><td>EU model</td>" in page
    assert "Copyright" not in page


# --- the company in the file ---------------------------------------------------------------------


def company_codes(supplier, **company):
    data = parse_cmrt(w.build_cmrt(company=company or None))
    report = build_report(data, supplier=supplier)
    flags = cmrt_attention(report, smelters=[], references={}, today=datetime.date(2025, 6, 1))
    return [flag.code for flag in flags if flag.code.startswith("company")]


def test_the_company_in_the_file_is_checked_against_the_supplier():
    nordlys = f.SupplierFactory.build(legal_name="Nordlys Components AS", org_number="923456783")
    assert company_codes(nordlys) == []  # "Ltd." against "AS": the same company; a DUNS is not compared
    assert company_codes(nordlys, unique_id="923 456 783", unique_id_authority="Brønnøysundregistrene") == []
    assert company_codes(nordlys, unique_id="987654321", unique_id_authority="Brønnøysundregistrene") == [
        "company_id_mismatch"
    ]
    other = f.SupplierFactory.build(legal_name="Alpha Reseller AS", org_number="923456783")
    assert company_codes(other) == ["company_mismatch"]


def test_a_mismatched_company_is_flagged_to_the_officer_and_does_not_stop_the_upload(officer_client, supplier_a):
    response = officer_client.post(
        reverse("cmrt:upload", args=[supplier_a.public_id]),
        {"file": SimpleUploadedFile("cmrt.xlsx", w.build_cmrt(), content_type=XLSX_TYPE)},
    )
    assert response.status_code == 302
    page = officer_client.get(response.url).content.decode()
    assert "The company in the file, Nordlys Components Ltd., is not the supplier Alpha Reseller AS." in page
    assert "a parent company&#x27;s CMRT can be right" in page


# --- duplicates --------------------------------------------------------------------------------


def test_a_duplicate_upload_is_recognised_and_not_stored_twice(client, supplier_a, supplier_a_user):
    client.force_login(supplier_a_user)
    content = w.build_cmrt()
    first = client.post(reverse("portal_cmrt:upload"), {"file": SimpleUploadedFile("a.xlsx", content)})
    assert first.status_code == 302
    again = client.post(reverse("portal_cmrt:upload"), {"file": SimpleUploadedFile("again.xlsx", content)})
    assert again.status_code == 400
    assert "This file was already uploaded on" in again.content.decode()
    assert "it was not stored again" in again.content.decode()
    assert (Evidence.objects.count(), CmrtReport.objects.count()) == (1, 1)


# --- the officer's advice ------------------------------------------------------------------------


@time_machine.travel(datetime.datetime(2026, 9, 1, 12, tzinfo=datetime.UTC))
def test_advice_for_the_officer_is_kept_out_of_the_portal(client, officer_client, supplier_a, supplier_a_user):
    report = w.make_cmrt_report(supplier_a, effective_date=datetime.date(2025, 3, 15))
    officer_page = officer_client.get(reverse("cmrt:report_detail", args=[report.public_id])).content.decode()
    assert "more than 12 months ago." in officer_page
    assert "Ask for an updated CMRT." in officer_page
    client.force_login(supplier_a_user)
    portal = client.get(reverse("portal_cmrt:report_detail", args=[report.public_id])).content.decode()
    assert "more than 12 months ago." in portal
    assert "Ask for an updated CMRT" not in portal
    assert "ask for its own CMRT" not in portal


# --- a full workbook ----------------------------------------------------------------------------


def test_a_600_row_workbook_is_saved_without_a_query_per_row(supplier_a, supplier_b):
    """The smelter rows go in bulk (one INSERT on PostgreSQL; SQLite caps the parameters of
    one statement, so there a few); every other query is the same for 10 rows or 600."""

    def queries(supplier, rows):
        content = w.build_cmrt(smelters=w.many_smelters(rows), template_rows="full")
        with CaptureQueriesContext(connection) as captured:
            cmrt_import(supplier=supplier, content=content, actor=None)
        inserts = [q for q in captured if q["sql"].startswith('INSERT INTO "suppliers_cmrtsmelter"')]
        return len(captured) - len(inserts), len(inserts)

    fields = [f for f in CmrtSmelter._meta.concrete_fields if not f.primary_key]
    batch = connection.ops.bulk_batch_size(fields, [None] * 600) or 600
    large, small = queries(supplier_a, 600), queries(supplier_b, 10)
    assert large[0] == small[0]
    assert large[1] == -(-600 // min(batch, 2500))
    assert CmrtSmelter.objects.count() == 610
