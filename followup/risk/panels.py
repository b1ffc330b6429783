"""The risk and timeline panel on the supplier page. suppliers imports no other domain
app, so this module registers the panel there; followup's AppConfig.ready() imports it."""

from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from oslo_procurement.compiled import compiled_first
from oslo_procurement.form_renderer import value_html
from oslo_procurement.rows import row_url, short_dates
from suppliers import panels

from ..research.access import panel_buyer
from ..templatetags.risk_badges import level_badge_html
from .selectors import latest_rows


def _write_supplier_panel(panel, context):
    """followup/risk/_supplier_risk_panel.html (tests/suppliers/test_written_panels.py). The
    texts are ``gettext`` calls outside the f-strings, where makemessages finds them."""
    heading = gettext("Risk and timeline")
    why, of = gettext("Why: the risk page"), gettext("of")
    timeline = gettext("Timeline: everything that happened with this supplier")
    supplier, assessment = panel["supplier"], panel["assessment"]
    if assessment:
        recorded = gettext("Residual risk %(score)s of 100, recorded %(date)s:") % {
            "score": value_html(assessment.residual_score),
            "date": short_dates()(template_localtime(assessment.created_at)),
        }
        badge = level_badge_html(assessment.residual_level, assessment.get_residual_level_display())
        figure = f"{recorded}\n       {badge}\n     "
    else:
        figure = gettext("No risk figure recorded yet.")
    name = value_html(supplier.legal_name)
    risk_url = row_url("risk:supplier")(supplier.public_id)
    timeline_url = row_url("timeline:supplier")(supplier.public_id)
    return (
        '\n<section id="risk" aria-labelledby="risk-heading" class="mt-3">\n'
        f'  <h2 id="risk-heading" class="h4">{heading}</h2>\n'
        f"  <p>{figure}</p>\n"
        f'  <p><a href="{risk_url}">{why}<span class="visually-hidden"> {of} {name}</span></a>\n'
        f'    · <a href="{timeline_url}">{timeline}</a></p>\n'
        "</section>\n"
    )


@panels.register
def supplier_risk_panel(request, supplier):
    """The supplier's latest recorded risk for the staff user's buyer, with links to the
    risk page and the supplier's timeline."""
    buyer = panel_buyer(request)
    if buyer is None:
        return None
    return panels.Written(_write_supplier_panel), {
        "supplier": supplier,
        "assessment": compiled_first(
            "risk.panel", lambda buyer, supplier: latest_rows(buyer, supplier)[:1], buyer=buyer, supplier=supplier
        ),
    }


def agreement_risk_panel(request, agreement):
    """On the agreement page: a link to the risk of its suppliers for this agreement."""
    user = request.user
    if not (user.is_authenticated and user.is_buyer_staff):
        return None
    return "followup/risk/_agreement_panel.html", {"agreement": agreement}
