"""Build CMRT workbooks with openpyxl in the shape of the RMI template (6.01, 6.22, 6.31,
6.5), clean or messy, and the bad files an upload must refuse.

The layout follows DOMAIN.md section 4. openpyxl cannot write a formula together with its
cached value, so the cached values a real template holds (labels, the pre-filled smelter
rows' "", "#N/A" and 0) are written as plain values, which is what ``data_only=True``
reads from a file Excel saved. ``uncached`` writes real formulas instead, which is what a
workbook saved by a non-Excel tool looks like.

The smelters and CIDs are illustrative test data, not a copy of the RMI reference list.
"""

import datetime
import functools
import io
import itertools
import re
import struct
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Alignment

VERSIONS = ("6.01", "6.22", "6.31", "6.5")
REVISION_DATES = {
    "5.12": "2019-05-01",
    "6.01": "2021-05-07",
    "6.22": "2022-05-12",
    "6.31": "2023-04-28",
    "6.5": "2025-04-25",
}
SHEETS = (
    "Revision",
    "Instructions",
    "Definitions",
    "Declaration",
    "Smelter List",
    "Checker",
    "Product List",
    "Smelter Look-up",
)
HIDDEN_SHEETS = ("L", "SL", "C")
SMELTER_HEADERS = (
    "Smelter Identification Number Input Column",
    "Metal (*)",
    "Smelter Look-up (*)",
    "Smelter Name (1)",
    "Smelter Country (*)",
    "Smelter Identification",
    "Source of Smelter Identification Number",
    "Smelter Street ",  # the template's own trailing space
    "Smelter City",
    "Smelter Facility Location: State / Province (if applicable)",
    "Smelter Contact Name",
    "Smelter Contact Email",
    "Proposed next steps, if applicable",
    'Name of Mine(s) or if recycled or scrap sourced, enter "recycled" or "scrap"',
    'Location (Country) of Mine(s) or if recycled or scrap sourced, enter "recycled" or "scrap"',
    "Does 100% of the smelter's feedstock originate from recycled or scrap sources?",
    "Comments",
)
SMELTER_FIELDS = (
    "cid_input",
    "metal",
    "lookup_name",
    "name",
    "country",
    "cid",
    "source_of_id",
    "street",
    "city",
    "state",
    "contact_name",
    "contact_email",
    "next_steps",
    "mine_names",
    "mine_country",
    "recycled",
    "comments",
)
TEMPLATE_LAST_ROW = 2504

