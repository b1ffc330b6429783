from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import JobRun, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "recipient_email", "item_label", "due_step", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind", "digest", "language"]
    search_fields = ["recipient_email", "item_label", "subject", "=public_id"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    actions = ["send_again", "cancel"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the record of what was sent to whom is kept

    @admin.action(description=_("Send again (failed or cancelled ones)"))
    def send_again(self, request, queryset):
        from oslo_procurement.audit.services import record_event

        count = 0
        for notification in queryset:
            if services.notification_resend(notification=notification):
                count += 1
                record_event(
                    actor=request.user,
                    event_type="email_sent_again",
                    target=notification,
                    request=request,
                    details={"kind": notification.kind, "recipient": notification.recipient_email},
                )
        self.message_user(
            request,
            ngettext("%(count)d notification queued again.", "%(count)d notifications queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Cancel (waiting ones)"))
    def cancel(self, request, queryset):
        count = sum(services.notification_cancel(notification=n) for n in queryset)
        self.message_user(
            request,
            ngettext("%(count)d notification cancelled.", "%(count)d notifications cancelled.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = ["created_at", "task_name", "trigger", "status", "started_at", "finished_at"]
    list_filter = ["task_name", "status", "trigger"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in JobRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
