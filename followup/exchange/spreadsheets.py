"""CSV and Excel versions of the exchange file, for partners who work in spreadsheets.

Text that a spreadsheet could take for a formula is escaped by oslo_procurement.spreadsheets,
so a finding titled ``=HYPERLINK(...)`` stays text when the partner opens the file."""

from django.utils.translation import gettext as _

from oslo_procurement.spreadsheets import table_csv, table_xlsx

from .serializers import ROW_FIELDS, document_rows


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


def _rows(document):
    return ([row[field] for field in ROW_FIELDS] for row in document_rows(document))


def csv_bytes(document):
    return table_csv(headers(), _rows(document))


def xlsx_bytes(document):
    widths = {index: 60 for index, field in enumerate(ROW_FIELDS) if field == "text"}
    return table_xlsx(_("Shared items"), headers(), _rows(document), widths=widths)
