"""Render a Django template to PDF with WeasyPrint.

WeasyPrint fetches every URL a document names (stylesheets, images, fonts), and would
follow ``file://`` and remote URLs as well. ``StaticOnlyFetcher`` serves the project's
own static files and nothing else: no network, no file outside the static folders, no
redirects; everything else is refused (and logged). The templates are Django templates
with autoescaping on, so supplier text (a name with HTML or CSS in it) lands in the PDF
as text, never as markup.
"""

import gc
import logging
import mimetypes
import os
import re
import threading
import zlib
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

# WeasyPrint reports every step at INFO; keep its warnings (refused URLs, bad CSS) only.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

import pydyf  # noqa: E402
import tinyhtml5.inputstream as tinyhtml5_inputstream  # noqa: E402
from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

from . import pdf_teardown, svg_text  # noqa: E402

svg_text.install()
pdf_teardown.install()


# pydyf (WeasyPrint's PDF writer) deflates every content stream at zlib's level 9. On the
# 30-page leadership summary that took 0.11 s of CPU for 1.9 MB of page content; level 6,
# zlib's own default, takes 0.03 s for page content 3 % larger (the PDF 1.3 %; bench/README.md). Any level gives
# the same pages: a reader inflates them the same way.
STREAM_COMPRESSION_LEVEL = 6


class _StreamDeflate:
    """Stands in for the ``zlib`` module inside pydyf: the same functions, with the level capped."""

    def __getattr__(self, name):
        return getattr(zlib, name)

    @staticmethod
    def compressobj(level=-1, *args, **kwargs):
        return zlib.compressobj(min(level, STREAM_COMPRESSION_LEVEL) if level >= 0 else level, *args, **kwargs)

    @staticmethod
    def compress(data, level=-1, **kwargs):
        return zlib.compress(data, min(level, STREAM_COMPRESSION_LEVEL) if level >= 0 else level, **kwargs)


if getattr(pydyf, "zlib", None) is zlib:
    pydyf.zlib = _StreamDeflate()


class _CharactersUntil(dict):
    """tinyhtml5's cache of the patterns its tokenizer scans text with. Its ``chars_until``
    stores each pattern under the wrong key (``characters = cache[key] = regex`` rebinds
    ``characters`` before the key is built), so it never finds one and writes the pattern
    again for every run of text: almost half of parsing the 30-page summary. Filled here
    under the key it looks up, the same pattern it would have built."""

    def __missing__(self, key):
        characters, opposite = key
        ranges = "".join(f"\\x{ord(character):02x}" for character in characters)
        regex = self[key] = re.compile(f"[{ranges if opposite else '^' + ranges}]+")
        return regex


if isinstance(getattr(tinyhtml5_inputstream, "characters_until_regex", None), dict):
    tinyhtml5_inputstream.characters_until_regex = _CharactersUntil()

logger = logging.getLogger(__name__)

# The PDF's own base URL: a host that does not exist, so a relative URL in a template
# resolves to something only StaticOnlyFetcher understands.
BASE_URL = "https://pdf.invalid/"
MAX_ASSET_BYTES = 5 * 1024 * 1024


class RefusedURL(ValueError):
    pass


def _static_roots():
    roots = [Path(p).resolve() for p in getattr(settings, "STATICFILES_DIRS", [])]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


def _inside(path, roots):
    return any(path == root or root in path.parents for root in roots)


