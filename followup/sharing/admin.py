"""What suppliers shared with buyers, read-only in the admin: a share and its withdrawal
change only through followup.sharing.services, from the supplier's portal, so the history
of who could see what stays as it happened. followup/admin.py imports this module."""

from django.contrib import admin

from ..exchange.admin import ReadOnlyAdmin
from ..models import ShareAcceptance, SupplierShare


@admin.register(SupplierShare)
class SupplierShareAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "supplier", "buyer", "kind", "shared_at", "withdrawn_at"]
    list_filter = ["kind", "buyer"]
    list_select_related = ["supplier", "buyer", "assessment__round", "cmrt_report", "evidence"]
    search_fields = ["supplier__legal_name", "buyer__name"]


@admin.register(ShareAcceptance)
class ShareAcceptanceAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "accepted_by", "created_at"]
    list_select_related = ["share__supplier", "share__buyer", "assessment__round", "accepted_by"]
