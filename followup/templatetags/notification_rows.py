"""The table of emails and reminders about a supplier (its head and rows), written in Python:
the HTML the templates ``_notification_head.html``, ``_notification_rows.html`` and
``_status_badge.html`` wrote, for the supplier's notifications page and the supplier page's
panel (tests/suppliers/test_written_panels.py compares them). The texts are ``gettext`` calls
outside the f-strings, where makemessages finds them."""

from django import template
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, ngettext

from oslo_procurement.form_renderer import value_html
from oslo_procurement.rows import date_writer
from oslo_procurement.translated import per_language

register = template.Library()

STATUS_CLASSES = {"sent": "text-bg-success", "failed": "text-bg-danger", "cancelled": "text-bg-secondary"}


@per_language
def _head():
    """The table's head, written once per language."""
    created, to, what = gettext("Created"), gettext("To"), gettext("What")
    delivery, sent, error = gettext("Delivery"), gettext("Sent"), gettext("Error")
    return (
        "<thead><tr>\n"
        f'  <th scope="col">{created}</th><th scope="col">{to}</th>\n'
        f'  <th scope="col">{what}</th><th scope="col">{delivery}</th>\n'
        f'  <th scope="col">{sent}</th><th scope="col">{error}</th>\n'
        "</tr></thead>\n"
    )


def notification_head_html():
    return _head()


def notification_rows_html(notifications):
    """A ``<tr>`` per notification (its ``step_text`` if set), or the row that says none."""
    rows = []
    when = None
    digest = gettext("in the daily digest")
    for n in notifications:
        if when is None:
            when = date_writer(get_format("SHORT_DATETIME_FORMAT"))
        if n.recipient:
            to = (
                f"{value_html(n.recipient.full_name)}"
                f'<div class="small text-body-secondary">{value_html(n.recipient_email)}</div>'
            )
        else:
            to = value_html(n.recipient_email)
        step_text = getattr(n, "step_text", "")
        step = f" · {value_html(step_text)}" if step_text else ""
        css = STATUS_CLASSES.get(n.status, "text-bg-warning")
        badge = f'<span class="badge {css}">{value_html(n.get_status_display())}</span>\n'
        in_digest = f'<div class="small text-body-secondary">{digest}</div>' if n.digest else ""
        sent = when(template_localtime(n.sent_at)) if n.sent_at else "–"
        error = f'<span class="small text-danger">{value_html(n.last_error)}</span>' if n.last_error else ""
        attempts = ""
        if n.attempts > 1:
            text = ngettext("%(counter)s attempt", "%(counter)s attempts", n.attempts) % {
                "counter": value_html(n.attempts)
            }
            attempts = f'<div class="small text-body-secondary">{text}</div>'
        rows.append(
            "\n<tr>\n"
            f'  <td class="text-nowrap">{when(template_localtime(n.created_at))}</td>\n'
            f"  <td>{to}</td>\n"
            f'  <td>{value_html(n.get_kind_display())}{step}<div class="small">{value_html(n.item_label)}</div></td>\n'
            f"  <td>{badge}{in_digest}</td>\n"
            f'  <td class="text-nowrap">{sent}</td>\n'
            f"  <td>{error}{attempts}</td>\n"
            "</tr>\n"
        )
    if not rows:
        none_yet = gettext("No notifications yet.")  # outside the f-string: makemessages finds it
        rows.append(f'\n<tr><td colspan="6">{none_yet}</td></tr>\n')
    return "".join(rows) + "\n"


@register.simple_tag
def notification_head():
    # Every text is escaped above (value_html), as the template escaped it.
    return mark_safe(notification_head_html())  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal


@register.simple_tag
def notification_rows(notifications):
    # Every value is escaped above (value_html, date_writer), as the template escaped it.
    return mark_safe(notification_rows_html(notifications))  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal
