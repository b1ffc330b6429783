"""Turn a record's django-simple-history rows into a readable timeline:
who changed it, when, and each field's value before and after."""

import functools
from collections import defaultdict

from django.db import models
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext as _

from oslo_procurement.compiled import compiled_queryset

HISTORY_LIMIT = 50
_TYPES = {"+": "created", "~": "changed", "-": "deleted"}
_SKIP = {"updated_at", "created_at", "public_id", "id"}


def history_entries(obj, *, limit=HISTORY_LIMIT):
    """Newest first. One query for the rows and their users, one per related model
    named in the changes (not one per change)."""
    rows = compiled_queryset(
        ("history", limit),
        lambda record: record.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ],
        record=obj,
    )
    model = type(obj)
    m2m_names = _m2m_names(model)
    raw = []
    for index, row in enumerate(rows[:limit]):
        previous = rows[index + 1] if index + 1 < len(rows) else None
        changes = []
        if previous is not None and row.history_type == "~":
            delta = row.diff_against(previous, excluded_fields=_SKIP)
            changes = [(c.field, c.old, c.new) for c in delta.changes]
        raw.append((row, changes))

    lookups = _resolve_related(model, [c for _row, cs in raw for c in cs], m2m_names)
    entries = []
    for row, changes in raw:
        entries.append(
            {
                "when": row.history_date,
                "who": row.history_user,
                "kind": _TYPES.get(row.history_type, row.history_type),
                "reason": row.history_change_reason or "",
                "changes": [
                    {
                        "field": _label(model, name),
                        "old": _display(model, name, old, lookups),
                        "new": _display(model, name, new, lookups),
                    }
                    for name, old, new in changes
                ],
            }
        )
    return entries


@functools.cache
def _m2m_names(model):
    # The history manager (``model.history``) is a class django-simple-history makes anew on
    # every access: asked once per model.
    return frozenset(f.name for f in getattr(model.history.model, "_history_m2m_fields", []))


def diff_field_names(model):
    """The fields ``history_entries`` compares between two history rows of ``model``, in the
    order it lists their changes (django-simple-history's ``diff_against``: the editable
    tracked fields, by name). Many-to-many fields, compared separately, are not included."""
    history = model.history.model
    m2m = {f.name for f in getattr(history, "_history_m2m_fields", [])}
    return sorted(f.name for f in history.tracked_fields if f.editable and f.name not in _SKIP and f.name not in m2m)


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except Exception:
        return None


def _label(model, name):
    field = _field(model, name)
    return str(field.verbose_name) if field is not None else name


def _resolve_related(model, changes, m2m_names):
    wanted = defaultdict(set)
    for name, old, new in changes:
        field = _field(model, name)
        if field is None:
            continue
        if isinstance(field, models.ForeignKey):
            wanted[field.related_model].update(v for v in (old, new) if v is not None)
        elif name in m2m_names:
            attname = field.m2m_reverse_field_name() if isinstance(field, models.ManyToManyField) else None
            for value in (old or []) + (new or []):
                if attname and isinstance(value, dict):
                    target = value.get(attname)
                    if target is not None:
                        wanted[field.related_model].add(target)
    return {
        related: {o.pk: str(o) for o in related._base_manager.filter(pk__in=pks)} for related, pks in wanted.items()
    }


def _display(model, name, value, lookups):
    field = _field(model, name)
    if value is None or value == "" or value == []:
        return "–"
    if field is None:
        return str(value)
    if isinstance(field, models.ForeignKey):
        return lookups.get(field.related_model, {}).get(value, str(value))
    if isinstance(field, models.ManyToManyField):
        attname = field.m2m_reverse_field_name()
        names = lookups.get(field.related_model, {})
        return ", ".join(sorted(names.get(v.get(attname), "?") for v in value if isinstance(v, dict))) or "–"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(field, models.DateTimeField) and value:
        # In the reader's zone, as the entry's own time beside it (accounts.zones).
        return localize(timezone.localtime(value) if timezone.is_aware(value) else value)
    return localize(value) if not isinstance(value, str) else value
