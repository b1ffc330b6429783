"""The CMRT parser reads every 6.x template, copes with what real files look like, and
refuses bad files naming the sheet, row and column."""

import datetime
import time
import zipfile

import pytest

from suppliers.cmrt.parser import CmrtError, parse_cmrt, parse_date

from . import cmrt_workbooks as w


def problems_of(content):
    with pytest.raises(CmrtError) as caught:
        parse_cmrt(content)
    return caught.value.problems


def where(problem):
    return (problem.sheet, problem.row, problem.column)


# --- clean workbooks ------------------------------------------------------------------------


@pytest.mark.parametrize("version", w.VERSIONS)
def test_clean_workbook_of_each_version(version):
    data = parse_cmrt(w.build_cmrt(version))

    assert data.template_version == version
    assert data.declaration_scope == "A. Company"
    assert data.scope == "A"
    assert data.company["name"] == "Nordlys Components Ltd."
    assert data.company["contact_email"] == "mei.chen@nordlys.example"
    assert data.company["authorizer_title"] == "Head of Compliance"
    assert data.effective_date == datetime.date(2025, 3, 15)
    assert data.metals_in_scope == ["tantalum", "tin", "gold", "tungsten"]
    assert data.metal_answers["1"]["gold"] == {"answer": "Yes", "comment": ""}
    assert data.metal_answers["3"]["tin"]["answer"] == "No"
    # Q6 is the number 1 up to 6.22 and the text "100%" from 6.31: both read as "100%".
    assert {data.metal_answers["6"][m]["answer"] for m in w.METALS} == {"100%"}
    assert data.company_answers["A"]["answer"] == "Yes"
    assert data.company_answers["B"]["comment"] == "https://nordlys.example/conflict-minerals-policy"
    assert data.company_answers["E"]["answer"] == "Yes, using the CMRT"
    assert data.smelters_per_metal() == {"tantalum": 1, "tin": 2, "gold": 2, "tungsten": 1}
    assert data.warnings == []
    assert data.products == []


def test_smelter_rows_carry_every_column_and_their_row_number():
    data = parse_cmrt(w.build_cmrt())
    first, *_rest, last = data.smelters
    assert first["row"] == 5
    assert first["metal"] == "gold"
    assert first["name"] == "Metalor Technologies S.A."
    assert first["cid"] == "CID001153"
    assert first["city"] == "Marin"
    assert first["source_of_id"] == "RMI"
    assert "cid_input" not in first
    # The look-up name may be an alias of the standard name.
    assert last["lookup_name"] == "Global Tungsten & Powders Corp."
    assert last["name"] == "Global Tungsten & Powders LLC"
    assert last["row"] == 10


def test_template_rows_with_empty_strings_na_and_zero_are_not_smelters():
    data = parse_cmrt(w.build_cmrt(smelters=[], template_rows=500))
    assert data.smelters == []


def test_full_template_of_2504_rows_is_read_quickly():
    content = w.build_cmrt(smelters=w.many_smelters(400), template_rows="full")
    started = time.perf_counter()
    data = parse_cmrt(content)
    elapsed = time.perf_counter() - started
    assert len(data.smelters) == 400
    assert data.smelters[-1]["row"] == 404
    assert elapsed < 5, f"parsing a full template took {elapsed:.2f} s"


def test_no_metal_in_scope_when_questions_1_or_2_say_no():
    data = parse_cmrt(
        w.build_cmrt(
            answers={("1", "tantalum"): "No", ("2", "tin"): "No", ("1", "gold"): "No", ("2", "gold"): "No"},
        )
    )
    assert data.metals_in_scope == ["tungsten"]


# --- messy workbooks ---------------------------------------------------------------------------


def test_extra_supplier_sheet_in_front_and_sheet_names_with_stray_spaces():
    content = w.build_cmrt(
        extra_front_sheet=True, sheet_titles={"Declaration": " declaration ", "Smelter List": "Smelter list "}
    )
    data = parse_cmrt(content)
    assert data.company_name == "Nordlys Components Ltd."
    assert len(data.smelters) == 6


