"""Every write of the exchange with partner buyers, each in one transaction with an audit row:
partners, consents (given and withdrawn item by item), exports (JSON, CSV, Excel, OCDS) and
imports of partners' files. Imported items live in SharedItem only: an import never
touches our own findings, self-assessments or actions."""

import hashlib
import json
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from followup.models import Assessment, CorrectiveAction, Finding
from followup.models.exchange import (
    ExchangeExport,
    ExchangeImport,
    ItemKind,
    PartnerBuyer,
    SharedItem,
    SharedSupplier,
    SharingConsent,
)
from oslo_procurement.audit.services import record_event
from oslo_procurement.core import save_record, set_archived
from suppliers.models import Supplier

from . import ocds, serializers, spreadsheets
from .importer import parse_datetime, parse_exchange_file

# --- Partners ----------------------------------------------------------------------------


def partner_save(*, partner: PartnerBuyer, actor) -> PartnerBuyer:
    return save_record(partner, actor=actor)


def partner_set_archived(*, partner: PartnerBuyer, actor, archived: bool) -> PartnerBuyer:
    """Archiving a partner withdraws nothing by itself, but no export is made for an
    archived partner."""
    return set_archived(partner, actor=actor, archived=archived)


# --- Consents ----------------------------------------------------------------------------


def _owned_items(*, buyer, supplier, kind, public_ids):
    """The buyer's items of one kind about the supplier among ``public_ids``; anything else
    (another buyer's, another supplier's, a finding without text for the supplier) is refused."""
    public_ids = set(public_ids)
    if not public_ids:
        return {}
    if kind == ItemKind.FINDING:
        qs = (
            Finding.objects.active()
            .filter(buyer=buyer, supplier_links__supplier=supplier, public_id__in=public_ids)
            .exclude(supplier_summary="")
            .defer("summary", "internal_notes")
        )
    elif kind == ItemKind.ASSESSMENT:
        qs = Assessment.objects.filter(supplier=supplier, round__agreement__buyer=buyer, public_id__in=public_ids)
    else:
        qs = CorrectiveAction.objects.filter(buyer=buyer, supplier=supplier, public_id__in=public_ids)
    items = {str(obj.public_id): obj for obj in qs}
    if set(items) != {str(p) for p in public_ids}:
        raise ValidationError(_("One of the chosen items cannot be shared. Nothing was changed."), code="not_shareable")
    return items


def consent_set(*, partner: PartnerBuyer, supplier: Supplier, chosen: dict, actor, request=None):
    """Make the partner's consents for this supplier exactly ``chosen``
    (``{kind: [public ids]}``): consent to each newly chosen item, withdraw each that is no
    longer chosen. Returns ``(given, withdrawn)`` counts; a repeated submit changes nothing."""
    if partner.is_archived:
        raise ValidationError(_("This partner is archived: restore it before sharing with it."), code="archived")
    with transaction.atomic():
        # One consent change at a time per partner, so two tabs cannot both add the same item.
        PartnerBuyer.objects.select_for_update().filter(pk=partner.pk).first()
        now = timezone.now()
        wanted = {}
        for kind in ItemKind.values:
            for obj in _owned_items(
                buyer=partner.buyer, supplier=supplier, kind=kind, public_ids=chosen.get(kind, [])
            ).values():
                wanted[(kind, obj.pk)] = obj
        current = {
            (c.kind, c.finding_id or c.assessment_id or c.action_id): c
            for c in SharingConsent.objects.select_for_update().filter(
                partner=partner, supplier=supplier, withdrawn_at__isnull=True
            )
        }
        given = withdrawn = 0
        for key, obj in wanted.items():
            if key in current:
                continue
            kind = key[0]
            consent = SharingConsent(
                buyer=partner.buyer,
                partner=partner,
                supplier=supplier,
                kind=kind,
                consented_by=actor,
                consented_at=now,
                **{("action" if kind == ItemKind.ACTION else kind): obj},
            )
            consent._history_user = actor
            consent.save()
            given += 1
        for key, consent in current.items():
            if key not in wanted:
                _withdraw(consent, actor=actor, now=now)
                withdrawn += 1
        if given or withdrawn:
            record_event(
                actor=actor,
                event_type="exchange_consent_changed",
                target=partner,
                request=request,
                details={"supplier": str(supplier.public_id), "given": given, "withdrawn": withdrawn},
            )
    return given, withdrawn


