from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Contact, Site, Supplier, SupplierMembership


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ["name", "title", "email", "phone", "language", "is_primary"]


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0
    fields = ["name", "city", "country", "stage", "products"]


@admin.register(Supplier)
class SupplierAdmin(SimpleHistoryAdmin):
    list_display = [
        "legal_name",
        "org_number",
        "foreign_registry_id",
        "country",
        "role",
        "transparency_act_covered",
        "archived_at",
    ]
    list_filter = ["role", "country", "transparency_act_covered"]
    search_fields = ["legal_name", "org_number", "foreign_registry_id"]
    inlines = [ContactInline, SiteInline]


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ["name", "supplier", "email", "is_primary", "archived_at"]
    search_fields = ["name", "email", "supplier__legal_name"]
    list_select_related = ["supplier"]


@admin.register(Site)
class SiteAdmin(SimpleHistoryAdmin):
    list_display = ["name", "supplier", "country", "stage", "disclosed_on", "archived_at"]
    list_filter = ["stage", "country"]
    search_fields = ["name", "supplier__legal_name", "city"]
    list_select_related = ["supplier"]


@admin.register(SupplierMembership)
class SupplierMembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "supplier"]
    search_fields = ["user__email", "supplier__legal_name"]
    list_select_related = ["user", "supplier"]
    autocomplete_fields = ["supplier"]
