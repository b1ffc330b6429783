"""The awards panel on the supplier page. suppliers imports no other domain app, so
contracts registers its panel there (ContractsConfig.ready() imports this module)."""

from collections import defaultdict

from django.utils.formats import get_format
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from oslo_procurement.compiled import compiled_first, compiled_queryset
from oslo_procurement.form_renderer import linebreaks_html, value_html
from oslo_procurement.rows import date_writer, row_url, short_dates
from oslo_procurement.translated import per_language
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
    return panels.Written(_write_officer_panel), {
        "supplier": supplier,
        "current": current,
        "is_mine": current is not None and current.officer_id == request.user.pk,
        "can_take": request.user.role == "officer",
        "field": OFFICER_FIELD,
        "options": options,
        "changes": changes,
    }


def _name(user):
    """``{{ user.full_name|default:user.email }}``."""
    return value_html(user.full_name or user.email)


@per_language
def _officer_texts():
    """The officer panel's fixed texts, translated once per language; ``gettext`` calls
    outside any f-string, where makemessages finds them."""
    return {
        "heading": gettext("Responsible officer"),
        "no_one": gettext("No one in your organisation is responsible for this supplier yet."),
        "you": gettext("You"),
        "mark": gettext("Mark as my supplier"),
        "save": gettext("Save responsible officer"),
        "changes": gettext("Changes of the responsible officer"),
        "removed": gettext("responsibility removed"),
        "by": gettext("by %(name)s"),
    }


def _write_officer_panel(panel, context):
    """contracts/_supplier_officer_panel.html (tests/suppliers/test_written_panels.py)."""
    t = _officer_texts()
    heading = t["heading"]
    current = panel["current"]
    if current is None:
        who = t["no_one"]
    elif panel["is_mine"]:
        you = t["you"]
        who = f"<strong>{you}</strong> ({_name(current.officer)})"
    else:
        who = _name(current.officer)
    parts = [
        '\n<section id="responsible-officer" aria-labelledby="responsible-officer-heading" '
        'class="border rounded p-3 mt-3">\n'
        f'  <h2 id="responsible-officer-heading" class="h5">{heading}</h2>\n'
        f'  <p class="mb-2">{who}</p>\n  '
    ]
    if panel["options"]:
        action = row_url("contracts:supplier_officer")(panel["supplier"].public_id)
        csrf = panels.csrf_input(context)
        take = ""
        if panel["can_take"] and not panel["is_mine"]:
            mark = t["mark"]
            take = (
                f'\n    <form method="post" action="{action}">{csrf}\n'
                f'      <input type="hidden" name="officer" value="{value_html(context.get("user").pk)}">\n'
                f'      <button type="submit" class="btn btn-sm btn-primary">{mark}</button>\n'
                "    </form>\n    "
            )
        options = "".join(
            f'<option value="{value_html(value)}"{" selected" if selected else ""}>{value_html(label)}</option>'
            for value, label, selected in panel["options"]
        )
        field = panel["field"]
        save = t["save"]
        parts.append(
            '\n  <div class="d-flex flex-wrap gap-3 align-items-end">\n'
            f"    {take}\n"
            f'    <form method="post" action="{action}" class="d-flex flex-wrap gap-2 align-items-end">{csrf}\n'
            "      <div>\n"
            f'        <label class="form-label small mb-1" for="id_officer">{value_html(field.label)}</label>\n'
            '        <select name="officer" id="id_officer" class="form-select form-select-sm" '
            'aria-describedby="id_officer_help">\n'
            f"          {options}\n"
            "        </select>\n"
            "      </div>\n"
            f'      <button type="submit" class="btn btn-sm btn-outline-primary">{save}</button>\n'
            f'      <p id="id_officer_help" class="form-text w-100 mb-0">{value_html(field.help_text)}</p>\n'
            "    </form>\n"
            "  </div>\n  "
        )
    parts.append("\n  ")
    changes = panel["changes"]
    if changes:
        summary, removed, by = t["changes"], t["removed"], t["by"]
        when = date_writer(get_format("SHORT_DATETIME_FORMAT"))
        parts.append(f'\n  <details class="mt-2"><summary>{summary}</summary>\n    <ul class="small mb-0">\n    ')
        for change in changes:
            what = removed if change.history_type == "-" else _name(change.officer)
            author = f" ({by % {'name': _name(change.history_user)}})" if change.history_user else ""
            parts.append(f"\n      <li>{when(template_localtime(change.history_date))}: {what}{author}</li>\n    ")
        parts.append("\n    </ul>\n  </details>\n  ")
    parts.append("\n</section>\n")
    return "".join(parts)


