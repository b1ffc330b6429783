"""Market dialogue in Bokmål and English: the event's topic and description and the
proposed new wording get an English field beside the Bokmål one; the existing texts
(written by Bokmål-speaking officers) become the Bokmål fields."""

from django.db import migrations, models

RENAMES = [
    ("marketevent", "topic", "topic_nb"),
    ("marketevent", "description", "description_nb"),
    ("proposedcriterion", "title", "title_nb"),
    ("proposedcriterion", "text", "text_nb"),
    ("historicalmarketevent", "topic", "topic_nb"),
    ("historicalmarketevent", "description", "description_nb"),
    ("historicalproposedcriterion", "title", "title_nb"),
    ("historicalproposedcriterion", "text", "text_nb"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0008_report_pdf_in_each_recipients_language"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="proposedcriterion", name="proposed_criterion_version_or_wording"),
        *[migrations.RenameField(model_name=m, old_name=old, new_name=new) for m, old, new in RENAMES],
        migrations.AlterModelOptions(
            name="marketevent",
            options={
                "ordering": ["-event_date", "topic_nb"],
                "verbose_name": "market dialogue event",
                "verbose_name_plural": "market dialogue events",
            },
        ),
        migrations.AddField(
            model_name="historicalmarketevent",
            name="description_en",
            field=models.TextField(blank=True, verbose_name="description (English)"),
        ),
        migrations.AddField(
            model_name="historicalmarketevent",
            name="topic_en",
            field=models.CharField(
                blank=True,
                help_text="Suppliers who read English see the Bokmål topic, marked as only in Norwegian, until it is written.",
                max_length=250,
                verbose_name="topic (English)",
            ),
        ),
        migrations.AddField(
            model_name="historicalproposedcriterion",
            name="text_en",
            field=models.TextField(blank=True, verbose_name="proposed wording (English)"),
        ),
        migrations.AddField(
            model_name="historicalproposedcriterion",
            name="title_en",
            field=models.CharField(blank=True, max_length=250, verbose_name="short title (English)"),
        ),
        migrations.AddField(
            model_name="marketevent",
            name="description_en",
            field=models.TextField(blank=True, verbose_name="description (English)"),
        ),
        migrations.AddField(
            model_name="marketevent",
            name="topic_en",
            field=models.CharField(
                blank=True,
                help_text="Suppliers who read English see the Bokmål topic, marked as only in Norwegian, until it is written.",
                max_length=250,
                verbose_name="topic (English)",
            ),
        ),
        migrations.AddField(
            model_name="proposedcriterion",
            name="text_en",
            field=models.TextField(blank=True, verbose_name="proposed wording (English)"),
        ),
        migrations.AddField(
            model_name="proposedcriterion",
            name="title_en",
            field=models.CharField(blank=True, max_length=250, verbose_name="short title (English)"),
        ),
        migrations.AlterField(
            model_name="historicalmarketevent",
            name="description_nb",
            field=models.TextField(blank=True, verbose_name="description (Bokmål)"),
        ),
        migrations.AlterField(
            model_name="historicalmarketevent",
            name="topic_nb",
            field=models.CharField(max_length=250, verbose_name="topic (Bokmål)"),
        ),
        migrations.AlterField(
            model_name="historicalproposedcriterion",
            name="text_nb",
            field=models.TextField(blank=True, verbose_name="proposed wording (Bokmål)"),
        ),
        migrations.AlterField(
            model_name="historicalproposedcriterion",
            name="title_nb",
            field=models.CharField(blank=True, max_length=250, verbose_name="short title (Bokmål)"),
        ),
        migrations.AlterField(
            model_name="marketevent",
            name="description_nb",
            field=models.TextField(blank=True, verbose_name="description (Bokmål)"),
        ),
        migrations.AlterField(
            model_name="marketevent",
            name="topic_nb",
            field=models.CharField(max_length=250, verbose_name="topic (Bokmål)"),
        ),
        migrations.AlterField(
            model_name="proposedcriterion",
            name="text_nb",
            field=models.TextField(blank=True, verbose_name="proposed wording (Bokmål)"),
        ),
        migrations.AlterField(
            model_name="proposedcriterion",
            name="title_nb",
            field=models.CharField(blank=True, max_length=250, verbose_name="short title (Bokmål)"),
        ),
        migrations.AddConstraint(
            model_name="proposedcriterion",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("criterion_version__isnull", False),
                    models.Q(models.Q(("text_nb", ""), _negated=True), models.Q(("title_nb", ""), _negated=True)),
                    _connector="OR",
                ),
                name="proposed_criterion_version_or_wording",
                violation_error_message="Choose a criterion version or write the proposed wording and its title.",
            ),
        ),
        migrations.AlterField(
            model_name="historicalmarketevent",
            name="topic_en",
            field=models.CharField(
                blank=True,
                help_text="Until it is written, suppliers who read English see the Bokmål text, marked as such.",
                max_length=250,
                verbose_name="topic (English)",
            ),
        ),
        migrations.AlterField(
            model_name="marketevent",
            name="topic_en",
            field=models.CharField(
                blank=True,
                help_text="Until it is written, suppliers who read English see the Bokmål text, marked as such.",
                max_length=250,
                verbose_name="topic (English)",
            ),
        ),
    ]
