"""Suppliers and their contacts from a spreadsheet: the same columns as the supplier export
(suppliers.views.supplier_export), one contact a row; a supplier with several contacts takes
several rows, and a supplier without contacts one row with the contact cells empty.

A row matches a saved supplier by its organisation number, or by country and foreign registry
id; a contact matches by email within its supplier. Cells left empty keep what is saved.

Organisation numbers are checked (nine digits, MOD11). The preview never asks the Brønnøysund
register over the network (10,000 rows would take minutes and a register that is down would
block the page): a row without a legal name takes the name the register gave before, when this
installation has it (the supplier's register entry, filled by the form, the daily check or
`manage.py load_brreg`, or a lookup cached in the last quarter of an hour). After the import
is saved, the register is asked about the new Norwegian suppliers in the background
(``suppliers.tasks.fetch_register_for``), as the supplier form does after a save."""

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django_countries import countries
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from oslo_procurement.imports.services import bulk_update_changed
from oslo_procurement.imports.tables import Column

from .models import Contact, RegisterEntry, Supplier
from .validators import normalise_org_number, validate_org_number

CHUNK = 500
YES = {"yes", "ja", "true", "1", "y", "j", "x"}
NO = {"no", "nei", "false", "0", "n", ""}

COLUMNS = [
    Column("org_number", _l("Organisation number"), help=_l("Nine digits (spaces, NO…MVA allowed).")),
    Column(
        "foreign_registry_id", _l("Foreign registry id"), help=_l("For foreign companies without a Norwegian number.")
    ),
    Column(
        "legal_name", _l("Legal name"), help=_l("Required for a new supplier, unless the register's name is known.")
    ),
    Column(
        "country",
        _l("Country"),
        help=_l(
            "Two-letter code (NO, SE, CN) or the country's English name; "
            "NO when empty and an organisation number is given."
        ),
    ),
    Column(
        "role",
        _l("Role in the supply chain"),
        help=_l("reseller, brand_owner, assembler, component or smelter (or the role's name as shown in the app)."),
    ),
    Column("transparency_act_covered", _l("Transparency Act"), help=_l("yes or no.")),
    Column("website", _l("Website"), help=_l("A full address, https://…")),
    Column("contact_name", _l("Contact name"), help=_l("The contact's full name; empty for a row without a contact.")),
    Column(
        "contact_email", _l("Contact email"), help=_l("Required with a contact name; a contact is matched by email.")
    ),
    Column("contact_phone", _l("Contact phone"), help=""),
    Column("contact_title", _l("Contact job title"), help=""),
    Column("contact_language", _l("Contact language"), help=_l("nb or en.")),
    Column(
        "contact_primary", _l("Primary contact"), help=_l("yes for the supplier's primary contact (one per supplier).")
    ),
]
LABELS = {c.key: c.label for c in COLUMNS}
SUPPLIER_FIELDS = [
    "legal_name",
    "org_number",
    "foreign_registry_id",
    "country",
    "role",
    "transparency_act_covered",
    "website",
]
CONTACT_FIELDS = ["name", "email", "phone", "title", "language", "is_primary"]


def export_rows(suppliers):
    """The export's rows: one per active contact, or one with empty contact cells."""
    for supplier in suppliers:
        base = [
            supplier.org_number or "",
            supplier.foreign_registry_id,
            supplier.legal_name,
            supplier.country.code,
            supplier.role,
            _("yes") if supplier.transparency_act_covered else _("no"),
            supplier.website,
        ]
        contacts = [c for c in supplier.contacts.all() if c.archived_at is None and c.anonymised_at is None]
        if not contacts:
            yield [*base, "", "", "", "", "", ""]
        for contact in contacts:
            yield [
                *base,
                contact.name,
                contact.email,
                contact.phone,
                contact.title,
                contact.language,
                _("yes") if contact.is_primary else _("no"),
            ]


def _roles():
    from django.utils import translation

    names = {}
    for value, label in Supplier.Role.choices:
        names[value] = value
        for language in ("nb", "en"):
            with translation.override(language):
                names[str(label).lower()] = value
    return names


