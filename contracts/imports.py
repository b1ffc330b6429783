"""A buyer's city entities from a spreadsheet: the columns of the entity export
(contracts.views.entity_export). A row matches a saved entity of the same buyer by its
organisation number, else by its name (letter case aside); it never reaches another buyer's
entities. Cells left empty keep what is saved."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from simple_history.utils import bulk_create_with_history

from oslo_procurement.imports.services import bulk_update_changed
from oslo_procurement.imports.tables import Column
from suppliers.validators import normalise_org_number, validate_org_number

from .models import Buyer, CityEntity

CHUNK = 500
COLUMNS = [
    Column("name", _l("Name"), required=True, help=_l("The entity's name, unique within the buyer.")),
    Column("org_number", _l("Organisation number"), help=_l("Nine digits; optional.")),
    Column("employees", _l("Employees"), help=_l("A whole number; optional.")),
]
LABELS = {c.key: c.label for c in COLUMNS}
FIELDS = ["name", "org_number", "employees"]


def export_rows(entities):
    for entity in entities:
        yield [entity.name, entity.org_number, entity.employees if entity.employees is not None else ""]


def _error(key, message):
    return {"column": str(LABELS[key]), "message": str(message)}


class EntityImporter:
    kind = "entities"
    columns = COLUMNS

    def check(self, rows, *, scope):
        buyer = Buyer.objects.get(public_id=scope)
        saved = list(CityEntity.objects.filter(buyer=buyer))
        by_number = {e.org_number: e for e in saved if e.org_number}
        by_name = {e.name.lower(): e for e in saved}
        seen_names, seen_numbers, verdicts = {}, {}, []
        for row in rows:
            cells, errors, values = row["cells"], [], {}
            name = cells.get("name", "").strip()[:200]
            if name:
                values["name"] = name
            number = normalise_org_number(cells.get("org_number", ""))
            if number:
                try:
                    validate_org_number(number)
                except ValidationError as error:
                    errors.append(_error("org_number", " ".join(error.messages)))
                values["org_number"] = number
            employees = cells.get("employees", "").strip().replace(" ", "")
            if employees:
                if not employees.isdigit() or len(employees) > 9:
                    errors.append(_error("employees", _("Write a whole number.")))
                else:
                    values["employees"] = int(employees)
            entity = by_number.get(number) if number else None
            if entity is None and name:
                entity = by_name.get(name.lower())
            if entity is None and not name:
                errors.append(_error("name", _("A new entity needs a name.")))
            if name and name.lower() in seen_names:
                errors.append(_error("name", _("Row %(row)s has the same name.") % {"row": seen_names[name.lower()]}))
            if number and number in seen_numbers:
                errors.append(
                    _error(
                        "org_number", _("Row %(row)s has the same organisation number.") % {"row": seen_numbers[number]}
                    )
                )
            if name:
                seen_names.setdefault(name.lower(), row["row"])
            if number:
                seen_numbers.setdefault(number, row["row"])
            if name and entity is not None:
                clash = by_name.get(name.lower())
                if clash is not None and clash.pk != entity.pk:
                    errors.append(_error("name", _("Another entity of this buyer has this name already.")))
            verdict = {
                "row": row["row"],
                "label": name or (entity.name if entity else number),
                "errors": errors,
                "notes": [],
            }
            if errors:
                verdict["status"] = "error"
            elif entity is None:
                verdict.update(status="new", notes=[_("New entity")])
            else:
                changes = [
                    _("%(field)s: “%(old)s” → “%(new)s”")
                    % {
                        "field": CityEntity._meta.get_field(field).verbose_name,
                        "old": getattr(entity, field) if getattr(entity, field) is not None else "",
                        "new": value,
                    }
                    for field, value in values.items()
                    if getattr(entity, field) != value
                ]
                verdict.update(status="update" if changes else "unchanged", notes=changes)
            verdict["_entity"] = entity.pk if entity is not None else None
            verdict["_values"] = values
            verdicts.append(verdict)
        return verdicts

    def apply(self, rows, verdicts, *, scope, actor):
        buyer = Buyer.objects.get(public_id=scope)
        reason = _("Imported from a spreadsheet")
        saved = {e.pk: e for e in CityEntity.objects.filter(buyer=buyer)}
        new, changed = [], {}
        for verdict in verdicts:
            if verdict["status"] == "new":
                new.append(CityEntity(buyer=buyer, **verdict["_values"]))
            elif verdict["status"] == "update":
                entity = saved[verdict["_entity"]]
                for field, value in verdict["_values"].items():
                    if getattr(entity, field) != value:
                        setattr(entity, field, value)
                        changed.setdefault(entity.pk, (entity, set()))[1].add(field)
        bulk_update_changed(changed, CityEntity, actor=actor, reason=reason, batch_size=CHUNK)
        bulk_create_with_history(new, CityEntity, batch_size=CHUNK, default_user=actor, default_change_reason=reason)
        return {"entities_created": len(new), "entities_updated": len(changed)}
