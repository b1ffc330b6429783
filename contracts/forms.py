from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from criteria.access import usable_versions
from criteria.models import CriterionVersion
from oslo_procurement.forms import FilterForm, ListedModelChoiceField
from oslo_procurement.vocab import ProductionStage
from suppliers.models import Site, Supplier

from .models import Award, CityEntity, FrameworkAgreement, Lot, SmelterNote

_DATE = {"attrs": {"type": "date"}, "format": "%Y-%m-%d"}


def _active_or_chosen(queryset, chosen=None):
    """Active records, plus the ones the record already points to (archived since), so
    editing it does not silently drop them. ``chosen`` is a queryset of those or None."""
    if chosen is None:
        return queryset.filter(archived_at__isnull=True)
    return queryset.filter(Q(archived_at__isnull=True) | Q(pk__in=chosen.values("pk")))


class CriterionVersionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.criterion.code} v{obj.version} – {obj.title}"


class AgreementForm(forms.ModelForm):
    class Meta:
        model = FrameworkAgreement
        fields = [
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
            "publish_open_data",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "start_date": forms.DateInput(**_DATE),
            "end_date": forms.DateInput(**_DATE),
            "latest_end_date": forms.DateInput(**_DATE),
            "participating_entities": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["participating_entities"]
        chosen = self.instance.participating_entities.all() if self.instance.pk else None
        field.queryset = _active_or_chosen(CityEntity.objects.filter(buyer_id=self.instance.buyer_id), chosen).order_by(
            "name"
        )
        field.help_text = _("The buyer's entities that may order from this agreement.")


class LotForm(forms.ModelForm):
    class Meta:
        model = Lot
        fields = ["number", "title", "category", "risk_raw_material", "risk_component", "risk_final_assembly"]


class AwardForm(forms.ModelForm):
    criteria_versions = CriterionVersionChoiceField(
        label=_("Criteria signed"),
        queryset=CriterionVersion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The criteria versions in force on the signing date. The award keeps them when new versions come."),
    )

    class Meta:
        model = Award
        fields = ["supplier", "kind", "lots", "signed_on", "criteria_versions", "notes"]
        widgets = {
            "lots": forms.CheckboxSelectMultiple,
            "signed_on": forms.DateInput(**_DATE),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        award = self.instance
        current_supplier = Supplier.objects.filter(pk=award.supplier_id) if award.pk else None
        self.fields["supplier"].queryset = _active_or_chosen(Supplier.objects.all(), current_supplier).order_by(
            "legal_name"
        )
        self.fields["lots"].queryset = _active_or_chosen(
            Lot.objects.filter(agreement_id=award.agreement_id), award.lots.all() if award.pk else None
        ).order_by("number")
        # The buyer's own catalogue and the national one (criteria.access); an award keeps
        # the versions it was signed with whatever happens to the catalogue since.
        usable = usable_versions(award.agreement.buyer_id) if award.agreement_id else Q(pk__in=[])
        if award.pk:
            usable |= Q(pk__in=award.criteria_versions.values("pk"))
        self.fields["criteria_versions"].queryset = (
            CriterionVersion.objects.exclude(status=CriterionVersion.Status.DRAFT)
            .filter(usable)
            .select_related("criterion")
            .order_by("criterion__code", "version")
        )


class CityEntityForm(forms.ModelForm):
    class Meta:
        model = CityEntity
        fields = ["name", "org_number", "employees"]


class AgreementFilterForm(FilterForm):
    search = forms.CharField(label=_("Search"), required=False, help_text=_("Reference or title"))
    agreement_status = forms.ChoiceField(
        label=_("Agreement status"),
        required=False,
        choices=[("", _("All statuses")), *FrameworkAgreement.Status.choices],
    )


class EntityFilterForm(FilterForm):
    search = forms.CharField(label=_("Search"), required=False, help_text=_("Name or organisation number"))


def officer_label(user):
    """How an officer is named in the responsible-officer select."""
    return user.full_name or user.email


class SupplierOfficerForm(forms.Form):
    """Who at the buyer is responsible for a supplier ("mine")."""

    officer = ListedModelChoiceField(
        label=_("Responsible officer"),
        queryset=None,
        required=False,
        empty_label=_("No one"),
        help_text=_("The procurement officer who follows this supplier up for your organisation."),
    )

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers
        self.fields["officer"].label_from_instance = officer_label


class LotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.agreement.reference} – {obj.number} {obj.title}"


class FactoryDisclosureForm(forms.Form):
    """A supplier says which of its factories makes products for one of its lots."""

    lot = LotChoiceField(label=_("Lot"), queryset=Lot.objects.none(), to_field_name="public_id")
    site = forms.ModelChoiceField(label=_("Factory"), queryset=Site.objects.none(), to_field_name="public_id")
    stage = forms.ChoiceField(label=_("Production stage"), choices=ProductionStage.choices)
    products = forms.CharField(
        label=_("Products (models)"),
        max_length=300,
        help_text=_("The contracted products made there, for example 'EliteBook 840 G11, final assembly'."),
    )

    def __init__(self, *args, supplier, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lot"].queryset = (
            Lot.objects.active()
            .filter(
                awards__supplier=supplier,
                awards__archived_at__isnull=True,
                agreement__archived_at__isnull=True,
            )
            .select_related("agreement")
            .order_by("agreement__reference", "number")
            .distinct()
        )
        self.fields["site"].queryset = Site.objects.active().filter(supplier=supplier).order_by("name")


class SmelterNoteForm(forms.Form):
    flag = forms.ChoiceField(label=_("Flag"), required=False, choices=SmelterNote.Flag.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Seen only by your organisation's staff. The shared reference list is not changed."),
    )


class SupplierNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal notes"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Seen only by your organisation's staff; never by the supplier or other buyers."),
    )
