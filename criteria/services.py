"""Writes to the criteria catalogue. Each runs in one transaction and records the actor
in the record's history.

A version's status changes only here: a draft is edited until it is activated; activating
it retires the version in force, which then ends the day the new one starts. Versions that
are not drafts never change their wording, because awards were signed with them. The
criterion row is locked while its versions change, so two activations of the same
criterion run one after the other; the database's overlap rule backs this up."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext as _

from oslo_procurement.core import save_record, set_archived

from .models import Criterion, CriterionVersion, IloInstrument, overlapping_versions

Status = CriterionVersion.Status

# What a new draft takes over from the latest version.
_COPIED_FIELDS = ["title_nb", "title_en", "text_nb", "text_en", "evidence_nb", "evidence_en", "ilo_set_id"]


def criterion_save(*, criterion: Criterion, actor) -> Criterion:
    return save_record(criterion, actor=actor)


def criterion_set_archived(*, criterion: Criterion, actor, archived: bool) -> Criterion:
    return set_archived(criterion, actor=actor, archived=archived)


def criterion_create(
    *, criterion: Criterion, first_version: CriterionVersion, actor, ilo_instruments: Iterable[IloInstrument] = ()
) -> Criterion:
    """A new criterion and its first version (a draft), both or neither."""
    with transaction.atomic():
        save_record(criterion, actor=actor)
        first_version.criterion = criterion
        first_version.version = 1
        first_version.status = Status.DRAFT
        save_record(first_version, actor=actor, m2m={"ilo_instruments": list(ilo_instruments)})
    return criterion


def version_create_draft(*, criterion: Criterion, actor) -> CriterionVersion:
    """A new draft numbered after the latest version, with the latest version's wording
    and ILO instruments, starting when the version in force ends (today at the earliest)."""
    with transaction.atomic():
        criterion = _lock_criterion(criterion.pk)
        if criterion.is_archived:
            raise ValidationError(_("An archived criterion gets no new versions. Restore it first."), code="archived")
        versions = list(criterion.versions.order_by("-version"))
        draft = next((v for v in versions if v.status == Status.DRAFT), None)
        if draft is not None:
            raise ValidationError(
                _("Version %(number)s is already a draft. Edit it instead of starting another one.")
                % {"number": draft.version},
                code="draft_exists",
            )
        if not versions:
            # Criteria made in the app always have a first version; one made elsewhere has nothing to copy.
            raise ValidationError(_("This criterion has no version to copy."), code="no_version")
        latest = versions[0]
        new = CriterionVersion(
            criterion=criterion, version=latest.version + 1, status=Status.DRAFT, effective_from=_next_start(versions)
        )
        for name in _COPIED_FIELDS:
            setattr(new, name, getattr(latest, name))
        return save_record(new, actor=actor, m2m={"ilo_instruments": list(latest.ilo_instruments.all())})


def version_adopt(*, version: CriterionVersion, owner_id, actor) -> CriterionVersion:
    """Adopt a national version into a buyer's catalogue: a draft copy of its wording and
    ILO instruments, linked to its source (``adopted_from``), in the buyer's criterion
    adopted from the same national criterion (made on the first adoption). The buyer then
    checks the dates and activates it; awards keep the versions they were signed with."""
    with transaction.atomic():
        source = CriterionVersion.objects.select_related("criterion").get(pk=version.pk)
        national = source.criterion
        if national.owner_id is not None:
            raise ValidationError(_("Only versions of the national catalogue can be adopted."), code="not_national")
        if owner_id is None:
            raise ValidationError(_("Only a buyer's staff can adopt into their catalogue."), code="no_owner")
        if source.status == Status.DRAFT or national.is_archived:
            raise ValidationError(
                _("This national version is not in force and cannot be adopted."), code="not_in_force"
            )
        target = Criterion.objects.select_for_update().filter(owner_id=owner_id, adopted_from=national).first()
        reason = _("Adopted from the national catalogue: %(version)s") % {"version": source}
        if target is None:
            if Criterion.objects.filter(owner_id=owner_id, code=national.code).exists():
                raise ValidationError(
                    _(
                        "Your catalogue already has a criterion with the code %(code)s. Change its code, "
                        "then adopt the national one."
                    )
                    % {"code": national.code},
                    code="code_taken",
                )
            target = Criterion(
                owner_id=owner_id,
                code=national.code,
                kind=national.kind,
                oecd_step=national.oecd_step,
                adopted_from=national,
            )
            target._change_reason = reason[:100]
            save_record(target, actor=actor)
            versions = []
        else:
            if target.is_archived:
                raise ValidationError(
                    _("Your criterion %(code)s is archived. Restore it first.") % {"code": target.code}, code="archived"
                )
            versions = list(target.versions.order_by("-version"))
            if any(v.adopted_from_id == source.pk for v in versions):
                raise ValidationError(
                    _("Your catalogue already has %(version)s.") % {"version": source}, code="already_adopted"
                )
            draft = next((v for v in versions if v.status == Status.DRAFT), None)
            if draft is not None:
                raise ValidationError(
                    _("Version %(number)s of %(code)s is a draft. Activate or edit it before adopting another.")
                    % {"number": draft.version, "code": target.code},
                    code="draft_exists",
                )
        new = CriterionVersion(
            criterion=target,
            version=versions[0].version + 1 if versions else 1,
            status=Status.DRAFT,
            effective_from=_next_start(versions),
            adopted_from=source,
            change_note=reason[:300],
        )
        for name in _COPIED_FIELDS:
            setattr(new, name, getattr(source, name))
        new._change_reason = reason[:100]
        return save_record(new, actor=actor, m2m={"ilo_instruments": list(source.ilo_instruments.all())})


def version_save(*, version: CriterionVersion, actor, ilo_instruments: Iterable[IloInstrument]) -> CriterionVersion:
    """Save a draft's wording, dates and ILO instruments. Only drafts may be edited."""
    with transaction.atomic():
        _lock_criterion(version.criterion_id)
        stored_status = (
            CriterionVersion.objects.filter(pk=version.pk).values_list("status", flat=True).first()
            if version.pk
            else version.status
        )
        if stored_status != Status.DRAFT or version.status != Status.DRAFT:
            raise ValidationError(
                _("Only a draft can be edited. Start a new version to change the wording."), code="not_draft"
            )
        _check_draft_dates(version)
        return save_record(version, actor=actor, m2m={"ilo_instruments": list(ilo_instruments)})


