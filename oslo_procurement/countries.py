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
from django.utils.translation import get_language, override
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


def country_names():
    """``code -> country_name(code)`` for many rows in one language: the active language and
    django_countries' context read once, not per row (each read goes through asgiref's
    context-local storage)."""
    if getattr(django_countries._countries_context, "options", None):
        return lambda code: countries.name(str(code or ""))
    language = get_language()

    def name(code):
        code = str(code or "")
        key = (language, code)
        found = _names.get(key)
        if found is None:
            with override(language):  # the namer's language, whatever is active now
                found = _names[key] = str(countries.name(code))
        return found

    return name


def country_code(record, field="country"):
    """The code a record's CountryField holds, as ``str(record.country)`` gives it, without
    the ``Country`` object django_countries' descriptor builds on every read."""
    value = record.__dict__.get(field, record)
    if value is record:  # deferred: the descriptor loads it
        return str(getattr(record, field))
    return "" if value is None else str(value)


@receiver(setting_changed)
def _forget(**kwargs):
    _names.clear()
