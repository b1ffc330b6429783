"""The supplier page's sites and portal users, their rows written in Python: the same HTML the
loops in suppliers/supplier_detail.html wrote, without a template lookup per cell, a date
filter per row and a URL reversed per row (the two loops were about 4 % of the page's CPU,
measured in turns in one process). The contacts and invitations, whose rows carry forms,
stay in the template. tests/suppliers/test_supplier_page_rows.py compares both."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from oslo_procurement.choices import display
from oslo_procurement.countries import country_code, country_names
from oslo_procurement.form_renderer import value_html
from oslo_procurement.rows import row_url, short_dates

register = template.Library()


def _short_date(value, short_date):
    """``{{ value|date:"SHORT_DATE_FORMAT"|default:"–" }}``: a datetime in local time."""
    if not value:
        return "–"
    return short_date(template_localtime(value))


@register.simple_tag
def site_rows(sites):
    """``<tr>`` per site (name linking to it, country, production stage, products, the date
    it was disclosed), or the row that says none is disclosed."""
    sites = list(sites)
    if not sites:
        empty = value_html(gettext("No sites disclosed yet."))
        return mark_safe(f'<tr><td colspan="5">{empty}</td></tr>')  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal
    url, country, short_date = row_url("suppliers:site_detail"), country_names(), short_dates()
    stage = display(type(sites[0]), "stage")
    archived_label = value_html(gettext("Archived"))  # outside the f-string: makemessages finds it
    archived = f' <span class="badge badge-archived">{archived_label}</span>'
    parts = [
        f'\n      <tr><td><a href="{url(site.public_id)}">{value_html(site.name)}</a>'
        f"{archived if site.is_archived else ''}</td>\n"
        f"        <td>{value_html(country(country_code(site)))}</td><td>{value_html(stage(site))}</td>"
        f"<td>{value_html(site.products)}</td><td>{_short_date(site.disclosed_on, short_date)}</td></tr>\n    "
        for site in sites
    ]
    # Every value is escaped above (value_html), as the template escaped it.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal


@register.simple_tag
def portal_user_rows(memberships, can_edit):
    """``<tr>`` per portal user (name, email unless anonymised, last login, status, and for an
    editor the link to anonymise them), or the row that says there is none."""
    memberships = list(memberships)
    if not memberships:
        empty = value_html(gettext("No portal users yet."))
        return mark_safe(f'<tr><td colspan="5">{empty}</td></tr>')  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal
    url, short_date = row_url("suppliers:user_anonymise"), short_dates()
    status = {
        "anonymised": value_html(gettext("Anonymised")),
        "active": value_html(gettext("Active")),
        "deactivated": value_html(gettext("Deactivated")),
    }
    anonymise = value_html(gettext("Anonymise"))
    parts = []
    for membership in memberships:
        person = membership.user
        name = value_html(person.full_name)
        state = "anonymised" if person.anonymised_at else "active" if person.is_active else "deactivated"
        action = ""
        if can_edit:
            link = (
                f'<a class="btn btn-sm btn-link" href="{url(membership.public_id)}">{anonymise}'
                f'<span class="visually-hidden"> {name}</span></a>'
                if not person.anonymised_at
                else ""
            )
            action = f'<td class="text-end">{link}</td>'
        parts.append(
            f"\n      <tr><td>{name}</td><td>{'–' if person.anonymised_at else value_html(person.email)}</td>\n"
            f"        <td>{_short_date(person.last_login, short_date)}</td>\n"
            f"        <td>{status[state]}</td>\n"
            f"        {action}\n"
            "      </tr>\n    "
        )
    # Every value is escaped above (value_html), as the template escaped it.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal
