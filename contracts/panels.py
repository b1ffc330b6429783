"""The awards panel on the supplier page. suppliers imports no other domain app, so
contracts registers its panel there (ContractsConfig.ready() imports this module)."""

from collections import defaultdict

from oslo_procurement.compiled import compiled_first, compiled_queryset
from suppliers import panels

from .access import staff_buyer
from .forms import SupplierOfficerForm, officer_label
from .models import Award, SmelterNote, SupplierOfficer
from .selectors import (
    buyer_officers,
    followed_suppliers,
    my_suppliers,
    responsible_officer_names,
    supplier_awards,
    supplier_note_rows,
    supplier_officer_rows,
)

OFFICER_FIELD = SupplierOfficerForm.base_fields["officer"]


@panels.register_summary
def supplier_officer_panel(request, supplier):
    """The buyer's responsible officer for the supplier, the form to change it (officers),
    and the last changes."""
    buyer = staff_buyer(request)
    if buyer is None:
        return None
    # Their SQL compiled once per process (oslo_procurement.compiled): shown on every view.
    current = compiled_first("contracts.officer", supplier_officer_rows, buyer=buyer, supplier=supplier)
    changes = compiled_queryset(
        "contracts.officer_changes",
        lambda buyer, supplier: (
            SupplierOfficer.history.filter(buyer=buyer, supplier=supplier)
            .select_related("officer", "history_user")
            .order_by("-history_date")[:5]
        ),
        buyer=buyer,
        supplier=supplier,
    )
    options = None
    if request.user.can_edit:
        # The select of SupplierOfficerForm (which the page posts to), written from the
        # buyer's officers read through SQL compiled once per process: the officer's id and
        # name, the current one selected (no form is built for the view).
        officers = compiled_queryset("contracts.buyer_officers", buyer_officers, buyer=buyer)
        selected = str(current.officer_id) if current else None
        options = [("", OFFICER_FIELD.empty_label, False)] + [
            (officer.pk, officer_label(officer), str(officer.pk) == selected) for officer in officers
        ]
    return "contracts/_supplier_officer_panel.html", {
        "supplier": supplier,
        "current": current,
        "is_mine": current is not None and current.officer_id == request.user.pk,
        "can_take": request.user.role == "officer",
        "field": OFFICER_FIELD,
        "options": options,
        "changes": changes,
    }


@panels.register_summary
def supplier_note_panel(request, supplier):
    """The buyer's own internal notes on the supplier (contracts.SupplierNote), for its
    staff only; the link leads to the page where officers write them."""
    buyer = staff_buyer(request)
    if buyer is None:
        return None
    return "contracts/_supplier_note_panel.html", {
        "supplier": supplier,
        "note": compiled_first("contracts.note", supplier_note_rows, buyer=buyer, supplier=supplier),
        "can_edit": request.user.can_edit,
    }


panels.register_responsibility(
    mine=lambda request: my_suppliers(buyer, request.user) if (buyer := staff_buyer(request)) else None,
    names=lambda request, ids: responsible_officer_names(buyer, ids) if (buyer := staff_buyer(request)) else {},
    followed=lambda request: followed_suppliers(buyer) if (buyer := staff_buyer(request)) else None,
    mine_of=my_suppliers,
    followed_by=followed_suppliers,
)


@panels.register
def supplier_awards_panel(request, supplier):
    """The supplier's awards in the agreements of the staff user's own buyer."""
    buyer = staff_buyer(request)
    if buyer is None:
        return None
    awards = compiled_queryset(
        "contracts.awards", lambda buyer, supplier: supplier_awards(supplier, buyer), buyer=buyer, supplier=supplier
    )
    # Each award's lots, by number: one statement for all of them, compiled once per process
    # (a prefetch would build its queryset on every view).
    lots = defaultdict(list)
    for row in compiled_queryset(
        "contracts.award_lots",
        lambda buyer, supplier: (
            Award.lots.through.objects.filter(award__in=supplier_awards(supplier, buyer).values("pk"))
            .select_related("lot")
            .order_by("lot__number", "lot__pk")
        ),
        buyer=buyer,
        supplier=supplier,
    ):
        lots[row.award_id].append(row.lot)
    for award in awards:
        award.lot_list = lots[award.pk]
    return "contracts/_supplier_awards_panel.html", {"awards": awards}


# Panels that higher apps add to the agreement page (the standings on the sanctions
# ladder, for example). Each is ``func(request, agreement) -> (template_name, context)``.
_agreement_panels = []


def register_agreement_panel(func):
    _agreement_panels.append(func)
    return func


def render_agreement_panels(request, agreement):
    return [panel for panel in (func(request, agreement) for func in _agreement_panels) if panel is not None]


def _buyer_smelter_notes(request, cids):
    """The user's buyer's notes on these smelters, by smelter id (one query)."""
    buyer = staff_buyer(request)
    if buyer is None:
        return {}
    return {
        note.smelter.cid: note
        for note in SmelterNote.objects.filter(buyer=buyer, smelter__cid__in=cids).select_related("smelter")
    }


panels.register_smelter_notes(_buyer_smelter_notes, url_name="contracts:smelter_note")
