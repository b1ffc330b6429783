"""get_FOO_display() through oslo_procurement.choices gives what Django's own gives, for every
field with choices of every model, each of its values and one it does not know, in both
languages; a model's own get_FOO_display is left as it is."""

from functools import partialmethod

import pytest
from django.apps import apps
from django.db.models import Model
from django.utils import translation
from django.utils.choices import CallableChoiceIterator

from oslo_procurement import choices

# Every get_FOO_display Django added, for a field with a fixed list of choices (the country
# fields' choices are read anew on each call: those keep Django's own).
FIELDS = [
    (model, field)
    for model in apps.get_models(include_auto_created=True)
    for field in model._meta.concrete_fields
    if field.choices
    and not isinstance(field.choices, CallableChoiceIterator)
    and isinstance(method := model.__dict__.get(f"get_{field.name}_display"), partialmethod)
    and method.func in (Model._get_FIELD_display, choices._display)
]


def test_installed_on_the_models_fields_with_choices():
    assert len(FIELDS) > 50
    installed = [
        (model, field)
        for model, field in FIELDS
        if model.__dict__[f"get_{field.name}_display"].func is choices._display
    ]
    assert installed == FIELDS


@pytest.mark.parametrize("language", ["nb", "en"])
def test_every_label_is_djangos_own(language):
    checked = 0
    with translation.override(language):
        for model, field in FIELDS:
            values = [value for value, _label in field.flatchoices] + ["not-a-choice", None]
            for value in values:
                instance = model()
                setattr(instance, field.attname, value)
                ours = getattr(instance, f"get_{field.name}_display")()
                assert ours == Model._get_FIELD_display(instance, field), (model, field.name, value)
                assert type(ours) is type(Model._get_FIELD_display(instance, field))
                checked += 1
    assert checked > 300


def test_a_label_follows_the_active_language():
    from followup.models import Finding

    finding = Finding(status=Finding.Status.RAISED)
    with translation.override("en"):
        english = finding.get_status_display()
    with translation.override("nb"):
        norwegian = finding.get_status_display()
    assert english != norwegian and english == str(Finding.Status.RAISED.label)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_display_for_a_list_gives_what_get_foo_display_gives(language):
    """``choices.display(model, name)`` (the rows writers' labels, the language read once):
    every field with choices, every value, an unknown one and None, in both languages; a
    field whose choices are read anew on each call (a country) keeps its own method."""
    from suppliers.models import Supplier

    checked = 0
    with translation.override(language):
        for model, field in FIELDS:
            label = choices.display(model, field.name)
            for value in [value for value, _label in field.flatchoices] + ["not-a-choice", None]:
                instance = model()
                setattr(instance, field.attname, value)
                expected = Model._get_FIELD_display(instance, field)
                assert label(instance) == expected and type(label(instance)) is type(expected)
                checked += 1
        supplier = Supplier(country="NO")
        assert choices.display(Supplier, "country")(supplier) == supplier.get_country_display()
    assert checked > 300
