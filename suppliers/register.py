"""The supplier registry's use of the Brønnøysund register: the lookup behind the supplier form,
what is stored about each Norwegian supplier (RegisterEntry), the daily check that flags bankrupt,
liquidated, dissolved or deleted units, and the bulk load for installations without internet.

Every write goes through `register_apply`, which is set-based and idempotent: a flag is dated
the first time a check sees it, later runs leave the date alone, and it is cleared when the
register clears it."""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .brreg import RegisterUnavailable, RegisterUnit, fetch_unit
from .models import RegisterEntry, Supplier

GIVE_UP_AFTER = 5  # failed lookups in a row before the daily check stops asking a register that is down
CACHE_SECONDS = 15 * 60  # the form's lookup and the save right after it ask the register once
_NOT_FOUND = "not-found"
_FLAGGED = Q(bankrupt=True) | Q(under_liquidation=True) | Q(forced_dissolution=True) | Q(deleted=True)
_FIELDS = [
    "fetched_at",
    "found",
    "name",
    "organisation_form_code",
    "organisation_form",
    "business_address",
    "nace_code",
    "nace_description",
    "employees",
    "bankrupt",
    "under_liquidation",
    "forced_dissolution",
    "deleted",
    "deleted_on",
]


def register_lookup(org_number: str, *, use_cache=True) -> RegisterUnit | None:
    """The register's unit for a (valid, normalised) organisation number, or None if the
    register does not know it. Raises RegisterUnavailable. Answers are cached a quarter of an
    hour, so typing the number and then saving the form asks the register once."""
    key = f"brreg:unit:{org_number}"
    if use_cache:
        cached = cache.get(key)
        if cached is not None:
            return None if cached == _NOT_FOUND else cached
    unit = fetch_unit(org_number)
    cache.set(key, _NOT_FOUND if unit is None else unit, CACHE_SECONDS)
    return unit


def _entry_values(unit: RegisterUnit | None, fetched_at):
    if unit is None:
        return {"fetched_at": fetched_at, "found": False}
    return {
        "fetched_at": fetched_at,
        "found": True,
        "name": unit.name[:300],
        "organisation_form_code": unit.organisation_form_code[:10],
        "organisation_form": unit.organisation_form[:200],
        "business_address": unit.business_address[:400],
        "nace_code": unit.nace_code[:10],
        "nace_description": unit.nace_description[:300],
        "employees": unit.employees,
        "bankrupt": unit.bankrupt,
        "under_liquidation": unit.under_liquidation,
        "forced_dissolution": unit.forced_dissolution,
        "deleted": unit.deleted,
        "deleted_on": unit.deleted_on,
    }


def register_apply(answers: dict[int, RegisterUnit | None], *, fetched_at=None) -> dict:
    """Store the register's answers ({supplier id: unit, or None when not found}) in a few
    set-based statements, and date or clear the flags. Returns how many were newly flagged and
    cleared. Running it twice with the same answers changes nothing the second time."""
    fetched_at = fetched_at or timezone.now()
    today = timezone.localdate(fetched_at)
    if not answers:
        return {"stored": 0, "flagged": 0, "cleared": 0}
    rows = [RegisterEntry(supplier_id=pk, **_entry_values(unit, fetched_at)) for pk, unit in answers.items()]
    unflagged_ids = [
        row.supplier_id
        for row in rows
        if not (row.bankrupt or row.under_liquidation or row.forced_dissolution or row.deleted)
    ]
    with transaction.atomic():
        # Cleared first: the row's flags and its date must agree at every statement's end.
        cleared = RegisterEntry.objects.filter(supplier_id__in=unflagged_ids, flagged_on__isnull=False).update(
            flagged_on=None
        )
        RegisterEntry.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["supplier"], update_fields=[*_FIELDS, "updated_at"]
        )
        flagged = (
            RegisterEntry.objects.filter(supplier_id__in=answers.keys(), flagged_on__isnull=True)
            .filter(_FLAGGED)
            .update(flagged_on=today)
        )
    return {"stored": len(rows), "flagged": flagged, "cleared": cleared}


