from axes.utils import reset as axes_reset
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from oslo_procurement.audit.services import record_event

from . import two_factor
from .models import RecoveryCode, RecoveryCodeDevice, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "language", "notification_mode", "two_factor", "is_active"]
    list_filter = ["role", "is_active", "language"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "role", "language", "notification_mode"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined", "anonymised_at"]}),
    ]
    readonly_fields = ["anonymised_at"]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name", "role", "password1", "password2"]})]
    filter_horizontal = ["groups"]
    actions = ["unlock_login", "reset_two_factor"]

    def get_queryset(self, request):
        confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(has_two_factor=Exists(confirmed))

    @admin.display(boolean=True, description=_("two-factor"), ordering="has_two_factor")
    def two_factor(self, obj):
        return obj.has_two_factor

    @admin.action(description=_("Unlock login (clear failed login attempts)"))
    def unlock_login(self, request, queryset):
        for user in queryset:
            cleared = axes_reset(username=user.email.lower())
            record_event(
                actor=request.user,
                event_type="login_unlocked",
                target=user,
                request=request,
                details={"attempts_cleared": cleared},
            )
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%(count)d login unlocked.", "%(count)d logins unlocked.", count) % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Reset two-factor authentication (lost phone)"))
    def reset_two_factor(self, request, queryset):
        for user in queryset:
            two_factor.two_factor_remove(user=user, actor=request.user, request=request, reason="admin reset")
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "Two-factor authentication reset for %(count)d user: they set it up again at their next login.",
                "Two-factor authentication reset for %(count)d users: they set it up again at their next login.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


class RecoveryCodeInline(admin.TabularInline):
    model = RecoveryCode
    fields = ["lookup", "used_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RecoveryCodeDevice)
class RecoveryCodeDeviceAdmin(admin.ModelAdmin):
    """Shows whether a user has recovery codes and which are used; the codes themselves are
    stored only as hashes. New codes are made by the user, a reset by the user action."""

    list_display = ["user", "created_at", "last_used_at", "throttling_failure_count"]
    search_fields = ["user__email", "user__full_name"]
    list_select_related = ["user"]
    fields = ["user", "created_at", "last_used_at", "throttling_failure_count"]
    readonly_fields = fields
    inlines = [RecoveryCodeInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
