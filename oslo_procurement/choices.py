"""``get_FOO_display()`` without rebuilding the field's whole list of choices on every call.

Django's ``Model._get_FIELD_display`` turns the field's flattened choices into a dict on each
call, and building it hashes every label: each label is a lazy translation, so hashing it
translates it. A list of 50 findings showing four such labels per row translated about
900 strings per request (a sixth of the findings list's CPU, cProfile). Here the dict of
value -> label is built once per field and language, each label translated then (the kept
labels are dropped when a setting that decides translations changes). The result is the
same string Django gives (``tests/test_choices.py`` compares them for every field with
choices, every value and an unknown one, in both languages).

Installed from OpsConfig.ready() on every concrete model's ``get_FOO_display`` that Django
itself added; a model's own ``get_FOO_display`` and fields whose choices are a callable
(read anew on each call) are left alone.
"""

from functools import partialmethod
from operator import methodcaller

from django.apps import apps
from django.core.signals import setting_changed
from django.db.models import Model
from django.dispatch import receiver
from django.utils.choices import CallableChoiceIterator
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language

_labels = {}
# Settings that change what a label translates to (as in oslo_procurement.translated).
TRANSLATION_SETTINGS = {"LANGUAGE_CODE", "LANGUAGES", "LOCALE_PATHS", "INSTALLED_APPS", "USE_I18N"}


def _labels_of(field):
    # The labels translated once per field and language: a lazy label translates itself on
    # every str(), through asgiref's context-local storage twice (a list of 25 findings
    # showing four labels a row spent a third of its rows' CPU there, cProfile).
    key = (field, get_language())
    labels = _labels.get(key)
    if labels is None:
        labels = _labels[key] = {
            value: force_str(label, strings_only=True) for value, label in make_hashable(field.flatchoices)
        }
    return labels


def _label(labels, value):
    hashable = make_hashable(value)
    if hashable in labels:
        return labels[hashable]
    return force_str(value, strings_only=True)


def _display(self, field):
    return _label(_labels_of(field), getattr(self, field.attname))


def display(model, name):
    """``lambda record: record.get_<name>_display()`` for the rows of one rendering: the active
    language is read once, here, rather than at every call (each read goes through asgiref's
    context-local storage, some 3 µs; the findings list showed a hundred labels). A model's
    own ``get_<name>_display``, and one whose choices are read anew on each call, are called
    as they are."""
    method = model.__dict__.get(f"get_{name}_display")
    if not (isinstance(method, partialmethod) and method.func is _display):
        return methodcaller(f"get_{name}_display")
    field = model._meta.get_field(name)
    labels, attname = _labels_of(field), field.attname
    return lambda record: _label(labels, getattr(record, attname))


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    if setting in TRANSLATION_SETTINGS:
        _labels.clear()


def install():
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            name = f"get_{field.name}_display"
            method = model.__dict__.get(name)
            if (
                field.choices
                and not isinstance(field.choices, CallableChoiceIterator)
                and isinstance(method, partialmethod)
                and method.func is Model._get_FIELD_display
            ):
                setattr(model, name, partialmethod(_display, field=field))
