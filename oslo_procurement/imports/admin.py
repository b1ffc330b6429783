from django.contrib import admin

from .models import SpreadsheetImport


@admin.register(SpreadsheetImport)
class SpreadsheetImportAdmin(admin.ModelAdmin):
    """Read-only: imports are made and confirmed on the officers' screens."""

    list_display = ["file_name", "kind", "status", "created_by", "created_at", "decided_at"]
    list_filter = ["kind", "status"]
    readonly_fields = ["kind", "scope", "created_by", "file_name", "status", "counts", "decided_at"]
    exclude = ["rows", "preview"]
    list_select_related = ["created_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
