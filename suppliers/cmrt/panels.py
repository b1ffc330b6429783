"""The CMRT panel on the officer's supplier page. Register it once, from
``SuppliersConfig.ready()``: ``panels.register(cmrt_panel)``."""

from oslo_procurement.compiled import compiled_queryset

from ..access import cmrt_scope, is_related_to_user, mark_shared, staff_buyer_ids
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
    return ("suppliers/cmrt/_supplier_panel.html", {"supplier": supplier, "reports": reports, "related": related})
