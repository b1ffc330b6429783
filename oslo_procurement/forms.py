import threading

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class ListedChoiceIterator(ModelChoiceIterator):
    """Reads the choices with one plain query. Django's iterator uses ``QuerySet.iterator()``,
    which on PostgreSQL opens a server-side cursor (DECLARE, FETCH, CLOSE) even for a handful of
    rows; a filter's list of a buyer's agreements or suppliers is short and read whole anyway."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        # ``field.listed``: the same choices read another way (through compiled SQL), if set.
        listed = getattr(self.field, "listed", None)
        if listed is not None:
            yield from listed()
            return
        for obj in self.queryset.all():
            yield self.choice(obj)


class StaticSelect(forms.Select):
    """A select whose options are the same for every request in a language: the countries of
    the world in a filter. Django builds every option as a dictionary and translates its label
    on every rendering (some 250 countries: 14 % of the supplier list's CPU, bench/README.md);
    this widget writes the HTML once per language, name, attributes and chosen value, through
    the same renderer, and keeps it for the process.

    ``choices_key`` names the list of choices, blank line included: the same key must always
    mean the same choices in a given language (``"countries/all"``: "All countries", then every
    country). At most ``MAX_KEPT`` renderings are kept; beyond that the store starts over."""

    MAX_KEPT = 2000
    _kept = {}
    _lock = threading.Lock()

    def __init__(self, attrs=None, choices=(), *, choices_key):
        super().__init__(attrs, choices)
        self.choices_key = choices_key

    _blank_first = {}

    def use_required_attribute(self, initial):
        """As Select's, which reads the list's first choice (whether it is the blank line) on
        every rendering: for a callable list that made and sorted the whole list again (250
        countries, half of this widget's cost once its HTML is kept). The first choice of a
        ``choices_key``'s list is the same on every request."""
        if self.allow_multiple_selected:
            return super().use_required_attribute(initial)
        blank_first = self._blank_first.get(self.choices_key)
        if blank_first is None:
            first = next(iter(self.choices), None)
            blank_first = self._blank_first[self.choices_key] = first is not None and self._choice_has_empty_value(
                first
            )
        return forms.Widget.use_required_attribute(self, initial) and blank_first

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        key = (
            self.choices_key,
            get_language(),
            name,
            tuple(self.format_value(value)),
            tuple(sorted((str(k), str(v)) for k, v in final_attrs.items())),
            type(renderer),
        )
        html = self._kept.get(key)
        if html is None:
            html = super().render(name, value, attrs, renderer)
            with self._lock:
                if len(self._kept) >= self.MAX_KEPT:
                    self._kept.clear()
                self._kept[key] = html
        return html


class StaticChoicesMixin:
    """A choice field whose choices are the same list for every form (those a ``StaticSelect``
    shows): each form shares the list instead of deep-copying it. Django copies every field of
    every form it makes (``copy.deepcopy(base_fields)``), and a ChoiceField's copy deep-copies
    each of its choices, the lazily translated label included: 20-200 µs a field, some 0.4 ms for
    the findings filter, a page whose floor is a few milliseconds (bench/README.md, "What cut the
    CPU"). A form that gives one of its fields other choices assigns ``field.choices``, which
    replaces that form's list; nothing changes the shared list in place."""

    def __deepcopy__(self, memo):
        result = forms.Field.__deepcopy__(self, memo)  # the widget, error messages, validators
        result._choices = self._choices
        return result


class StaticChoiceField(StaticChoicesMixin, forms.ChoiceField):
    pass


class StaticTypedChoiceField(StaticChoicesMixin, forms.TypedChoiceField):
    pass


def country_choices(blank_label):
    """A callable for a ChoiceField's ``choices``: the blank line, then django-countries' names.
    Called when the form validates or renders, in the language of that moment (a list made
    when the form class is defined would be in the language of the import)."""

    def choices():
        from django_countries import countries

        return [("", blank_label), *countries]

    return choices


class ListedModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField for short lists (see ListedChoiceIterator). ``listed``, when a form
    sets it, is a callable giving the queryset's choices as ``(value, label)`` pairs, the value
    as ``prepare_value`` writes it (``str`` of the ``to_field_name`` value) and the label as
    ``label_from_instance`` (the options are read through it, without a model instance per
    option; the queryset still checks what is submitted)."""

    listed = None

    iterator = ListedChoiceIterator


class FilterForm(forms.Form):
    """Base for list filters read from the query string. Every list has a status filter
    because records are archived, not deleted."""

    status = StaticChoiceField(
        label=_("Status"),
        required=False,
        choices=[("active", _("Active")), ("archived", _("Archived")), ("all", _("All"))],
        widget=StaticSelect(choices_key="filter/status"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
            # Django points a field with help text at "id_<name>_helptext" (aria-describedby);
            # includes/filter_form.html gives the help text that id.

    def filters(self):
        """The cleaned filters, or no filters when the query string is invalid."""
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value not in (None, "")}
