"""Query parameters of the API lists (django-filter). Related records are filtered by
their public id, e.g. ``?supplier=<uuid>``; ``updated_since`` suits incremental copies."""

import django_filters as df
from django.utils.translation import gettext_lazy as _


def country():
    return df.CharFilter(field_name="country", label=_("ISO 3166-1 alpha-2 country code, e.g. CN."))


def by_id(field_name, label):
    return df.UUIDFilter(field_name=field_name, label=label)


BOOLEAN_VALUES = ("true", "false")


class StrictFilterSet(df.FilterSet):
    """A filter value that cannot be read answers 400 with a message, never "no filter":
    django-filter reads an unknown yes/no value (``?transparency_act_covered=banana``) as
    empty, so those are checked here; choices, ids and dates are checked by their fields."""

    def is_valid(self):
        valid = super().is_valid()
        for name, filter_ in self.filters.items():
            if not isinstance(filter_, df.BooleanFilter) or name not in self.data:
                continue
            value = self.data.get(name)
            if value.lower() not in BOOLEAN_VALUES:
                self.form.add_error(
                    name if name in self.form.fields else None,
                    _("'%(value)s' is not a yes/no value: write true or false.") % {"value": value},
                )
                valid = False
        return valid


class UpdatedFilterSet(StrictFilterSet):
    updated_since = df.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", label=_("Changed at or after this time (ISO 8601).")
    )
