"""The reports in the admin: subscriptions with their recipients (and history), and the
renderings and deliveries read-only (they change only through followup.reports.services).
followup/admin.py imports this module, so the admin registers it."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ..models import ReportDelivery, ReportRecipient, ReportRun, ReportSubscription


class ReportRecipientInline(admin.TabularInline):
    model = ReportRecipient
    extra = 0
    fields = ["name", "email", "language"]


@admin.register(ReportSubscription)
class ReportSubscriptionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "buyer", "kind", "schedule", "language", "active"]
    list_filter = ["kind", "schedule", "active", "buyer"]
    list_select_related = ["buyer", "agreement", "supplier"]
    raw_id_fields = ["agreement", "supplier", "created_by"]
    inlines = [ReportRecipientInline]


@admin.register(ReportRun)
class ReportRunAdmin(admin.ModelAdmin):
    list_display = ["__str__", "buyer", "kind", "language", "status", "pages", "period_key", "created_at"]
    list_filter = ["status", "kind", "language", "buyer"]
    list_select_related = ["buyer", "supplier", "agreement"]
    readonly_fields = [f.name for f in ReportRun._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(ReportDelivery)
class ReportDeliveryAdmin(admin.ModelAdmin):
    list_display = ["recipient_email", "subscription", "period_key", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    search_fields = ["recipient_email", "recipient_name", "period_key"]
    list_select_related = ["subscription__buyer", "subscription__agreement", "subscription__supplier"]
    readonly_fields = [f.name for f in ReportDelivery._meta.fields]

    def has_add_permission(self, request):
        return False
