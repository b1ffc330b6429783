"""Read an RMI Conflict Minerals Reporting Template (CMRT 6.01 to 6.5) into plain data.

The layout is the one in DOMAIN.md section 4: the Declaration answers in column D at fixed
rows, the Smelter List from row 5 under a header in row 4, the Product List from row 6.
Sheets are found by name (suppliers add their own, even in front), cached values are read
(every label and many answers are formulas), and the pre-filled template rows (cached "",
"#N/A" or 0) are not smelters.

``parse_cmrt(content)`` returns ``CmrtData`` or raises ``CmrtError`` with every problem it
found, each with its sheet, row and column. Problems that do not stop the import (a
"Smelter not listed" row without a name, an unanswered question) are kept in
``CmrtData.warnings``. Nothing here touches the database.

Protection, before openpyxl reads a byte of XML: the ZIP directory is checked for bombs and
macros (``office_zip_kind``); openpyxl parses through defusedxml, so an XML entity bomb is
refused; the workbook is always closed.
"""

import datetime
import io
import logging
import re
import warnings
import zipfile
from dataclasses import dataclass, field

import openpyxl
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import from_excel

from oslo_procurement.uploads import XLSX, office_zip_kind

if not openpyxl.DEFUSEDXML:  # pragma: no cover - a broken installation
    raise ImproperlyConfigured("Install defusedxml: openpyxl must not parse workbooks without it.")

logger = logging.getLogger(__name__)

DECLARATION = "Declaration"
SMELTER_LIST = "Smelter List"
PRODUCT_LIST = "Product List"

# The metals in the order of the four rows under each question 1-8.
METALS = ("tantalum", "tin", "gold", "tungsten")
METAL_LABELS = {"tantalum": _l("Tantalum"), "tin": _l("Tin"), "gold": _l("Gold"), "tungsten": _l("Tungsten")}

METAL_QUESTIONS = {
    "1": _l("Is the metal intentionally added to the product?"),
    "2": _l("Does the metal remain in the product?"),
    "3": _l("Does any of it come from the covered countries (DRC and its neighbours)?"),
    "4": _l("Does any of it come from conflict-affected and high-risk areas?"),
    "5": _l("Does all of it come from recycled or scrap sources?"),
    "6": _l("What share of the relevant suppliers have answered?"),
    "7": _l("Have all smelters been identified?"),
    "8": _l("Has all smelter information received been reported?"),
}
COMPANY_QUESTIONS = {
    "A": _l("Has a responsible minerals sourcing policy"),
    "B": _l("The policy is publicly available (web address)"),
    "C": _l("Requires direct suppliers to source from audited smelters"),
    "D": _l("Has due-diligence measures for responsible sourcing"),
    "E": _l("Surveys its relevant suppliers"),
    "F": _l("Reviews the information received from suppliers"),
    "G": _l("Has a corrective-action process for supplier responses"),
    "H": _l("Must file an annual conflict minerals disclosure"),
}
SCOPES = {"A": _l("A. Company"), "B": _l("B. Product (or list of products)"), "C": _l("C. User defined")}

