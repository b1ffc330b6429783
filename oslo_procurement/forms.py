from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _


class ListedChoiceIterator(ModelChoiceIterator):
    """Reads the choices with one plain query. Django's iterator uses ``QuerySet.iterator()``,
    which on PostgreSQL opens a server-side cursor (DECLARE, FETCH, CLOSE) even for a handful of
    rows; a filter's list of a buyer's agreements or suppliers is short and read whole anyway."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ListedModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField for short lists (see ListedChoiceIterator)."""

    iterator = ListedChoiceIterator


class FilterForm(forms.Form):
    """Base for list filters read from the query string. Every list has a status filter
    because records are archived, not deleted."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("active", _("Active")), ("archived", _("Archived")), ("all", _("All"))],
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
