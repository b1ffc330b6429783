"""Writes to buyers' agreements, lots, awards and city entities. Each runs in one
transaction and records the actor in the record's history. The rules that need more
than one record (an award's lots and criteria, an agreement's entities) live here, so
every screen that writes goes through them."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from criteria.access import is_usable
from criteria.models import CriterionVersion
from oslo_procurement.core import save_record, set_archived

from .models import (
    Award,
    CityEntity,
    FactoryDisclosure,
    FrameworkAgreement,
    Lot,
    SmelterNote,
    SupplierNote,
    SupplierOfficer,
)


def agreement_save(
    *, agreement: FrameworkAgreement, actor, participating_entities: Iterable[CityEntity]
) -> FrameworkAgreement:
    entities = list(participating_entities)
    with transaction.atomic():
        errors = {}
        foreign = [entity for entity in entities if entity.buyer_id != agreement.buyer_id]
        if foreign:
            errors["participating_entities"] = _("These entities belong to another buyer: %(names)s.") % {
                "names": ", ".join(sorted(str(entity) for entity in foreign))
            }
        if (
            agreement.reference
            and FrameworkAgreement.objects.filter(buyer_id=agreement.buyer_id, reference=agreement.reference)
            .exclude(pk=agreement.pk)
            .exists()
        ):
            errors["reference"] = _("This buyer already has an agreement with this reference.")
        if errors:
            raise ValidationError(errors)
        return save_record(agreement, actor=actor, m2m={"participating_entities": entities})


def agreement_set_archived(*, agreement: FrameworkAgreement, actor, archived: bool) -> FrameworkAgreement:
    return set_archived(agreement, actor=actor, archived=archived)


def lot_save(*, lot: Lot, actor) -> Lot:
    if (
        lot.number is not None
        and Lot.objects.filter(agreement_id=lot.agreement_id, number=lot.number).exclude(pk=lot.pk).exists()
    ):
        raise ValidationError({"number": _("This agreement already has a lot with this number.")})
    return save_record(lot, actor=actor)


def lot_set_archived(*, lot: Lot, actor, archived: bool) -> Lot:
    return set_archived(lot, actor=actor, archived=archived)


def in_force_on(version: CriterionVersion, day: datetime.date) -> bool:
    """A version is in force from ``effective_from`` until the day before ``effective_to``."""
    return version.effective_from <= day and (version.effective_to is None or day < version.effective_to)


def award_validate(*, award: Award, lots: Iterable[Lot], criteria_versions: Iterable[CriterionVersion]) -> None:
    """The rules an award must meet besides its own fields; raises a ValidationError
    keyed by field ("supplier", "lots", "criteria_versions") so a form shows each at its field."""
    lots = list(lots)
    versions = list(criteria_versions)
    errors = {}

    if not lots:
        errors["lots"] = [_("Choose at least one lot.")]
    else:
        foreign = [lot for lot in lots if lot.agreement_id != award.agreement_id]
        if foreign:
            errors["lots"] = [
                _("These lots belong to another agreement: %(lots)s.")
                % {"lots": ", ".join(sorted(str(lot) for lot in foreign))}
            ]

    version_errors = []
    drafts = [v for v in versions if v.status == CriterionVersion.Status.DRAFT]
    if drafts:
        version_errors.append(
            _("Draft criteria cannot be signed: %(versions)s.") % {"versions": ", ".join(sorted(map(str, drafts)))}
        )
    if award.signed_on:
        outside = [v for v in versions if v not in drafts and not in_force_on(v, award.signed_on)]
        if outside:
            version_errors.append(
                _("These criteria versions were not in force on the signing date: %(versions)s.")
                % {"versions": ", ".join(sorted(map(str, outside)))}
            )
    signed_before = set(award.criteria_versions.values_list("pk", flat=True)) if award.pk else set()
    foreign = [
        v for v in versions if v.pk not in signed_before and not is_usable(v.criterion, award.agreement.buyer_id)
    ]
    if foreign:
        version_errors.append(
            _("These criteria belong to another buyer's catalogue: %(versions)s.")
            % {"versions": ", ".join(sorted(map(str, foreign)))}
        )
    if version_errors:
        errors["criteria_versions"] = version_errors

    if award.supplier_id:
        supplier_errors = []
        stored_supplier = Award.objects.filter(pk=award.pk).values_list("supplier_id", flat=True).first()
        # An award already held by a supplier archived later can still be edited; a new
        # award (or a change of supplier) needs an active supplier.
        if award.supplier.is_archived and stored_supplier != award.supplier_id:
            supplier_errors.append(_("This supplier is archived and cannot get a new award."))
        if (
            not award.is_archived
            and Award.objects.active()
            .filter(agreement_id=award.agreement_id, supplier_id=award.supplier_id)
            .exclude(pk=award.pk)
            .exists()
        ):
            supplier_errors.append(_("This supplier already has an award in this agreement."))
        if supplier_errors:
            errors["supplier"] = supplier_errors

    if errors:
        raise ValidationError(errors)


def award_save(*, award: Award, actor, lots: Iterable[Lot], criteria_versions: Iterable[CriterionVersion]) -> Award:
    lots = list(lots)
    criteria_versions = list(criteria_versions)
    with transaction.atomic():
        award_validate(award=award, lots=lots, criteria_versions=criteria_versions)
        return save_record(award, actor=actor, m2m={"lots": lots, "criteria_versions": criteria_versions})


def award_set_archived(*, award: Award, actor, archived: bool) -> Award:
    if (
        not archived
        and award.is_archived
        and Award.objects.active().filter(agreement_id=award.agreement_id, supplier_id=award.supplier_id).exists()
    ):
        raise ValidationError(
            _("%(supplier)s already has another award in this agreement; archive that one first.")
            % {"supplier": award.supplier}
        )
    return set_archived(award, actor=actor, archived=archived)


def entity_save(*, entity: CityEntity, actor) -> CityEntity:
    if (
        entity.name
        and CityEntity.objects.filter(buyer_id=entity.buyer_id, name=entity.name).exclude(pk=entity.pk).exists()
    ):
        raise ValidationError({"name": _("This buyer already has an entity with this name.")})
    return save_record(entity, actor=actor)


def entity_set_archived(*, entity: CityEntity, actor, archived: bool) -> CityEntity:
    return set_archived(entity, actor=actor, archived=archived)


def supplier_officer_set(*, buyer, supplier, officer, actor):
    """Make ``officer`` the buyer's responsible officer for the supplier, or clear the
    responsibility when ``officer`` is None. The officer must be an active officer of the
    buyer. The change is in the responsibility's history (who, when, the officer before)."""
    from .selectors import buyer_officers

    if officer is not None and not buyer_officers(buyer).filter(pk=officer.pk).exists():
        raise ValidationError(_("Choose one of your organisation's procurement officers."))
    with transaction.atomic():
        current = SupplierOfficer.objects.select_for_update().filter(buyer=buyer, supplier=supplier).first()
        if officer is None:
            if current is not None:
                current._history_user = actor
                current.delete()
            return None
        if current is None:
            current = SupplierOfficer(buyer=buyer, supplier=supplier, officer=officer)
        elif current.officer_id == officer.pk:
            return current
        current.officer = officer
        return save_record(current, actor=actor)


