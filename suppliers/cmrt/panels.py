"""The CMRT panel on the officer's supplier page. Register it once, from
``SuppliersConfig.ready()``: ``panels.register(cmrt_panel)``."""

from django.utils.translation import gettext

from oslo_procurement.compiled import compiled_queryset
from oslo_procurement.rows import row_url

from .. import panels
from ..access import cmrt_scope, is_related_to_user, mark_shared, staff_buyer_ids
from ..templatetags.cmrt_rows import report_table_html
from . import selectors


def _latest(buyer, supplier):
    return selectors.supplier_reports(supplier, scope=cmrt_scope([buyer]))[:5]


def cmrt_panel(request, supplier):
    """The supplier's five latest CMRTs, with a link to upload one; one query (its SQL
    compiled once per process: oslo_procurement.compiled)."""
    buyer_ids = staff_buyer_ids(request)
    reports = (
        compiled_queryset("cmrt.panel", _latest, buyer=buyer_ids[0], supplier=supplier)
        if buyer_ids
        else selectors.supplier_reports(supplier, scope=cmrt_scope(buyer_ids))[:5]
    )
    reports = mark_shared(buyer_ids, "cmrt", reports)
    # Only a related buyer uploads a CMRT in the supplier's name (suppliers.access.require_related).
    related = is_related_to_user(request, supplier)
    return (panels.Written(_write_panel), {"supplier": supplier, "reports": reports, "related": related})


def _write_panel(panel, context):
    """suppliers/cmrt/_supplier_panel.html (tests/suppliers/test_written_panels.py)."""
    heading = gettext("Conflict minerals (CMRT)")
    all_reports = gettext("All CMRTs of this supplier")
    supplier = panel["supplier"]
    upload = ""
    if context.get("can_edit") and panel["related"] and not supplier.is_archived:
        upload_label = gettext("Upload a CMRT")
        upload = (
            f'<a class="btn btn-sm btn-outline-primary" href="{row_url("cmrt:upload")(supplier.public_id)}">'
            f"{upload_label}</a>"
        )
    return (
        '\n<section id="cmrt" aria-labelledby="cmrt-heading" class="mt-3">\n'
        '  <div class="d-flex justify-content-between align-items-center">\n'
        f'    <h2 id="cmrt-heading" class="h4">{heading}</h2>\n'
        f"    {upload}\n"
        "  </div>\n"
        f"  {report_table_html(panel['reports'], 'cmrt:report_detail')}\n"
        f'  <p><a href="{row_url("cmrt:supplier_reports")(supplier.public_id)}">{all_reports}</a></p>\n'
        "</section>\n"
    )
