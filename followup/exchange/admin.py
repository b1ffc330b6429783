"""The exchange records in the admin: partners with their history; consents, exports,
imports and partners' items read-only (they change only through followup.exchange.services,
so consent and origin stay as recorded). followup/admin.py imports this module."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ..models import ExchangeExport, ExchangeImport, PartnerBuyer, SharedItem, SharedSupplier, SharingConsent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PartnerBuyer)
class PartnerBuyerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "buyer", "org_number", "linked_buyer", "archived_at"]
    list_filter = ["buyer"]
    list_select_related = ["buyer", "linked_buyer"]
    search_fields = ["name", "org_number"]


@admin.register(SharingConsent)
class SharingConsentAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "supplier", "kind", "consented_by", "consented_at", "withdrawn_at"]
    list_filter = ["kind", "buyer"]
    list_select_related = ["partner", "supplier", "consented_by"]


@admin.register(ExchangeExport)
class ExchangeExportAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "buyer", "partner", "format", "item_count", "exported_by", "created_at"]
    list_filter = ["format", "buyer"]
    list_select_related = ["buyer", "partner", "exported_by"]


@admin.register(ExchangeImport)
class ExchangeImportAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "buyer", "partner", "filename", "created", "updated", "conflicts", "created_at"]
    list_filter = ["buyer"]
    list_select_related = ["buyer", "partner"]


@admin.register(SharedSupplier)
class SharedSupplierAdmin(ReadOnlyAdmin):
    list_display = ["name", "partner", "org_number", "registry_id", "supplier"]
    list_select_related = ["partner", "supplier"]


@admin.register(SharedItem)
class SharedItemAdmin(ReadOnlyAdmin):
    list_display = ["title", "partner", "kind", "shared_supplier", "source_updated_at", "withdrawn_at"]
    list_filter = ["kind"]
    list_select_related = ["partner", "shared_supplier"]