def version_activate(*, version: CriterionVersion, actor) -> CriterionVersion:
    """Put a draft in force. The active version (if any) is retired and ends the day the
    draft starts; the draft must start after the active version started."""
    with transaction.atomic():
        _lock_criterion(version.criterion_id)
        version.refresh_from_db()
        if version.status != Status.DRAFT:
            raise ValidationError(
                _("Only a draft can be activated; version %(number)s is %(status)s.")
                % {"number": version.version, "status": version.get_status_display().lower()},
                code="not_draft",
            )
        active = CriterionVersion.objects.filter(criterion_id=version.criterion_id, status=Status.ACTIVE).first()
        if active is not None:
            _check_starts_after(version, active)
            if active.effective_to is None or active.effective_to > version.effective_from:
                active.effective_to = version.effective_from
            active.status = Status.RETIRED
            save_record(active, actor=actor)
        version.status = Status.ACTIVE
        try:
            # full_clean refuses an overlap with any other version that is not a draft.
            save_record(version, actor=actor)
        except Exception:
            version.status = Status.DRAFT
            raise
    return version


def version_retire(*, version: CriterionVersion, actor, effective_to: datetime.date | None = None) -> CriterionVersion:
    """Take the active version out of force. It ends on ``effective_to`` (exclusive), or
    on the end date it already has, or today."""
    with transaction.atomic():
        _lock_criterion(version.criterion_id)
        version.refresh_from_db()
        if version.status != Status.ACTIVE:
            raise ValidationError(_("Only the active version can be retired."), code="not_active")
        end = effective_to or version.effective_to or timezone.localdate()
        if end <= version.effective_from:
            raise ValidationError(
                {
                    "effective_to": _("The end date must be after the start date, %(date)s.")
                    % {"date": localize(version.effective_from)}
                },
                code="dates_ordered",
            )
        previous = (version.status, version.effective_to)
        version.status, version.effective_to = Status.RETIRED, end
        try:
            save_record(version, actor=actor)
        except Exception:
            version.status, version.effective_to = previous
            raise
    return version


def _lock_criterion(criterion_id) -> Criterion:
    """Serialise changes to one criterion's versions (a row lock on PostgreSQL; SQLite
    already runs one write transaction at a time)."""
    return Criterion.objects.select_for_update().get(pk=criterion_id)


def _next_start(versions) -> datetime.date:
    today = timezone.localdate()
    in_force = [v for v in versions if v.status != Status.DRAFT]
    if not in_force:
        return today
    latest = max(in_force, key=lambda v: v.effective_from)
    if latest.effective_to is not None:
        return max(latest.effective_to, today)
    return max(today, latest.effective_from + datetime.timedelta(days=1))


def _check_starts_after(version, active):
    if version.effective_from <= active.effective_from:
        raise ValidationError(
            {
                "effective_from": ValidationError(
                    _("A new version must start after the active version %(number)s, which started %(date)s.")
                    % {"number": active.version, "date": localize(active.effective_from)},
                    code="starts_too_early",
                )
            }
        )


def _check_draft_dates(version):
    """A draft's dates must fit when it is activated: after the active version's start,
    and clear of every retired version (the active one is cut off at activation)."""
    if not version.effective_from or not version.criterion_id:
        return
    if version.effective_to and version.effective_to <= version.effective_from:
        return  # the model's own check reports this one
    clashes = [v for v in overlapping_versions(version) if v.status != Status.ACTIVE]
    if clashes:
        raise ValidationError(
            {
                "effective_from": ValidationError(
                    _("These dates overlap version %(versions)s of the same criterion.")
                    % {"versions": ", ".join(str(v.version) for v in clashes)},
                    code="overlap",
                )
            }
        )
    active = (
        CriterionVersion.objects.filter(criterion_id=version.criterion_id, status=Status.ACTIVE)
        .exclude(pk=version.pk)
        .first()
    )
    if active is not None:
        _check_starts_after(version, active)
