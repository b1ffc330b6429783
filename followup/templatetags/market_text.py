"""Texts the officer writes in Bokmål and English (market dialogue events and proposed
wordings), shown in the reader's language. A text shown in the other language because the
reader's is missing is never passed off silently: it carries its ``lang`` attribute and
the note "(only in Norwegian)" / "(only in English)"."""

from django import template
from django.template.defaultfilters import linebreaks_filter, linebreaksbr
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext as _

register = template.Library()


def fallback_note(lang):
    return _("(only in Norwegian)") if lang == "nb" else _("(only in English)")


@register.filter
def bilingual(text, style=""):
    """HTML: ``text`` (a LocalizedText), with ``style`` "linebreaks" or "linebreaksbr" for
    longer texts; a fallback gets its lang attribute and its note."""
    if not text:
        return ""
    body = {"linebreaks": linebreaks_filter, "linebreaksbr": linebreaksbr}.get(style, conditional_escape)(text)
    if not getattr(text, "fallback", False):
        return body  # already safe: escaped (or line-broken and escaped) by Django just above
    tag = "div" if style == "linebreaks" else "span"
    return format_html(
        '<{} lang="{}">{}</{}> <span class="badge text-bg-light border fw-normal">{}</span>',
        tag,
        text.lang,
        body,
        tag,
        fallback_note(text.lang),
    )


@register.filter
def bilingual_plain(text):
    """Plain text (emails): a fallback followed by its note."""
    if not text:
        return ""
    return f"{text} {fallback_note(text.lang)}" if getattr(text, "fallback", False) else str(text)


@register.inclusion_tag("followup/consultations/_missing_languages.html")
def missing_languages(record):
    """For the officer: which language the record is not written in yet."""
    return {"missing": record.missing_languages}
