"""CSV and Excel files of plain tables, safe to open in a spreadsheet.

Every text cell that a spreadsheet could take for a formula (it begins with = + - @, a tab
or a carriage return) is written with a leading apostrophe, so a name typed as
``=HYPERLINK(...)`` stays text when the file is opened (OWASP "CSV injection")."""

import csv
import io

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value):
    """A value safe to put in a spreadsheet cell: numbers stay numbers; text that could be
    read as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def table_csv(headers, rows) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads Norwegian letters right), comma-separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([escape_cell(h) for h in headers])
    for row in rows:
        writer.writerow([escape_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def table_xlsx(title, headers, rows, *, widths=None) -> bytes:
    """One sheet named ``title``, the headings frozen; ``widths`` per column (default 20)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(title)[:31]
    sheet.append([escape_cell(h) for h in headers])
    for row in rows:
        sheet.append([escape_cell(value) for value in row])
    for index in range(1, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = (widths or {}).get(index - 1, 20)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
