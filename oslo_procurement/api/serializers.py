"""How each record is written out. Identifiers are the records' public ids (UUID), never
integer keys; coded values are their stable codes (enums in the OpenAPI description).

Fields listed in a serializer's ``Meta.internal_fields`` are for the buyer's staff with a
full token only (internal notes, scores, the internal wording of a finding). For anyone
else they are null, and their value is never even read from the database row."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

INTERNAL = _("Only for the buyer's staff with a full token; null for everyone else.")
COUNTRY = _("ISO 3166-1 alpha-2 country code.")


INTERNAL_LIST = _("Only for the buyer's staff with a full token; empty for everyone else.")


class _Withheld(serializers.Field):
    """Stands in for an internal field the viewer may not read: null (an empty list for a
    list, as the OpenAPI description says), reads nothing."""

    def __init__(self, *, empty=None, **kwargs):
        self.empty = empty
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, value):
        return [] if self.empty == [] else None


class ApiSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True, help_text=_("Stable public identifier."))

    def get_fields(self):
        fields = super().get_fields()
        viewer = self.context.get("viewer")
        # Without a viewer (the OpenAPI generator) the real, nullable fields are described.
        if viewer is not None and not viewer.sees_internal:
            for name in getattr(self.Meta, "internal_fields", ()):
                is_list = isinstance(fields[name], serializers.ManyRelatedField | serializers.ListSerializer)
                fields[name] = _Withheld(empty=[] if is_list else None)
        return fields


def ids(**kwargs):
    """A list of related records' public ids."""
    return serializers.SlugRelatedField(slug_field="public_id", many=True, read_only=True, **kwargs)


def ref_id(**kwargs):
    """One related record's public id."""
    return serializers.SlugRelatedField(slug_field="public_id", read_only=True, **kwargs)