def _withdraw(consent, *, actor, now):
    consent.withdrawn_at = now
    consent.withdrawn_by = actor
    consent._history_user = actor
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])


def consent_withdraw(*, consent: SharingConsent, actor, request=None) -> bool:
    """Withdraw one consent; False when it was already withdrawn (a double submit)."""
    with transaction.atomic():
        locked = SharingConsent.objects.select_for_update().get(pk=consent.pk)
        if locked.withdrawn_at is not None:
            return False
        _withdraw(locked, actor=actor, now=timezone.now())
        record_event(
            actor=actor,
            event_type="exchange_consent_withdrawn",
            target=consent.partner,
            request=request,
            details={
                "consent": str(consent.public_id),
                "kind": consent.kind,
                "supplier": str(consent.supplier.public_id),
            },
        )
    consent.refresh_from_db()
    return True


# --- Exports -------------------------------------------------------------------------------

CONTENT_TYPES = {
    ExchangeExport.Format.JSON: "application/json",
    ExchangeExport.Format.CSV: "text/csv; charset=utf-8",
    ExchangeExport.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExchangeExport.Format.OCDS: "application/json",
}


def schema_url():
    return f"{settings.SITE_URL.rstrip('/')}/exchange/schema/v1.json"


def _json_bytes(document):
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def export_for_partner(*, partner: PartnerBuyer, fmt: str, actor, request=None):
    """The partner's file with exactly the items consented to now, recorded in the export
    log and the audit log. Returns ``(export, content, filename)``."""
    if partner.is_archived:
        raise ValidationError(_("This partner is archived: restore it before exporting for it."), code="archived")
    if fmt not in (ExchangeExport.Format.JSON, ExchangeExport.Format.CSV, ExchangeExport.Format.XLSX):
        raise ValidationError(_("Unknown export format."), code="format")
    buyer = partner.buyer
    with transaction.atomic():
        export = ExchangeExport(buyer=buyer, partner=partner, format=fmt, exported_by=actor, public_id=uuid.uuid4())
        now = timezone.now()
        document = serializers.exchange_document(
            serializers.active_consents(partner),
            publisher=buyer,
            recipient=partner,
            export_id=export.public_id,
            exported_at=now,
        )
        if fmt == ExchangeExport.Format.JSON:
            content = _json_bytes({"$schema": schema_url(), **document})
        elif fmt == ExchangeExport.Format.CSV:
            content = spreadsheets.csv_bytes(document)
        else:
            content = spreadsheets.xlsx_bytes(document)
        export.item_count = serializers.item_count(document)
        export.sha256 = hashlib.sha256(content).hexdigest()
        export.save()
        record_event(
            actor=actor,
            event_type="exchange_export",
            target=partner,
            request=request,
            details={
                "format": fmt,
                "export": str(export.public_id),
                "items": export.item_count,
                "sha256": export.sha256,
            },
        )
    filename = f"exchange-{timezone.localtime(now):%Y%m%d-%H%M}-{export.public_id.hex[:8]}.{fmt}"
    return export, content, filename


