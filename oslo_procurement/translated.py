"""``{% translate "a constant" %}`` looked up once per language, not on every rendering.

Django's ``TranslateNode`` does the whole walk each time a template shows a fixed label:
a lazy ``gettext`` of the literal, the active language read through asgiref's context-local
storage, the catalogue lookup, then localisation and escaping of the result. A page shows
many such labels (147 on the supplier page, more on a self-assessment with its questions'
words), and that walk was the single largest piece of the supplier page's template time
(cProfile, bench/profile_page.py).

For a node whose message is a literal with no filter and whose message context, if any, is a
literal too, the output depends only on the active language and on whether the context
autoescapes; it is kept on the node per (language, autoescape) and given back as it was
computed the first time, by Django's own code. Every other node (a variable, a filter, a
variable context) takes Django's path unchanged. The kept values are dropped when a setting
that decides translations changes (tests override them), so they never outlive a catalogue.
The active language is read once per rendering (``_language``), and once more inside each
``{% language %}``.

``tests/test_translated.py`` renders every ``{% translate %}`` of the project's templates in
both languages, with and without autoescape, through both paths and compares.
"""

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.i18n import LanguageNode, TranslateNode
from django.utils.translation import get_language

_original_render = TranslateNode.render
_original_language_render = LanguageNode.render
# Where _language keeps a rendering's active language (in its Context's __dict__).
_LANGUAGE = "_oslo_translated_language"
_generation = [0]
# Settings that change what a constant translates to.
TRANSLATION_SETTINGS = {"LANGUAGE_CODE", "LANGUAGES", "LOCALE_PATHS", "INSTALLED_APPS", "USE_I18N"}


def is_constant(node):
    """True when the node always translates the same literal: no variable, no filter."""
    expression = node.filter_expression
    var = expression.var
    if expression.filters or getattr(var, "lookups", True) is not None:
        return False
    context = node.message_context
    return context is None or (not context.is_var and not context.filters)


def _language(context):
    """The active language, read once per rendering (per Context) rather than once per label:
    each read goes through asgiref's context-local storage (some 3 µs; the supplier page shows
    60 such labels). A rendering's language changes only inside ``{% language %}``, whose
    content reads the language it activates (``_render_language``). Code that activated
    another language in the middle of a rendering, without that tag, would see its labels in
    the language the rendering began with."""
    language = context.__dict__.get(_LANGUAGE)
    if language is None:
        language = context.__dict__[_LANGUAGE] = get_language()
    return language


def _render(self, context):
    kept = self.__dict__.get("_translated")
    if kept is None or kept[0] != _generation[0]:
        kept = self._translated = (_generation[0], {} if is_constant(self) else None)
    values = kept[1]
    if values is None:
        return _original_render(self, context)
    key = (_language(context), context.autoescape)
    try:
        value = values[key]
    except KeyError:
        output = _original_render(self, context)
        value = context[self.asvar] if self.asvar else output
        if key[0] == get_language():  # kept only for the language it was computed in
            values[key] = value
    if self.asvar:
        context[self.asvar] = value
        return ""
    return value


def _render_language(self, context):
    """``{% language %}``: its content reads the language it activates, and what follows it the
    language before."""
    outer = context.__dict__.pop(_LANGUAGE, None)
    try:
        return _original_language_render(self, context)
    finally:
        context.__dict__.pop(_LANGUAGE, None)
        if outer is not None:
            context.__dict__[_LANGUAGE] = outer


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    if setting in TRANSLATION_SETTINGS:
        _generation[0] += 1


def install():
    TranslateNode.render = _render
    LanguageNode.render = _render_language


def uninstall():
    """Django's own rendering back (the test compares both)."""
    TranslateNode.render = _original_render
    LanguageNode.render = _original_language_render


def per_language(build):
    """``build()`` once per active language: for Python that writes HTML, a function of
    literal ``gettext`` calls returning the fixed texts it needs (a dict), called as often as
    the page is shown. Each ``gettext`` reads the active language through asgiref's
    context-local storage (some 6 µs on a slow machine); this reads it once. Kept per language
    and dropped with the ``{% translate %}`` values when a translation setting changes
    (``tests/test_translated.py``)."""
    kept = {}

    def texts():
        key = (get_language(), _generation[0])
        value = kept.get(key)
        if value is None:
            if len(kept) >= 8:  # a setting changed (tests) or many languages: start over
                kept.clear()
            value = kept[key] = build()
        return value

    return texts
