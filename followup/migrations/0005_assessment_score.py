from django.db import migrations, models


def fill_scores(apps, schema_editor):
    """Score the self-assessments that already have reviewed answers, as followup.scoring
    does (the review services keep the score current from now on)."""
    from followup import scoring

    Assessment = apps.get_model("followup", "Assessment")
    Answer = apps.get_model("followup", "Answer")
    Question = apps.get_model("followup", "Question")
    reviewed = Answer.objects.filter(review__in=["accepted", "non_compliant"])
    for assessment in Assessment.objects.filter(pk__in=reviewed.values("assessment")).iterator():
        questions = Question.objects.filter(questionnaire_id=assessment.round.questionnaire_id)
        answers = {a.question_id: a for a in Answer.objects.filter(assessment=assessment).prefetch_related("evidence")}
        group = scoring.GroupScore(key=assessment.pk, label="")
        for question in questions:
            group.add(scoring.score_answer(question, answers.get(question.pk)))
        Assessment.objects.filter(pk=assessment.pk).update(score=group.percent)


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0004_users_may_be_gone"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="score",
            field=models.DecimalField(
                blank=True, decimal_places=1, editable=False, max_digits=4, null=True, verbose_name="score"
            ),
        ),
        # Backfill only: nothing to fill in a new database (elidable: see ops migrate).
        migrations.RunPython(fill_scores, migrations.RunPython.noop, elidable=True),
    ]