def supplier_register_refresh(*, supplier: Supplier) -> bool:
    """Ask the register about a Norwegian supplier (the cached answer of the form's lookup if
    there is one) and store the answer. False when the register could not be reached: what
    the officer typed is kept as it is. Nothing is asked when BRREG_ENABLED is off."""
    if not supplier.org_number or not settings.BRREG_ENABLED:
        return True
    try:
        unit = register_lookup(supplier.org_number)
    except RegisterUnavailable:
        return False
    register_apply({supplier.pk: unit})
    return True


def register_fetch_for(supplier_ids, *, batch_size=200) -> dict:
    """Ask the register about these suppliers (new ones from an import) and store the answers;
    stops asking after GIVE_UP_AFTER failures in a row (the daily check fetches the rest)."""
    counts = {"checked": 0, "unreachable": 0}
    if not settings.BRREG_ENABLED:
        return counts
    batch, failures_in_a_row = {}, 0
    rows = Supplier.objects.filter(pk__in=list(supplier_ids), org_number__isnull=False).values_list("pk", "org_number")
    for pk, org_number in rows:
        if failures_in_a_row >= GIVE_UP_AFTER:
            counts["unreachable"] += 1
            continue
        try:
            batch[pk] = register_lookup(org_number)
        except RegisterUnavailable:
            counts["unreachable"] += 1
            failures_in_a_row += 1
            continue
        failures_in_a_row = 0
        counts["checked"] += 1
        if len(batch) >= batch_size:
            register_apply(batch)
            batch.clear()
    register_apply(batch)
    return counts


def register_check_candidates():
    """Active suppliers with a Norwegian organisation number: what the daily check asks about."""
    return Supplier.objects.active().filter(org_number__isnull=False).values_list("pk", "org_number")


def register_check_all(*, batch_size=200) -> dict:
    """The daily check: ask the register about every active Norwegian supplier and store the
    answers batch by batch. A supplier the register cannot answer for keeps what it had."""
    counts = {"checked": 0, "unreachable": 0, "flagged": 0, "cleared": 0}
    if not settings.BRREG_ENABLED:
        return counts
    batch = {}

    def flush():
        result = register_apply(batch)
        counts["flagged"] += result["flagged"]
        counts["cleared"] += result["cleared"]
        batch.clear()

    failures_in_a_row = 0
    for pk, org_number in register_check_candidates().iterator(chunk_size=batch_size):
        if failures_in_a_row >= GIVE_UP_AFTER:
            counts["unreachable"] += 1  # the register is down: not asked, tomorrow's run will
            continue
        try:
            batch[pk] = register_lookup(org_number, use_cache=False)
        except RegisterUnavailable:
            counts["unreachable"] += 1
            failures_in_a_row += 1
            continue
        failures_in_a_row = 0
        counts["checked"] += 1
        if len(batch) >= batch_size:
            flush()
    flush()
    return counts


def register_load_units(units, *, batch_size=1000) -> dict:
    """Store the units of the register's bulk download for the suppliers that have their
    numbers (`manage.py load_brreg`). `units` is any iterable of RegisterUnit: the file is
    streamed, and only units that match a supplier are kept in memory, a batch at a time."""
    counts = {"read": 0, "matched": 0, "flagged": 0, "cleared": 0}
    wanted = {number: pk for pk, number in register_check_candidates()}
    fetched_at = timezone.now()
    batch = {}

    def flush():
        result = register_apply(batch, fetched_at=fetched_at)
        counts["flagged"] += result["flagged"]
        counts["cleared"] += result["cleared"]
        batch.clear()

    for unit in units:
        counts["read"] += 1
        pk = wanted.get(unit.org_number)
        if pk is None:
            continue
        counts["matched"] += 1
        batch[pk] = unit
        if len(batch) >= batch_size:
            flush()
    flush()
    return counts


def flagged_entries():
    """Register entries of active suppliers that the register flags, newest first."""
    return (
        RegisterEntry.objects.filter(flagged_on__isnull=False, supplier__archived_at__isnull=True)
        .select_related("supplier")
        .order_by("-flagged_on", "supplier__legal_name")
    )
