"""The import service saves all or nothing; the attention rules flag what an officer must
look at; the reference list imports from CSV all or nothing, with history."""

import datetime
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from suppliers.cmrt.parser import CmrtError
from suppliers.cmrt.services import (
    build_report,
    build_smelters,
    cmrt_attention,
    cmrt_import,
    smelter_reference_import_csv,
)
from suppliers.models import CmrtReport, CmrtSmelter, Evidence, SmelterReference

from . import cmrt_workbooks as w

pytestmark = pytest.mark.django_db


def attention(content, *, today=datetime.date(2025, 6, 1), references=None):
    """Flags of a workbook without saving it (the dry-run path)."""
    from suppliers.cmrt.parser import parse_cmrt
    from suppliers.models import Supplier

    data = parse_cmrt(content)
    report = build_report(data, supplier=Supplier())
    return cmrt_attention(report, smelters=build_smelters(data), references=references, today=today)


def codes(flags):
    return [flag.code for flag in flags]


@pytest.fixture
def references(db):
    return SmelterReference.objects.bulk_create(w.reference_rows())


# --- import ---------------------------------------------------------------------------------


def test_dry_run_saves_nothing(supplier_a, settings):
    data, report = cmrt_import(supplier=supplier_a, content=w.build_cmrt(), actor=None, dry_run=True)
    assert report is None
    assert len(data.smelters) == 6
    assert (Evidence.objects.count(), CmrtReport.objects.count()) == (0, 0)


def test_import_from_the_command_line_has_no_uploader(supplier_a):
    _data, report = cmrt_import(supplier=supplier_a, content=w.build_cmrt(), actor=None)
    assert report.uploaded_by is None
    assert report.evidence.uploaded_by is None
    assert report.metal_answers["6"]["tin"]["answer"] == "100%"


def test_failure_after_storing_removes_the_file(supplier_a, settings, monkeypatch):
    def fail(*args, **kwargs):
        raise IntegrityError("boom")

    monkeypatch.setattr(CmrtSmelter.objects, "bulk_create", fail)
    with pytest.raises(IntegrityError):
        cmrt_import(supplier=supplier_a, content=w.build_cmrt(), actor=None)
    assert (Evidence.objects.count(), CmrtReport.objects.count(), CmrtSmelter.objects.count()) == (0, 0, 0)
    assert not any(p.is_file() for p in settings.MEDIA_ROOT.rglob("*")) if settings.MEDIA_ROOT.exists() else True


def test_refused_upload_is_a_cmrt_error_with_the_upload_message(supplier_a):
    with pytest.raises(CmrtError) as caught:
        cmrt_import(supplier=supplier_a, content=w.pdf_bytes(), filename="cmrt.xlsx", actor=None)
    assert caught.value.problems[0].message.startswith("The file's name says XLSX, but it is a PDF document.")


def test_the_same_file_twice_is_recognised_and_not_stored_again(supplier_a, supplier_b):
    content = w.build_cmrt()
    _data, first = cmrt_import(supplier=supplier_a, content=content, actor=None)
    with pytest.raises(CmrtError) as caught:
        cmrt_import(supplier=supplier_a, content=content, actor=None)
    assert "already uploaded on" in str(caught.value) and "not stored again" in str(caught.value)
    assert (Evidence.objects.count(), CmrtReport.objects.count()) == (1, 1)
    # A dry run says so without refusing; another supplier's identical file is its own.
    data, _report = cmrt_import(supplier=supplier_a, content=content, actor=None, dry_run=True)
    assert "already uploaded on" in data.warnings[-1].message
    cmrt_import(supplier=supplier_b, content=content, actor=None)
    # Once the first one is archived, the file can be stored again.
    first.archived_at = first.created_at
    first.save()
    _data, again = cmrt_import(supplier=supplier_a, content=content, actor=None)
    assert again.pk != first.pk


def test_long_texts_are_cut_to_the_columns(supplier_a):
    smelter = {**w.DEFAULT_SMELTERS[0], "city": "x" * 500, "comments": "long " * 400}
    _data, report = cmrt_import(supplier=supplier_a, content=w.build_cmrt(smelters=[smelter]), actor=None)
    row = report.smelters.get()
    assert len(row.city) == 120
    assert row.comments.startswith("long long")


def test_validity_of_a_cmrt_dated_29_february():
    from suppliers.cmrt.services import _years_later

    assert _years_later(datetime.date(2024, 2, 29), 1) == datetime.date(2025, 2, 28)


# --- attention -------------------------------------------------------------------------------


def test_clean_cmrt_with_conformant_smelters_needs_nothing(references):
    assert attention(w.build_cmrt()) == []


