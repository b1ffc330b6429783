"""The admin shows the follow-up records and their history. Statuses, answers and
reviews change only through followup.services (the officer and portal screens), so
they are read-only here and self-assessments and answers cannot be added by hand."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Answer, Assessment, Question, Questionnaire, ReportingRound


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["order", "criterion_version", "text_en", "answer_type", "required", "weight"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Questionnaire)
class QuestionnaireAdmin(SimpleHistoryAdmin):
    list_display = ["title_nb", "title_en", "buyer", "status", "published_at", "archived_at"]
    list_filter = ["status", "buyer"]
    search_fields = ["title_nb", "title_en"]
    list_select_related = ["buyer"]
    readonly_fields = ["status", "published_at"]
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "questionnaire", "answer_type", "required", "weight"]
    list_filter = ["answer_type", "required"]
    search_fields = ["text_nb", "text_en"]
    list_select_related = ["questionnaire", "criterion_version__criterion"]
    readonly_fields = ["questionnaire", "order"]


@admin.register(ReportingRound)
class ReportingRoundAdmin(SimpleHistoryAdmin):
    list_display = ["title", "agreement", "questionnaire", "opens_on", "deadline", "status", "archived_at"]
    list_filter = ["status"]
    search_fields = ["title", "agreement__reference"]
    list_select_related = ["agreement", "questionnaire"]
    readonly_fields = ["agreement", "questionnaire", "status", "created_by"]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ["question", "choice", "text", "number", "date", "review", "severity", "revision"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["supplier", "round", "status", "submitted_at", "verdict"]
    list_filter = ["status", "verdict"]
    search_fields = ["supplier__legal_name", "round__title"]
    list_select_related = ["supplier", "round"]
    readonly_fields = [
        "round",
        "supplier",
        "status",
        "submitted_at",
        "returned_at",
        "accepted_at",
        "verdict",
        "verdict_comment",
    ]
    inlines = [AnswerInline]

    def has_add_permission(self, request):
        return False


@admin.register(Answer)
class AnswerAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "review", "severity", "revision", "updated_at"]
    list_filter = ["review", "severity"]
    list_select_related = ["assessment__supplier", "assessment__round", "question"]
    readonly_fields = [
        "assessment",
        "question",
        "choice",
        "text",
        "number",
        "date",
        "explanation",
        "evidence",
        "revision",
        "review",
        "review_comment",
        "severity",
        "reviewed_by",
        "reviewed_at",
    ]

    def has_add_permission(self, request):
        return False
