from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from criteria.models import CriterionVersion
from oslo_procurement.forms import FilterForm
from suppliers.models import Supplier

from .models import Award, CityEntity, FrameworkAgreement, Lot

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
        self.fields["criteria_versions"].queryset = (
            CriterionVersion.objects.exclude(status=CriterionVersion.Status.DRAFT)
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
