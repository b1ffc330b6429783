"""Supplier.has_award from the awards already made (contracts.awarded keeps it afterwards)."""

from django.db import migrations
from django.db.models import Exists, OuterRef


def fill(apps, schema_editor):
    Supplier = apps.get_model("suppliers", "Supplier")
    Award = apps.get_model("contracts", "Award")
    in_force = Award.objects.filter(
        supplier=OuterRef("pk"), archived_at__isnull=True, agreement__archived_at__isnull=True
    )
    Supplier.objects.update(has_award=Exists(in_force))


class Migration(migrations.Migration):
    dependencies = [
        ("contracts", "0008_supplier_notes_per_buyer"),
        ("suppliers", "0010_supplier_has_award"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
