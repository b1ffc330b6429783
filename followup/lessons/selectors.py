"""Tuned reads for lessons learned. Lists run a fixed number of queries whatever the
number of rows."""

from collections import defaultdict

from django.db.models import Count

from followup.models import Answer, Assessment, CorrectiveAction, Finding, Lesson, Meeting


def lesson_list(*, buyer, status="", proposal="", archived="active"):
    qs = Lesson.objects.filter(buyer=buyer).select_related("criterion")
    if archived == "archived":
        qs = qs.filter(archived_at__isnull=False)
    elif archived != "all":
        qs = qs.filter(archived_at__isnull=True)
    if status:
        qs = qs.filter(status=status)
    if proposal:
        qs = qs.filter(proposal=proposal)
    return qs.annotate(
        n_findings=Count("findings", distinct=True),
        n_answers=Count("answers", distinct=True),
        n_assessments=Count("assessments", distinct=True),
        n_meetings=Count("meetings", distinct=True),
        n_actions=Count("actions", distinct=True),
    ).order_by("-created_at")


def lesson_evidence(lesson):
    """The lesson's evidence, each kind with what its links need."""
    return {
        "findings": lesson.findings.order_by("-created_at"),
        "assessments": lesson.assessments.select_related("supplier", "round").order_by("supplier__legal_name"),
        "answers": lesson.answers.select_related("assessment__supplier", "question__criterion_version__criterion"),
        "meetings": lesson.meetings.select_related("supplier").order_by("-starts_at"),
        "actions": lesson.actions.select_related("supplier").order_by("deadline"),
    }


def lessons_by_criterion(buyer, criteria):
    """``{criterion_id: [lessons]}`` of the buyer's lessons (not archived) on these criteria."""
    grouped = defaultdict(list)
    for lesson in Lesson.objects.filter(buyer=buyer, criterion__in=criteria, archived_at__isnull=True).order_by(
        "-created_at"
    ):
        grouped[lesson.criterion_id].append(lesson)
    return grouped


EVIDENCE_LIMIT = 300  # the most recent records of each kind offered in the lesson form


def evidence_choices(buyer, lesson=None):
    """What the lesson form offers as evidence, per kind: the buyer's most recent records
    (and those the lesson already links, however old)."""

    def offered(qs, name):
        recent = qs.order_by("-pk").values("pk")[:EVIDENCE_LIMIT]
        chosen = getattr(lesson, name).values("pk") if lesson is not None and lesson.pk else qs.none().values("pk")
        return qs.filter(pk__in=recent) | qs.filter(pk__in=chosen)

    return {
        "findings": offered(Finding.objects.filter(buyer=buyer), "findings").order_by("-created_at"),
        "assessments": offered(
            Assessment.objects.filter(round__agreement__buyer=buyer).select_related("supplier", "round"),
            "assessments",
        ).order_by("-round__opens_on", "supplier__legal_name"),
        "answers": offered(
            Answer.objects.filter(assessment__round__agreement__buyer=buyer)
            .exclude(review=Answer.Review.PENDING)
            .exclude(review=Answer.Review.ACCEPTED)
            .select_related("assessment__supplier", "question__criterion_version__criterion"),
            "answers",
        ).order_by("-pk"),
        "meetings": offered(Meeting.objects.filter(buyer=buyer).select_related("supplier"), "meetings").order_by(
            "-starts_at"
        ),
        "actions": offered(CorrectiveAction.objects.filter(buyer=buyer).select_related("supplier"), "actions").order_by(
            "deadline"
        ),
    }
