"""The corrective actions list's rows, written in Python: the same HTML the loop in
followup/actions/action_list.html wrote, without a template lookup per cell, the status badge
template included per row and a URL reversed per row (the rows were most of the list's
template time, cProfile). tests/followup_actions/test_action_rows.py compares the two."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from oslo_procurement.choices import display
from oslo_procurement.form_renderer import value_html
from oslo_procurement.rows import row_url, short_dates

register = template.Library()

# followup/actions/_status_badge.html
STATUS_CLASSES = {
    "verified_closed": "text-bg-success",
    "evidence_submitted": "text-bg-dark",
    "in_progress": "text-bg-info",
}
OTHER = "text-bg-light border"


def _overdue_badge():
    """The badge _status_badge adds to an overdue action, translated once per list."""
    label = value_html(gettext("Overdue"))  # outside the f-string: makemessages finds it
    return f' <span class="badge text-bg-danger">{label}</span>'


def _status_badge(action, overdue_badge, status):
    """followup/actions/_status_badge.html with ``overdue=action.overdue``, its closing
    newline included (``overdue_badge``: ``_overdue_badge()``; ``status``: the action's
    ``get_status_display``, oslo_procurement.choices.display)."""
    overdue = overdue_badge if action.overdue else ""
    return (
        f'<span class="badge {STATUS_CLASSES.get(action.status, OTHER)}">{value_html(status(action))}</span>{overdue}\n'
    )


def standing_badge(standing):
    """A supplier's standing on the sanctions ladder (a ``followup.actions.selectors.Standing``):
    its badge, and the proposals awaiting approval, with the closing newline the template
    ``_standing_badge.html`` wrote."""
    if standing.in_good_standing:
        css = "text-bg-success"
    elif standing.rung == 1:
        css = "text-bg-warning"
    else:
        css = "text-bg-danger"
    pending = ""
    if standing.pending:
        text = ngettext(
            "%(counter)s proposal awaiting approval", "%(counter)s proposals awaiting approval", standing.pending
        ) % {"counter": value_html(standing.pending)}
        pending = f' <span class="badge text-bg-light border">{text}</span>'
    return f'<span class="badge {css}">{value_html(standing.label)}</span>{pending}\n'


def standing_since(standing, short_date):
    """The link to the escalation in force, "since <date of decision>", or ""."""
    escalation = standing.escalation
    if not escalation:
        return ""
    url = row_url("actions:escalation_detail")(escalation.public_id)
    since = gettext("since %(date)s") % {"date": short_date(escalation.decided_on)}
    return f'<a href="{url}">{since}</a>'


@register.simple_tag
def standing_cell(standing):
    """The agreement page's standing cell: the badge and, under an escalation, since when."""
    # Every value is escaped above (value_html, row_url, date_writer), as the template escaped it.
    since = standing_since(standing, short_dates())
    return mark_safe(f"{standing_badge(standing)} {since}" if since else standing_badge(standing))  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal


@register.simple_tag
def open_action_rows(actions):
    """The rows of the supplier page's corrective actions panel
    (followup/actions/_supplier_panel.html), or the row that says there is none."""
    actions = list(actions)
    if not actions:
        empty = value_html(gettext("No open corrective actions."))
        return mark_safe(f'<tr><td colspan="3">{empty}</td></tr>')  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal
    url, short_date, overdue_badge = row_url("actions:detail"), short_dates(), _overdue_badge()
    status = display(type(actions[0]), "status")
    parts = [
        f'\n      <tr><td><a href="{url(action.public_id)}">{value_html(action.title)}</a></td>\n'
        f'        <td class="text-nowrap">{short_date(action.deadline)}</td>\n'
        f"        <td>{_status_badge(action, overdue_badge, status)}</td></tr>\n    "
        for action in actions
    ]
    # Every value is escaped above (value_html), as the template escaped it.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal


@register.simple_tag
def action_rows(actions):
    """``<tr>`` per action (with ``overdue`` and ``rung_in_force_label``, its supplier and
    meeting selected), or the row that says no action matches."""
    actions = list(actions)
    if not actions:
        empty = value_html(gettext("No corrective action matches the filter."))
        return mark_safe(f'\n    <tr><td colspan="6">{empty}</td></tr>\n  ')  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal
    url, short_date, overdue_badge = row_url("actions:detail"), short_dates(), _overdue_badge()
    agreed_in = gettext("Agreed in: %(title)s")
    severity, status = display(type(actions[0]), "severity"), display(type(actions[0]), "status")
    parts = []
    for action in actions:
        meeting = ""
        if action.meeting:
            agreed = agreed_in % {"title": value_html(action.meeting.title)}
            meeting = f'<div class="small text-body-secondary">{agreed}</div>'
        parts.append(
            "\n    <tr>\n"
            f'      <td><a href="{url(action.public_id)}">{value_html(action.title)}</a>\n'
            f"        {meeting}</td>\n"
            f"      <td>{value_html(action.supplier.legal_name)}</td>\n"
            f"      <td>{value_html(severity(action))}</td>\n"
            f'      <td class="text-nowrap">{short_date(action.deadline)}</td>\n'
            f"      <td>{_status_badge(action, overdue_badge, status)}</td>\n"
            f"      <td>{value_html(action.rung_in_force_label or '–')}</td>\n"
            "    </tr>\n  "
        )
    # Every value is escaped above (value_html), as the template escaped it.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal
