"""Every ``{% translate %}`` in the project's templates renders the same through the kept
values of oslo_procurement.translated as through Django's own TranslateNode, in both
languages, with and without autoescape, as text or into a variable (``as``)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, engines
from django.templatetags.i18n import TranslateNode
from django.test import override_settings
from django.utils import translation

from oslo_procurement import translated

TEMPLATES = sorted(Path(settings.BASE_DIR, "templates").rglob("*.html")) + sorted(
    Path(settings.BASE_DIR).glob("*/templates/**/*.html")
)


def translate_nodes():
    engine = engines["django"].engine
    nodes = []
    for path in TEMPLATES:
        nodes.extend(engine.from_string(path.read_text()).nodelist.get_nodes_by_type(TranslateNode))
    return nodes


def render(node, language, autoescape):
    context = Context({}, autoescape=autoescape)
    with translation.override(language):
        output = node.render(context)
    return output, type(output), context.get(node.asvar) if node.asvar else None


@pytest.fixture(scope="module")
def nodes():
    return translate_nodes()


def test_the_templates_have_constant_labels_and_others(nodes):
    constant = [node for node in nodes if translated.is_constant(node)]
    assert len(constant) > 500


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("autoescape", [True, False])
def test_kept_values_are_djangos_own(nodes, language, autoescape):
    for node in nodes:
        node.__dict__.pop("_translated", None)
        translated.uninstall()
        try:
            expected = render(node, language, autoescape)
        finally:
            translated.install()
        first = render(node, language, autoescape)
        again = render(node, language, autoescape)  # from the kept value
        assert first == expected == again, node.filter_expression.token


def test_each_language_keeps_its_own(nodes):
    node = next(n for n in nodes if n.filter_expression.token == '"Suppliers"' and not n.asvar)
    assert render(node, "nb", True)[0] == "Leverandører"
    assert render(node, "en", True)[0] == "Suppliers"
    assert render(node, "nb", True)[0] == "Leverandører"


def test_a_variable_message_is_translated_each_time():
    template = engines["django"].from_string("{% load i18n %}{% translate word %}")
    with translation.override("nb"):
        assert template.render({"word": "Suppliers"}) == "Leverandører"
        assert template.render({"word": "Contacts"}) == "Kontaktpersoner"


def test_a_changed_catalogue_setting_drops_the_kept_values(nodes, tmp_path):
    node = next(n for n in nodes if n.filter_expression.token == '"Suppliers"' and not n.asvar)
    with translation.override("nb"):
        render(node, "nb", True)
        kept = node._translated
        with override_settings(LOCALE_PATHS=[str(tmp_path)]):
            render(node, "nb", True)
            assert node._translated is not kept


def test_per_language_texts_follow_the_language_and_the_settings(tmp_path):
    """``per_language`` (the written panels' fixed texts) gives each language its own texts,
    builds them once per language, and builds them again after a translation setting
    changes."""
    calls = []

    @translated.per_language
    def texts():
        calls.append(translation.get_language())
        return {"suppliers": translation.gettext("Suppliers")}

    with translation.override("nb"):
        norwegian = texts()["suppliers"]
        assert texts()["suppliers"] == norwegian
    with translation.override("en"):
        assert texts()["suppliers"] == "Suppliers"
        with translation.override("nb"):  # a language switched inside another
            assert texts()["suppliers"] == norwegian
    assert norwegian != "Suppliers"
    assert calls == ["nb", "en"]
    with override_settings(LOCALE_PATHS=[str(tmp_path)]), translation.override("nb"):
        texts()
    assert calls == ["nb", "en", "nb"]


@pytest.mark.parametrize("outer", ["nb", "en"])
def test_a_language_block_shows_its_language_and_what_follows_the_one_before(outer):
    """The active language is read once per rendering; inside ``{% language %}`` (nested too,
    and with a language that changes from one rendering to the next) labels are still in the
    language it activates, and what follows in the one before, as Django's own nodes show them."""
    source = (
        "{% load i18n %}{% translate 'Yes' %}|{% language inner %}{% translate 'Yes' %}|"
        "{% language 'nb' %}{% translate 'Yes' %}{% endlanguage %}|{% translate 'Yes' %}{% endlanguage %}|"
        "{% translate 'Yes' %}"
    )
    template = engines["django"].from_string(source)
    yes = {"nb": "Ja", "en": "Yes"}
    with translation.override(outer):
        for inner in ["en", "nb", "en", "nb"]:
            ours = template.render({"inner": inner})
            translated.uninstall()
            try:
                djangos = template.render({"inner": inner})
            finally:
                translated.install()
            assert ours == djangos == f"{yes[outer]}|{yes[inner]}|Ja|{yes[inner]}|{yes[outer]}"
