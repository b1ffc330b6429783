"""``fixed_url(name)``: ``reverse(name)`` of a view that takes no arguments, looked up once
per process; ``cached_reverse(name, args)``: ``reverse(name, args=args)`` where the arguments
are UUIDs (public ids) or none, reversed once per process with stand-in ids that each call
replaces with its own. The project's ``{% url %}`` (oslo_procurement/template_urls.py) and the
models' ``get_absolute_url`` use it.

``reverse`` costs some 30-50 µs of CPU (namespaces, candidate patterns, quoting), and every
page asked for the same few addresses again: the menu's, the header's, the two-factor
middleware's. Its answer for a name without arguments depends only on the URLconf, the
script prefix and (with ``i18n_patterns``) the language, so it is kept per those; a test that
changes settings (ROOT_URLCONF, say) empties the dict."""

import uuid

from django.core.signals import setting_changed
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

_urls = {}


def fixed_url(name):
    key = (name, get_language(), get_script_prefix(), get_urlconf())
    url = _urls.get(key)
    if url is None:
        url = _urls[key] = reverse(name)
    return url


# Stand-in ids for cached_reverse's patterns: a UUID's text is hex digits and hyphens, which no
# converter treats differently from another UUID's and reverse() never quotes.
_STAND_INS = tuple(str(uuid.UUID(int=index + 1)) for index in range(4))
_patterns = {}


def cached_reverse(name, args=(), current_app=None):
    """``reverse(name, args=args, current_app=current_app)`` when every argument is a UUID (or
    there is none): the view's address with stand-ins in place of the ids is reversed once per
    URLconf, script prefix, language and current app, and each call puts its ids where the
    stand-ins were. Any other argument, or a view that does not take UUIDs there, goes through
    reverse() itself, as does a name that does not reverse (its NoReverseMatch is reverse()'s)."""
    if len(args) > len(_STAND_INS) or not all(type(arg) is uuid.UUID for arg in args):
        return reverse(name, args=args, current_app=current_app)
    pieces = address_pieces(name, len(args), current_app)
    if pieces is False:
        return reverse(name, args=args, current_app=current_app)
    parts = [pieces[0]]
    for arg, piece in zip(args, pieces[1:], strict=True):
        parts.append(str(arg))
        parts.append(piece)
    return "".join(parts)


def address_pieces(name, count=1, current_app=None):
    """The view's address cut around its ``count`` UUID arguments, ``[before, between...,
    after]``, kept per URLconf, script prefix, language and current app; False for a view
    whose addresses must be reversed one by one (see ``_split``)."""
    key = (name, count, current_app, get_language(), get_script_prefix(), get_urlconf())
    pieces = _patterns.get(key)
    if pieces is None:
        pieces = _patterns[key] = _split(name, count, current_app)
    return pieces


def _split(name, count, current_app):
    """The address reversed with stand-ins, cut around each: ``[before, between..., after]``,
    or False when the stand-ins do not each come out once, in order (the view's converter
    is not for UUIDs, say), so that its addresses are always reversed."""
    stand_ins = _STAND_INS[:count]
    try:
        address = reverse(name, args=stand_ins, current_app=current_app)
    except NoReverseMatch:
        return False
    pieces = []
    for stand_in in stand_ins:
        if address.count(stand_in) != 1:
            return False
        before, address = address.split(stand_in)
        pieces.append(before)
    pieces.append(address)
    return pieces


def _clear(**kwargs):
    _urls.clear()
    _patterns.clear()


setting_changed.connect(_clear)
