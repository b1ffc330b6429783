"""What the table rows written in Python share (the ``*_rows`` template tags of the lists and
the supplier page's panels): a row's link, reversed once per page, and a badge as the badge
templates write it. Each tag's test compares its rows with the template loop it replaced."""

import re
import uuid

from django.urls import reverse
from django.utils.formats import date_format, get_format

from .form_renderer import value_html

_STAND_IN = uuid.UUID(int=0)


def row_url(name):
    """``public_id -> {% url name public_id %}``, escaped: one reverse for a page's rows, whose
    URLs differ only in the public id (a URL reversed per row was a tenth of a list's rows)."""
    before, after = reverse(name, args=[_STAND_IN]).split(str(_STAND_IN))
    return lambda public_id: value_html(f"{before}{public_id}{after}")


def badge(css, label):
    """``<span class="badge {{ css }}">{{ label }}</span>`` as an included badge template writes
    it, the file's closing newline included."""
    return f'<span class="badge {css}">{value_html(label)}</span>\n'


# Format characters of a date that are plain numbers (Django's DateFormat: d, j, m, n, Y, y),
# with the separators a locale puts between them; any other format goes through Django.
_NUMERIC_DATE = re.compile(r"[djmnYy./\- ]+")
_NUMBERS = {
    "d": "{0.day:02d}",
    "j": "{0.day}",
    "m": "{0.month:02d}",
    "n": "{0.month}",
    "Y": "{0.year:04d}",
    "y": "{1:02d}",  # the year's last two digits
}


def short_dates():
    """``date -> {{ date|date:"SHORT_DATE_FORMAT" }}``, escaped, for many rows: the active
    language's format read once, and a format made only of numbers (d.m.Y, m/d/Y: every
    language here) written with str.format instead of Django's DateFormat (about 9 µs a
    date). A datetime must already be in local time. tests/test_rows.py compares the two."""
    pattern = get_format("SHORT_DATE_FORMAT")
    if not _NUMERIC_DATE.fullmatch(pattern):
        return lambda value: value_html(date_format(value, "SHORT_DATE_FORMAT"))
    template = "".join(_NUMBERS.get(char, char) for char in pattern)
    return lambda value: template.format(value, value.year % 100)