def export_ocds(*, buyer, actor, agreements=None, request=None):
    """The buyer's agreements (or the given ones) as an OCDS 1.1 release package, recorded
    in the export log and the audit log. Returns ``(export, content, filename)``."""
    with transaction.atomic():
        now = timezone.now()
        qs = ocds.agreements_for_ocds(buyer)
        if agreements is not None:
            qs = qs.filter(pk__in=[a.pk for a in agreements])
        uri = None
        if agreements is not None and len(agreements) == 1:
            uri = ocds.absolute(reverse("exchange:ocds_agreement", args=[agreements[0].public_id]))
        package = ocds.ocds_release_package(qs, buyer=buyer, published_at=now, uri=uri)
        content = _json_bytes(package)
        export = ExchangeExport.objects.create(
            buyer=buyer,
            format=ExchangeExport.Format.OCDS,
            exported_by=actor,
            item_count=len(package["releases"]),
            sha256=hashlib.sha256(content).hexdigest(),
        )
        record_event(
            actor=actor,
            event_type="exchange_export",
            target=buyer,
            request=request,
            details={
                "format": ExchangeExport.Format.OCDS,
                "export": str(export.public_id),
                "releases": export.item_count,
                "ocids": [release["ocid"] for release in package["releases"]][:50],
                "sha256": export.sha256,
            },
        )
    return export, content, f"ocds-{timezone.localtime(now):%Y%m%d-%H%M}.json"


# --- Imports ---------------------------------------------------------------------------------


def _check_origin(document, *, buyer, partner):
    """The file must come from the partner the officer chose, and be meant for us."""
    publisher = document["publisher"]
    expected = partner.identity_org_number
    if expected:
        if publisher["org_number"] != expected:
            raise ValidationError(
                _(
                    "This file was exported by %(name)s (organisation number %(org)s), not by %(partner)s. "
                    "Choose the partner that made the file."
                )
                % {"name": publisher["name"], "org": publisher["org_number"] or "–", "partner": partner.name},
                code="wrong_partner",
            )
    elif publisher["name"].strip().casefold() != partner.name.strip().casefold():
        raise ValidationError(
            _("This file was exported by %(name)s, not by %(partner)s. Choose the partner that made the file.")
            % {"name": publisher["name"], "partner": partner.name},
            code="wrong_partner",
        )
    recipient = document["recipient"]
    if buyer.org_number and recipient["org_number"] and recipient["org_number"] != buyer.org_number:
        raise ValidationError(
            _("This file was made for %(name)s, not for us. Nothing was imported.") % {"name": recipient["name"]},
            code="wrong_recipient",
        )


def _match_supplier(entry):
    qs = Supplier.objects.active()
    if entry["org_number"]:
        return qs.filter(org_number=entry["org_number"]).first()
    if entry["registry_id"]:
        return qs.filter(country=entry["country"], foreign_registry_id=entry["registry_id"]).first()
    return None


def _shared_supplier(entry, *, buyer, partner):
    lookup = {"buyer": buyer, "partner": partner}
    if entry["org_number"]:
        lookup["org_number"] = entry["org_number"]
    else:
        lookup.update(org_number="", country=entry["country"], registry_id=entry["registry_id"])
    shared = SharedSupplier.objects.select_for_update().filter(**lookup).first()
    if shared is None:
        shared = SharedSupplier(**lookup)
        if not entry["org_number"]:
            shared.registry_id = entry["registry_id"]
    shared.name = entry["name"]
    shared.country = entry["country"]
    if entry["registry_id"]:
        shared.registry_id = entry["registry_id"]
    if shared.supplier_id is None:
        shared.supplier = _match_supplier(entry)
    shared.save()
    return shared


def flatten(data, prefix=""):
    """``{"source.title": ..., "criteria[C1].score": ...}`` for comparing two versions."""
    flat = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{path}."))
        elif isinstance(value, list) and all(isinstance(v, dict) for v in value):
            for entry in value:
                name = entry.get("code", entry.get("step", ""))
                flat.update(flatten({k: v for k, v in entry.items() if k not in ("code", "step")}, f"{path}[{name}]."))
        else:
            flat[path] = value
    return flat