def test_smelter_flags(references):
    SmelterReference.objects.filter(cid="CID000082").update(rmap_status="active")
    SmelterReference.objects.filter(cid="CID001182").update(rmap_status="eligible")
    flags = attention(w.build_cmrt(smelters=[*w.DEFAULT_SMELTERS, *w.MESSY_SMELTERS]))
    by_row = {}
    for flag in flags:
        by_row.setdefault(flag.row, []).append((flag.code, flag.severity))
    assert by_row[6] == [("not_conformant", "low")]  # Active: in the assessment
    assert by_row[7] == [("not_conformant", "low")]  # Eligible: may enter the assessment
    assert by_row[11] == [("covered_country", "high"), ("not_listed", "medium")]  # Kivu Tin Works, Rwanda
    assert by_row[12] == [("not_identified", "high")]
    assert by_row[13] == [("duplicate", "low")]  # Metalor again
    assert by_row[14] == [("covered_country", "high"), ("unknown_cid", "medium")]  # the DRC
    assert by_row[15] == [("unknown_cid", "medium")]
    assert None not in by_row
    # Most serious first.
    assert [f.severity for f in flags] == sorted((f.severity for f in flags), key=["high", "medium", "low"].index)


def test_duplicate_without_cid_by_name_country_and_metal():
    rows = [
        {"metal": "Tin", "lookup_name": "Smelter not listed", "name": "Kivu Tin Works", "country": "Rwanda"},
        {"metal": "Tin", "lookup_name": "Smelter not listed", "name": "kivu tin works ", "country": "RWANDA"},
        {"metal": "Tungsten", "lookup_name": "Smelter not listed", "name": "Kivu Tin Works", "country": "Rwanda"},
    ]
    flags = attention(w.build_cmrt(smelters=rows))
    assert [(f.row, f.code) for f in flags if f.code == "duplicate"] == [(6, "duplicate")]


@pytest.mark.parametrize(
    ("country", "code"),
    [
        ("Congo, Democratic Republic of the", "covered_country"),
        ("DEMOCRATIC REPUBLIC OF THE CONGO", "covered_country"),
        ("Tanzania, United Republic of", "covered_country"),
        ("South Sudan", "covered_country"),
        ("Myanmar", "cahra"),
        ("Colombia", "cahra"),
        ("Sudan", "cahra"),
        ("China", None),
    ],
)
def test_countries(country, code):
    rows = [{"metal": "Gold", "lookup_name": "Smelter not listed", "name": "Some Refinery", "country": country}]
    found = [f.code for f in attention(w.build_cmrt(smelters=rows)) if f.code in ("covered_country", "cahra")]
    assert found == ([code] if code else [])


def test_extra_cahra_countries_from_settings(settings):
    settings.CMRT_EXTRA_CAHRA_COUNTRIES = ["Mali"]
    rows = [{"metal": "Gold", "lookup_name": "Smelter not listed", "name": "Bamako Gold", "country": "Mali"}]
    assert "cahra" in codes(attention(w.build_cmrt(smelters=rows)))


def test_mine_in_a_covered_country(references):
    rows = [
        {**w.DEFAULT_SMELTERS[2], "mine_names": "Bisie", "mine_country": "Congo, Democratic Republic of the"},
        {**w.DEFAULT_SMELTERS[3], "mine_names": "Bangka; Man Maw", "mine_country": "Indonesia; Myanmar"},
        {**w.DEFAULT_SMELTERS[4], "mine_names": "recycled", "mine_country": "recycled"},
    ]
    flags = [f for f in attention(w.build_cmrt(smelters=rows)) if f.code == "mine_cahra"]
    assert [(f.row, f.message) for f in flags] == [
        (5, "Row 5: Minsur sources from mines in Congo, Democratic Republic of the."),
        (6, "Row 6: PT Timah Tbk Kundur sources from mines in Myanmar."),
    ]


def test_metal_mismatch_with_the_reference_list(references):
    rows = [{**w.DEFAULT_SMELTERS[0], "metal": "Tin"}]  # Metalor's CID reported as tin
    flags = attention(w.build_cmrt(smelters=rows, answers={("1", "gold"): "No"}))
    assert "metal_mismatch" in codes(flags)


def test_declaration_flags(references):
    content = w.build_cmrt(
        answers={
            ("3", "tin"): "Unknown",
            ("4", "gold"): "Unknown",
            ("3", "tantalum"): "Yes",
            ("6", "gold"): ">50%",
            ("7", "tungsten"): "No",
            ("8", "tin"): "No",
            ("5", "tungsten"): None,
        },
        company_answers={"A": "No", "B": "No", "C": "No", "D": "No", "G": "No"},
    )
    found = {(f.code, f.metal) for f in attention(content)}
    assert {
        ("q3_unknown", "tin"),
        ("q4_unknown", "gold"),
        ("q3_yes", "tantalum"),
        ("q6_incomplete", "gold"),
        ("q7_no", "tungsten"),
        ("q8_no", "tin"),
        ("unanswered", "tungsten"),
        ("company_a_no", None),
        ("company_c_no", None),
        ("company_d_no", None),
        ("company_g_no", None),
    } == found
    # B (policy public) is not one of the company questions that are flagged.


def test_questions_3_to_8_matter_only_for_metals_in_scope(references):
    content = w.build_cmrt(
        answers={("1", "tin"): "No", ("3", "tin"): "Unknown", ("7", "tin"): "No"},
        smelters=[s for s in w.DEFAULT_SMELTERS if s["metal"] != "Tin"],
    )
    assert attention(content) == []


