from django.db import migrations, models


class Migration(migrations.Migration):
    """Reporting rounds get Bokmål and English titles and introductions: the current
    title becomes the Bokmål title (a rename keeps every row's text)."""

    dependencies = [
        ('followup', '0011_rules_plausibility'),
    ]

    operations = [
        migrations.RenameField(model_name="reportinground", old_name="title", new_name="title_nb"),
        migrations.RenameField(model_name="historicalreportinground", old_name="title", new_name="title_nb"),
        migrations.AddField(
            model_name="historicalreportinground",
            name="intro_en",
            field=models.TextField(
                blank=True,
                help_text="Left empty, English readers see the Bokmål.",
                verbose_name="introduction (English)",
            ),
        ),
        migrations.AddField(
            model_name="historicalreportinground",
            name="intro_nb",
            field=models.TextField(
                blank=True,
                help_text="What the suppliers read before they answer.",
                verbose_name="introduction (Bokmål)",
            ),
        ),
        migrations.AddField(
            model_name="historicalreportinground",
            name="title_en",
            field=models.CharField(
                blank=True,
                help_text="Left empty, English readers see the Bokmål.",
                max_length=200,
                verbose_name="title (English)",
            ),
        ),
        migrations.AddField(
            model_name="reportinground",
            name="intro_en",
            field=models.TextField(
                blank=True,
                help_text="Left empty, English readers see the Bokmål.",
                verbose_name="introduction (English)",
            ),
        ),
        migrations.AddField(
            model_name="reportinground",
            name="intro_nb",
            field=models.TextField(
                blank=True,
                help_text="What the suppliers read before they answer.",
                verbose_name="introduction (Bokmål)",
            ),
        ),
        migrations.AddField(
            model_name="reportinground",
            name="title_en",
            field=models.CharField(
                blank=True,
                help_text="Left empty, English readers see the Bokmål.",
                max_length=200,
                verbose_name="title (English)",
            ),
        ),
        migrations.AlterField(
            model_name="historicalquestionnaire",
            name="intro_en",
            field=models.TextField(
                blank=True,
                help_text="Left empty, English readers see the Bokmål.",
                verbose_name="introduction (English)",
            ),
        ),
        migrations.AlterField(
            model_name="historicalquestionnaire",
            name="title_en",
            field=models.CharField(
                blank=True,
                help_text="Left empty, English readers see the Bokmål.",
                max_length=200,
                verbose_name="title (English)",
            ),
        ),
        migrations.AlterField(
            model_name="historicalreportinground",
            name="title_nb",
            field=models.CharField(max_length=200, verbose_name="title (Bokmål)"),
        ),
        migrations.AlterField(
            model_name="questionnaire",
            name="intro_en",
            field=models.TextField(
                blank=True,
                help_text="Left empty, English readers see the Bokmål.",
                verbose_name="introduction (English)",
            ),
        ),
        migrations.AlterField(
            model_name="questionnaire",
            name="title_en",
            field=models.CharField(
                blank=True,
                help_text="Left empty, English readers see the Bokmål.",
                max_length=200,
                verbose_name="title (English)",
            ),
        ),
        migrations.AlterField(
            model_name="reportinground",
            name="title_nb",
            field=models.CharField(max_length=200, verbose_name="title (Bokmål)"),
        ),
    ]
