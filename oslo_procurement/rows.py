"""What the table rows written in Python share (the ``*_rows`` template tags of the lists and
the supplier page's panels): a row's link, reversed once per page, a badge as the badge
templates write it, and dates as the ``date`` filter writes them. Each tag's test compares its
rows with the template loop it replaced."""

import datetime
import uuid

from django.urls import reverse
from django.utils import dateformat
from django.utils.dateformat import re_escaped as _ESCAPED
from django.utils.dateformat import re_formatchars as _FORMAT_CHARS
from django.utils.formats import get_format
from django.utils.timezone import get_default_timezone, is_naive

from .fixed_urls import address_pieces
from .form_renderer import value_html


def row_url(name):
    """``public_id -> {% url name public_id %}``, escaped: the address's pieces looked up once
    for a page's rows, whose URLs differ only in the public id (a URL reversed per row was a
    tenth of a list's rows), from those ``{% url %}`` keeps per process (``address_pieces``)."""
    pieces = address_pieces(name)

    def reversed_one(public_id):  # Django's reverse (quoting included) for anything else
        return value_html(reverse(name, args=[public_id]))

    if pieces is False:  # a view that does not take a UUID there
        return reversed_one
    before, after = pieces
    return lambda public_id: (
        value_html(f"{before}{public_id}{after}") if type(public_id) is uuid.UUID else reversed_one(public_id)
    )


def badge(css, label):
    """``<span class="badge {{ css }}">{{ label }}</span>`` as an included badge template writes
    it, the file's closing newline included."""
    return f'<span class="badge {css}">{value_html(label)}</span>\n'


# Django's format characters (django.utils.dateformat) that are plain numbers, as str.format
# fields of (value, two-digit year, UTC offset); "O" is the offset, "" where Django gives none.
_NUMBERS = {
    "d": "{0.day:02d}",
    "j": "{0.day}",
    "m": "{0.month:02d}",
    "n": "{0.month}",
    "Y": "{0.year:04d}",
    "y": "{1:02d}",
    "G": "{0.hour}",
    "H": "{0.hour:02d}",
    "i": "{0.minute:02d}",
    "s": "{0.second:02d}",
    "O": "{2}",
}
_TIME = set("GHisO")
_writers = {}


def date_writer(pattern):
    """``value -> {{ value|date:pattern }}``, escaped (a datetime already in local time), for
    many rows: a pattern made of numbers (d.m.Y, m/d/Y, d.m.Y H:i, Y-m-d\\TH:i:sO) is compiled
    once into a str.format template instead of Django's DateFormat parsing it for every value
    (about 9 µs a date); any other pattern (month names, a.m./p.m.) is Django's. Same output:
    tests/test_rows.py compares them for dates and datetimes across years, time zones and the
    changes to and from summer time."""
    writer = _writers.get(pattern)
    if writer is None:
        writer = _writers[pattern] = _compile(pattern)
    return writer


def _compile(pattern):
    pieces = []
    for index, piece in enumerate(_FORMAT_CHARS.split(pattern)):
        if index % 2:
            if piece not in _NUMBERS:
                return lambda value: value_html(dateformat.format(value, pattern))
            pieces.append(_NUMBERS[piece])
        elif piece:
            pieces.append(_ESCAPED.sub(r"\1", piece).replace("{", "{{").replace("}", "}}"))
    template = "".join(pieces)
    specifiers = set(_FORMAT_CHARS.findall(pattern))
    has_time, has_offset = bool(specifiers & _TIME), "O" in specifiers
    escape = any(char in template for char in "<>&\"'")

    def write(value):
        if has_time and type(value) is datetime.date:
            return dateformat.format(value, pattern)  # Django's TypeError
        offset = _offset(value) if has_offset else ""
        text = template.format(value, value.year % 100, offset)
        return value_html(text) if escape else text

    return write


def _offset(value):
    """DateFormat's "O": the UTC offset as +HHMM, "" when the local time is ambiguous or does
    not exist (the hour summer time ends or begins)."""
    zone = get_default_timezone() if is_naive(value) else value.tzinfo
    if zone.utcoffset(value.replace(fold=not value.fold)) != zone.utcoffset(value):
        return ""
    offset = zone.utcoffset(value)
    seconds = offset.days * 86400 + offset.seconds
    sign = "-" if seconds < 0 else "+"
    seconds = abs(seconds)
    return f"{sign}{seconds // 3600:02d}{(seconds // 60) % 60:02d}"


def short_dates():
    """``date -> {{ date|date:"SHORT_DATE_FORMAT" }}`` in the active language, escaped."""
    return date_writer(get_format("SHORT_DATE_FORMAT"))