# Declaration cells (row, column letter).
VERSION_CELL = (3, "J")
SMELTER_VERSION_CELL = (3, "Q")
COMPANY_CELLS = {
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
SCOPE_ROW, SCOPE_DESCRIPTION_ROW, EFFECTIVE_DATE_ROW = 9, 10, 22
QUESTION_START_ROWS = {str(n): 25 + 6 * (n - 1) for n in range(1, 9)}  # 25, 31, ... 67
COMPANY_QUESTION_ROWS = {letter: 75 + 2 * i for i, letter in enumerate("ABCDEFGH")}  # 75, 77, ... 89
ANSWER_COLUMN, COMMENT_COLUMN = "D", "G"
MANDATORY = {
    8: _l("Company name"),
    9: _l("Declaration scope"),
    15: _l("Contact name"),
    16: _l("Contact email"),
    18: _l("Authorizer"),
    22: _l("Effective date"),
}

SMELTER_HEADER_ROW, SMELTER_FIRST_ROW = 4, 5
PRODUCT_HEADER_ROW, PRODUCT_FIRST_ROW = 5, 6
# Product List columns B, C and D (0-based indexes) when the header names are not English.
PRODUCT_COLUMNS = (1, 2, 3)
PRODUCT_HEADER_SEARCH_ROWS = 12
PRODUCT_MAX_COL = 8
# The template has 2,500 smelter rows; a sheet far longer than that is not a CMRT.
MAX_SMELTER_ROWS = 10_000
PROGRESS_EVERY = 250  # smelter rows between two progress reports of a background upload
MAX_PRODUCT_ROWS = 10_000

# Smelter List columns A-Q, by field name (the CmrtSmelter field names, plus the CID input column).
SMELTER_COLUMNS = {
    "cid_input": "A",
    "metal": "B",
    "lookup_name": "C",
    "name": "D",
    "country": "E",
    "cid": "F",
    "source_of_id": "G",
    "street": "H",
    "city": "I",
    "state": "J",
    "contact_name": "K",
    "contact_email": "L",
    "next_steps": "M",
    "mine_names": "N",
    "mine_country": "O",
    "recycled": "P",
    "comments": "Q",
}
# English header texts (trimmed, lower case, without "(*)"), most specific first. Labels come
# from a language sheet, so in another language none match and the fixed columns are used.
_HEADER_PREFIXES = (
    ("smelter identification number input", "cid_input"),
    ("source of smelter identification", "source_of_id"),
    ("smelter identification", "cid"),
    ("metal", "metal"),
    ("smelter look-up", "lookup_name"),
    ("smelter lookup", "lookup_name"),
    ("smelter name", "name"),
    ("smelter country", "country"),
    ("smelter street", "street"),
    ("smelter city", "city"),
    ("smelter facility location", "state"),
    ("smelter contact name", "contact_name"),
    ("smelter contact email", "contact_email"),
    ("proposed next steps", "next_steps"),
    ("name of mine", "mine_names"),
    ("location (country) of mine", "mine_country"),
    ("does 100%", "recycled"),
    ("comments", "comments"),
)
NOT_LISTED = "smelter not listed"
NOT_IDENTIFIED = "smelter not yet identified"
CID_PATTERN = re.compile(r"^CID\d{6}$")

KNOWN_VERSIONS = ("6.01", "6.1", "6.10", "6.2", "6.22", "6.3", "6.31", "6.4", "6.5")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january", "januar"),
            ("feb", "february", "februar"),
            ("mar", "march", "mars"),
            ("apr", "april"),
            ("may", "mai"),
            ("jun", "june", "juni"),
            ("jul", "july", "juli"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october", "okt", "oktober"),
            ("nov", "november"),
            ("dec", "december", "des", "desember"),
        ),
        start=1,
    )
    for name in names
}


@dataclass(frozen=True)
class Problem:
    """Something wrong in the workbook, at a sheet, row and column where there is one."""

    sheet: str | None
    row: int | None
    column: str | None
    message: str

    @property
    def cell(self):
        return f"{self.column}{self.row}" if self.column and self.row else ""

    @property
    def location(self):
        if self.sheet and self.row and self.column:
            return _("sheet %(sheet)s, row %(row)s, column %(column)s") % {
                "sheet": self.sheet,
                "row": self.row,
                "column": self.column,
            }
        if self.sheet and self.row:
            return _("sheet %(sheet)s, row %(row)s") % {"sheet": self.sheet, "row": self.row}
        if self.sheet:
            return _("sheet %(sheet)s") % {"sheet": self.sheet}
        return ""

    def __str__(self):
        return f"{self.location}: {self.message}" if self.location else self.message


class CmrtError(Exception):
    """The file cannot be read as a CMRT; ``problems`` says where and why."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


@dataclass
class CmrtData:
    template_version: str
    declaration_scope: str
    scope_description: str
    company: dict
    effective_date: datetime.date | None
    metals_in_scope: list
    metal_answers: dict
    company_answers: dict
    smelters: list
    products: list
    warnings: list = field(default_factory=list)

    @property
    def scope(self):
        """The scope's letter: A (company), B (products) or C (user defined)."""
        return self.declaration_scope[:1].upper()

    @property
    def company_name(self):
        return self.company.get("name", "")

    def smelters_per_metal(self):
        counts = {metal: 0 for metal in METALS}
        for row in self.smelters:
            counts[row["metal"]] += 1
        return counts