def differences(old, new):
    """The fields that differ, as ``[{"field", "old", "new"}]`` (the change time left out)."""
    before, after = flatten(old or {}), flatten(new or {})
    changes = []
    for key in sorted(set(before) | set(after)):
        if key == "updated_at":
            continue
        if before.get(key) != after.get(key):
            changes.append({"field": key, "old": before.get(key), "new": after.get(key)})
    return changes


def _title(kind, item):
    return (item.get("round") if kind == ItemKind.ASSESSMENT else item.get("title")) or "–"


KEYS = {"findings": ItemKind.FINDING, "assessments": ItemKind.ASSESSMENT, "corrective_actions": ItemKind.ACTION}


def _apply_item(*, kind, item, shared_supplier, imported, exported_at, export_id):
    buyer, partner = imported.buyer, imported.partner
    updated_at = parse_datetime(item["updated_at"])
    title = _title(kind, item)[:300]
    existing = (
        SharedItem.objects.select_for_update()
        .filter(buyer=buyer, partner=partner, kind=kind, origin_id=item["id"])
        .first()
    )
    entry = {"kind": kind, "title": title, "supplier": shared_supplier.name}
    if existing is None:
        existing = SharedItem.objects.create(
            buyer=buyer,
            partner=partner,
            shared_supplier=shared_supplier,
            kind=kind,
            origin_id=item["id"],
            title=title,
            data=item,
            source_updated_at=updated_at,
            exported_at=exported_at,
            origin_export_id=export_id,
            last_import=imported,
        )
        return {**entry, "item": str(existing.public_id), "change": "new"}
    entry["item"] = str(existing.public_id)
    newer_export = exported_at >= existing.exported_at
    if existing.data == item:
        fields = ["last_import", "updated_at"]
        change = "unchanged"
        if existing.withdrawn_at is not None and newer_export:
            existing.withdrawn_at = None
            fields.append("withdrawn_at")
            change = "reshared"
        if newer_export:
            existing.exported_at, existing.origin_export_id = exported_at, export_id
            fields += ["exported_at", "origin_export_id"]
        existing.last_import = imported
        existing.save(update_fields=fields)
        return {**entry, "change": change}
    fields = differences(existing.data, item)
    if updated_at > existing.source_updated_at:
        existing.data, existing.title, existing.shared_supplier = item, title, shared_supplier
        existing.source_updated_at, existing.exported_at, existing.origin_export_id = updated_at, exported_at, export_id
        existing.last_import = imported
        existing.withdrawn_at = None
        if existing.pending_updated_at is not None and existing.pending_updated_at <= updated_at:
            existing.pending_data = existing.pending_updated_at = existing.pending_exported_at = None
            existing.pending_import = None
        existing.save()
        return {**entry, "change": "updated", "fields": fields}
    # An older version, or the same time with other content: the officer decides.
    existing.pending_data, existing.pending_updated_at, existing.pending_exported_at = item, updated_at, exported_at
    existing.pending_import = imported
    existing.save()
    reason = "older" if updated_at < existing.source_updated_at else "same_time"
    return {**entry, "change": "conflict", "reason": reason, "fields": fields}