def _country(text):
    text = text.strip()
    if not text:
        return ""
    if len(text) == 2 and text.upper() in countries:
        return text.upper()
    return countries.by_name(text) or None


def _flag(text):
    value = text.strip().lower()
    if value in YES:
        return True
    if value in NO:
        return False
    return None


class SupplierImporter:
    kind = "suppliers"
    columns = COLUMNS

    # --- the preview (and the check again on confirm) ---------------------------------------

    def check(self, rows, *, scope=""):
        roles = _roles()
        parsed = [self._parse(row, roles) for row in rows]
        existing = self._existing(parsed)
        known_names = self._register_names(parsed, existing)
        contacts = self._existing_contacts(existing.values())
        flags = self._register_flags(existing.values())
        first_row = {}  # supplier key -> the first row's parsed values
        seen_contacts = {}
        primaries = {}
        verdicts = []
        for row, item in zip(rows, parsed, strict=True):
            errors = item["errors"]
            key = item["key"]
            supplier = existing.get(key) if key else None
            values = item["supplier"]
            notes = []
            earlier = first_row.get(key) if key is not None else None
            if key is None and not errors:
                errors.append(self._error("org_number", _("Give an organisation number or a foreign registry id.")))
            if supplier is None and key is not None and earlier is None:
                if not values.get("legal_name"):
                    name = known_names.get(values.get("org_number"))
                    if name:
                        values["legal_name"] = name
                        notes.append(_("Legal name from the Brønnøysund register: %(name)s") % {"name": name})
                    else:
                        errors.append(
                            self._error(
                                "legal_name",
                                _(
                                    "A new supplier needs a legal name (the register's data for this number is "
                                    "not on this installation)."
                                ),
                            )
                        )
                if not values.get("role"):
                    errors.append(self._error("role", _("A new supplier needs its role in the supply chain.")))
                if not values.get("country") and values.get("org_number"):
                    values["country"] = "NO"  # a new supplier with a Norwegian number and no country
                if not values.get("country"):
                    errors.append(self._error("country", _("A new supplier needs its country.")))
            if earlier is not None:
                earlier_row, earlier_values = earlier
                for field, value in values.items():
                    if field in earlier_values and earlier_values[field] != value:
                        errors.append(
                            self._error(
                                field,
                                _("Row %(row)s gives a different value for the same supplier.") % {"row": earlier_row},
                            )
                        )
            elif key is not None:
                first_row[key] = (row["row"], values)
            contact_values = item["contact"]
            contact = None
            if contact_values and key is not None and not errors:
                email = contact_values["email"]
                if (key, email) in seen_contacts:
                    errors.append(
                        self._error(
                            "contact_email",
                            _("Row %(row)s has the same contact already.") % {"row": seen_contacts[(key, email)]},
                        )
                    )
                seen_contacts[(key, email)] = row["row"]
                if contact_values.get("is_primary"):
                    if key in primaries:
                        errors.append(
                            self._error(
                                "contact_primary",
                                _("Row %(row)s names another primary contact for this supplier.")
                                % {"row": primaries[key]},
                            )
                        )
                    primaries[key] = row["row"]
                contact = contacts.get((supplier.pk, email)) if supplier is not None else None
            if not errors:
                self._validate(values, supplier, contact_values, contact, errors)
            verdict = {
                "row": row["row"],
                "label": self._label(values, supplier),
                "errors": errors,
                "notes": notes,
            }
            if errors:
                verdict["status"] = "error"
            else:
                changes = self._changes(supplier, values if earlier is None else {}, SUPPLIER_FIELDS)
                contact_changes = self._changes(contact, contact_values or {}, CONTACT_FIELDS)
                if supplier is None and earlier is None:
                    notes.insert(0, _("New supplier"))
                elif supplier is None:
                    notes.insert(0, _("The new supplier of row %(row)s") % {"row": earlier[0]})
                else:
                    notes.extend(_("%(field)s: “%(old)s” → “%(new)s”") % change for change in changes)
                    if supplier.pk in flags:
                        notes.append(
                            _("The Brønnøysund register marks this supplier: %(flags)s")
                            % {"flags": ", ".join(str(flag) for flag in flags[supplier.pk])}
                        )
                if contact_values and contact is None:
                    notes.append(_("New contact: %(name)s <%(email)s>") % contact_values)
                elif contact_values and contact_changes:
                    notes.extend(_("Contact %(field)s: “%(old)s” → “%(new)s”") % change for change in contact_changes)
                if supplier is None:
                    verdict["status"] = "new"
                elif changes or contact_changes or (contact_values and contact is None):
                    verdict["status"] = "update"
                else:
                    verdict["status"] = "unchanged"
                verdict["_key"] = key
                verdict["_supplier"] = supplier.pk if supplier is not None else None
                verdict["_values"] = values if earlier is None else {}
                verdict["_contact"] = contact.pk if contact is not None else None
                verdict["_contact_values"] = contact_values
            verdicts.append(verdict)
        return verdicts

    def _error(self, key, message):
        return {"column": str(LABELS[key]), "message": str(message)}

    def _label(self, values, supplier):
        name = values.get("legal_name") or (supplier.legal_name if supplier else "")
        number = values.get("org_number") or values.get("foreign_registry_id") or ""
        return f"{name} ({number})" if name and number else name or number

    def _parse(self, row, roles):
        cells = row["cells"]
        errors = []
        values = {}
        org_number = normalise_org_number(cells.get("org_number", ""))
        if org_number:
            try:
                validate_org_number(org_number)
            except ValidationError as error:
                errors.append(self._error("org_number", " ".join(error.messages)))
            values["org_number"] = org_number
        foreign = cells.get("foreign_registry_id", "").strip()
        if foreign:
            values["foreign_registry_id"] = foreign[:60]
        if cells.get("legal_name", "").strip():
            values["legal_name"] = cells["legal_name"].strip()[:200]
        country = _country(cells.get("country", ""))
        if country is None:
            errors.append(
                self._error(
                    "country",
                    _("Unknown country “%(value)s”; use a two-letter code such as NO.")
                    % {"value": cells.get("country", "")[:40]},
                )
            )
        elif country:
            values["country"] = country
        role_text = cells.get("role", "").strip()
        if role_text:
            role = roles.get(role_text.lower())
            if role is None:
                errors.append(self._error("role", _("Unknown role “%(value)s”.") % {"value": role_text[:60]}))
            else:
                values["role"] = role
        if "transparency_act_covered" in cells and cells["transparency_act_covered"].strip():
            flag = _flag(cells["transparency_act_covered"])
            if flag is None:
                errors.append(self._error("transparency_act_covered", _("Write yes or no.")))
            else:
                values["transparency_act_covered"] = flag
        if cells.get("website", "").strip():
            values["website"] = cells["website"].strip()[:200]
        key = None
        if org_number:
            key = f"no:{org_number}"
        elif foreign:
            key = f"{values.get('country', '')}:{foreign.lower()}"
        contact = None
        name, email = cells.get("contact_name", "").strip(), cells.get("contact_email", "").strip().lower()
        if name or email or any(cells.get(k, "").strip() for k in ("contact_phone", "contact_title")):
            contact = {"name": name[:200], "email": email}
            if not email:
                errors.append(self._error("contact_email", _("A contact needs an email address.")))
            if cells.get("contact_phone", "").strip():
                contact["phone"] = cells["contact_phone"].strip()[:40]
            if cells.get("contact_title", "").strip():
                contact["title"] = cells["contact_title"].strip()[:200]
            language = cells.get("contact_language", "").strip().lower()
            if language:
                if language not in ("nb", "en"):
                    errors.append(self._error("contact_language", _("Write nb or en.")))
                else:
                    contact["language"] = language
            if cells.get("contact_primary", "").strip():
                flag = _flag(cells["contact_primary"])
                if flag is None:
                    errors.append(self._error("contact_primary", _("Write yes or no.")))
                else:
                    contact["is_primary"] = flag
        return {"key": key, "supplier": values, "contact": contact, "errors": errors}

    def _validate(self, values, supplier, contact_values, contact, errors):
        website = values.get("website")
        if website:
            try:
                URLValidator()(website)
            except ValidationError:
                errors.append(self._error("website", _("Enter a valid URL.")))
        if contact_values:
            try:
                EmailValidator()(contact_values["email"])
            except ValidationError:
                errors.append(self._error("contact_email", _("Enter a valid email address.")))
            if contact is None and not contact_values.get("name"):
                errors.append(self._error("contact_name", _("A new contact needs a name.")))
        if supplier is None and values.get("country") == "NO" and not values.get("org_number"):
            errors.append(self._error("org_number", _("A Norwegian company must have its organisation number.")))

    def _changes(self, record, values, fields):
        if record is None:
            return []
        changes = []
        for field in fields:
            if field in values and getattr(record, field) != values[field]:
                old = getattr(record, field)
                changes.append(
                    {
                        "field": str(record._meta.get_field(field).verbose_name),
                        "old": getattr(old, "code", old) if old not in (None, "") else "",
                        "new": values[field],
                    }
                )
        return changes

    def _existing(self, parsed):
        numbers = sorted({p["supplier"]["org_number"] for p in parsed if p["supplier"].get("org_number")})
        foreign = sorted(
            {
                p["supplier"]["foreign_registry_id"]
                for p in parsed
                if p["supplier"].get("foreign_registry_id") and not p["supplier"].get("org_number")
            }
        )
        found = {}
        for start in range(0, len(numbers), CHUNK):
            for supplier in Supplier.objects.filter(org_number__in=numbers[start : start + CHUNK]):
                found[f"no:{supplier.org_number}"] = supplier
        for start in range(0, len(foreign), CHUNK):
            for supplier in Supplier.objects.filter(foreign_registry_id__in=foreign[start : start + CHUNK]):
                found[f"{supplier.country.code}:{supplier.foreign_registry_id.lower()}"] = supplier
        return found

    def _register_names(self, parsed, existing):
        """Names the register gave for numbers of new suppliers without a name, from what this
        installation already holds: never a network call."""
        from django.core.cache import cache

        from .register import _NOT_FOUND

        wanted = [
            p["supplier"]["org_number"]
            for p in parsed
            if p["supplier"].get("org_number") and not p["supplier"].get("legal_name") and p["key"] not in existing
        ]
        if not wanted:
            return {}
        names = {}
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            for number, name in RegisterEntry.objects.filter(supplier__org_number__in=chunk, found=True).values_list(
                "supplier__org_number", "name"
            ):
                names[number] = name
            cached = cache.get_many([f"brreg:unit:{n}" for n in chunk])
            for cache_key, unit in cached.items():
                if unit != _NOT_FOUND and getattr(unit, "name", ""):
                    names.setdefault(cache_key.rsplit(":", 1)[1], unit.name[:200])
        return names

    def _register_flags(self, suppliers):
        """{supplier id: the register's warnings} for saved suppliers it flags (bankrupt, ...)."""
        ids = sorted(s.pk for s in suppliers)
        found = {}
        for start in range(0, len(ids), CHUNK):
            for entry in RegisterEntry.objects.filter(
                supplier_id__in=ids[start : start + CHUNK], flagged_on__isnull=False
            ):
                found[entry.supplier_id] = entry.flags
        return found

    def _existing_contacts(self, suppliers):
        ids = sorted(s.pk for s in suppliers)
        found = {}
        for start in range(0, len(ids), CHUNK):
            for contact in Contact.objects.active().filter(supplier_id__in=ids[start : start + CHUNK]):
                found[(contact.supplier_id, contact.email.lower())] = contact
        return found

    # --- the import ---------------------------------------------------------------------------

    def apply(self, rows, verdicts, *, scope="", actor):
        reason = _("Imported from a spreadsheet")
        with transaction.atomic():
            suppliers, new_suppliers, changed_suppliers = {}, [], {}
            existing = {}
            ids = [v["_supplier"] for v in verdicts if v["_supplier"]]
            for start in range(0, len(ids), CHUNK):
                for supplier in Supplier.objects.filter(pk__in=ids[start : start + CHUNK]):
                    existing[supplier.pk] = supplier
            for verdict in verdicts:
                key = verdict["_key"]
                if key in suppliers:
                    supplier = suppliers[key]
                elif verdict["_supplier"]:
                    supplier = existing[verdict["_supplier"]]
                else:
                    supplier = Supplier(transparency_act_covered=False)
                    new_suppliers.append(supplier)
                suppliers[key] = supplier
                for field, value in verdict["_values"].items():
                    if getattr(supplier, field) != value:
                        setattr(supplier, field, value)
                        if supplier.pk:
                            changed_suppliers.setdefault(supplier.pk, (supplier, set()))[1].add(field)
            bulk_create_with_history(
                new_suppliers, Supplier, batch_size=CHUNK, default_user=actor, default_change_reason=reason
            )
            if not all(s.pk for s in new_suppliers):  # a database that returns no ids on bulk insert
                numbers = {s.org_number: s for s in new_suppliers}
                for saved in Supplier.objects.filter(org_number__in=[n for n in numbers if n]):
                    numbers[saved.org_number].pk = saved.pk
            bulk_update_changed(changed_suppliers, Supplier, actor=actor, reason=reason, batch_size=CHUNK)
            contacts_new, contacts_changed, primary_for = [], {}, set()
            contact_ids = [v["_contact"] for v in verdicts if v["_contact"]]
            saved_contacts = {}
            for start in range(0, len(contact_ids), CHUNK):
                for contact in Contact.objects.filter(pk__in=contact_ids[start : start + CHUNK]):
                    saved_contacts[contact.pk] = contact
            for verdict in verdicts:
                values = verdict["_contact_values"]
                if not values:
                    continue
                supplier = suppliers[verdict["_key"]]
                if verdict["_contact"]:
                    contact = saved_contacts[verdict["_contact"]]
                    for field, value in values.items():
                        if getattr(contact, field) != value:
                            setattr(contact, field, value)
                            contacts_changed.setdefault(contact.pk, (contact, set()))[1].add(field)
                else:
                    contact = Contact(supplier=supplier, **{"language": "en", **values})
                    contacts_new.append(contact)
                if values.get("is_primary"):
                    primary_for.add(supplier.pk)
            # One primary contact per supplier: the imported one takes the mark from the others.
            demoted = []
            for start in range(0, len(sorted(primary_for)), CHUNK):
                chunk = sorted(primary_for)[start : start + CHUNK]
                for other in Contact.objects.active().filter(supplier_id__in=chunk, is_primary=True):
                    mine = contacts_changed.get(other.pk)
                    if mine is not None and mine[0].is_primary:
                        continue
                    other.is_primary = False
                    demoted.append(other)
            if demoted:
                bulk_update_with_history(
                    demoted, Contact, ["is_primary"], batch_size=CHUNK, default_user=actor, default_change_reason=reason
                )
            for contact in contacts_new:
                contact.supplier_id = contact.supplier.pk
            bulk_update_changed(contacts_changed, Contact, actor=actor, reason=reason, batch_size=CHUNK)
            bulk_create_with_history(
                contacts_new, Contact, batch_size=CHUNK, default_user=actor, default_change_reason=reason
            )
            new_ids = [s.pk for s in new_suppliers if s.org_number]
            if new_ids:
                from .tasks import fetch_register_for

                transaction.on_commit(lambda: fetch_register_for.delay(new_ids))
        return {
            "suppliers_created": len(new_suppliers),
            "suppliers_updated": len(changed_suppliers),
            "contacts_created": len(contacts_new),
            "contacts_updated": len(contacts_changed),
        }
