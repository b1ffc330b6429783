from django import forms
from django.utils.translation import gettext_lazy as _

from oslo_procurement.forms import FilterForm

from .access import usable_ilo_sets
from .models import Criterion, CriterionVersion, IloInstrument, OecdStep
from .selectors import ILO_ORDER

_DATE = {"attrs": {"type": "date"}, "format": "%Y-%m-%d"}


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["code", "kind", "oecd_step", "published"]
        help_texts = {"code": _("A short code, unique in the catalogue, for example CLA-1 or SEL-2.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.owner_id is None:
            del self.fields["published"]  # the national catalogue is read by every buyer


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

    def __init__(self, *args, owner_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ilo_instruments"].queryset = IloInstrument.objects.order_by(*ILO_ORDER)
        # The national ILO sets and the buyer's own (criteria.access).
        self.fields["ilo_set"].queryset = usable_ilo_sets(owner_id)

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

    published = Criterion._meta.get_field("published").formfield()

    field_order = ["code", "kind", "oecd_step", "published"]

    def __init__(self, *args, owner_id=None, national=False, **kwargs):
        super().__init__(*args, owner_id=owner_id, **kwargs)
        self.owner_id, self.national = (None if national else owner_id), national
        if national:
            del self.fields["published"]

    def clean_code(self):
        code = self.cleaned_data["code"]
        if Criterion.objects.filter(owner_id=self.owner_id, code=code).exists():
            raise forms.ValidationError(_("This catalogue already has a criterion with this code."))
        return code

    def build_criterion(self):
        return Criterion(
            owner_id=self.owner_id,
            code=self.cleaned_data["code"],
            kind=self.cleaned_data["kind"],
            oecd_step=self.cleaned_data["oecd_step"],
            published=self.cleaned_data.get("published", False),
        )


class VersionRetireForm(forms.Form):
    effective_to = forms.DateField(
        label=_("Ends on"),
        required=False,
        widget=forms.DateInput(**_DATE),
        help_text=_("The first day it no longer applies. Empty: today."),
    )


class CriterionFilterForm(FilterForm):
    catalogue = forms.ChoiceField(
        label=_("Catalogue"),
        required=False,
        choices=[
            ("", _("All I may read")),
            ("own", _("Our catalogue")),
            ("national", _("National catalogue")),
            ("others", _("Published by other buyers")),
        ],
    )
    search = forms.CharField(label=_("Search"), required=False, help_text=_("Code, title or text"))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Criterion.Kind.choices])
    oecd_step = forms.TypedChoiceField(
        label=_("OECD step"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All steps")), *OecdStep.choices],
    )
