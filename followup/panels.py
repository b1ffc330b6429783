"""The self-assessments panel on the supplier page. suppliers imports no other domain
app, so followup registers its panel there (FollowupConfig.ready() imports this module)."""

from django.utils.translation import gettext

from oslo_procurement.compiled import compiled_queryset
from oslo_procurement.translated import per_language
from suppliers import panels

from .research.access import panel_buyer
from .selectors import portal_decisions, supplier_assessments
from .templatetags.assessment_rows import assessment_rows


@panels.register
def supplier_assessments_panel(request, supplier):
    """The supplier's self-assessments in the rounds of the staff user's own buyer."""
    buyer = panel_buyer(request)
    if buyer is None:
        return None
    return panels.Written(_write_assessments_panel), {"assessments": _panel_assessments(buyer, supplier)}


@per_language
def _assessments_head():
    """The panel up to its rows, written once per language."""
    heading = gettext("Self-assessments")
    caption = gettext("This supplier's self-assessments in our reporting rounds")
    round_, agreement, deadline, status = gettext("Round"), gettext("Agreement"), gettext("Deadline"), gettext("Status")
    return (
        '\n<section id="self-assessments" aria-labelledby="self-assessments-heading" class="mt-3">\n'
        f'  <h2 id="self-assessments-heading" class="h4">{heading}</h2>\n'
        '  <table class="table table-sm">\n'
        f'    <caption class="visually-hidden">{caption}</caption>\n'
        f'    <thead><tr><th scope="col">{round_}</th><th scope="col">{agreement}</th><th scope="col">{deadline}</th>'
        f'<th scope="col">{status}</th></tr></thead>\n'
        "    <tbody>\n"
    )


def _write_assessments_panel(panel, context):
    """followup/_supplier_assessments_panel.html (tests/suppliers/test_written_panels.py)."""
    return _assessments_head() + f"    {assessment_rows(panel['assessments'])}\n    </tbody>\n  </table>\n</section>\n"


def _panel_assessments(buyer, supplier):
    """The panel's rows, reading only what it shows (followup/templatetags/assessment_rows.py);
    SQL compiled once per process."""
    return compiled_queryset(
        "assessments.panel",
        lambda buyer, supplier: supplier_assessments(supplier, buyer).only(
            "public_id",
            "status",
            "round__title_nb",
            "round__title_en",
            "round__deadline",
            "round__agreement__reference",
        ),
        buyer=buyer,
        supplier=supplier,
    )


@panels.register_portal
def portal_decisions_panel(request, supplier):
    """On the portal home: the buyer's latest decisions for the supplier (verdicts on its
    self-assessments, corrective actions verified or returned), each linking to its page."""
    decisions = portal_decisions(supplier)
    if not (decisions["verdicts"] or decisions["action_updates"]):
        return None
    return "portal/followup/_decisions_panel.html", decisions
