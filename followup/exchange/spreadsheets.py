"""CSV and Excel versions of the exchange file, for partners who work in spreadsheets.

Every text cell that a spreadsheet could take for a formula (it begins with = + - @, a tab
or a carriage return) is written with a leading apostrophe, so a finding titled
``=HYPERLINK(...)`` stays text when the partner opens the file (OWASP "CSV injection")."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from .serializers import ROW_FIELDS, document_rows

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


def headers():
    """Column headings in the user's language (the machine keys are in the JSON file)."""
    labels = {
        "supplier": _("Supplier"),
        "org_number": _("Organisation number"),
        "registry_id": _("Foreign registry id"),
        "kind": _("Kind"),
        "id": _("Id"),
        "title": _("Title"),
        "text": _("Text"),
        "severity": _("Severity"),
        "status": _("Status"),
        "verdict": _("Verdict"),
        "score": _("Score"),
        "deadline": _("Deadline"),
        "recorded_on": _("Recorded"),
        "raised_on": _("Raised with the supplier"),
        "submitted_on": _("Submitted"),
        "verified_on": _("Verified"),
        "sanction_rung": _("Sanctions rung"),
        "updated_at": _("Last changed"),
    }
    return [labels[field] for field in ROW_FIELDS]


def csv_bytes(document):
    """UTF-8 with a byte-order mark (so Excel reads Norwegian letters right), comma-separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([escape_cell(h) for h in headers()])
    for row in document_rows(document):
        writer.writerow([escape_cell(row[field]) for field in ROW_FIELDS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(document):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Shared items")[:31]
    sheet.append([escape_cell(h) for h in headers()])
    for row in document_rows(document):
        sheet.append([escape_cell(row[field]) for field in ROW_FIELDS])
    for index, field in enumerate(ROW_FIELDS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = 60 if field == "text" else 20
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
