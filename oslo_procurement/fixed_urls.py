"""``fixed_url(name)``: ``reverse(name)`` of a view that takes no arguments, looked up once
per process.

``reverse`` costs some 30-50 µs of CPU (namespaces, candidate patterns, quoting), and every
page asked for the same few addresses again: the menu's, the header's, the two-factor
middleware's. Its answer for a name without arguments depends only on the URLconf, the
script prefix and (with ``i18n_patterns``) the language, so it is kept per those; a test that
changes settings (ROOT_URLCONF, say) empties the dict."""

from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

_urls = {}


def fixed_url(name):
    key = (name, get_language(), get_script_prefix(), get_urlconf())
    url = _urls.get(key)
    if url is None:
        url = _urls[key] = reverse(name)
    return url


def _clear(**kwargs):
    _urls.clear()


setting_changed.connect(_clear)
