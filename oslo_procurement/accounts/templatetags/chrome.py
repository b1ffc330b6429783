"""``{% load chrome %}``: the parts of base.html that every page shows, written without a
template lookup or URL reversal per request (bench/README.md, "What cut the CPU").

- ``{% main_menu %}``: the main menu for the request's user and page (accounts/menu.py);
- ``{% fixed_url 'name' %}``: ``{% url 'name' %}`` of a view without arguments, looked up once
  per process (and language, script prefix, URLconf);
- ``{% header_start %}`` and ``{% header_end %}``: the page header around the main menu (the
  brand, the menu button; the language form, the user's settings link and the logout button),
  the HTML base.html wrote with a template lookup per value; the menu between them stays a
  block that the two-factor pages leave empty. tests/accounts/test_chrome.py compares both.
"""

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from oslo_procurement.fixed_urls import fixed_url as _fixed_url
from oslo_procurement.form_renderer import value_html

from .. import menu

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    request = context.get("request")
    user = context.get("user")
    html = menu.main_menu_html(
        path=getattr(request, "path", ""),
        is_buyer_staff=bool(context.get("is_buyer_staff")),
        is_supplier_user=bool(context.get("is_supplier_user")),
        is_admin=getattr(user, "role", None) == "admin",
    )
    # Every address and label in it is escaped (accounts/menu.py), as the template escaped them.
    return mark_safe(html)  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal


@register.simple_tag
def fixed_url(name):
    return _fixed_url(name)  # escaped by the tag when autoescaping is on, as {% url %} is


_csrf = CsrfTokenNode()


@register.simple_tag(takes_context=True)
def header_start(context):
    """From ``<header>`` to the menu's ``<ul>``: the buyer's name and logo (or the product's
    name) linking home, and the button that shows the menu on a narrow screen."""
    brand = context.get("header_buyer")
    if callable(brand):
        brand = brand()
    if brand:
        logo = (
            f'<img src="{value_html(brand.logo_url)}" alt="" class="brand-logo me-2" height="32">'
            if brand.logo_url
            else ""
        )
        name = f"{logo}{value_html(brand.name)}"
    else:
        name = "Oslo Procurement"
    # gettext outside the f-strings, where makemessages finds it
    main_menu, show_menu = value_html(gettext("Main menu")), value_html(gettext("Show menu"))
    html = (
        "<header>\n"
        '    <nav class="navbar navbar-expand-xl navbar-dark bg-primary-dark app-nav" '
        f'aria-label="{main_menu}">\n'
        '      <div class="container-fluid">\n'
        f'        <a class="navbar-brand" href="{value_html(_fixed_url("home"))}">{name}</a>\n'
        '        <button class="navbar-toggler" type="button" data-bs-toggle="collapse" data-bs-target="#main-nav"\n'
        '                aria-controls="main-nav" aria-expanded="false" '
        f'aria-label="{show_menu}">\n'
        '          <span class="navbar-toggler-icon"></span>\n'
        "        </button>\n"
        '        <div class="collapse navbar-collapse" id="main-nav">\n'
        '          <ul class="navbar-nav me-auto">\n'
        "            "
    )
    # Every value is escaped above (value_html), as the template escaped it.
    return mark_safe(html)  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal


@register.simple_tag(takes_context=True)
def header_end(context):
    """From the menu's ``</ul>`` to ``</header>``: the language form (back to the same page),
    then for a signed-in user a link to their settings and the logout button."""
    request = context.get("request")
    user = context.get("user")
    csrf = _csrf.render(context)
    full_path = request.get_full_path() if request is not None else ""  # none on a 500 page
    language = get_language()
    selected = {code: " selected" if language == code else "" for code in ("nb", "en")}
    # gettext outside the f-strings, where makemessages finds it
    language_label, change, language_word = gettext("Language"), gettext("Change"), gettext("language")
    parts = [
        "\n          </ul>\n"
        '          <form class="d-flex align-items-center gap-1 me-2 language-form" '
        f'action="{value_html(_fixed_url("accounts:set_language"))}" method="post">\n'
        f"            {csrf}\n"
        f'            <input type="hidden" name="next" value="{value_html(full_path)}">\n'
        f'            <label for="language-select" class="visually-hidden">{value_html(language_label)}</label>\n'
        '            <select id="language-select" name="language" class="form-select form-select-sm">\n'
        f'              <option value="nb"{selected["nb"]} lang="nb">Norsk bokmål</option>\n'
        f'              <option value="en"{selected["en"]} lang="en">English</option>\n'
        "            </select>\n"
        f'            <button type="submit" class="btn btn-sm btn-light">{value_html(change)}'
        f'<span class="visually-hidden"> {value_html(language_word)}</span></button>\n'
        "          </form>\n"
        "          "
    ]
    if user is not None and user.is_authenticated:
        role = value_html(user.get_role_display())
        my_settings, log_out = value_html(gettext("My settings")), value_html(gettext("Log out"))
        parts.append(
            "\n"
            '            <a class="nav-link me-2 text-white text-nowrap" '
            f'href="{value_html(_fixed_url("accounts:settings"))}" title="{role}">'
            f"{value_html(user.full_name or user.email)}"
            f'<span class="visually-hidden"> · {role} – {my_settings}</span></a>\n'
            f'            <form action="{value_html(_fixed_url("accounts:logout"))}" method="post">{csrf}\n'
            '              <button type="submit" class="btn btn-sm btn-light text-nowrap">'
            f"{log_out}</button>\n"
            "            </form>\n"
            "          "
        )
    parts.append("\n        </div>\n      </div>\n    </nav>\n  </header>")
    # Every value is escaped above (value_html), as the template escaped it.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal
