"""The admin shows the follow-up records and their history. Statuses, answers and
reviews change only through followup.services (the officer and portal screens), so
they are read-only here and self-assessments and answers cannot be added by hand."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .exchange import admin as exchange_admin  # noqa: F401  (partners, consents, exports, imports)
from .lessons import admin as loop_admin  # noqa: F401  (market dialogue, lessons, next procurement drafts)
from .letters import admin as letters_admin  # noqa: F401  (letters to suppliers)
from .models import (
    ActionUpdate,
    AgendaItem,
    Answer,
    Assessment,
    CalendarFeed,
    CategoryStageRisk,
    CorrectiveAction,
    CountryRisk,
    Escalation,
    Finding,
    FindingSupplier,
    FollowupSettings,
    Meeting,
    Question,
    Questionnaire,
    ReportingRound,
    RiskAssessment,
)
from .reports import admin as reports_admin  # noqa: F401  (report subscriptions, runs, deliveries)
from .sharing import admin as sharing_admin  # noqa: F401  (what suppliers shared with buyers)


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
    list_display = [
        "title_nb",
        "title_en",
        "agreement",
        "questionnaire",
        "opens_on",
        "deadline",
        "status",
        "archived_at",
    ]
    list_filter = ["status"]
    search_fields = ["title_nb", "title_en", "agreement__reference"]
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
    search_fields = ["supplier__legal_name", "round__title_nb"]
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
        "review_note",
        "severity",
        "reviewed_by",
        "reviewed_at",
    ]

    def has_add_permission(self, request):
        return False


# --- Desktop research, risk, meetings, corrective actions ---------------------------------
# Workflow state (status, raising, verification, the ladder) changes only through the
# services and their screens; here it is read-only so the back office cannot bypass a rule.


class FindingSupplierInline(admin.TabularInline):
    model = FindingSupplier
    extra = 0
    fields = ["supplier", "raised_at", "raised_by", "supplier_response"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Finding)
class FindingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "buyer", "issue_type", "severity", "likelihood", "status", "created_at"]
    list_filter = ["issue_type", "status", "severity", "source_kind"]
    search_fields = ["title", "source_title", "source_publisher"]
    list_select_related = ["buyer"]
    readonly_fields = ["status", "recorded_by"]
    inlines = [FindingSupplierInline]

    def has_delete_permission(self, request, obj=None):
        return False


class ActionUpdateInline(admin.TabularInline):
    model = ActionUpdate
    extra = 0
    fields = ["created_at", "kind", "text", "author"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CorrectiveAction)
class CorrectiveActionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "supplier", "buyer", "severity", "deadline", "status"]
    list_filter = ["status", "severity"]
    search_fields = ["title", "supplier__legal_name"]
    list_select_related = ["supplier", "buyer"]
    readonly_fields = ["status", "verified_by", "verified_at", "verified_without_evidence"]
    inlines = [ActionUpdateInline]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Escalation)
class EscalationAdmin(SimpleHistoryAdmin):
    list_display = ["supplier", "rung", "status", "decided_on", "decided_by", "approved_by"]
    list_filter = ["rung", "status"]
    search_fields = ["supplier__legal_name", "reason"]
    list_select_related = ["supplier", "decided_by", "approved_by"]

    def has_add_permission(self, request):
        return False  # proposed from the action's page, where the ladder's rules apply

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["order", "kind", "title", "notes"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "supplier", "buyer", "starts_at", "status"]
    list_filter = ["status", "mode"]
    search_fields = ["title", "supplier__legal_name"]
    list_select_related = ["supplier", "buyer"]
    readonly_fields = ["status", "agenda_shared_at", "minutes_shared_at"]
    inlines = [AgendaItemInline]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CountryRisk)
class CountryRiskAdmin(admin.ModelAdmin):
    list_display = ["buyer", "country", "level", "note"]
    list_filter = ["level", "buyer"]


@admin.register(CategoryStageRisk)
class CategoryStageRiskAdmin(admin.ModelAdmin):
    list_display = ["buyer", "category", "stage", "level"]
    list_filter = ["buyer", "category", "stage"]


@admin.register(FollowupSettings)
class FollowupSettingsAdmin(admin.ModelAdmin):
    list_display = ["buyer", "action_days_low", "action_days_medium", "action_days_high", "action_days_critical"]


@admin.register(RiskAssessment)
class RiskAssessmentAdmin(admin.ModelAdmin):
    list_display = ["supplier", "buyer", "inherent_score", "residual_score", "residual_level", "created_at"]
    list_filter = ["residual_level", "buyer"]
    search_fields = ["supplier__legal_name"]
    list_select_related = ["supplier", "buyer"]

    def has_add_permission(self, request):
        return False  # computed by followup.risk.services.risk_recompute

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Users' calendar feeds: an administrator can see and revoke them; the token is never shown."""

    list_display = ["user", "created_at", "revoked_at"]
    list_select_related = ["user"]
    readonly_fields = ["user", "token_hash", "created_at"]
    search_fields = ["user__email"]
