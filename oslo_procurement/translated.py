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

``tests/test_translated.py`` renders every ``{% translate %}`` of the project's templates in
both languages, with and without autoescape, through both paths and compares.
"""

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.i18n import TranslateNode
from django.utils.translation import get_language

_original_render = TranslateNode.render
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


def _render(self, context):
    kept = self.__dict__.get("_translated")
    if kept is None or kept[0] != _generation[0]:
        kept = self._translated = (_generation[0], {} if is_constant(self) else None)
    values = kept[1]
    if values is None:
        return _original_render(self, context)
    key = (get_language(), context.autoescape)
    try:
        value = values[key]
    except KeyError:
        output = _original_render(self, context)
        value = values[key] = context[self.asvar] if self.asvar else output
    if self.asvar:
        context[self.asvar] = value
        return ""
    return value


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    if setting in TRANSLATION_SETTINGS:
        _generation[0] += 1


def install():
    TranslateNode.render = _render


def uninstall():
    """Django's own rendering back (the test compares both)."""
    TranslateNode.render = _original_render


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