DEFAULT_COMPANY = {
    "name": "Nordlys Components Ltd.",
    "unique_id": "DUNS 123456789",
    "unique_id_authority": "Dun & Bradstreet",
    "address": "12 Harbour Road, Kowloon, Hong Kong",
    "contact_name": "Mei Chen",
    "contact_email": "mei.chen@nordlys.example",
    "contact_phone": "+852 2345 6789",
    "authorizer_name": "Lars Berg",
    "authorizer_title": "Head of Compliance",
    "authorizer_email": "lars.berg@nordlys.example",
    "authorizer_phone": "+852 2345 6700",
}
COMPANY_ROWS = {
    "name": 8,
    "unique_id": 12,
    "unique_id_authority": 13,
    "address": 14,
    "contact_name": 15,
    "contact_email": 16,
    "contact_phone": 17,
    "authorizer_name": 18,
    "authorizer_title": 19,
    "authorizer_email": 20,
    "authorizer_phone": 21,
}
LABELS = {
    8: "Company Name (*):",
    9: "Declaration Scope or Class (*):",
    10: "Description of Scope:",
    12: "Company Unique ID:",
    13: "Company Unique ID Authority:",
    14: "Address:",
    15: "Contact Name (*):",
    16: "Email – Contact (*):",
    17: "Phone – Contact (*):",
    18: "Authorizer (*):",
    19: "Title - Authorizer:",
    20: "Email - Authorizer (*):",
    21: "Phone - Authorizer:",
    22: "Effective Date (*):",
}
QUESTION_TEXTS = {
    "1": "1) Is any 3TG intentionally added or used in the product(s) or in the production process? (*)",
    "2": "2) Does any 3TG remain in the product(s)? (*)",
    "3": "3) Do any of the smelters in your supply chain source the 3TG from the covered countries? (SEC term)",
    "4": "4) Does 3TG originate from conflict-affected and high-risk areas? (EU term)",
    "5": "5) Does 100 percent of the 3TG (necessary to the functionality or production) come from recycled or scrap?",
    "6": "6) What percentage of relevant suppliers have provided a response to your supply chain survey?",
    "7": "7) Have you identified all of the smelters supplying the 3TG to your supply chain?",
    "8": "8) Has all applicable smelter information received by your company been reported in this declaration?",
}
COMPANY_QUESTION_TEXTS = {
    "A": "A. Do you have a policy in place that addresses conflict minerals sourcing?",
    "B": "B. Is your policy publicly available on your website?",
    "C": "C. Do you require your direct suppliers to source 3TG from smelters validated by an audit program?",
    "D": "D. Have you implemented due diligence measures for conflict-free sourcing?",
    "E": "E. Does your company conduct a Conflict Minerals survey of your relevant suppliers?",
    "F": "F. Do you review due diligence information received from your suppliers against your expectations?",
    "G": "G. Does your review process include corrective action management?",
    "H": "H. Is your company required to file an annual conflict minerals disclosure?",
}
METALS = ("tantalum", "tin", "gold", "tungsten")
DEFAULT_ANSWERS = {"1": "Yes", "2": "Yes", "3": "No", "4": "No", "5": "No", "6": "100%", "7": "Yes", "8": "Yes"}
DEFAULT_COMPANY_ANSWERS = {
    "A": "Yes",
    "B": "Yes",
    "C": "Yes",
    "D": "Yes",
    "E": "Yes, using the CMRT",
    "F": "Yes",
    "G": "Yes",
    "H": "No",
}
DEFAULT_SMELTERS = (
    {
        "metal": "Gold",
        "lookup_name": "Metalor Technologies S.A.",
        "name": "Metalor Technologies S.A.",
        "country": "Switzerland",
        "cid": "CID001153",
        "source_of_id": "RMI",
        "city": "Marin",
    },
    {
        "metal": "Gold",
        "lookup_name": "Asahi Pretec Corp.",
        "name": "Asahi Pretec Corp.",
        "country": "Japan",
        "cid": "CID000082",
        "source_of_id": "RMI",
    },
    {
        "metal": "Tin",
        "lookup_name": "Minsur",
        "name": "Minsur",
        "country": "Peru",
        "cid": "CID001182",
        "source_of_id": "RMI",
    },
    {
        "metal": "Tin",
        "lookup_name": "PT Timah Tbk Kundur",
        "name": "PT Timah Tbk Kundur",
        "country": "Indonesia",
        "cid": "CID001477",
        "source_of_id": "RMI",
    },
    {
        "metal": "Tantalum",
        "lookup_name": "Global Advanced Metals Boyertown",
        "name": "Global Advanced Metals Boyertown",
        "country": "United States Of America",
        "cid": "CID002557",
        "source_of_id": "RMI",
    },
    {
        "metal": "Tungsten",
        "lookup_name": "Global Tungsten & Powders Corp.",
        "name": "Global Tungsten & Powders LLC",  # the look-up name is an alias of the standard name
        "country": "United States Of America",
        "cid": "CID000568",
        "source_of_id": "RMI",
    },
)
# The reference list the default smelters are checked against (see ``reference_rows``).
DEFAULT_REFERENCES = (
    ("CID001153", "Metalor Technologies S.A.", "gold", "Switzerland", "conformant"),
    ("CID000082", "Asahi Pretec Corp.", "gold", "Japan", "conformant"),
    ("CID001182", "Minsur", "tin", "Peru", "conformant"),
    ("CID001477", "PT Timah Tbk Kundur", "tin", "Indonesia", "conformant"),
    ("CID002557", "Global Advanced Metals Boyertown", "tantalum", "United States Of America", "conformant"),
    ("CID000568", "Global Tungsten & Powders LLC", "tungsten", "United States Of America", "conformant"),
)
MESSY_SMELTERS = (
    {"metal": "Tin", "lookup_name": "Smelter not listed", "name": "Kivu Tin Works", "country": "Rwanda"},
    {"metal": "Gold", "lookup_name": "Smelter not yet identified"},
    {
        "metal": "Gold",
        "lookup_name": "Metalor Technologies S.A.",
        "name": "Metalor Technologies S.A.",
        "country": "Switzerland",
        "cid": "CID001153",
    },  # fmt: skip
    {
        "metal": "Tantalum",
        "lookup_name": "Congo Tantalum Refinery",
        "name": "Congo Tantalum Refinery",
        "country": "Congo, Democratic Republic of the",
        "cid": "CID009901",
    },  # fmt: skip
    {
        "metal": "Tungsten",
        "lookup_name": "Mystery Tungsten Co.",
        "name": "Mystery Tungsten Co.",
        "country": "China",
        "cid": "CID999999",
    },  # fmt: skip
)