def test_merged_cells_in_the_declaration():
    data = parse_cmrt(w.build_cmrt(merged_declaration=True))
    assert data.company_name == "Nordlys Components Ltd."
    assert data.declaration_scope == "A. Company"
    assert data.effective_date == datetime.date(2025, 3, 15)


def test_blank_rows_between_smelters_are_skipped_and_row_numbers_kept():
    data = parse_cmrt(w.build_cmrt(blank_rows_between=3))
    assert len(data.smelters) == 6
    assert [row["row"] for row in data.smelters] == [5, 9, 13, 17, 21, 25]


@pytest.mark.parametrize(
    "typed",
    ["15-Mar-2025", "15-MAR-2025", "2025-03-15", "15.03.2025", "15/03/2025", "15 March 2025", " 15-Mar-2025 "],
)
def test_typed_text_dates(typed):
    assert parse_cmrt(w.build_cmrt(effective_date=typed)).effective_date == datetime.date(2025, 3, 15)


def test_effective_date_as_datetime_and_as_serial_number():
    assert parse_date(datetime.datetime(2025, 3, 15, 0, 0)) == datetime.date(2025, 3, 15)
    assert parse_date(45731) == datetime.date(2025, 3, 15)
    assert parse_date(7) is None


def test_a_date_that_is_not_a_date_is_reported_at_d22():
    problems = problems_of(w.build_cmrt(effective_date="next spring"))
    assert [where(p) for p in problems] == [("Declaration", 22, "D")]
    assert "next spring" in problems[0].message
    assert "15-Mar-2025" in problems[0].message


def test_trailing_spaces_are_trimmed_everywhere():
    data = parse_cmrt(w.build_cmrt(trailing_spaces=True))
    assert data.company_name == "Nordlys Components Ltd."
    assert data.declaration_scope == "A. Company"
    assert data.metal_answers["1"]["tin"]["answer"] == "Yes"
    assert data.metals_in_scope == ["tantalum", "tin", "gold", "tungsten"]
    assert data.smelters[0]["metal"] == "gold"
    assert data.smelters[0]["cid"] == "CID001153"
    assert data.smelters[0]["name"] == "Metalor Technologies S.A."


@pytest.mark.parametrize(("q6", "expected"), [(1, "100%"), ("100%", "100%"), (0.75, "75%"), (">90%", ">90%")])
def test_question_6_as_number_or_text(q6, expected):
    data = parse_cmrt(w.build_cmrt("6.22", q6=q6))
    assert data.metal_answers["6"]["gold"]["answer"] == expected


def test_answers_in_another_case_are_normalised():
    data = parse_cmrt(w.build_cmrt(answers={"3": "unknown", "7": "NO"}))
    assert data.metal_answers["3"]["tin"]["answer"] == "Unknown"
    assert data.metal_answers["7"]["gold"]["answer"] == "No"


def test_not_listed_and_not_yet_identified_rows():
    data = parse_cmrt(w.build_cmrt(smelters=w.MESSY_SMELTERS))
    not_listed, not_identified = data.smelters[0], data.smelters[1]
    assert not_listed["lookup_name"] == "Smelter not listed"
    assert not_listed["name"] == "Kivu Tin Works"
    assert not_listed["country"] == "Rwanda"
    assert not_listed["cid"] == ""
    assert not_identified["lookup_name"] == "Smelter not yet identified"
    assert not_identified["name"] == "" and not_identified["country"] == ""
    assert data.warnings == []


def test_not_listed_without_a_name_is_a_warning_at_its_cell():
    data = parse_cmrt(w.build_cmrt(smelters=[{"metal": "Tin", "lookup_name": "Smelter not listed"}]))
    assert [where(p) for p in data.warnings] == [("Smelter List", 5, "D"), ("Smelter List", 5, "E")]
    assert len(data.smelters) == 1


