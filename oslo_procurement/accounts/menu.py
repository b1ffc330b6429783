"""The main menu of every page (base.html's ``{% block nav %}``), written in Python.

The menu's addresses and labels are the same for every request in one language, so they are
looked up once per process and language (``reverse`` costs about as much as rendering a small
template, and the buyer staff's menu has 26 of them); what changes per request (which entry is
the current page or section, the administrator's extra entry) is decided per request, from the
request's path and the template context's ``is_buyer_staff``, ``is_supplier_user`` and ``user``
as the template did. The HTML is the same, byte for byte, as the template that was here before
(tests/accounts/test_menu.py renders both and compares them)."""

from html import escape

from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_noop as _

from oslo_procurement.fixed_urls import fixed_url

# The staff menu: a link, four drop-downs and a link. A link is (URL name, label, the path
# parts that make it the current section, whether its own page does too); a drop-down is
# (label, the path parts that make it the current section, its entries); an entry is (URL name,
# label), (URL name, label, ADMIN_ONLY), or None for a divider. The labels are msgids
# (gettext_noop marks them for makemessages), translated in _lookup().
ADMIN_ONLY = "admin"
STAFF_MENU = [
    ("link", "home", _("Work queue"), ("/work/",), True),
    (
        "dropdown",
        _("Registry"),
        ("/suppliers/", "/agreements/", "/criteria/"),
        [
            ("suppliers:list", _("Suppliers")),
            ("suppliers:site_list", _("Factories")),
            ("contracts:list", _("Agreements")),
            ("contracts:entity_list", _("City entities")),
            ("criteria:list", _("Criteria")),
            ("cmrt:smelter_list", _("Smelter reference list")),
            None,
            ("contracts:overview", _("Key figures of the registry")),
            ("contracts:team", _("Team, name and logo"), ADMIN_ONLY),
        ],
    ),
    (
        "dropdown",
        _("Follow-up"),
        ("/followup/", "/findings/", "/risk/", "/meetings/", "/actions/", "/timeline/", "/reminders/"),
        [
            ("followup:round_list", _("Self-assessments")),
            ("followup:questionnaire_list", _("Questionnaires")),
            ("findings:list", _("Desktop research")),
            ("risk:overview", _("Risk overview")),
            ("meetings:list", _("Follow-up meetings")),
            ("actions:list", _("Corrective actions")),
            ("actions:escalation_queue", _("Escalations awaiting approval")),
            ("reminders:transparency", _("Transparency Act accounts missing")),
        ],
    ),
    (
        "dropdown",
        _("Reports"),
        ("/reports/",),
        [
            ("reports:dashboard", _("Dashboard")),
            ("reports:home", _("PDF reports")),
            ("reports:subscription_list", _("Email subscriptions")),
            ("reports:delivery_log", _("Sending log")),
        ],
    ),
    (
        "dropdown",
        _("Market dialogue"),
        ("/market-dialogue/", "/lessons/", "/next-procurement/"),
        [
            ("market:list", _("Market dialogue events")),
            ("market:readiness", _("Market readiness per criterion")),
            ("lessons:list", _("Lessons learned")),
            ("procurement:list", _("Next procurement drafts")),
        ],
    ),
    ("link", "exchange:home", _("Exchange"), ("/exchange/",), False),
]
# The supplier user's menu; the first entry is the current one on its own page only, the
# others on every page under them.
SUPPLIER_MENU = [
    ("portal:home", _("Our company")),
    ("portal_followup:list", _("Self-assessments")),
    ("portal:evidence_list", _("Evidence")),
    ("portal_actions:list", _("Corrective actions")),
    ("portal_meetings:list", _("Follow-up meetings")),
    ("portal_findings:list", _("Findings")),
    ("portal_market:list", _("Market dialogue")),
    ("portal_cmrt:list", _("Conflict minerals (CMRT)")),
    ("portal_sharing:home", _("Share with other buyers")),
]

_texts = {}


def _clear(**kwargs):
    _texts.clear()


setting_changed.connect(_clear)


def _entries():
    """Every (URL name, label) of both menus."""
    for entry in STAFF_MENU:
        if entry[0] == "link":
            yield entry[1], entry[2]
        else:
            yield None, entry[1]
            yield from (item[:2] for item in entry[3] if item is not None)
    yield from SUPPLIER_MENU


def _lookup():
    """``({URL name: escaped address}, {label: escaped translation})`` for the active
    language, script prefix and URLconf; looked up once per process."""
    key = (get_language(), get_script_prefix(), get_urlconf())
    found = _texts.get(key)
    if found is None:
        entries = list(_entries())
        found = (
            {name: escape(fixed_url(name)) for name, _label in entries if name},
            {label: escape(gettext(label)) for _name, label in entries},
        )
        _texts[key] = found
    return found


def _current(path, url):
    return 'aria-current="page" ' if path == url else ""


def _staff_menu(path, is_admin, urls, labels):
    out = []
    for entry in STAFF_MENU:
        out.append("\n              \n              ")
        if entry[0] == "link":
            _kind, name, label, parts, own_page = entry
            url = urls[name]
            active = (own_page and path == url) or any(part in path for part in parts)
            out.append(
                f'<li class="nav-item"><a class="nav-link{" active" if active else ""}" '
                f'{_current(path, url)}href="{url}">{labels[label]}</a></li>'
            )
            continue
        _kind, label, parts, items = entry
        active = any(part in path for part in parts)
        out.append(
            '<li class="nav-item dropdown">\n'
            '                <button type="button" class="nav-link dropdown-toggle'
            f'{" active" if active else ""}" data-bs-toggle="dropdown" aria-expanded="false">'
            f"{labels[label]}</button>\n"
            '                <ul class="dropdown-menu">\n'
        )
        for item in items:
            if item is None:
                out.append('                  <li><hr class="dropdown-divider"></li>\n')
                continue
            url = urls[item[0]]
            link = f'<li><a class="dropdown-item" {_current(path, url)}href="{url}">{labels[item[1]]}</a></li>'
            if item[2:] == (ADMIN_ONLY,):
                # The template's line stays (its indentation) when the entry is not shown.
                link = link if is_admin else ""
            out.append(f"                  {link}\n")
        out.append("                </ul>\n              </li>")
    out.append("\n            ")
    return "".join(out)


def _supplier_menu(path, urls, labels):
    out = ["\n              \n"]
    for index, (name, label) in enumerate(SUPPLIER_MENU):
        url = urls[name]
        active = path == url if index == 0 else url in path
        out.append(
            f'              <li class="nav-item"><a class="nav-link{" active" if active else ""}" '
            f'{_current(path, url)}href="{url}">{labels[label]}</a></li>\n'
        )
    out.append("            ")
    return "".join(out)


def main_menu_html(*, path, is_buyer_staff, is_supplier_user, is_admin):
    """The menu's ``<li>`` entries (and the whitespace between them) for this request."""
    if is_buyer_staff:
        body = _staff_menu(path, is_admin, *_lookup())
    elif is_supplier_user:
        body = _supplier_menu(path, *_lookup())
    else:
        body = ""
    return "\n            " + body + "\n            "
