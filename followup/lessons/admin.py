"""Market dialogue, lessons learned and next procurement drafts in the admin, with their
history. Feedback, dismissals and decisions are read-only here: they change only through
the services of followup.consultations, followup.lessons and followup.procurement.
followup/admin.py imports this module, so the admin registers it."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ..models import (
    CriterionDecision,
    CriterionFeedback,
    DraftCriterion,
    EventInvitation,
    InvitationEmail,
    Lesson,
    MarketEvent,
    ProcurementDraft,
    ProposedCriterion,
    SuggestionDismissal,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


class ProposedCriterionInline(ReadOnlyInline):
    model = ProposedCriterion
    fields = ["order", "criterion", "criterion_version", "title_nb", "title_en"]


class EventInvitationInline(ReadOnlyInline):
    model = EventInvitation
    fields = ["supplier", "emails_sent", "attended", "attendees", "input_submitted_at"]


@admin.register(MarketEvent)
class MarketEventAdmin(SimpleHistoryAdmin):
    list_display = ["topic", "kind", "event_date", "buyer", "agreement", "status"]
    list_filter = ["kind", "status", "buyer"]
    search_fields = ["topic_nb", "topic_en", "description_nb", "description_en"]
    list_select_related = ["buyer", "agreement"]
    readonly_fields = ["status", "created_by"]
    inlines = [ProposedCriterionInline, EventInvitationInline]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProposedCriterion)
class ProposedCriterionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "event", "order"]
    list_select_related = ["event", "criterion", "criterion_version__criterion"]
    readonly_fields = ["event", "order"]


class CriterionFeedbackInline(ReadOnlyInline):
    model = CriterionFeedback
    fields = ["proposal", "readiness", "transition_months", "reasons", "source", "recorded_by"]
    show_change_link = False


class InvitationEmailInline(ReadOnlyInline):
    model = InvitationEmail
    fields = ["user", "event_version", "kind", "created_at"]
    show_change_link = False


@admin.register(InvitationEmail)
class InvitationEmailAdmin(admin.ModelAdmin):
    """Which portal user had which version of an event (read-only: the services write it)."""

    list_display = ["invitation", "user", "event_version", "kind", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["invitation__event", "invitation__supplier", "user"]
    readonly_fields = ["invitation", "user", "event_version", "kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(EventInvitation)
class EventInvitationAdmin(SimpleHistoryAdmin):
    list_display = ["supplier", "event", "emails_sent", "attended", "input_submitted_at"]
    list_filter = ["attended"]
    search_fields = ["supplier__legal_name", "event__topic_nb", "event__topic_en"]
    list_select_related = ["supplier", "event"]
    readonly_fields = ["event", "supplier", "invited_by", "emails_sent", "input_submitted_at", "input_by"]
    inlines = [CriterionFeedbackInline, InvitationEmailInline]

    def has_add_permission(self, request):
        return False  # invited from the event page, which emails the supplier's users


@admin.register(Lesson)
class LessonAdmin(SimpleHistoryAdmin):
    list_display = ["title", "buyer", "criterion", "proposal", "status", "created_at"]
    list_filter = ["status", "proposal", "buyer"]
    search_fields = ["title", "learned"]
    list_select_related = ["buyer", "criterion"]
    readonly_fields = ["status", "agreed_by", "agreed_at", "suggestion_key", "created_by"]
    raw_id_fields = ["findings", "assessments", "answers", "meetings", "actions"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SuggestionDismissal)
class SuggestionDismissalAdmin(admin.ModelAdmin):
    list_display = ["title", "key", "buyer", "dismissed_by", "created_at"]
    list_filter = ["buyer"]
    list_select_related = ["buyer", "dismissed_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DraftCriterionInline(ReadOnlyInline):
    model = DraftCriterion
    fields = ["order", "source", "criterion", "current_version", "proposal"]


@admin.register(ProcurementDraft)
class ProcurementDraftAdmin(SimpleHistoryAdmin):
    list_display = ["title", "agreement", "buyer", "created_at", "archived_at"]
    list_filter = ["buyer"]
    list_select_related = ["agreement", "buyer"]
    readonly_fields = ["agreement", "created_by"]
    inlines = [DraftCriterionInline]

    def has_delete_permission(self, request, obj=None):
        return False


class CriterionDecisionInline(ReadOnlyInline):
    model = CriterionDecision
    fields = ["created_at", "decision", "reason", "decided_by", "new_version"]
    show_change_link = False


@admin.register(DraftCriterion)
class DraftCriterionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "draft", "source", "current_version"]
    list_select_related = ["draft", "criterion", "proposal", "current_version__criterion"]
    readonly_fields = ["draft", "order", "source", "criterion", "current_version", "proposal"]
    inlines = [CriterionDecisionInline]

    def has_add_permission(self, request):
        return False
