from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Award,
    Buyer,
    BuyerMembership,
    CityEntity,
    FactoryDisclosure,
    FrameworkAgreement,
    Lot,
    SmelterNote,
    StaffInvitation,
    SupplierNote,
    SupplierOfficer,
)
from .services import award_validate


class LotInline(admin.TabularInline):
    model = Lot
    extra = 0
    fields = ["number", "title", "category", "risk_raw_material", "risk_component", "risk_final_assembly"]


class AwardInline(admin.TabularInline):
    """Read-only here: an award's lots and criteria are checked on its own admin page."""

    model = Award
    extra = 0
    fields = ["supplier", "kind", "signed_on", "archived_at"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class AgreementAdminForm(forms.ModelForm):
    class Meta:
        model = FrameworkAgreement
        fields = [
            "buyer",
            "reference",
            "title",
            "description",
            "value",
            "currency",
            "start_date",
            "end_date",
            "extension_options",
            "latest_end_date",
            "status",
            "participating_entities",
        ]

    def clean(self):
        cleaned = super().clean()
        buyer = cleaned.get("buyer")
        foreign = [e for e in cleaned.get("participating_entities") or [] if buyer and e.buyer_id != buyer.pk]
        if foreign:
            self.add_error("participating_entities", _("These entities belong to another buyer."))
        return cleaned


class AwardAdminForm(forms.ModelForm):
    """Runs the same rules as contracts.services.award_save."""

    class Meta:
        model = Award
        fields = ["agreement", "supplier", "kind", "lots", "signed_on", "criteria_versions", "notes"]

    def clean(self):
        cleaned = super().clean()
        if self.errors or not all(cleaned.get(name) for name in ("agreement", "supplier", "signed_on")):
            return cleaned
        # The instance is filled in only after clean(); check a copy with the submitted values.
        award = Award(
            pk=self.instance.pk,
            agreement=cleaned["agreement"],
            supplier=cleaned["supplier"],
            signed_on=cleaned["signed_on"],
            archived_at=self.instance.archived_at,
        )
        try:
            award_validate(
                award=award, lots=cleaned.get("lots") or [], criteria_versions=cleaned.get("criteria_versions") or []
            )
        except forms.ValidationError as exc:
            for field, errors in exc.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        return cleaned


class BuyerCreateForm(forms.ModelForm):
    """Adding a buyer in the back office invites its first administrator by email."""

    admin_email = forms.EmailField(label=_("First administrator's email"))
    admin_name = forms.CharField(label=_("First administrator's name"), max_length=200)
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=[("nb", _("Norwegian Bokmål")), ("en", _("English"))]
    )

    class Meta:
        model = Buyer
        fields = ["name", "org_number", "country", "website"]

    def clean_admin_email(self):
        from oslo_procurement.accounts.models import User

        email = self.cleaned_data["admin_email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("This email address already belongs to another account."))
        return email


@admin.register(Buyer)
class BuyerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "org_number", "country", "archived_at"]
    search_fields = ["name", "org_number"]
    readonly_fields = ["logo_path", "logo_updated_at"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = BuyerCreateForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name", "org_number", "country", "website", "admin_email", "admin_name", "language"]
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        from .joining import buyer_create

        buyer, _invitation, _token = buyer_create(
            name=obj.name,
            org_number=obj.org_number,
            admin_email=form.cleaned_data["admin_email"],
            admin_name=form.cleaned_data["admin_name"],
            language=form.cleaned_data["language"],
            actor=request.user,
        )
        buyer.country, buyer.website = obj.country, obj.website
        buyer.save(update_fields=["country", "website"])
        obj.pk, obj.public_id = buyer.pk, buyer.public_id


@admin.register(StaffInvitation)
class StaffInvitationAdmin(SimpleHistoryAdmin):
    """Read-only: invitations are made by create_buyer, the buyer form above and the team page."""

    list_display = ["email", "full_name", "role", "buyer", "created_at", "accepted_at", "revoked_at"]
    list_filter = ["role", "buyer"]
    search_fields = ["email", "full_name", "buyer__name"]
    list_select_related = ["buyer"]
    readonly_fields = [
        "buyer",
        "email",
        "full_name",
        "role",
        "language",
        "expires_at",
        "accepted_at",
        "revoked_at",
        "invited_by",
        "user",
    ]
    exclude = ["token_hash"]

    def has_add_permission(self, request):
        return False


@admin.register(BuyerMembership)
class BuyerMembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "buyer"]
    list_filter = ["buyer"]
    search_fields = ["user__email", "buyer__name"]
    list_select_related = ["user", "buyer"]
    autocomplete_fields = ["buyer"]


