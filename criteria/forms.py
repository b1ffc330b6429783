from django import forms
from django.utils.translation import gettext_lazy as _

from oslo_procurement.forms import FilterForm

from .models import Criterion, CriterionVersion, IloInstrument, OecdStep
from .selectors import ILO_ORDER

_DATE = {"attrs": {"type": "date"}, "format": "%Y-%m-%d"}


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["code", "kind", "oecd_step"]
        help_texts = {"code": _("A short, unique code, for example CLA-1 or SEL-2.")}


class CriterionVersionForm(forms.ModelForm):
    class Meta:
        model = CriterionVersion
        fields = [
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
        ]
        widgets = {
            "text_nb": forms.Textarea(attrs={"rows": 6, "lang": "nb"}),
            "text_en": forms.Textarea(attrs={"rows": 6, "lang": "en"}),
            "evidence_nb": forms.Textarea(attrs={"rows": 3, "lang": "nb"}),
            "evidence_en": forms.Textarea(attrs={"rows": 3, "lang": "en"}),
            "title_nb": forms.TextInput(attrs={"lang": "nb"}),
            "title_en": forms.TextInput(attrs={"lang": "en"}),
            "ilo_instruments": forms.CheckboxSelectMultiple,
            "effective_from": forms.DateInput(**_DATE),
            "effective_to": forms.DateInput(**_DATE),
        }
        help_texts = {
            "ilo_set": _(
                "The set of ILO conventions the text cites as a whole. With no instrument ticked below, "
                "the set's instruments are cited."
            ),
            "effective_from": _("The first day this wording applies."),
            "effective_to": _("The first day it no longer applies. Empty: until a newer version replaces it."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ilo_instruments"].queryset = IloInstrument.objects.order_by(*ILO_ORDER)

    def clean(self):
        cleaned = super().clean()
        ilo_set = cleaned.get("ilo_set")
        if ilo_set is not None and not cleaned.get("ilo_instruments"):
            cleaned["ilo_instruments"] = list(ilo_set.instruments.all())
        return cleaned


class CriterionCreateForm(CriterionVersionForm):
    """A new criterion and the wording of its first version, on one page."""

    code = Criterion._meta.get_field("code").formfield(help_text=CriterionForm.Meta.help_texts["code"])
    kind = Criterion._meta.get_field("kind").formfield()
    oecd_step = Criterion._meta.get_field("oecd_step").formfield()

    field_order = ["code", "kind", "oecd_step"]

    def build_criterion(self):
        return Criterion(
            code=self.cleaned_data["code"], kind=self.cleaned_data["kind"], oecd_step=self.cleaned_data["oecd_step"]
        )


class VersionRetireForm(forms.Form):
    effective_to = forms.DateField(
        label=_("Ends on"),
        required=False,
        widget=forms.DateInput(**_DATE),
        help_text=_("The first day it no longer applies. Empty: today."),
    )


class CriterionFilterForm(FilterForm):
    search = forms.CharField(label=_("Search"), required=False, help_text=_("Code, title or text"))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Criterion.Kind.choices])
    oecd_step = forms.TypedChoiceField(
        label=_("OECD step"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All steps")), *OecdStep.choices],
    )