def many_smelters(count):
    """``count`` distinct smelter rows, cycling through the metals."""
    rows = []
    for n in range(count):
        metal = ("Tantalum", "Tin", "Gold", "Tungsten")[n % 4]
        rows.append(
            {
                "metal": metal,
                "lookup_name": f"Smelter {n:04d}",
                "name": f"Smelter {n:04d}",
                "country": ("China", "Malaysia", "Peru", "Rwanda", "Germany")[n % 5],
                "cid": f"CID{100000 + n:06d}",
                "source_of_id": "RMI",
            }
        )
    return rows


def reference_rows():
    """SmelterReference rows for the default smelters (create them in a test)."""
    from suppliers.models import SmelterReference

    return [
        SmelterReference(cid=cid, name=name, metal=metal, country=country, rmap_status=status)
        for cid, name, metal, country, status in DEFAULT_REFERENCES
    ]


def _q6_default(version):
    # Up to 6.22 Excel stored a typed 100% as the number 1 (format 0%); from 6.31 the text "100%".
    return 1 if version in ("6.01", "6.1", "6.22", "5.12") else "100%"


def build_cmrt(
    version="6.5",
    *,
    company=None,
    scope="A. Company",
    scope_description="",
    effective_date=datetime.date(2025, 3, 15),
    answers=None,
    company_answers=None,
    smelters=DEFAULT_SMELTERS,
    products=None,
    template_rows=300,
    blank_rows_between=0,
    extra_front_sheet=False,
    merged_declaration=False,
    trailing_spaces=False,
    omit_sheets=(),
    sheet_titles=None,
    q6=None,
    version_text=None,
    uncached=(),
    version_cells=("J3", "Q3"),
    language="English",
    note=None,
):
    """A CMRT workbook as bytes.

    note: a line on the Instructions sheet (not read), to make otherwise identical files differ.
    company: overrides of DEFAULT_COMPANY (None leaves the cell empty).
    effective_date: a date (stored as an Excel date), a string (typed text) or None.
    answers: {question: answer for every metal} or {(question, metal): answer}, e.g. {"3": "Unknown"}.
    smelters: dicts with SMELTER_FIELDS keys; the metal as the template writes it ("Gold").
    template_rows: pre-filled template rows below the smelters (the real template has them down
        to row 2504; ``template_rows="full"`` writes exactly that).
    uncached: "version", "company_name" and/or "smelters": write those cells as formulas
        without cached values, as a non-Excel tool does.
    version_cells: where the revision text is written (Declaration!J3, 'Smelter List'!Q3).
    """
    company = {**DEFAULT_COMPANY, **(company or {})}
    sheet_titles = {name: name for name in SHEETS} | (sheet_titles or {})
    pad = " " if trailing_spaces else ""
    revision = version_text if version_text is not None else f"Revision {version}\n{REVISION_DATES.get(version, '')}"

    workbook = Workbook()
    workbook.remove(workbook.active)
    if extra_front_sheet:
        cover = workbook.create_sheet("Supplier cover sheet")
        cover["A1"] = "Prepared for Oslo kommune"
        cover["A2"] = "Our internal reference: 2025-CM-17"
        cover["B5"] = 0
        cover["C7"] = "#N/A"
    sheets = {}
    for name in SHEETS:
        if name in omit_sheets:
            continue
        sheets[name] = workbook.create_sheet(sheet_titles[name])
    for name in HIDDEN_SHEETS:
        hidden = workbook.create_sheet(name)
        hidden.sheet_state = "hidden"
        hidden["A1"] = "helper"
        hidden["B1"] = revision

    if "Revision" in sheets:
        sheets["Revision"]["B2"] = revision
        sheets["Revision"]["B4"] = "Conflict Minerals Reporting Template (CMRT)"
    if "Instructions" in sheets:
        sheets["Instructions"]["B2"] = "Instructions"
        sheets["Instructions"]["B4"] = "Fill in the Declaration tab, then the Smelter List."
        if note:
            sheets["Instructions"]["B6"] = note
    if "Definitions" in sheets:
        sheets["Definitions"]["B2"] = "Definitions"
    if "Checker" in sheets:
        checker = sheets["Checker"]
        checker["B2"] = "Checker"
        for row in range(4, 30):
            checker.cell(row=row, column=2, value=f"Check {row}")
            checker.cell(row=row, column=4, value=0)
    if "Smelter Look-up" in sheets:
        lookup = sheets["Smelter Look-up"]
        for col, header in enumerate(("Metal", "Smelter Look-up", "Standard Smelter Name", "Country", "CID"), 1):
            lookup.cell(row=1, column=col, value=header)
        for row, smelter in enumerate(DEFAULT_SMELTERS, 2):
            for col, key in enumerate(("metal", "lookup_name", "name", "country", "cid"), 1):
                lookup.cell(row=row, column=col, value=smelter.get(key))

    if "Declaration" in sheets:
        _declaration(
            sheets["Declaration"],
            version=version,
            revision=revision,
            company=company,
            scope=scope,
            scope_description=scope_description,
            effective_date=effective_date,
            answers=answers or {},
            company_answers=company_answers or {},
            merged=merged_declaration,
            pad=pad,
            q6=_q6_default(version) if q6 is None else q6,
            uncached=uncached,
            language=language,
            version_cells=version_cells,
        )
    if "Smelter List" in sheets:
        _smelter_list(
            sheets["Smelter List"],
            revision=revision,
            smelters=smelters,
            template_rows=template_rows,
            blank_rows_between=blank_rows_between,
            pad=pad,
            uncached=uncached,
            version_cells=version_cells,
        )
    if "Product List" in sheets:
        _product_list(sheets["Product List"], version=version, products=products or [], language=language)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _answer_for(answers, question, metal, default):
    if (question, metal) in answers:
        return answers[(question, metal)]
    return answers.get(question, default)