def test_cid_typed_in_column_a():
    data = parse_cmrt(w.build_cmrt(smelters=[{"cid_input": "cid001182", "metal": "Tin", "lookup_name": "Minsur"}]))
    assert data.smelters[0]["cid"] == "CID001182"


def test_duplicates_drc_and_unknown_cid_are_read_as_reported():
    smelters = [*w.DEFAULT_SMELTERS, *w.MESSY_SMELTERS]
    data = parse_cmrt(w.build_cmrt(smelters=smelters))
    assert len(data.smelters) == 11
    assert [r["cid"] for r in data.smelters].count("CID001153") == 2
    assert data.smelters[9]["country"] == "Congo, Democratic Republic of the"
    assert data.smelters[10]["cid"] == "CID999999"


def test_a_row_without_a_metal_is_skipped_with_a_warning():
    data = parse_cmrt(
        w.build_cmrt(smelters=[{"lookup_name": "Minsur", "comments": "ask about this"}, w.DEFAULT_SMELTERS[0]])
    )
    assert len(data.smelters) == 1
    assert [where(p) for p in data.warnings] == [("Smelter List", 5, "B")]


def test_scope_b_with_a_product_list_of_numeric_looking_numbers():
    products = [(1234, "Notebook 14", ""), (1234.0, "Notebook 14 (duplicate number)", ""), ("00789", "Dock", "EU")]
    data = parse_cmrt(w.build_cmrt(scope="B. Product (or List of Products)", products=products))
    assert data.scope == "B"
    assert data.products == [
        {"number": "1234", "name": "Notebook 14", "comments": ""},
        {"number": "1234", "name": "Notebook 14 (duplicate number)", "comments": ""},
        {"number": "00789", "name": "Dock", "comments": "EU"},
    ]


def test_scope_b_without_products_is_a_warning():
    data = parse_cmrt(w.build_cmrt("6.31", scope="B. Product (or List of Products)"))
    assert [where(p) for p in data.warnings] == [("Product List", 6, "B")]


def test_unanswered_question_for_a_metal_in_scope_is_a_warning_at_its_cell():
    data = parse_cmrt(w.build_cmrt(answers={("7", "gold"): None}))
    # Question 7 starts at row 61; gold is the third row under it.
    assert [where(p) for p in data.warnings] == [("Declaration", 64, "D")]


def test_phone_numbers_stored_as_numbers_keep_their_digits():
    data = parse_cmrt(w.build_cmrt(company={"contact_phone": 4722334455}))
    assert data.company["contact_phone"] == "4722334455"


def test_formulas_without_cached_values_in_smelter_rows_are_named():
    data = parse_cmrt(w.build_cmrt(uncached=("smelters",), smelters=w.DEFAULT_SMELTERS[:2]))
    assert len(data.smelters) == 2
    [warning] = data.warnings
    assert warning.sheet == "Smelter List"
    assert "D5, E5, F5, D6, E6, F6" in warning.message
    assert "Excel" in warning.message


# --- bad files -------------------------------------------------------------------------------


def test_missing_declaration_sheet():
    problems = problems_of(w.build_cmrt(omit_sheets=("Declaration",)))
    assert [where(p) for p in problems] == [("Declaration", None, None)]
    assert "no sheet named 'Declaration'" in problems[0].message


def test_version_5_is_refused_at_j3():
    problems = problems_of(w.build_cmrt("5.12"))
    assert [where(p) for p in problems] == [("Declaration", 3, "J")]
    assert "5.12" in problems[0].message and "6.01 to 6.5" in problems[0].message


def test_version_from_smelter_list_q3_when_j3_is_empty():
    assert parse_cmrt(w.build_cmrt("6.22", version_cells=("Q3",))).template_version == "6.22"


def test_version_missing_everywhere():
    problems = problems_of(w.build_cmrt(version_text=""))
    assert [where(p) for p in problems] == [("Declaration", 3, "J")]
    assert "template version is missing" in problems[0].message