# --- Factories per lot (Electronics Watch disclosure) ----------------------------------------


def factory_disclose(*, award: Award, lot: Lot, site, stage: str, products: str, actor) -> FactoryDisclosure:
    """The supplier of ``award`` says that ``site`` (one of its own factories) makes
    ``products`` delivered under ``lot`` (one of the award's lots) at ``stage``."""
    products = (products or "").strip()
    errors = {}
    if award.is_archived:
        errors["lot"] = _("This award is no longer in force.")
    elif lot.is_archived or not award.lots.filter(pk=lot.pk).exists():
        errors["lot"] = _("Choose one of the lots of your award.")
    if site.supplier_id != award.supplier_id or site.is_archived:
        errors["site"] = _("Choose one of your own factories.")
    if not products:
        errors["products"] = _("Name the products made there.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Award.objects.select_for_update().get(pk=award.pk)
        disclosure = FactoryDisclosure(award=award, lot=lot, site=site, stage=stage, products=products)
        return save_record(disclosure, actor=actor)


def factory_withdraw(*, disclosure: FactoryDisclosure, actor) -> FactoryDisclosure:
    """The factory no longer makes products for the lot: withdrawn, kept in the history."""
    return set_archived(disclosure, actor=actor, archived=True)


def smelter_note_save(*, buyer, smelter, actor, flag: str, note: str) -> SmelterNote:
    """Write the buyer's own note and flag on a smelter of the shared reference list (made
    on the first write; the history keeps every earlier wording). The shared record is not
    touched."""
    with transaction.atomic():
        existing = SmelterNote.objects.select_for_update().filter(buyer=buyer, smelter=smelter).first()
        record = existing or SmelterNote(buyer=buyer, smelter=smelter)
        if existing is not None and (existing.flag, existing.note) == (flag, note):
            return existing
        record.flag, record.note = flag, note
        return save_record(record, actor=actor)


def supplier_note_save(*, buyer, supplier, actor, text: str) -> SupplierNote | None:
    """Write the buyer's own internal notes on a supplier of the shared registry (made on
    the first non-empty write; the history keeps every earlier wording). The shared supplier
    record is not touched. Returns None when there was no note and none is written."""
    with transaction.atomic():
        existing = SupplierNote.objects.select_for_update().filter(buyer=buyer, supplier=supplier).first()
        if existing is None and not text:
            return None
        if existing is not None and existing.text == text:
            return existing
        record = existing or SupplierNote(buyer=buyer, supplier=supplier)
        record.text = text
        return save_record(record, actor=actor)
