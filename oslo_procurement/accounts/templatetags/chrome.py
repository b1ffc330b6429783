"""``{% load chrome %}``: the parts of base.html that every page shows, written without a
template lookup or URL reversal per request (bench/README.md, "What cut the CPU").

- ``{% main_menu %}``: the main menu for the request's user and page (accounts/menu.py);
- ``{% fixed_url 'name' %}``: ``{% url 'name' %}`` of a view without arguments, looked up once
  per process (and language, script prefix, URLconf).
"""

from django import template
from django.utils.safestring import mark_safe

from oslo_procurement.fixed_urls import fixed_url as _fixed_url

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