class StaticOnlyFetcher(URLFetcher):
    """Serves ``{% static %}`` URLs (and ``file://`` URLs inside the static folders)
    from disk; refuses every other URL. Never opens a network connection."""

    def __init__(self, timeout=5, files=None):
        super().__init__(timeout=timeout, allowed_protocols=("https", "file"), allow_redirects=False)
        self.refused = []
        # {url: (bytes, content type)}: files the caller hands over (a buyer's logo), served as given.
        self.files = files or {}

    def _refuse(self, url, reason):
        self.refused.append(url)
        logger.warning("PDF rendering refused %s (%s)", url[:200], reason)
        raise RefusedURL(f"refused: {reason}")

    def _static_path(self, url):
        parts = urlsplit(url)
        roots = _static_roots()
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            if not _inside(path, roots):
                self._refuse(url, "file outside the static folders")
            return path
        base = urlsplit(BASE_URL)
        if parts.scheme != base.scheme or parts.netloc != base.netloc:
            self._refuse(url, "not the project's own static files")
        static_url = "/" + settings.STATIC_URL.strip("/") + "/"
        if not parts.path.startswith(static_url):
            self._refuse(url, "not under STATIC_URL")
        relative = unquote(parts.path[len(static_url) :])
        if not relative or relative.startswith("/") or ".." in Path(relative).parts:
            self._refuse(url, "bad static path")
        found = finders.find(relative)
        if not found and settings.STATIC_ROOT:
            # In production {% static %} gives collectstatic's hashed names (print.3f2a….css),
            # which only exist in STATIC_ROOT, not in the source folders the finders search.
            collected = Path(settings.STATIC_ROOT, relative)
            found = str(collected) if collected.is_file() else None
        if not found:
            self._refuse(url, "no such static file")
        path = Path(found).resolve()
        if not _inside(path, roots) and not _found_by_app_finder(path):
            self._refuse(url, "static file resolves outside the static folders")
        return path

    def fetch(self, url, headers=None):
        if isinstance(url, str) and url in self.files:
            body, content_type = self.files[url]
            return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})
        if not isinstance(url, str) or url.startswith("data:"):
            self._refuse(str(url)[:80], "data and other inline URLs are not used")
        scheme = url.split(":", 1)[0].lower()
        if scheme not in ("https", "file"):
            self._refuse(url, f"scheme {scheme}")
        path = self._static_path(url)
        if not path.is_file():
            self._refuse(url, "not a file")
        if path.stat().st_size > MAX_ASSET_BYTES:
            self._refuse(url, "too large")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})


def _found_by_app_finder(path):
    """Static files of installed apps (the admin's, for example) live in the apps'
    ``static`` folders; accept those too."""
    from django.apps import apps

    for config in apps.get_app_configs():
        root = Path(config.path, "static").resolve()
        if os.path.isdir(root) and _inside(path, [root]):
            return True
    return False


def css_string(text):
    """``text`` as a CSS string literal: for the translated words around the page counter."""
    escaped = "".join(ch if ch.isalnum() or ch in " .,:;-–()" else f"\\{ord(ch):x} " for ch in str(text))
    return f'"{escaped}"'


def page_counter_css():
    """``"Page " counter(page) " of " counter(pages)`` in the active language, built from
    the catalogue's "Page %(number)s of %(total)s"."""
    pattern = _("Page %(number)s of %(total)s") % {"number": "\x00page\x00", "total": "\x00pages\x00"}
    pieces = []
    for index, piece in enumerate(pattern.split("\x00")):
        if index % 2:
            pieces.append(f"counter({piece})")
        elif piece:
            pieces.append(css_string(piece))
    # Our own catalogue's words, every character but letters, digits and " .,:;-–()" CSS-escaped.
    return mark_safe(" ".join(pieces))  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal


# Every PDF is written as PDF/UA: tagged (headings, tables with their header cells,
# lists, figures with their text alternative), with the template's ``<html lang>`` as
# its language and its ``<title>`` as its title, so a screen reader can read it.
PDF_VARIANT = "pdf/ua-1"


LOGO_URL = BASE_URL.rstrip("/") + "/pdf-assets/buyer-logo"


def _buyer_logo(buyer):
    """(bytes, content type) of the buyer's logo for its PDFs, or None. Only the buyer the
    document is about: the URL is served from memory, never from the network."""
    if buyer is None or not getattr(buyer, "logo_path", ""):
        return None
    try:
        return buyer.logo_bytes(), buyer.logo_content_type
    except OSError:
        logger.warning("The logo of buyer %s could not be read", buyer.pk)
        return None


_fonts = threading.local()


