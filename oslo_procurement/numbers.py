"""Whole numbers grouped in the active language (1 234 in Bokmål, 1,234 in English) without
Django's general number formatting for each one.

``django.utils.formats.number_format`` reads the active language and three format settings
and then groups the digits one by one in Python; the dashboard writes about 560 numbers
(counts in its charts and tables), and that was a tenth of its CPU (cProfile,
bench/profile_page.py). For a plain ``int`` with the usual grouping by three, the language's
thousand separator is looked up once per language and Python's own grouping does the rest
(a number below 1,000 is its digits, without reading the language, when no language of the
installation groups it);
anything else (decimals, floats, another grouping) is Django's. ``tests/test_numbers.py``
compares with Django for many values in both languages.
"""

from decimal import Decimal

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.formats import get_format, number_format
from django.utils.translation import get_language

_separators = {}
PLAIN = object()  # the key of _small_numbers_plain's answer in _separators


def grouped(value):
    """``number_format(value, force_grouping=True)``; a non-number is given back as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    if type(value) is Decimal and value.as_tuple().exponent == 0 and not (value.is_zero() and value.is_signed()):
        value = int(value)  # a whole Decimal (a rounded percentage) is written as that integer
    if type(value) is int:
        if -1000 < value < 1000 and _small_numbers_plain():  # nothing to group: no language to read
            return str(value)
        language = get_language()
        separator = _separators.get(language)
        if separator is None:
            grouping = get_format("NUMBER_GROUPING", language)
            separator = _separators[language] = get_format("THOUSAND_SEPARATOR", language) if grouping == 3 else ""
        if separator:
            text = f"{abs(value):,}".replace(",", separator)
            return "-" + text if value < 0 else text
    return number_format(value, force_grouping=True)


def _small_numbers_plain():
    """True when no language of the installation groups a number below 1,000 (groups of three,
    or none), so that one is written as ``str()`` in every language. Worked out once."""
    plain = _separators.get(PLAIN)
    if plain is None:
        plain = _separators[PLAIN] = all(
            _groups_from_four_digits(get_format("NUMBER_GROUPING", code)) for code, _name in settings.LANGUAGES
        )
    return plain


def _groups_from_four_digits(grouping):
    first = grouping if isinstance(grouping, int) else (grouping[0] if grouping else 0)
    return first == 0 or first >= 3


@receiver(setting_changed)
def _forget(**kwargs):
    _separators.clear()
