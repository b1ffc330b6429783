"""Market dialogue in Bokmål and English, lessons that can be dismissed with a reason and
undone, readiness kept per wording, and the changes told to invited suppliers.

The event's topic and description and the proposed new wording get an English field
beside the Bokmål one; the existing texts (written by Bokmål-speaking officers) become
the Bokmål fields."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
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


def dismissed_when_made(apps, schema_editor):
    """Suggestions dismissed before dismissals had their own time: dismissed when made."""
    dismissal = apps.get_model("followup", "SuggestionDismissal")
    dismissal.objects.filter(dismissed_at__isnull=True).update(dismissed_at=models.F("created_at"))


def answers_keep_their_wording(apps, schema_editor):
    """Each readiness answer given so far answered its proposal's catalogue version (or its
    new wording, which the proposal keeps)."""
    feedback = apps.get_model("followup", "CriterionFeedback")
    proposal = apps.get_model("followup", "ProposedCriterion")
    versions = models.Subquery(
        proposal.objects.filter(pk=models.OuterRef("proposal_id")).values("criterion_version_id")[:1]
    )
    feedback.objects.filter(criterion_version__isnull=True).update(criterion_version_id=versions)


DATA_STEPS = [dismissed_when_made, answers_keep_their_wording]


class Migration(migrations.Migration):
    dependencies = [
        ('followup', '0012_content_bilingual_rounds'),
        ("contracts", "0001_initial"),
        ("criteria", "0002_version_overlap_rule"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="proposedcriterion", name="proposed_criterion_version_or_wording"),
        *[migrations.RenameField(model_name=m, old_name=old, new_name=new) for m, old, new in RENAMES],
        migrations.CreateModel(
            name="HistoricalSuggestionDismissal",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("created_at", models.DateTimeField(blank=True, editable=False, verbose_name="created")),
                ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="updated")),
                ("key", models.CharField(max_length=120, verbose_name="suggestion")),
                ("title", models.CharField(blank=True, max_length=300, verbose_name="title")),
                ("reason", models.TextField(blank=True, verbose_name="why it was dismissed")),
                ("dismissed_at", models.DateTimeField(blank=True, null=True, verbose_name="dismissed")),
                ("restored_at", models.DateTimeField(blank=True, null=True, verbose_name="dismissal undone")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
            ],
            options={
                "verbose_name": "historical dismissed suggestion",
                "verbose_name_plural": "historical dismissed suggestions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="InvitationEmail",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("event_version", models.PositiveIntegerField(verbose_name="version of the event")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("invitation", "Invitation"),
                            ("changed", "Change of plan"),
                            ("cancelled", "Cancellation"),
                        ],
                        max_length=12,
                        verbose_name="kind",
                    ),
                ),
            ],
            options={
                "verbose_name": "email about a market dialogue event",
                "verbose_name_plural": "emails about market dialogue events",
            },
        ),
        migrations.AlterModelOptions(
            name="marketevent",
            options={
                "ordering": ["-event_date", "topic_nb"],
                "verbose_name": "market dialogue event",
                "verbose_name_plural": "market dialogue events",
            },
        ),
        migrations.AddField(
            model_name="criterionfeedback",
            name="criterion_version",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="market_feedback",
                to="criteria.criterionversion",
                verbose_name="criterion version answered",
            ),
        ),
        migrations.AddField(
            model_name="historicalcriterionfeedback",
            name="criterion_version",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="criteria.criterionversion",
                verbose_name="criterion version answered",
            ),
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
                help_text="Until it is written, suppliers who read English see the Bokmål text, marked as such.",
                max_length=250,
                verbose_name="topic (English)",
            ),
        ),
        migrations.AddField(
            model_name="historicalmarketevent",
            name="version",
            field=models.PositiveIntegerField(
                default=1,
                editable=False,
                help_text="Goes up each time the date, form, place or deadline changes, or the event is cancelled.",
                verbose_name="version",
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
                help_text="Until it is written, suppliers who read English see the Bokmål text, marked as such.",
                max_length=250,
                verbose_name="topic (English)",
            ),
        ),
        migrations.AddField(
            model_name="marketevent",
            name="version",
            field=models.PositiveIntegerField(
                default=1,
                editable=False,
                help_text="Goes up each time the date, form, place or deadline changes, or the event is cancelled.",
                verbose_name="version",
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
        migrations.AddField(
            model_name="suggestiondismissal",
            name="dismissed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="dismissed"),
        ),
        migrations.AddField(
            model_name="suggestiondismissal",
            name="reason",
            field=models.TextField(blank=True, verbose_name="why it was dismissed"),
        ),
        migrations.AddField(
            model_name="suggestiondismissal",
            name="restored_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="dismissal undone"),
        ),
        migrations.AddField(
            model_name="suggestiondismissal",
            name="restored_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="dismissal undone by",
            ),
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
        migrations.AddField(
            model_name="historicalsuggestiondismissal",
            name="buyer",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="contracts.buyer",
                verbose_name="buyer",
            ),
        ),
        migrations.AddField(
            model_name="historicalsuggestiondismissal",
            name="dismissed_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="dismissed by",
            ),
        ),
        migrations.AddField(
            model_name="historicalsuggestiondismissal",
            name="history_user",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AddField(
            model_name="historicalsuggestiondismissal",
            name="restored_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="dismissal undone by",
            ),
        ),
        migrations.AddField(
            model_name="invitationemail",
            name="invitation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="emails", to="followup.eventinvitation"
            ),
        ),
        migrations.AddField(
            model_name="invitationemail",
            name="user",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AddConstraint(
            model_name="invitationemail",
            constraint=models.UniqueConstraint(
                fields=("invitation", "user", "event_version"), name="invitation_email_once_per_version"
            ),
        ),
        migrations.AddConstraint(
            model_name="invitationemail",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["invitation", "changed", "cancelled"])),
                name="invitation_email_kind_valid",
            ),
        ),
        # Data steps only: nothing to move in a new database (elidable: see ops migrate).
        *[migrations.RunPython(step, migrations.RunPython.noop, elidable=True) for step in DATA_STEPS],
    ]