def font_config():
    """The process's FontConfiguration, made once per thread and reused by every rendering.
    WeasyPrint otherwise builds a new one per document, and with it a fresh Pango font map
    whose font and glyph caches start cold: about 0.5 s of CPU on the 30-page leadership
    summary (bench/pdf_bench.py). The PDFs use no web fonts (``@font-face``), so nothing a
    document brings is added to the shared configuration. Pango's font map is not meant
    to be shared between threads, hence one per thread."""
    config = getattr(_fonts, "config", None)
    if config is None:
        config = _fonts.config = FontConfiguration()
    return config


# The stylesheet every PDF is laid out with (lean on purpose: no web framework in a PDF).
PRINT_CSS = "css/print.css"


def stylesheet(path=PRINT_CSS):
    """The static stylesheet ``path``, parsed once per thread and reused by every rendering
    (WeasyPrint parsed a ``<link>``ed one again for each document: 1.9 % of the supplier
    report's instructions; bench/README.md). Parsed again when the file changes (its size or
    modification time).
    Applied as the document's user stylesheet: the templates' own ``<style>`` (the page
    counter's words, a letter's layout) overrides it, as it overrode the linked one."""
    url = BASE_URL.rstrip("/") + static(path)
    fetcher = StaticOnlyFetcher()
    found = fetcher._static_path(url).stat()
    key = (url, found.st_size, found.st_mtime_ns)
    parsed = getattr(_fonts, "stylesheets", None)
    if parsed is None:
        parsed = _fonts.stylesheets = {}
    css = parsed.get(key)
    if css is None:
        for old in [old for old in parsed if old[0] == url]:
            del parsed[old]
        css = parsed[key] = CSS(url=url, url_fetcher=fetcher, font_config=font_config(), media_type="print")
    return css


class _CollectorPause:
    """Counts the renderings under way in the process; the first turns the collector off,
    the last turns it back on (if it was on before the first)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.renderings = 0
        self.was_enabled = False

    @contextmanager
    def __call__(self):
        with self.lock:
            if self.renderings == 0:
                self.was_enabled = gc.isenabled()
                gc.disable()
            self.renderings += 1
        try:
            yield
        finally:
            with self.lock:
                self.renderings -= 1
                if self.renderings == 0 and self.was_enabled:
                    gc.enable()


gc_paused = _CollectorPause()
gc_paused.__doc__ = """The cyclic garbage collector off while WeasyPrint lays out and writes a document.

A rendering allocates hundreds of thousands of objects (boxes, styles, layouts), and each
burst of allocations sets off collections that walk the whole heap, the process's Django and
WeasyPrint objects as well, again and again. Paused, a sequence of renderings in one process
(each paying for the cycles the one before left) took 2.75-2.9 s of CPU per leadership summary
instead of 3.86 s, and 0.50-0.52 s per supplier report instead of 0.65 s, with the same peak
memory (230 → 233 MiB). Threads may render side by side; the collector is back on when the
last one ends, and collects what is left of the documents' cycles once then (pdf_teardown.py
frees the rest by reference counting)."""


def render_pdf(template, context, *, fetcher=None, pdf_variant=PDF_VARIANT, stylesheets=(PRINT_CSS,)):
    """Render ``template`` with ``context`` and return ``(pdf bytes, page count)``.
    Call inside ``translation.override(language)``. The PDF is tagged (PDF/UA-1); the
    template must give ``<html lang>`` and a ``<title>``, and is laid out with the static
    ``stylesheets`` (parsed once per process, see :func:`stylesheet`) and its own ``<style>``."""
    logo = _buyer_logo(context.get("buyer"))
    extra = {"buyer_logo_src": LOGO_URL} if logo else {}
    html = render_to_string(template, {**context, **extra, "page_counter_css": page_counter_css()})
    fetcher = fetcher or StaticOnlyFetcher(files={LOGO_URL: logo} if logo else None)
    options = {"pdf_variant": pdf_variant} if pdf_variant else {}
    with gc_paused():
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(
            font_config=font_config(), stylesheets=[stylesheet(path) for path in stylesheets]
        )
        pages = len(document.pages)
        content = document.write_pdf(**options)
        # Taken apart and dropped before the collector is back: reference counting frees it
        # (pdf_teardown.py), and what little is left in cycles the collector's first pass
        # finds unreachable instead of walking it as live objects.
        pdf_teardown.release(document)
        del document
    return content, pages
