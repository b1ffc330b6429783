"""What the table rows written in Python share (the ``*_rows`` template tags of the lists and
the supplier page's panels): a row's link, reversed once per page, and a badge as the badge
templates write it. Each tag's test compares its rows with the template loop it replaced."""

import uuid

from django.urls import reverse

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
