"""The corrective actions panel on the supplier page: the supplier's standing on the
sanctions ladder and its actions that are not closed. suppliers imports no other domain
app, so followup registers the panel there (FollowupConfig.ready() imports this module)."""

from django.utils.translation import gettext

from oslo_procurement.fixed_urls import fixed_url
from oslo_procurement.form_renderer import value_html
from oslo_procurement.rows import short_dates
from oslo_procurement.translated import per_language
from suppliers import panels

from ..research.access import panel_buyer
from ..templatetags.action_rows import open_action_rows, standing_badge, standing_since
from .selectors import supplier_open_actions, supplier_standing


@per_language
def _texts():
    """The panel's fixed texts, translated once per language; ``gettext`` calls outside any
    f-string, where makemessages finds them."""
    return {
        "heading": gettext("Corrective actions and standing"),
        "standing": gettext("Standing:"),
        "caption": gettext("This supplier's corrective actions that are not closed"),
        "action": gettext("Action"),
        "deadline": gettext("Deadline"),
        "status": gettext("Status"),
        "new": gettext("New corrective action"),
        "all": gettext("All corrective actions of this supplier"),
    }


def _write_supplier_panel(panel, context):
    """followup/actions/_supplier_panel.html (tests/suppliers/test_written_panels.py)."""
    t = _texts()
    heading, standing_label, caption = t["heading"], t["standing"], t["caption"]
    action, deadline, status = t["action"], t["deadline"], t["status"]
    supplier_id = value_html(panel["supplier"].public_id)
    new = ""
    if context.get("can_edit"):
        label = t["new"]
        new = (
            f'<a class="btn btn-sm btn-outline-primary" href="{value_html(fixed_url("actions:create"))}'
            f'?supplier={supplier_id}">{label}</a>'
        )
    all_actions = t["all"]
    standing = panel["standing"]
    return (
        '\n<section id="corrective-actions" aria-labelledby="corrective-actions-heading" class="mt-3">\n'
        '  <div class="d-flex flex-wrap gap-2 justify-content-between align-items-center">\n'
        f'    <h2 id="corrective-actions-heading" class="h4">{heading}</h2>\n'
        f"    {new}\n"
        "  </div>\n"
        f'  <p id="supplier-standing"><strong>{standing_label}</strong> {standing_badge(standing)}\n'
        f"    {standing_since(standing, short_dates())}</p>\n"
        '  <table class="table table-sm align-middle">\n'
        f'    <caption class="visually-hidden">{caption}</caption>\n'
        f'    <thead><tr><th scope="col">{action}</th><th scope="col">{deadline}</th>'
        f'<th scope="col">{status}</th></tr></thead>\n'
        "    <tbody>\n"
        f"    {open_action_rows(panel['actions'])}\n"
        "    </tbody>\n"
        "  </table>\n"
        f'  <p><a href="{value_html(fixed_url("actions:list"))}?supplier={supplier_id}">{all_actions}</a></p>\n'
        "</section>\n"
    )


@panels.register
def supplier_actions_panel(request, supplier):
    """Standing and open actions at the staff user's own buyer."""
    buyer = panel_buyer(request)
    if buyer is None:
        return None
    return panels.Written(_write_supplier_panel), {
        "supplier": supplier,
        "standing": supplier_standing(buyer, supplier),
        "actions": supplier_open_actions(buyer=buyer, supplier=supplier),
    }


def agreement_standings_panel(request, agreement):
    """For the agreement page: each supplier with an active award and its standing on the
    sanctions ladder, as ``(template_name, context)`` like the supplier-page panels. Not
    registered anywhere: contracts imports no followup module, so the agreement page needs
    a registry of its own (as suppliers.panels) to show it."""
    from .selectors import standings_for_agreement

    user = request.user
    if not (user.is_authenticated and user.is_buyer_staff):
        return None
    return "followup/actions/_agreement_standings_panel.html", {
        "agreement": agreement,
        "standings": standings_for_agreement(agreement),
    }