def _declaration(ws, *, version, revision, company, scope, scope_description, effective_date, answers,
                 company_answers, merged, pad, q6, uncached, language, version_cells):  # fmt: skip
    ws["B2"] = "Conflict Minerals Reporting Template (CMRT)"
    ws["B3"] = "Select Your Language Here:"
    ws["D3"] = language
    if "version" in uncached:
        ws["J3"] = "=L!B1"
    elif "J3" in version_cells:
        ws["J3"] = revision
        ws["J3"].alignment = Alignment(wrap_text=True)
    ws["B5"] = "Mandatory fields are noted with an asterisk (*)."
    ws["B6"] = "Company Information"
    for row, label in LABELS.items():
        ws.cell(row=row, column=2, value=label)
    for key, row in COMPANY_ROWS.items():
        value = company.get(key)
        if value is not None:
            ws.cell(row=row, column=4, value=f"{value}{pad}" if isinstance(value, str) else value)
    if "company_name" in uncached:
        ws["D8"] = "=L!C2"
    if scope is not None:
        ws["D9"] = f"{scope}{pad}"
    if scope_description:
        ws["D10"] = scope_description
    if effective_date is not None:
        ws["D22"] = effective_date
        if isinstance(effective_date, datetime.date):
            ws["D22"].number_format = "DD-MMM-YYYY"
    ws["B24"] = "Answer the following questions 1 - 8 based on the declaration scope indicated above"
    for number in range(1, 9):
        start = 25 + 6 * (number - 1)
        ws.cell(row=start, column=2, value=QUESTION_TEXTS[str(number)])
        ws.cell(row=start, column=7, value="Comments")
        for offset, metal in enumerate(METALS, 1):
            row = start + offset
            ws.cell(row=row, column=3, value=f"{metal.title()} (*)")
            default = q6 if number == 6 else DEFAULT_ANSWERS[str(number)]
            value = _answer_for(answers, str(number), metal, default)
            if value is not None:
                cell = ws.cell(row=row, column=4, value=f"{value}{pad}" if isinstance(value, str) else value)
                if number == 6 and not isinstance(value, str):
                    cell.number_format = "0%"
            comment = answers.get(("comment", str(number), metal))
            if comment:
                ws.cell(row=row, column=7, value=comment)
    ws["B73"] = "Answer the Company Level Questions (A - H)"
    for index, letter in enumerate("ABCDEFGH"):
        row = 75 + 2 * index
        ws.cell(row=row, column=2, value=COMPANY_QUESTION_TEXTS[letter])
        value = company_answers.get(letter, DEFAULT_COMPANY_ANSWERS[letter])
        if value is not None:
            ws.cell(row=row, column=4, value=value)
        if letter == "B" and value == "Yes":
            ws.cell(row=row, column=7, value="https://nordlys.example/conflict-minerals-policy")
    if merged:
        # Suppliers merge answer cells across D:H; the value stays in the top-left cell.
        for row in (8, 9, 10, 14, 22):
            ws.merge_cells(start_row=row, start_column=4, end_row=row, end_column=8)
        ws.merge_cells("B24:I24")
        ws.merge_cells("B25:C25")