# --- cell values ------------------------------------------------------------------------


def _is_noise(value):
    """Cached values of an unused template row: empty, an error such as #N/A, or zero."""
    if value is None or isinstance(value, bool):
        return True
    if isinstance(value, str):
        stripped = value.replace("\xa0", " ").strip()
        return stripped == "" or stripped in ERROR_CODES
    if isinstance(value, int | float):
        return value == 0
    return False


def text(value):
    """A cell as trimmed text; template noise becomes "". Numbers keep their digits
    (1234.0 becomes "1234"), dates become ISO dates."""
    if _is_noise(value):
        return ""
    if isinstance(value, str):
        return value.replace("\xa0", " ").strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time(0) else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _answer(value):
    """An answer with Yes/No/Unknown spelled the template's way whatever the case."""
    answer = text(value)
    return {"yes": "Yes", "no": "No", "unknown": "Unknown"}.get(answer.lower(), answer)


def _percent_answer(value):
    """Question 6: up to 6.22 Excel stores a typed 100% as the number 1 (formatted 0%);
    from 6.31 the list gives the text "100%". Both become "100%"."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value == 0:
            return "0%"
        share = value * 100 if value <= 1 else value
        return f"{share:g}%"
    answer = text(value)
    return "None" if answer.lower() == "none" else answer


def parse_date(value):
    """An Excel date or datetime, an Excel serial number, or typed text such as 15-Mar-2025,
    2025-03-15, 15.03.2025 or 15/03/2025. None if it is none of these."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20_000 <= value <= 80_000:  # 1954-2119 as Excel serial numbers
            return from_excel(value).date()
        return None
    raw = text(value)
    if not raw:
        return None
    raw = raw.replace(",", " ").strip()
    patterns = (
        (r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?", ("y", "m", "d")),
        (r"(\d{1,2})[./](\d{1,2})[./](\d{4})", ("d", "m", "y")),
        (r"(\d{1,2})[-\s.]+([A-Za-zæøå]+)\.?[-\s.]+(\d{2}|\d{4})", ("d", "b", "y")),
        (r"([A-Za-z]+)\.?\s+(\d{1,2})\s+(\d{4})", ("b", "d", "y")),
    )
    for pattern, order in patterns:
        match = re.fullmatch(pattern, raw)
        if not match:
            continue
        parts = dict(zip(order, match.groups(), strict=True))
        month = int(parts["m"]) if "m" in parts else _MONTHS.get(parts["b"].lower())
        year = int(parts["y"])
        year = year + 2000 if year < 100 else year
        try:
            return datetime.date(year, month or 0, int(parts["d"]))
        except ValueError:
            return None
    return None


def _product_number(value):
    """Product numbers are text even when Excel stored them as numbers."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return text(value)


def _normalise_header(value):
    header = re.sub(r"\s+", " ", text(value).lower())
    return re.sub(r"\s*\((\*|\d)\)\s*", " ", header).strip()


def normalise_cid(value):
    return re.sub(r"\s+", "", text(value)).upper()


# --- workbook access --------------------------------------------------------------------


class _Sheet:
    """Values of one sheet read once into memory: ``value(row, "D")``."""

    def __init__(self, title, rows, first_row):
        self.title = title
        self.first_row = first_row
        self.rows = rows

    def value(self, row, column):
        index = row - self.first_row
        col = column_index_from_string(column) - 1
        if 0 <= index < len(self.rows) and col < len(self.rows[index]):
            return self.rows[index][col]
        return None


def _find_sheet(workbook, name):
    """The sheet's real title, matching trimmed and case-insensitive; None if absent."""
    wanted = name.strip().casefold()
    for title in workbook.sheetnames:
        if title.strip().casefold() == wanted:
            return title
    return None


def _read_rows(workbook, title, *, min_row, max_row, max_col, progress=None):
    """All values of a sheet's rows, or a Problem when the sheet's XML cannot be read. With
    ``progress``, it is told how many rows with a value in column B (the Smelter List's
    metal) were read, every PROGRESS_EVERY such rows."""
    worksheet = workbook[title]
    worksheet.reset_dimensions()  # non-Excel tools write wrong <dimension> elements
    try:
        rows = worksheet.iter_rows(min_row=min_row, max_row=max_row, max_col=max_col, values_only=True)
        if progress is None:
            return [tuple(row) for row in rows]
        read, named = [], 0
        for row in rows:
            read.append(tuple(row))
            if len(row) > 1 and row[1] not in (None, "") and min_row + len(read) - 1 >= SMELTER_FIRST_ROW:
                named += 1
                if named % PROGRESS_EVERY == 0:
                    progress(named)
        progress(named)
        return read
    except DefusedXmlException:
        raise CmrtError([Problem(title, None, None, _xml_attack_message())]) from None
    except Exception:  # any failure inside openpyxl on a hostile file is the file's problem
        logger.warning("CMRT sheet %r could not be read", title, exc_info=True)
        raise CmrtError(
            [Problem(title, None, None, _("This sheet is damaged and cannot be read. Save the file again in Excel."))]
        ) from None


def _xml_attack_message():
    return _(
        "The workbook contains XML entity declarations, which Excel never writes; it may be an attack and was refused."
    )


_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _sheet_parts(archive):
    """ZIP member path -> sheet title, from workbook.xml and its relations (parsed with
    defusedxml), so a problem inside a part can name its sheet."""
    try:
        workbook = safe_fromstring(archive.read("xl/workbook.xml"))
        relations = safe_fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except DefusedXmlException:
        raise CmrtError([Problem(None, None, None, _xml_attack_message())]) from None
    except Exception:  # a missing or broken part: openpyxl reports it below
        return {}
    targets = {rel.get("Id"): rel.get("Target") or "" for rel in relations}
    parts = {}
    for sheet in workbook.iter(f"{_MAIN_NS}sheet"):
        target = targets.get(sheet.get(_REL_ID), "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        parts[path] = sheet.get("name")
    return parts


def _check_parts(content):
    """Before openpyxl: name the sheet of any XML part that declares a DTD or entities
    (Excel never writes one; defusedxml would refuse it anyway, without saying where)."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    parts = _sheet_parts(archive)
    problems = []
    for info in archive.infolist():
        if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        try:
            with archive.open(info) as member:
                head = member.read(4096)
        except Exception:  # noqa: S112 - a damaged part is reported when openpyxl reads it
            continue
        if re.search(rb"<!(DOCTYPE|ENTITY)", head, re.IGNORECASE):
            problems.append(Problem(parts.get(info.filename), None, None, _xml_attack_message()))
    if problems:
        raise CmrtError(problems[:1] if len({p.sheet for p in problems}) == 1 else problems)
    return parts


def _open(content):
    try:
        kind = office_zip_kind(content)
    except ValidationError as exc:
        part = (getattr(exc, "params", None) or {}).get("part")
        if part:
            # The upload check names the ZIP part at fault; a CMRT problem names its sheet.
            sheet = _sheet_parts(zipfile.ZipFile(io.BytesIO(content))).get(part)
            message = (
                _xml_attack_message()
                if exc.code == "xml_entities"
                else _("This sheet is damaged and cannot be read. Save the file again in Excel.")
            )
            raise CmrtError([Problem(sheet, None, None, message if sheet else exc.messages[0])]) from None
        raise CmrtError([Problem(None, None, None, message) for message in exc.messages]) from None
    if kind != XLSX:
        raise CmrtError([Problem(None, None, None, _("The file is not an Excel workbook (.xlsx)."))])
    parts = _check_parts(content)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about every data validation extension
            return openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
    except DefusedXmlException:
        raise CmrtError([Problem(None, None, None, _xml_attack_message())]) from None
    except Exception as exc:  # see _read_rows
        logger.warning("CMRT workbook could not be opened", exc_info=True)
        # zipfile names the damaged part ("Bad CRC-32 for file 'xl/worksheets/sheet5.xml'").
        sheet = next((title for path, title in parts.items() if path in str(exc)), None)
        message = (
            _("This sheet is damaged and cannot be read. Save the file again in Excel.")
            if sheet
            else _("The file is not a readable Excel workbook. Save it again in Excel.")
        )
        raise CmrtError([Problem(sheet, None, None, message)]) from None


_METAL_CELL = re.compile(rb'<(?:\w+:)?c r="B(\d+)"[^>]*?(?:/>|>(.*?)</(?:\w+:)?c>)', re.S)
_CELL_VALUE = re.compile(rb"<(?:\w+:)?(?:v|t)(?:\s[^>]*)?>\s*[^<\s]")


def estimate_smelter_rows(content) -> int:
    """How many rows of the Smelter List name a metal (column B from row 5), counted in the
    sheet's XML without opening the workbook: a few milliseconds for any size, so the
    upload can choose between reading the file at once and reading it in the background.
    An estimate only (0 when the sheet is not found); the parser decides what is read."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        parts = _sheet_parts(archive)
        wanted = SMELTER_LIST.casefold()
        part = next((path for path, title in parts.items() if (title or "").strip().casefold() == wanted), None)
        if part is None:
            return 0
        xml = archive.read(part)
    except Exception:  # a damaged file: the parser says what is wrong with it
        return 0
    return sum(
        1
        for match in _METAL_CELL.finditer(xml)
        if int(match.group(1)) >= SMELTER_FIRST_ROW and match.group(2) and _CELL_VALUE.search(match.group(2))
    )


def formula_cells(content, title, cells):
    """Which of ``cells`` ((row, column letter) pairs) of a sheet hold a formula. A formula
    without a cached value reads as empty with data_only=True; this tells the two apart."""
    if not cells:
        return set()
    rows = [row for row, _column in cells]
    wanted = set(cells)
    found = set()
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False, keep_links=False)
    try:
        worksheet = workbook[title]
        worksheet.reset_dimensions()
        max_col = max(column_index_from_string(column) for _row, column in cells)
        for row_cells in worksheet.iter_rows(min_row=min(rows), max_row=max(rows), max_col=max_col):
            for cell in row_cells:
                if getattr(cell, "data_type", None) == "f":
                    coordinate = (cell.row, get_column_letter(cell.column))
                    if coordinate in wanted:
                        found.add(coordinate)
    except Exception:  # only used to explain a problem already found
        logger.warning("formula check failed", exc_info=True)
    finally:
        workbook.close()
    return found


def _no_cached_value_message(cells):
    return _(
        "These cells hold formulas without a saved result: %(cells)s. The file was saved by a program "
        "that does not calculate formulas. Open it in Excel, save it, and upload it again."
    ) % {"cells": ", ".join(cells)}


# --- the parser -------------------------------------------------------------------------


def parse_cmrt(content: bytes, *, progress=None) -> CmrtData:
    """Read a CMRT 6.x workbook. Raises CmrtError listing every problem that stops the import.
    ``progress(rows)``, if given, is called while the Smelter List is read with the number
    of rows naming a metal read so far (every PROGRESS_EVERY of them)."""
    if not content:
        raise CmrtError([Problem(None, None, None, _("The file is empty."))])
    workbook = _open(content)
    try:
        return _Reader(workbook, content, progress=progress).read()
    finally:
        workbook.close()


class _Reader:
    def __init__(self, workbook, content, progress=None):
        self.workbook = workbook
        self.content = content
        self.progress = progress
        self.errors = []
        self.warnings = []

    def error(self, sheet, row, column, message):
        self.errors.append(Problem(sheet, row, column, message))

    def warn(self, sheet, row, column, message):
        self.warnings.append(Problem(sheet, row, column, message))

    def sheet(self, name, *, required=True):
        title = _find_sheet(self.workbook, name)
        if title is None and required:
            self.error(
                name,
                None,
                None,
                _("The workbook has no sheet named '%(name)s'. Is this a Conflict Minerals Reporting Template?")
                % {"name": name},
            )
        return title

    def read(self):
        declaration_title = self.sheet(DECLARATION)
        smelter_title = self.sheet(SMELTER_LIST)
        if self.errors:
            raise CmrtError(self.errors)
        declaration = _Sheet(
            declaration_title, _read_rows(self.workbook, declaration_title, min_row=1, max_row=90, max_col=10), 1
        )
        smelter_sheet = _Sheet(
            smelter_title,
            _read_rows(
                self.workbook,
                smelter_title,
                min_row=3,
                max_row=SMELTER_FIRST_ROW + MAX_SMELTER_ROWS,
                max_col=len(SMELTER_COLUMNS),
                progress=self.progress,
            ),
            3,
        )
        version = self.version(declaration, smelter_sheet)
        if self.errors:  # a wrong version: nothing else is worth reporting
            raise CmrtError(self.errors)
        company = {key: text(declaration.value(row, "D")) for key, row in COMPANY_CELLS.items()}
        self.check_mandatory(declaration)
        scope = self.scope(declaration)
        effective_date = self.effective_date(declaration)
        metal_answers, metals_in_scope = self.metal_answers(declaration)
        company_answers = self.company_answers(declaration)
        smelters = self.smelters(smelter_sheet)
        products = self.products(scope)
        if company["contact_email"] and "@" not in company["contact_email"]:
            self.warn(declaration.title, 16, "D", _("The contact email does not look like an email address."))
        if self.errors:
            raise CmrtError(self.errors)
        return CmrtData(
            template_version=version,
            declaration_scope=scope,
            scope_description=text(declaration.value(SCOPE_DESCRIPTION_ROW, "D")),
            company=company,
            effective_date=effective_date,
            metals_in_scope=metals_in_scope,
            metal_answers=metal_answers,
            company_answers=company_answers,
            smelters=smelters,
            products=products,
            warnings=self.warnings,
        )

    # -- Declaration --

    def version(self, declaration, smelter_sheet):
        row, column = VERSION_CELL
        raw = text(declaration.value(row, column))
        where = (declaration.title, row, column)
        if not raw:
            row, column = SMELTER_VERSION_CELL
            raw = text(smelter_sheet.value(row, column))
            where = (smelter_sheet.title, row, column) if raw else where
        match = re.search(r"revision\s*:?\s*(\d+(?:\.\d+)?)", raw, re.IGNORECASE) or re.search(r"(\d+\.\d+)", raw)
        if not match:
            if formula_cells(self.content, declaration.title, [VERSION_CELL]):
                self.error(*where, _no_cached_value_message([f"{declaration.title}!J3"]))
            else:
                self.error(
                    *where,
                    _(
                        "The template version is missing (it should read for example 'Revision 6.5'). "
                        "Is this a Conflict Minerals Reporting Template?"
                    ),
                )
            return ""
        version = match.group(1)
        if version.split(".")[0] != "6":
            self.error(
                *where,
                _(
                    "This is CMRT version %(version)s; versions 6.01 to 6.5 can be read. "
                    "Please fill in the current template from the Responsible Minerals Initiative."
                )
                % {"version": version},
            )
        elif version not in KNOWN_VERSIONS:
            self.warn(
                *where,
                _("CMRT version %(version)s is newer than the ones this app knows; it was read as version 6.5.")
                % {"version": version},
            )
        return version

    def check_mandatory(self, declaration):
        missing = [row for row in MANDATORY if _is_noise(declaration.value(row, "D"))]
        formulas = formula_cells(self.content, declaration.title, [(row, "D") for row in missing])
        for row in missing:
            if (row, "D") in formulas:
                self.error(declaration.title, row, "D", _no_cached_value_message([f"{declaration.title}!D{row}"]))
            else:
                self.error(
                    declaration.title,
                    row,
                    "D",
                    _("%(field)s is mandatory and is empty.") % {"field": MANDATORY[row]},
                )

    def scope(self, declaration):
        raw = text(declaration.value(SCOPE_ROW, "D"))
        if not raw:
            return ""  # reported as a missing mandatory field
        match = re.match(r"^\s*([ABC])\s*[.):\-]", raw + ".", re.IGNORECASE)
        if not match:
            by_word = {"company": "A", "product": "B", "user": "C"}
            letter = next((v for k, v in by_word.items() if raw.lower().startswith(k)), None)
        else:
            letter = match.group(1).upper()
        if letter is None:
            self.error(
                declaration.title,
                SCOPE_ROW,
                "D",
                _("The declaration scope '%(value)s' is not one of A (company), B (products) or C (user defined).")
                % {"value": raw},
            )
            return ""
        if letter == "C" and not text(declaration.value(SCOPE_DESCRIPTION_ROW, "D")):
            self.warn(
                declaration.title,
                SCOPE_DESCRIPTION_ROW,
                "D",
                _("A user-defined scope needs a description of what it covers."),
            )
        # Keep the supplier's own words after the letter (the template's list may be translated).
        return raw if raw[:1].upper() == letter else f"{letter}. {raw}"

    def effective_date(self, declaration):
        value = declaration.value(EFFECTIVE_DATE_ROW, "D")
        if _is_noise(value):
            return None  # reported as a missing mandatory field
        parsed = parse_date(value)
        if parsed is None:
            self.error(
                declaration.title,
                EFFECTIVE_DATE_ROW,
                "D",
                _("'%(value)s' is not a date. Write it as DD-MMM-YYYY, for example 15-Mar-2025.")
                % {"value": text(value)},
            )
            return None
        if parsed > timezone.localdate() + datetime.timedelta(days=31):
            self.warn(
                declaration.title,
                EFFECTIVE_DATE_ROW,
                "D",
                _("The effective date %(date)s is in the future.") % {"date": date_format(parsed, "SHORT_DATE_FORMAT")},
            )
        return parsed

    def metal_answers(self, declaration):
        answers = {}
        for number, start in QUESTION_START_ROWS.items():
            answers[number] = {}
            for offset, metal in enumerate(METALS, start=1):
                row = start + offset
                raw = declaration.value(row, ANSWER_COLUMN)
                answer = _percent_answer(raw) if number == "6" else _answer(raw)
                answers[number][metal] = {"answer": answer, "comment": text(declaration.value(row, COMMENT_COLUMN))}
        in_scope = [m for m in METALS if answers["1"][m]["answer"] == "Yes" and answers["2"][m]["answer"] == "Yes"]
        for number, start in QUESTION_START_ROWS.items():
            for offset, metal in enumerate(METALS, start=1):
                applies = number in ("1", "2") or metal in in_scope
                if applies and not answers[number][metal]["answer"]:
                    self.warn(
                        declaration.title,
                        start + offset,
                        ANSWER_COLUMN,
                        _("Question %(number)s is not answered for %(metal)s.")
                        % {"number": number, "metal": METAL_LABELS[metal]},
                    )
        return answers, in_scope

    def company_answers(self, declaration):
        return {
            letter: {
                "answer": _answer(declaration.value(row, ANSWER_COLUMN)),
                "comment": text(declaration.value(row, COMMENT_COLUMN)),
            }
            for letter, row in COMPANY_QUESTION_ROWS.items()
        }

    # -- Smelter List --

    def smelter_columns(self, sheet):
        """Field -> column index (0-based), from the English headers where they are found."""
        columns = {name: column_index_from_string(letter) - 1 for name, letter in SMELTER_COLUMNS.items()}
        found = {}
        for index, value in enumerate(sheet.rows[SMELTER_HEADER_ROW - sheet.first_row] if len(sheet.rows) > 1 else ()):
            header = _normalise_header(value)
            for prefix, name in _HEADER_PREFIXES:
                if header.startswith(prefix) and name not in found:
                    if name == "cid" and header != "smelter identification":
                        continue
                    found[name] = index
                    break
        if {"metal", "lookup_name"} <= found.keys():
            columns.update(found)
        return columns

    def smelters(self, sheet):
        columns = self.smelter_columns(sheet)
        letters = {name: get_column_letter(index + 1) for name, index in columns.items()}
        smelters = []
        missing_values = []
        data_rows = sheet.rows[SMELTER_FIRST_ROW - sheet.first_row :]
        if len(data_rows) > MAX_SMELTER_ROWS:
            self.warn(
                sheet.title,
                SMELTER_FIRST_ROW + MAX_SMELTER_ROWS,
                None,
                _("Only the first %(count)s rows of the smelter list were read.") % {"count": MAX_SMELTER_ROWS},
            )
        for row_number, values in enumerate(data_rows[:MAX_SMELTER_ROWS], start=SMELTER_FIRST_ROW):
            cells = {name: text(values[index]) if index < len(values) else "" for name, index in columns.items()}
            if not any(cells.values()):
                continue  # an unused template row (or a blank row between smelters)
            row = self._smelter_row(sheet, row_number, cells, letters, missing_values)
            if row is not None:
                smelters.append(row)
        formulas = sorted(formula_cells(self.content, sheet.title, missing_values))
        if formulas:
            names = [f"{letter}{row}" for row, letter in formulas]
            self.warn(
                sheet.title,
                formulas[0][0],
                None,
                _no_cached_value_message(names[:20] + (["…"] if len(names) > 20 else [])),
            )
        return smelters

    def _smelter_row(self, sheet, row_number, cells, letters, missing_values):
        metal = cells["metal"].lower()
        if metal not in METALS:
            if cells["metal"]:
                message = _("'%(value)s' is not one of the 3TG metals (tantalum, tin, gold, tungsten).") % {
                    "value": cells["metal"]
                }
            else:
                message = _("This row has content but no metal; it was skipped.")
            self.warn(sheet.title, row_number, letters["metal"], message)
            return None
        lookup = cells["lookup_name"]
        cid = normalise_cid(cells["cid"])
        typed = normalise_cid(cells["cid_input"])
        if not CID_PATTERN.match(cid) and CID_PATTERN.match(typed):
            cid = typed
        elif not cid:
            cid = ""
        special = lookup.lower()
        if special == NOT_LISTED:
            if not cells["name"]:
                self.warn(
                    sheet.title,
                    row_number,
                    letters["name"],
                    _("'Smelter not listed' needs the smelter's name in this column."),
                )
            if not cells["country"]:
                self.warn(
                    sheet.title,
                    row_number,
                    letters["country"],
                    _("'Smelter not listed' needs the smelter's country in this column."),
                )
        elif special != NOT_IDENTIFIED and (lookup or typed) and not (cells["name"] or cells["country"] or cid):
            # A look-up fills name, country and CID by formula: empty means no cached values.
            missing_values.extend((row_number, letters[name]) for name in ("name", "country", "cid"))
        row = {name: value for name, value in cells.items() if name != "cid_input"}
        row.update(row=row_number, metal=metal, cid=cid)
        if not row["name"] and special not in (NOT_LISTED, NOT_IDENTIFIED):
            row["name"] = lookup
        return row

    # -- Product List --

    def products(self, scope):
        title = self.sheet(PRODUCT_LIST, required=False)
        products = []
        header_row, columns = PRODUCT_HEADER_ROW, list(PRODUCT_COLUMNS)
        if title is not None:
            rows = _read_rows(
                self.workbook, title, min_row=1, max_row=PRODUCT_FIRST_ROW + MAX_PRODUCT_ROWS, max_col=PRODUCT_MAX_COL
            )
            header_row, columns = _product_columns(rows)
            for values in rows[header_row:]:
                cells = [values[i] if i < len(values) else None for i in columns]
                if _is_boilerplate(values):
                    continue  # the template's copyright line and notes are not products
                number, name, comments = _product_number(cells[0]), text(cells[1]), text(cells[2])
                if _normalise_header(number).endswith("product number"):
                    continue  # the header repeated (a pasted block)
                if number or name or comments:
                    products.append({"number": number, "name": name, "comments": comments})
        if scope[:1] == "B" and not products:
            self.warn(
                title or PRODUCT_LIST,
                header_row + 1,
                get_column_letter(columns[0] + 1),
                _("The scope is a list of products, but the product list is empty."),
            )
        return products


def _product_columns(rows):
    """(header row number, [number, name, comments column indexes]) from the header names:
    "Responder's Product Number (*)" (6.5) or "Manufacturer's Product Number (*)" (up to 6.4),
    then "... Product Name" and "Comments". A translated template (labels from the language
    sheet) falls back to the template's fixed columns B, C and D under row 5."""
    for index, values in enumerate(rows[:PRODUCT_HEADER_SEARCH_ROWS]):
        headers = [_normalise_header(value) for value in values]
        number = next((i for i, h in enumerate(headers) if h.endswith("product number")), None)
        if number is None:
            continue
        name = next((i for i, h in enumerate(headers) if h.endswith("product name")), number + 1)
        comments = next((i for i, h in enumerate(headers) if h.startswith("comment") and i > number), number + 2)
        return index + 1, [number, name, comments]
    return PRODUCT_HEADER_ROW, list(PRODUCT_COLUMNS)


# The template's own text below or beside the products: "Copyright © 2025 Responsible Minerals
# Initiative. All rights reserved." and the like.
_BOILERPLATE = re.compile(r"copyright|©|\(c\)\s*\d{4}|all rights reserved", re.IGNORECASE)


def _is_boilerplate(values):
    return any(isinstance(value, str) and _BOILERPLATE.search(value) for value in values)
