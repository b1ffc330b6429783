"""Back-office view of the catalogue. Versions change status only through the services
(the admin actions below call them), and only drafts can be edited here too."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .access import can_change, readable_versions, usable_ilo_sets, user_owner_id, visible_criteria
from .models import Criterion, CriterionVersion, IloInstrument, IloInstrumentSet

_VERSION_FIELDS = [
    "criterion",
    "version",
    "status",
    "title_nb",
    "title_en",
    "text_nb",
    "text_en",
    "evidence_nb",
    "evidence_en",
    "ilo_set",
    "ilo_instruments",
    "effective_from",
    "effective_to",
    "change_note",
    "adopted_from",
]


@admin.register(IloInstrument)
class IloInstrumentAdmin(admin.ModelAdmin):
    list_display = ["code", "title_en", "year", "principle", "fundamental"]
    list_filter = ["principle", "fundamental"]
    search_fields = ["code", "title_nb", "title_en"]


class CriterionVersionInline(admin.TabularInline):
    """Read-only overview; each version opens in its own page."""

    model = CriterionVersion
    extra = 0
    fields = ["version", "status", "title_en", "effective_from", "effective_to"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class _OwnerRule:
    """The back office follows criteria.access too: a user with model permissions lists
    only the criteria the catalogue rule lets them read, and changes (on a change page or
    by an action of the list) only those it lets them change."""

    def _criterion(self, obj):
        return obj

    def _readable(self, request):
        return visible_criteria(user_owner_id(request))

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(self._readable(request))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        return can_change(request.user, user_owner_id(request), self._criterion(obj))


@admin.register(IloInstrumentSet)
class IloInstrumentSetAdmin(_OwnerRule, admin.ModelAdmin):
    """A set is its owner's, like a criterion (the national ones: the installation's)."""

    list_display = ["code", "name_en", "owner", "valid_from"]
    search_fields = ["code", "name_nb", "name_en"]
    filter_horizontal = ["instruments"]

    def _readable(self, request):
        return Q(pk__in=usable_ilo_sets(user_owner_id(request)).values("pk"))


@admin.register(Criterion)
class CriterionAdmin(_OwnerRule, SimpleHistoryAdmin):
    list_display = ["code", "owner", "kind", "oecd_step", "published", "archived_at"]
    list_filter = [("owner", admin.RelatedOnlyFieldListFilter), "kind", "oecd_step", "published"]
    list_select_related = ["owner"]
    raw_id_fields = ["adopted_from"]
    search_fields = ["code", "versions__title_nb", "versions__title_en"]
    inlines = [CriterionVersionInline]

    def has_delete_permission(self, request, obj=None):
        return False  # compliance records are archived, never deleted


@admin.register(CriterionVersion)
class CriterionVersionAdmin(_OwnerRule, SimpleHistoryAdmin):
    list_display = ["__str__", "title_en", "status", "effective_from", "effective_to"]
    list_filter = ["status", "criterion__kind"]
    search_fields = ["criterion__code", "title_nb", "title_en"]
    list_select_related = ["criterion"]
    autocomplete_fields = ["criterion"]
    filter_horizontal = ["ilo_instruments"]
    fields = _VERSION_FIELDS
    actions = ["activate", "retire"]

    def _criterion(self, obj):
        return obj.criterion

    def _readable(self, request):
        return readable_versions(request.user, user_owner_id(request))

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != CriterionVersion.Status.DRAFT:
            return _VERSION_FIELDS  # awards were signed with this wording
        return ["status", "adopted_from"]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Activate the selected drafts"))
    def activate(self, request, queryset):
        self._apply(request, queryset, lambda v: services.version_activate(version=v, actor=request.user))

    @admin.action(description=_("Retire the selected active versions today"))
    def retire(self, request, queryset):
        self._apply(request, queryset, lambda v: services.version_retire(version=v, actor=request.user))

    def _apply(self, request, queryset, action):
        owner_id = user_owner_id(request)
        for version in queryset.select_related("criterion"):
            if not can_change(request.user, owner_id, version.criterion):
                message = _("These criteria belong to another buyer's catalogue: %(versions)s.")
                self.message_user(request, message % {"versions": version}, messages.ERROR)
                continue
            try:
                action(version)
            except (ValidationError, IntegrityError) as exc:
                text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                self.message_user(request, f"{version}: {text}", messages.ERROR)
            else:
                self.message_user(request, f"{version}: {version.get_status_display()}", messages.SUCCESS)