def _smelter_list(ws, *, revision, smelters, template_rows, blank_rows_between, pad, uncached, version_cells):
    ws["A1"] = "Smelter List"
    if "version" in uncached:
        ws["Q3"] = "=L!B1"
    elif "Q3" in version_cells:
        ws["Q3"] = revision
    for col, header in enumerate(SMELTER_HEADERS, 1):
        ws.cell(row=4, column=col, value=header)
    ws.column_dimensions.group("R", "Z", hidden=True)
    ws["R4"] = "Standard Smelter Name"
    ws["S4"] = "Country Code"
    row = 5
    for smelter in smelters:
        for col, key in enumerate(SMELTER_FIELDS, 1):
            value = smelter.get(key)
            if "smelters" in uncached and key in ("name", "country", "cid") and smelter.get("cid"):
                value = f"=IFERROR(VLOOKUP(C{row},'Smelter Look-up'!B:E,{col - 2},FALSE),\"\")"
            elif isinstance(value, str):
                value = f"{value}{pad}"
            elif value is None:
                value = _noise(col)
            ws.cell(row=row, column=col, value=value)
        ws.cell(row=row, column=18, value=smelter.get("name") or "#N/A")
        row += 1
        for _ in range(blank_rows_between):
            _template_row(ws, row)
            row += 1
    last = TEMPLATE_LAST_ROW if template_rows == "full" else row + template_rows - 1
    for template_row in range(row, last + 1):
        _template_row(ws, template_row)


def _noise(col):
    """What an unused template row caches in column ``col`` (1-based)."""
    return {4: "", 5: "#N/A", 6: 0, 7: "", 16: ""}.get(col)


def _template_row(ws, row):
    for col in (4, 5, 6, 7, 16):
        ws.cell(row=row, column=col, value=_noise(col))
    # Hidden system columns R-Z: standard name, country code and look-up helpers.
    for col, value in zip(range(18, 27), ("#N/A", 0, "", "#N/A", 0, "", 0, "#N/A", ""), strict=True):
        ws.cell(row=row, column=col, value=value)


COPYRIGHT = "Copyright © 2025 Responsible Minerals Initiative. All rights reserved."
PRODUCT_TEMPLATE_ROWS = 200


def _product_list(ws, *, version, products, language="English"):
    """The template's Product List: a title and instructions above, the header in B5:D5
    ("Responder's ..." in 6.5, "Manufacturer's ..." before), products from B6, the formatted
    area down to row 205 and the template's copyright line under it."""
    who = "Responder's" if version == "6.5" else "Manufacturer's"
    ws["B1"] = "Product List"
    ws["B2"] = "Please list the products covered by this declaration (Declaration Scope B)."
    ws["B3"] = revision_text(version)
    if language == "English":
        ws["B5"] = f"{who} Product Number (*)"
        ws["C5"] = f"{who} Product Name"
        ws["D5"] = "Comments"
    else:  # labels from the language sheet
        ws["B5"] = "Numéro de produit du répondant (*)"
        ws["C5"] = "Nom du produit"
        ws["D5"] = "Commentaires"
    for row, product in enumerate(products, 6):
        for col, value in enumerate(product, 2):
            ws.cell(row=row, column=col, value=value)
    ws.cell(row=6 + max(PRODUCT_TEMPLATE_ROWS, len(products)) + 1, column=2, value=COPYRIGHT)


