"""The notifications panel on the supplier page. suppliers imports no other domain app,
so followup registers it there: FollowupConfig.ready() imports this module."""

from django.utils.translation import gettext, ngettext

from oslo_procurement.compiled import compiled_queryset
from oslo_procurement.form_renderer import value_html
from oslo_procurement.rows import row_url
from suppliers import panels

from ..research.access import panel_buyer
from ..templatetags.notification_rows import notification_head_html, notification_rows_html
from . import selectors

PANEL_ROWS = 5


@panels.register
def supplier_notifications_panel(request, supplier):
    """The latest notifications about the supplier, for the staff of the viewer's buyer
    (two queries, their SQL compiled once per process: oslo_procurement.compiled)."""
    buyer = panel_buyer(request)
    if buyer is None:
        return None
    latest = compiled_queryset(
        "reminders.panel",
        lambda buyer, supplier: selectors.supplier_notifications(supplier=supplier, buyer=buyer)[:PANEL_ROWS],
        buyer=buyer,
        supplier=supplier,
    )
    counts = compiled_queryset(
        "reminders.panel_counts",
        lambda buyer, supplier: selectors.status_count_rows(
            selectors.supplier_notifications(supplier=supplier, buyer=buyer)
        ),
        buyer=buyer,
        supplier=supplier,
    )
    for notification in latest:
        notification.step_text = selectors.step_text(notification)
    return panels.Written(_write_supplier_panel), {
        "supplier": supplier,
        "notifications": latest,
        "counts": dict(counts),
    }


def _write_supplier_panel(panel, context):
    """followup/reminders/_supplier_panel.html (tests/suppliers/test_written_panels.py). The
    texts are ``gettext`` calls outside the f-strings, where makemessages finds them."""
    heading = gettext("Emails and reminders")
    caption = gettext("The latest emails about this supplier")
    all_link = gettext("All emails and reminders")
    counts = panel["counts"]
    pending_count = counts.get("pending") or 0
    pending = ngettext("%(counter)s waiting to be sent", "%(counter)s waiting to be sent", pending_count) % {
        "counter": value_html(pending_count)
    }
    failed = ""
    if counts.get("failed"):
        failed_count = counts["failed"]
        text = ngettext("%(counter)s failed", "%(counter)s failed", failed_count) % {
            "counter": value_html(failed_count)
        }
        failed = f'· <span class="text-danger">{text}</span>'
    url = row_url("reminders:supplier")(panel["supplier"].public_id)
    return (
        '\n<section id="notifications" aria-labelledby="notifications-heading" class="mt-3">\n'
        f'  <h2 id="notifications-heading" class="h4">{heading}</h2>\n'
        '  <p class="small text-body-secondary">\n'
        f"    {pending}\n"
        f"    {failed}\n"
        "  </p>\n"
        '  <table class="table table-sm">\n'
        f'    <caption class="visually-hidden">{caption}</caption>\n'
        f"    {notification_head_html()}\n"
        f"    <tbody>{notification_rows_html(panel['notifications'])}</tbody>\n"
        "  </table>\n"
        f'  <a href="{url}">{all_link}</a>\n'
        "</section>\n"
    )
