"""A country's name in the active language, looked up once per language and code.

``django_countries``' ``Country.name`` resolves the code, reads its options and translates
the name on every call: a list page writing 25 countries spent about 7 % of its CPU there
(cProfile, bench/profile_page.py). The names do not change while the process runs, except
through settings (``COUNTRIES_*``, languages: the kept names are dropped when one changes)
or inside django_countries' ``countries_context()`` (then its own lookup is used).
``tests/test_countries.py`` compares every country in both languages."""

import django_countries
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.translation import get_language
from django_countries import countries

_names = {}


def country_name(code):
    """``Country(code).name``: the name of ``code`` in the active language, "" if unknown."""
    code = str(code or "")
    if getattr(django_countries._countries_context, "options", None):
        return countries.name(code)
    key = (get_language(), code)
    name = _names.get(key)
    if name is None:
        name = _names[key] = str(countries.name(code))
    return name


@receiver(setting_changed)
def _forget(**kwargs):
    _names.clear()