def import_partner_file(*, buyer, partner: PartnerBuyer, filename: str, content: bytes, actor, request=None):
    """Read a partner's exchange file into SharedItem copies marked with their origin.
    ValidationError (nothing saved) when the file is not valid, not from this partner or
    not meant for us. Our own records are never written."""
    if partner.buyer_id != buyer.pk:
        raise ValidationError(_("Choose one of your partners."), code="partner")
    if partner.is_archived:
        raise ValidationError(_("This partner is archived: restore it before importing from it."), code="archived")
    document = parse_exchange_file(content)
    _check_origin(document, buyer=buyer, partner=partner)
    exported_at = parse_datetime(document["export"]["exported_at"])
    export_id = document["export"]["id"]
    with transaction.atomic():
        PartnerBuyer.objects.select_for_update().filter(pk=partner.pk).first()
        imported = ExchangeImport.objects.create(
            buyer=buyer,
            partner=partner,
            imported_by=actor,
            filename=filename[:200],
            sha256=hashlib.sha256(content).hexdigest(),
            origin_export_id=export_id,
            exported_at=exported_at,
        )
        changes, seen = [], set()
        for entry in document["suppliers"]:
            shared_supplier = _shared_supplier(entry, buyer=buyer, partner=partner)
            for key, kind in KEYS.items():
                for item in entry[key]:
                    seen.add((kind, item["id"]))
                    changes.append(
                        _apply_item(
                            kind=kind,
                            item=item,
                            shared_supplier=shared_supplier,
                            imported=imported,
                            exported_at=exported_at,
                            export_id=export_id,
                        )
                    )
        # The file is everything the partner shares with us now: what a newer file no
        # longer holds, they withdrew.
        now = timezone.now()
        for item in SharedItem.objects.select_for_update().filter(
            buyer=buyer, partner=partner, withdrawn_at__isnull=True, exported_at__lt=exported_at
        ):
            if (item.kind, item.origin_id) not in seen:
                item.withdrawn_at = now
                item.save(update_fields=["withdrawn_at", "updated_at"])
                changes.append(
                    {
                        "kind": item.kind,
                        "title": item.title,
                        "supplier": item.shared_supplier.name,
                        "item": str(item.public_id),
                        "change": "withdrawn",
                    }
                )
        imported.changes = changes
        imported.created = sum(1 for c in changes if c["change"] == "new")
        imported.updated = sum(1 for c in changes if c["change"] in ("updated", "reshared", "withdrawn"))
        imported.unchanged = sum(1 for c in changes if c["change"] == "unchanged")
        imported.conflicts = sum(1 for c in changes if c["change"] == "conflict")
        imported.save()
        record_event(
            actor=actor,
            event_type="exchange_import",
            target=partner,
            request=request,
            details={
                "import": str(imported.public_id),
                "partner_export": export_id,
                "new": imported.created,
                "changed": imported.updated,
                "unchanged": imported.unchanged,
                "to_decide": imported.conflicts,
                "sha256": imported.sha256,
            },
        )
    return imported


def shared_item_decide(*, item: SharedItem, take_incoming: bool, actor, request=None) -> bool:
    """The officer's decision on a version that waits: take it, or keep the copy we have.
    False when there was nothing to decide (a double submit)."""
    with transaction.atomic():
        locked = SharedItem.objects.select_for_update().get(pk=item.pk)
        if locked.pending_data is None:
            return False
        if take_incoming:
            locked.data = locked.pending_data
            locked.title = _title(locked.kind, locked.pending_data)[:300]
            locked.source_updated_at = locked.pending_updated_at
            locked.exported_at = locked.pending_exported_at
            locked.last_import = locked.pending_import
        locked.pending_data = locked.pending_updated_at = locked.pending_exported_at = None
        locked.pending_import = None
        locked._history_user = actor
        locked.save()
        record_event(
            actor=actor,
            event_type="exchange_import_decision",
            target=locked,
            request=request,
            details={"decision": "take_incoming" if take_incoming else "keep_current", "partner": locked.partner.name},
        )
    item.refresh_from_db()
    return True


def shared_supplier_resolve(*, shared: SharedSupplier, supplier: Supplier, actor, request=None) -> SharedSupplier:
    """Match a supplier from a partner's file to one in our registry, by the officer."""
    with transaction.atomic():
        shared.supplier = supplier
        shared.resolved_by = actor
        shared.resolved_at = timezone.now()
        shared._history_user = actor
        shared.save()
        record_event(
            actor=actor,
            event_type="exchange_supplier_matched",
            target=shared,
            request=request,
            details={"supplier": str(supplier.public_id), "partner": shared.partner.name},
        )
    return shared
