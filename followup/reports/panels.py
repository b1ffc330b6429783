"""The "follow-up report as PDF" panel on the supplier page. Registered when
FollowupConfig.ready() imports this module (``from .reports import panels``)."""

from django.urls import NoReverseMatch
from django.utils.translation import get_language, gettext

from oslo_procurement.fixed_urls import fixed_url
from oslo_procurement.form_renderer import value_html
from suppliers import panels


@panels.register
def supplier_report_panel(request, supplier):
    user = request.user
    if not (user.is_authenticated and user.is_buyer_staff):
        return None
    try:
        action = fixed_url("reports:run_create")
    except NoReverseMatch:  # /reports/ not mounted
        return None
    language = "en" if (get_language() or "nb").startswith("en") else "nb"
    return panels.Written(_write_supplier_panel), {"supplier": supplier, "action": action, "language": language}


def _write_supplier_panel(panel, context):
    """followup/reports/_supplier_panel.html (tests/suppliers/test_written_panels.py)."""
    heading = gettext("Follow-up report")
    everything = gettext(
        "Everything about this supplier in one PDF: profile, factories, self-assessments with the review, "
        "findings, meetings, corrective actions, risk and conflict minerals."
    )
    language_label, make = gettext("Language of the PDF"), gettext("Make the PDF")
    nb = " selected" if panel["language"] == "nb" else ""
    en = " selected" if panel["language"] == "en" else ""
    return (
        '\n<section id="follow-up-report" aria-labelledby="follow-up-report-heading" class="mt-3">\n'
        f'  <h2 id="follow-up-report-heading" class="h4">{heading}</h2>\n'
        f"  <p>{everything}</p>\n"
        f'  <form method="post" action="{value_html(panel["action"])}" class="row g-2 align-items-end">\n'
        f"    {panels.csrf_input(context)}\n"
        '    <input type="hidden" name="kind" value="supplier">\n'
        f'    <input type="hidden" name="supplier" value="{value_html(panel["supplier"].public_id)}">\n'
        '    <div class="col-auto">\n'
        f'      <label class="form-label" for="supplier-report-language">{language_label}</label>\n'
        '      <select id="supplier-report-language" name="language" class="form-select">\n'
        f'        <option value="nb" lang="nb"{nb}>Norsk bokmål</option>\n'
        f'        <option value="en" lang="en"{en}>English</option>\n'
        "      </select>\n"
        "    </div>\n"
        f'    <div class="col-auto"><button type="submit" class="btn btn-outline-primary">{make}</button></div>\n'
        "  </form>\n"
        "</section>\n"
    )
