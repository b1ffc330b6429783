from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .cmrt.access import may_change_smelters
from .models import (
    CmrtReport,
    CmrtSmelter,
    CmrtUpload,
    Contact,
    Evidence,
    Invitation,
    RegisterEntry,
    Site,
    SmelterListImport,
    SmelterReference,
    Supplier,
    SupplierMembership,
)


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


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "supplier", "kind", "valid_from", "valid_to", "archived_at"]
    list_filter = ["kind"]
    search_fields = ["title", "supplier__legal_name", "issuer"]
    list_select_related = ["supplier"]
    readonly_fields = ["file_name", "content_type", "size", "sha256", "uploaded_by"]


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    list_display = ["email", "supplier", "created_at", "expires_at", "accepted_at", "revoked_at"]
    search_fields = ["email", "supplier__legal_name"]
    list_select_related = ["supplier"]
    readonly_fields = ["token_hash", "accepted_at", "user", "invited_by"]

    def has_add_permission(self, request):
        return False  # invitations are sent from the supplier page, which emails the link


class _InstallationAdminOnly:
    """The smelter reference list is the installation's: only its administrators change it,
    whatever model permissions a buyer's back-office user was given (suppliers/cmrt/access.py)."""

    def has_add_permission(self, request, *args):
        return may_change_smelters(request.user)

    def has_change_permission(self, request, obj=None):
        return may_change_smelters(request.user)

    def has_delete_permission(self, request, obj=None):
        return may_change_smelters(request.user)


@admin.register(SmelterReference)
class SmelterReferenceAdmin(_InstallationAdminOnly, SimpleHistoryAdmin):
    list_display = ["cid", "name", "metal", "country", "rmap_status", "last_audit_date", "last_import"]
    list_filter = ["metal", "rmap_status"]
    search_fields = ["cid", "name", "country"]
    list_select_related = ["last_import"]
    readonly_fields = ["last_import"]


@admin.register(SmelterListImport)
class SmelterListImportAdmin(_InstallationAdminOnly, admin.ModelAdmin):
    list_display = ["source", "created_at", "imported_by", "created", "updated", "unchanged"]
    readonly_fields = ["source", "imported_by", "created", "updated", "unchanged"]
    list_select_related = ["imported_by"]

    def has_add_permission(self, request, *args):
        return False  # an import is made by importing a list


class CmrtSmelterInline(admin.TabularInline):
    model = CmrtSmelter
    extra = 0
    fields = ["row", "metal", "name", "country", "cid", "recycled"]
    readonly_fields = fields
    can_delete = False


@admin.register(CmrtReport)
class CmrtReportAdmin(SimpleHistoryAdmin):
    list_display = ["company_name", "supplier", "template_version", "declaration_scope", "effective_date"]
    search_fields = ["company_name", "supplier__legal_name"]
    list_select_related = ["supplier"]
    inlines = [CmrtSmelterInline]


@admin.register(CmrtSmelter)
class CmrtSmelterAdmin(admin.ModelAdmin):
    """Smelter rows as the supplier reported them: read-only, they come from the file."""

    list_display = ["report", "row", "metal", "name", "country", "cid"]
    list_filter = ["metal"]
    search_fields = ["name", "cid", "report__company_name"]
    list_select_related = ["report"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RegisterEntry)
class RegisterEntryAdmin(admin.ModelAdmin):
    """What the Brønnøysund register said (written by the form, the daily check and load_brreg)."""

    list_display = ["supplier", "fetched_at", "found", "employees", "flagged_on"]
    list_filter = ["found", "bankrupt", "under_liquidation", "forced_dissolution", "deleted"]
    search_fields = ["supplier__legal_name", "supplier__org_number", "name"]
    list_select_related = ["supplier"]
    readonly_fields = ["supplier"]


@admin.register(CmrtUpload)
class CmrtUploadAdmin(admin.ModelAdmin):
    list_display = ["file_name", "supplier", "status", "rows_done", "rows_total", "attempts", "created_at"]
    list_filter = ["status"]
    search_fields = ["file_name", "supplier__legal_name"]
    raw_id_fields = ["supplier", "report", "uploaded_by"]
    readonly_fields = ["file_path", "sha256", "problems", "warnings", "finished_at"]
