"""The CMRT panel on the officer's supplier page. Register it once, from
``SuppliersConfig.ready()``: ``panels.register(cmrt_panel)``."""

from . import selectors


def cmrt_panel(request, supplier):
    """The supplier's five latest CMRTs, with a link to upload one; one query."""
    return (
        "suppliers/cmrt/_supplier_panel.html",
        {"supplier": supplier, "reports": list(selectors.supplier_reports(supplier)[:5])},
    )
