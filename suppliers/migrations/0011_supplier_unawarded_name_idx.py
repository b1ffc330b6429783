"""The index of the suppliers no buyer has awarded, made after contracts has set has_award from
the awards already made (made before, it would list every supplier, all but a few of them
left behind as dead entries by that update)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("suppliers", "0010_supplier_has_award"),
        ("contracts", "0009_supplier_has_award_from_awards"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="supplier",
            index=models.Index(
                condition=models.Q(("has_award", False)), fields=["legal_name"], name="supplier_unawarded_name_idx"
            ),
        ),
    ]