def test_unknown_newer_6x_version_is_read_with_a_warning():
    data = parse_cmrt(w.build_cmrt(version_text="Revision 6.6\n2026-04-01"))
    assert data.template_version == "6.6"
    assert [where(p) for p in data.warnings] == [("Declaration", 3, "J")]


def test_version_formula_without_cached_value_is_explained():
    problems = problems_of(w.build_cmrt(uncached=("version",)))
    assert [where(p) for p in problems] == [("Declaration", 3, "J")]
    assert "formulas without a saved result" in problems[0].message
    assert "Declaration!J3" in problems[0].message


@pytest.mark.parametrize(
    ("field", "row"),
    [("name", 8), ("contact_name", 15), ("contact_email", 16), ("authorizer_name", 18)],
)
def test_missing_mandatory_company_field(field, row):
    problems = problems_of(w.build_cmrt(company={field: None}))
    assert [where(p) for p in problems] == [("Declaration", row, "D")]
    assert "mandatory" in problems[0].message


def test_missing_scope_and_date_are_all_reported_together():
    problems = problems_of(w.build_cmrt(scope=None, effective_date=None, company={"name": None}))
    assert [where(p) for p in problems] == [("Declaration", 8, "D"), ("Declaration", 9, "D"), ("Declaration", 22, "D")]


def test_company_name_formula_without_cached_value():
    problems = problems_of(w.build_cmrt(uncached=("company_name",)))
    assert [where(p) for p in problems] == [("Declaration", 8, "D")]
    assert "Declaration!D8" in problems[0].message


def test_unknown_scope_is_reported_at_d9():
    problems = problems_of(w.build_cmrt(scope="Everything we sell"))
    assert [where(p) for p in problems] == [("Declaration", 9, "D")]


def test_xlsm_with_a_vba_project_is_refused():
    problems = problems_of(w.as_xlsm())
    assert "Macro-enabled" in problems[0].message


def test_xml_bomb_in_a_sheet_is_refused_with_the_sheet_named():
    problems = problems_of(w.with_xml_bomb(sheet="Declaration"))
    assert [where(p) for p in problems] == [("Declaration", None, None)]
    assert "XML entity" in problems[0].message


def test_xml_bomb_in_the_workbook_part_is_refused():
    content = w.build_cmrt()
    bomb = w._rewrite_zip(content, replace={"xl/workbook.xml": w.BILLION_LAUGHS.encode()})
    problems = problems_of(bomb)
    assert "XML entity" in problems[0].message


def test_zip_bomb_is_refused_before_anything_is_inflated(monkeypatch):
    # Proved by what is read, not by a clock: no member of the archive is ever decompressed.
    def refuse_to_inflate(*args, **kwargs):
        raise AssertionError("a member of the ZIP bomb was inflated")

    monkeypatch.setattr(zipfile.ZipExtFile, "read", refuse_to_inflate)
    problems = problems_of(w.zip_bomb())
    assert "unpacks to 300" in problems[0].message


def test_understated_member_size_cannot_inflate_past_what_the_directory_says():
    problems = problems_of(w.with_understated_size(sheet="Smelter List"))
    assert [where(p) for p in problems] == [("Smelter List", None, None)]


@pytest.mark.parametrize(
    "content",
    [w.pdf_bytes(), w.text_bytes(), w.docx_bytes(), w.plain_zip_bytes(), b"PK\x03\x04 broken"],
    ids=["pdf", "text", "docx", "zip", "broken-zip"],
)
def test_files_that_are_not_workbooks(content):
    problems = problems_of(content)
    assert len(problems) == 1
    assert problems[0].sheet is None


def test_empty_file():
    assert problems_of(b"")[0].message == "The file is empty."


def test_problems_are_written_in_the_active_language():
    from django.utils import translation

    with translation.override("nb"):
        assert problems_of(b"")[0].message == "Filen er tom."