def test_metal_in_scope_without_any_smelter(references):
    content = w.build_cmrt(smelters=[s for s in w.DEFAULT_SMELTERS if s["metal"] != "Gold"])
    assert [(f.code, f.metal) for f in attention(content)] == [("no_smelters", "gold")]


def test_effective_date_older_than_twelve_months(references):
    content = w.build_cmrt(effective_date=datetime.date(2024, 5, 31))
    assert codes(attention(content, today=datetime.date(2025, 5, 31))) == []
    assert codes(attention(content, today=datetime.date(2025, 6, 1))) == ["outdated"]


def test_attention_on_a_saved_report_uses_few_queries(supplier_a, references, django_assert_num_queries):
    with time_machine.travel(datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC)):
        _data, report = cmrt_import(supplier=supplier_a, content=w.build_cmrt(smelters=w.many_smelters(50)), actor=None)
        report = CmrtReport.objects.get(pk=report.pk)
        # smelters, references, whether the reference list is empty, the supplier (company check)
        with django_assert_num_queries(4):
            flags = cmrt_attention(report)
    assert codes(flags).count("unknown_cid") == 50


def test_empty_reference_list_is_one_flag_not_one_per_smelter():
    flags = attention(w.build_cmrt())
    assert [(f.code, f.row) for f in flags] == [("no_reference_list", None)]


# --- reference list CSV ---------------------------------------------------------------------

HEADER = b"cid,name,metal,country,rmap_status,last_audit_date\n"


def csv_file(body, header=HEADER):
    return io.BytesIO(header + body)


def test_csv_import_creates_and_updates_with_history(administrator):
    counts = smelter_reference_import_csv(
        file=csv_file(
            b"CID001153,Metalor Technologies S.A.,gold,Switzerland,conformant,2025-03-15\n"
            b"cid001182,Minsur,TIN,Peru,Active,15-Mar-2024\n"
        ),
        actor=administrator,
        source="RMI test list",
    )
    assert counts == {"created": 2, "updated": 0, "unchanged": 0, "unknown": 0, "unknown_statuses": []}
    minsur = SmelterReference.objects.get(cid="CID001182")
    assert (minsur.metal, minsur.rmap_status, minsur.last_audit_date) == ("tin", "active", datetime.date(2024, 3, 15))
    assert minsur.history.get().history_user == administrator

    counts = smelter_reference_import_csv(
        file=csv_file(
            b"CID001153,Metalor Technologies S.A.,gold,Switzerland,conformant,2025-03-15\n"
            b"CID001182,Minsur,tin,Peru,Conformant,2025-04-01\n"
        ),
        actor=administrator,
        source="RMI test list",
    )
    assert counts == {"created": 0, "updated": 1, "unchanged": 1, "unknown": 0, "unknown_statuses": []}
    minsur.refresh_from_db()
    assert minsur.rmap_status == "conformant"
    assert minsur.history.count() == 2
    assert minsur.history.first().prev_record.rmap_status == "active"


def test_csv_with_semicolons_bom_and_status_labels(administrator):
    content = "\ufeffcid;name;metal;country;rmap_status;last_audit_date\nCID002557;GAM;Tantalum;USA;Cross-recognized;\n"
    counts = smelter_reference_import_csv(
        file=io.BytesIO(content.encode()), actor=administrator, source="RMI test list"
    )
    assert counts["created"] == 1
    assert SmelterReference.objects.get().rmap_status == "cross_recognised"


def test_csv_errors_name_their_lines_and_nothing_is_written(administrator):
    with pytest.raises(ValidationError) as caught:
        smelter_reference_import_csv(
            file=csv_file(
                b"CID001153,Metalor,gold,Switzerland,conformant,\n"
                b"CID12,Bad id,gold,Peru,conformant,\n"
                b"CID001154,No metal,cobalt,Peru,conformant,\n"
                b"CID001155,No status,tin,Peru,,\n"
                b"CID001156,Bad date,tin,Peru,active,03/15/2025\n"
                b"CID001153,Twice,gold,Switzerland,conformant,\n"
                b"CID001157,,tin,,active,\n"
            ),
            actor=administrator,
            source="RMI test list",
        )
    messages = caught.value.messages
    assert [m.split(":")[0] for m in messages] == ["Line 3", "Line 4", "Line 5", "Line 6", "Line 7", "Line 8"]
    assert "CID001153 is also on line 2" in messages[4]
    assert "the name is empty" in messages[5] and "the country is empty" in messages[5]
    assert SmelterReference.objects.count() == 0


def test_csv_without_a_header_is_refused(administrator):
    with pytest.raises(ValidationError) as caught:
        smelter_reference_import_csv(
            file=csv_file(b"", header=b"CID001153,Metalor,gold,Switzerland,conformant,\n"),
            actor=administrator,
            source="RMI test list",
        )
    assert "Line 1 must be the header" in caught.value.messages[0]


def test_empty_csv(administrator):
    with pytest.raises(ValidationError):
        smelter_reference_import_csv(file=io.BytesIO(b""), actor=administrator, source="RMI test list")