def _write_note_panel(panel, context):
    """contracts/_supplier_note_panel.html (tests/suppliers/test_written_panels.py)."""
    heading = gettext("Internal notes")
    seen_by = gettext("Seen only by your organisation's staff; never by the supplier or other buyers.")
    note = panel["note"]
    if note and note.text:
        text = f'<p class="mb-2">{linebreaks_html(note.text)}</p>'
    else:
        none_yet = gettext("No internal notes yet.")
        text = f'<p class="mb-2 text-body-secondary">{none_yet}</p>'
    link = gettext("Edit the internal notes") if panel["can_edit"] else gettext("Internal notes and their history")
    url = row_url("contracts:supplier_note")(panel["supplier"].public_id)
    return (
        '\n<section id="internal-notes" aria-labelledby="internal-notes-heading" class="border rounded p-3 mt-3">\n'
        f'  <h2 id="internal-notes-heading" class="h5">{heading}</h2>\n'
        f"  {text}\n"
        f'  <p class="small text-body-secondary mb-1">{seen_by}</p>\n'
        f'  <a class="small" href="{url}">{link}</a>\n'
        "</section>\n"
    )


@panels.register_summary
def supplier_note_panel(request, supplier):
    """The buyer's own internal notes on the supplier (contracts.SupplierNote), for its
    staff only; the link leads to the page where officers write them."""
    buyer = staff_buyer(request)
    if buyer is None:
        return None
    return panels.Written(_write_note_panel), {
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
    return panels.Written(_write_awards_panel), {"awards": awards}


@per_language
def _awards_texts():
    """The awards panel's fixed texts, translated once per language; ``gettext`` calls outside
    any f-string, where makemessages finds them."""
    return {
        "heading": gettext("Awards in our agreements"),
        "caption": gettext("The agreements this supplier holds an award in"),
        "agreement": gettext("Agreement"),
        "party": gettext("Party"),
        "lots": gettext("Lots"),
        "signed": gettext("Signed on"),
        "archived": gettext("Archived"),
        "none": gettext("No awards in our agreements."),
    }


def _write_awards_panel(panel, context):
    """contracts/_supplier_awards_panel.html (tests/suppliers/test_written_panels.py)."""
    t = _awards_texts()
    heading, caption = t["heading"], t["caption"]
    agreement_th, party, lots_th = t["agreement"], t["party"], t["lots"]
    signed, archived = t["signed"], t["archived"]
    short_date = short_dates()
    rows = []
    for award in panel["awards"]:
        agreement = award.agreement
        badge = f' <span class="badge badge-archived">{archived}</span>' if agreement.is_archived else ""
        lots = "; ".join(value_html(lot) for lot in award.lot_list) or "–"
        signed_on = short_date(award.signed_on) if award.signed_on is not None else ""
        rows.append(
            f'\n      <tr><td><a href="{value_html(agreement.get_absolute_url())}">{value_html(agreement.reference)} '
            f"{value_html(agreement.title)}</a>{badge}</td>\n"
            f"        <td>{value_html(award.get_kind_display())}</td>\n"
            f"        <td>{lots}</td>\n"
            f'        <td class="text-nowrap">{signed_on}</td></tr>\n    '
        )
    if not rows:
        rows.append(f'<tr><td colspan="4">{t["none"]}</td></tr>')
    return (
        '\n<section id="awards" aria-labelledby="awards-heading" class="mt-3">\n'
        f'  <h2 id="awards-heading" class="h4">{heading}</h2>\n'
        '  <table class="table table-sm">\n'
        f'    <caption class="visually-hidden">{caption}</caption>\n'
        f'    <thead><tr><th scope="col">{agreement_th}</th><th scope="col">{party}</th><th scope="col">{lots_th}</th>'
        f'<th scope="col">{signed}</th></tr></thead>\n'
        "    <tbody>\n"
        f"    {''.join(rows)}\n"
        "    </tbody>\n"
        "  </table>\n"
        "</section>\n"
    )


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
