"""The letters in the back office: read only. A letter is written by the decision it
belongs to, never by hand."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from followup.models import SanctionLetter


@admin.register(SanctionLetter)
class SanctionLetterAdmin(SimpleHistoryAdmin):
    list_display = ["supplier", "kind", "rung", "language", "status", "decided_on", "sent_at", "attempts"]
    list_filter = ["kind", "rung", "status", "language"]
    search_fields = ["supplier__legal_name", "reason"]
    list_select_related = ["supplier"]
    readonly_fields = ["file_path", "size", "pages", "attempts", "error", "started_at", "sent_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
