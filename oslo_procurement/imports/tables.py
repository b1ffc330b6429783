"""Reading an uploaded CSV or XLSX file into rows of text cells keyed by column.

The formats are the ones the app's own exports write (oslo_procurement.spreadsheets): the
first row holds the column headings, in Bokmål or English (either is accepted, whatever
language the officer uses), one record a row. XLSX files pass the upload checks of
oslo_procurement.uploads first (no ZIP bomb, no DOCTYPE/ENTITY declarations, no macros);
openpyxl then reads them with defusedxml, read-only, values only."""

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _

from oslo_procurement.spreadsheets import FORMULA_STARTS
from oslo_procurement.uploads import XLSX, check_upload

MAX_IMPORT_BYTES = 10 * 1024 * 1024
MAX_IMPORT_ROWS = 20_000
MAX_CELL_CHARS = 1000


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # a lazy translation: the heading the export writes
    required: bool = False  # the heading must be in the file
    help: object = ""  # what the cells hold, for the format's description

    def headings(self):
        """Every spelling accepted for this column: its key and its label in each language."""
        names = {self.key.lower()}
        for language in ("nb", "en"):
            with translation.override(language):
                names.add(str(self.label).strip().lower())
        return names


@dataclass
class Table:
    columns: list  # the Column of each known heading, in file order
    rows: list  # [{"row": 2, "cells": {key: text}}]


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 974760673 typed as a number in Excel
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = str(value).strip()
    # The exports write text that looks like a formula with a leading apostrophe; take it off.
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_STARTS):
        text = text[1:]
    return text[:MAX_CELL_CHARS]


def _csv_rows(content):
    if b"\x00" in content:
        raise ValidationError(_("The file is not a text (CSV) file or an Excel workbook (.xlsx)."), code="kind")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's "CSV (semicolon separated)" on Windows writes Windows-1252.
        text = content.decode("cp1252", errors="replace")
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ValidationError(_("The CSV file could not be read: %(error)s") % {"error": error}, code="csv") from None


def _xlsx_rows(checked):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(checked.content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise ValidationError(_("The file is damaged: it is not a readable Office file."), code="bad_xlsx") from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append(list(values))
            if len(rows) > MAX_IMPORT_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


def read_table(uploaded, columns) -> Table:
    """The rows of ``uploaded`` as {"row": n, "cells": {column key: text}}, with n the row
    number a spreadsheet shows (the headings are row 1). Empty rows are skipped. Raises
    ValidationError with a message for the officer when the file cannot be used at all."""
    if uploaded is None:
        raise ValidationError(_("Choose a file."), code="required")
    if uploaded.size > MAX_IMPORT_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(MAX_IMPORT_BYTES)},
            code="too_large",
        )
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0"):
        # Office files: the shared upload checks (ZIP bomb, XML declarations, macros, old .xls).
        raw = _xlsx_rows(check_upload(uploaded, allowed=(XLSX,), max_bytes=MAX_IMPORT_BYTES))
    else:
        content = uploaded.read(MAX_IMPORT_BYTES + 1)
        if not content.strip():
            raise ValidationError(_("The file is empty."), code="empty")
        raw = _csv_rows(content)
    if not raw or not any(_cell_text(v) for v in raw[0]):
        raise ValidationError(_("The file is empty."), code="empty")
    return _to_table(raw, columns)


def _to_table(raw, columns):
    by_heading = {}
    for column in columns:
        for heading in column.headings():
            by_heading[heading] = column
    header = [_cell_text(v).lower() for v in raw[0]]
    found = [by_heading.get(h) for h in header]
    missing = [c for c in columns if c.required and c not in found]
    if missing:
        raise ValidationError(
            _("The first row must hold the column headings. Missing: %(columns)s.")
            % {"columns": ", ".join(f"“{c.label}”" for c in missing)},
            code="headings",
        )
    unknown = [raw[0][i] for i, column in enumerate(found) if column is None and header[i]]
    if unknown:
        raise ValidationError(
            _("Unknown column headings: %(columns)s. Use the headings of the export (see the help on this page).")
            % {"columns": ", ".join(f"“{_cell_text(h)}”" for h in unknown[:10])},
            code="headings",
        )
    if len(raw) - 1 > MAX_IMPORT_ROWS and sum(1 for r in raw[1:] if any(_cell_text(v) for v in r)) > MAX_IMPORT_ROWS:
        raise ValidationError(
            _("The file has more than %(limit)s rows. Split it into smaller files.") % {"limit": MAX_IMPORT_ROWS},
            code="too_many_rows",
        )
    rows = []
    for number, values in enumerate(raw[1:], start=2):
        cells = {}
        for index, column in enumerate(found):
            if column is not None and index < len(values):
                cells[column.key] = _cell_text(values[index])
        if any(cells.values()):
            rows.append({"row": number, "cells": cells})
    if not rows:
        raise ValidationError(_("The file has headings but no rows to import."), code="empty")
    return Table(columns=[c for c in found if c is not None], rows=rows)
