"""Spreadsheet imports in two steps: ``import_preview_create`` reads the file and stores its
rows with the verdict on each (new, update, unchanged or error), changing nothing else;
``import_confirm`` checks the stored rows again and applies them in one transaction, with an
audit event, or refuses when any row has an error. The status guard (the row is locked and
must still be waiting) makes a second confirm, from a double click or a second tab, import
nothing.

A domain app supplies an *importer*: ``kind``, ``columns`` (tables.Column) and two methods,
``check(rows, scope=...)`` returning one verdict per row (keys starting with "_" are the
importer's own plan for ``apply`` and are not stored) and ``apply(rows, verdicts, scope=...,
actor=...)`` returning counts."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from oslo_procurement.audit.services import record_event

from .models import SpreadsheetImport
from .tables import read_table

STATUSES = ("new", "update", "unchanged", "error")


def _public(verdicts):
    return [{k: v for k, v in verdict.items() if not k.startswith("_")} for verdict in verdicts]


def _counts(verdicts):
    counts = dict.fromkeys(STATUSES, 0)
    for verdict in verdicts:
        counts[verdict["status"]] += 1
    return counts


def bulk_update_changed(changed, model, *, actor, reason, batch_size=500):
    """Save ``changed`` ({pk: (record, set of changed field names)}) and their ``updated_at``
    (so a form opened before the import sees the record changed), with a history row each,
    one UPDATE per set of fields and batch. On PostgreSQL the UPDATE joins a VALUES list;
    Django's bulk_update builds a CASE per record and field, which took a third of a
    10,000-row import (bench/import_bench.py)."""
    from collections import defaultdict

    from django.db import connection
    from simple_history.utils import bulk_update_with_history

    now = timezone.now()
    groups = defaultdict(list)
    for record, fields in changed.values():
        record.updated_at = now
        groups[tuple(sorted({*fields, "updated_at"}))].append(record)
    for fields, records in groups.items():
        if connection.vendor == "postgresql":
            for start in range(0, len(records), batch_size):
                _update_from_values(model, records[start : start + batch_size], fields)
            fields = []  # written: the call below adds the history rows only
        bulk_update_with_history(
            records, model, list(fields), batch_size=batch_size, default_user=actor, default_change_reason=reason
        )


def _update_from_values(model, records, names):
    """UPDATE <table> SET f = v.f, ... FROM (VALUES (%s, %s), ...) AS v(pk, f, ...) WHERE pk = v.pk;
    the identifiers come from the model, every value is a parameter."""
    from django.db import connection

    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in names]
    pk = model._meta.pk
    columns = [pk, *fields]
    casts = ", ".join(f"%s::{field.db_type(connection)}" for field in columns)
    values, params = [], []
    for record in records:
        values.append(f"({casts})")
        params.extend(field.get_db_prep_save(getattr(record, field.attname), connection) for field in columns)
    aliases = ", ".join(quote(f"c_{field.column}") for field in columns)
    sets = ", ".join(f"{quote(field.column)} = v.{quote('c_' + field.column)}" for field in fields)
    table = quote(model._meta.db_table)
    sql = (
        f"UPDATE {table} SET {sets} FROM (VALUES {', '.join(values)}) AS v({aliases}) "  # noqa: S608  # nosec B608
        f"WHERE {table}.{quote(pk.column)} = v.{quote('c_' + pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def import_preview_create(*, importer, uploaded, scope="", actor) -> SpreadsheetImport:
    """Read and check the file; store the rows and the preview. Raises ValidationError when
    the file cannot be used at all (nothing is stored then)."""
    table = read_table(uploaded, importer.columns)
    verdicts = importer.check(table.rows, scope=scope)
    return SpreadsheetImport.objects.create(
        kind=importer.kind,
        scope=scope,
        created_by=actor,
        file_name=str(uploaded.name or "")[-200:],
        rows=table.rows,
        preview=_public(verdicts),
        counts=_counts(verdicts),
    )


class AlreadyDecided(Exception):
    def __init__(self, upload):
        super().__init__(upload.status)
        self.upload = upload


def import_confirm(*, upload: SpreadsheetImport, importer, actor) -> dict:
    """Apply a previewed import in one transaction. Raises AlreadyDecided when it was
    imported or cancelled already (nothing happens a second time) and ValidationError when a
    row has an error now (the rows are checked again: the registry may have changed since the
    preview)."""
    with transaction.atomic():
        locked = SpreadsheetImport.objects.select_for_update().get(pk=upload.pk)
        if locked.status != SpreadsheetImport.Status.PREVIEW:
            raise AlreadyDecided(locked)
        verdicts = importer.check(locked.rows, scope=locked.scope)
        counts = _counts(verdicts)
        if counts["error"]:
            raise ValidationError(
                _("%(count)s rows have errors, so nothing was imported. Correct the file and upload it again.")
                % {"count": counts["error"]},
                code="row_errors",
            )
        applied = importer.apply(locked.rows, verdicts, scope=locked.scope, actor=actor)
        row_count = len(locked.rows)
        locked.status = SpreadsheetImport.Status.IMPORTED
        locked.decided_at = timezone.now()
        locked.preview = _public(verdicts)
        locked.counts = {**counts, **applied}
        locked.rows = []  # the file's cells are in the records now; the preview stays as the receipt
        locked.save(update_fields=["status", "decided_at", "preview", "counts", "rows", "updated_at"])
        record_event(
            actor=actor,
            event_type="spreadsheet_import",
            target=locked,
            details={"kind": locked.kind, "file_name": locked.file_name, "rows": row_count, **locked.counts},
        )
    return locked.counts


def import_cancel(*, upload: SpreadsheetImport, actor) -> bool:
    """Drop a waiting import: its rows are deleted, nothing was changed. False if it was
    already imported or cancelled."""
    changed = SpreadsheetImport.objects.filter(pk=upload.pk, status=SpreadsheetImport.Status.PREVIEW).update(
        status=SpreadsheetImport.Status.CANCELLED, decided_at=timezone.now(), rows=[], preview=[]
    )
    return changed == 1


WAITING_DAYS = 7  # an upload nobody confirmed or cancelled is dropped after this
RECEIPT_DAYS = 30  # an import's preview (names and emails in its notes) is kept this long


def imports_forget(*, now=None) -> int:
    """The weekly privacy job (suppliers.privacy.apply_retention): cancel uploads left waiting
    for WAITING_DAYS, and empty the rows and previews of imports decided RECEIPT_DAYS ago;
    the counts and the audit event stay. Returns how many were emptied."""
    import datetime

    now = now or timezone.now()
    stale = SpreadsheetImport.objects.filter(
        status=SpreadsheetImport.Status.PREVIEW, created_at__lt=now - datetime.timedelta(days=WAITING_DAYS)
    ).update(status=SpreadsheetImport.Status.CANCELLED, decided_at=now, rows=[], preview=[])
    old = (
        SpreadsheetImport.objects.filter(decided_at__lt=now - datetime.timedelta(days=RECEIPT_DAYS))
        .exclude(preview=[])
        .update(rows=[], preview=[])
    )
    return stale + old


def get_import_for_user(request, public_id, *, kind, scope=""):
    """The user's own waiting or decided import of this kind and scope, or 404: an import
    is seen only by whoever uploaded it, within the buyer it was made for."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(SpreadsheetImport, public_id=public_id, kind=kind, scope=scope, created_by=request.user)