@admin.register(CityEntity)
class CityEntityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "buyer", "org_number", "employees", "archived_at"]
    list_filter = ["buyer"]
    search_fields = ["name", "org_number"]
    list_select_related = ["buyer"]


@admin.register(FrameworkAgreement)
class FrameworkAgreementAdmin(SimpleHistoryAdmin):
    form = AgreementAdminForm
    list_display = ["reference", "title", "buyer", "status", "start_date", "end_date", "archived_at"]
    list_filter = ["status", "buyer"]
    search_fields = ["reference", "title"]
    list_select_related = ["buyer"]
    filter_horizontal = ["participating_entities"]
    inlines = [LotInline, AwardInline]


@admin.register(Lot)
class LotAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "agreement", "category", "risk_raw_material", "risk_component", "risk_final_assembly"]
    list_filter = ["category"]
    search_fields = ["title", "agreement__reference"]
    list_select_related = ["agreement"]


@admin.register(Award)
class AwardAdmin(SimpleHistoryAdmin):
    form = AwardAdminForm
    list_display = ["supplier", "agreement", "kind", "signed_on", "archived_at"]
    list_filter = ["kind"]
    search_fields = ["supplier__legal_name", "agreement__reference"]
    list_select_related = ["supplier", "agreement"]
    autocomplete_fields = ["supplier"]
    filter_horizontal = ["lots", "criteria_versions"]


@admin.register(FactoryDisclosure)
class FactoryDisclosureAdmin(SimpleHistoryAdmin):
    """Read-only: suppliers disclose in the portal, where the service checks that the
    factory and the lot are their own."""

    list_display = ["site", "lot", "award", "stage", "products", "archived_at"]
    list_filter = ["stage"]
    search_fields = ["site__name", "award__supplier__legal_name", "lot__agreement__reference"]
    list_select_related = ["site", "lot__agreement", "award__supplier", "award__agreement"]
    readonly_fields = ["award", "lot", "site", "stage", "products", "archived_at"]

    def has_add_permission(self, request):
        return False


@admin.register(SupplierOfficer)
class SupplierOfficerAdmin(SimpleHistoryAdmin):
    """Read-only: officers take a supplier as theirs on the supplier page, where the service
    checks that the officer belongs to the buyer and keeps the history."""

    list_display = ["supplier", "buyer", "officer", "updated_at"]
    list_filter = ["buyer"]
    search_fields = ["supplier__legal_name", "officer__email", "buyer__name"]
    list_select_related = ["supplier", "buyer", "officer"]
    readonly_fields = ["buyer", "supplier", "officer"]

    def has_add_permission(self, request):
        return False


@admin.register(SmelterNote)
class SmelterNoteAdmin(SimpleHistoryAdmin):
    list_display = ["smelter", "buyer", "flag", "updated_at"]
    list_filter = ["buyer", "flag"]
    search_fields = ["smelter__cid", "smelter__name", "note"]
    list_select_related = ["smelter", "buyer"]
    raw_id_fields = ["smelter"]


@admin.register(SupplierNote)
class SupplierNoteAdmin(SimpleHistoryAdmin):
    list_display = ["supplier", "buyer", "updated_at"]
    list_filter = ["buyer"]
    search_fields = ["supplier__legal_name", "text"]
    list_select_related = ["supplier", "buyer"]
    raw_id_fields = ["supplier"]


from .sso import admin as sso_admin  # noqa: E402, F401  (identity providers in the back office)