def revision_text(version):
    return f"Revision {version}\n{REVISION_DATES.get(version, '')}"


# --- bad files ----------------------------------------------------------------------------


def _rewrite_zip(content, *, replace=None, add=None):
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = (replace or {}).get(info.filename, source.read(info.filename))
            target.writestr(info.filename, data)
        for name, data in (add or {}).items():
            target.writestr(name, data)
    return buffer.getvalue()


def sheet_member(content, title):
    """The ZIP member holding a sheet's XML, found through workbook.xml and its relations."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    workbook = archive.read("xl/workbook.xml").decode()
    rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    for match in re.finditer(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', workbook):
        if match.group(1) == title:
            target = re.search(rf'Id="{match.group(2)}"[^>]*Target="([^"]+)"', rels) or re.search(
                rf'Target="([^"]+)"[^>]*Id="{match.group(2)}"', rels
            )
            path = target.group(1).lstrip("/")
            return path if path.startswith("xl/") else f"xl/{path}"
    raise KeyError(title)


def as_xlsm(content=None):
    """A macro-enabled workbook: the same package with a VBA project."""
    content = content or build_cmrt()
    return _rewrite_zip(content, add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 fake VBA project"})


BILLION_LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!DOCTYPE worksheet [\n <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{n} "{("&lol;" if n == 1 else f"&lol{n - 1};") * 10}">\n' for n in range(1, 10))
    + "]>\n"
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row r="8"><c r="D8" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    "</sheetData></worksheet>"
)


def with_xml_bomb(content=None, sheet="Declaration"):
    """A valid xlsx whose sheet XML declares a billion-laughs entity."""
    content = content or build_cmrt()
    return _rewrite_zip(content, replace={sheet_member(content, sheet): BILLION_LAUGHS.encode()})


@functools.lru_cache(maxsize=1)
def zip_bomb(megabytes=300):
    """A valid xlsx plus a member of ``megabytes`` MB of zeros (about 300 KB compressed)."""
    buffer = io.BytesIO(build_cmrt(template_rows=10))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo("xl/media/image1.png")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(megabytes):
                member.write(chunk)
    return buffer.getvalue()


def with_understated_size(content=None, sheet="Smelter List", declared=1000):
    """A ZIP whose directory says a sheet's XML is ``declared`` bytes while it inflates to
    far more: the size check passes, and zipfile must stop at the declared size."""
    content = content or build_cmrt()
    member = sheet_member(content, sheet).encode()
    data = bytearray(content)
    for signature, size_offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (index := data.find(signature, start)) != -1:
            start = index + 4
            name_offset = 30 if signature == b"PK\x03\x04" else 46
            name_length = struct.unpack_from("<H", data, index + (26 if signature == b"PK\x03\x04" else 28))[0]
            if bytes(data[index + name_offset : index + name_offset + name_length]) == member:
                struct.pack_into("<I", data, index + size_offset, declared)
    return bytes(data)


def pdf_bytes():
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def text_bytes():
    return b"Dear buyer,\nplease find our CMRT attached.\n"


def docx_bytes():
    """A minimal Word package (a ZIP with word/document.xml)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def plain_zip_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("readme.txt", "not an office file")
    return buffer.getvalue()


_uploads = itertools.count(1)


def make_cmrt_report(supplier, *, smelters=None, actor=None, **options):
    """A CmrtReport imported the real way (file stored, evidence created), for view tests
    and for tests/test_access_walk.py's world: ``make_cmrt_report(supplier_a)``."""
    from suppliers.cmrt.services import cmrt_import

    # Each call makes a different file: the same bytes twice would be refused as a duplicate.
    options.setdefault("note", f"test upload {next(_uploads)}")
    content = build_cmrt(smelters=DEFAULT_SMELTERS if smelters is None else smelters, template_rows=20, **options)
    _data, report = cmrt_import(supplier=supplier, content=content, filename="cmrt.xlsx", actor=actor)
    return report
