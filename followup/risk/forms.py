from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from oslo_procurement.forms import FilterForm
from oslo_procurement.vocab import ProductCategory, ProductionStage, RiskLevel


class RiskFilterForm(FilterForm):
    search = forms.CharField(label=_("Search"), required=False, help_text=_("Supplier name or registry id"))
    level = forms.ChoiceField(
        label=_("Risk level"),
        required=False,
        choices=[("", _("All levels")), *RiskLevel.choices, ("none", _("Not assessed yet"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["status"]  # the overview lists awarded suppliers only


class CountryRiskForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"))
    level = forms.ChoiceField(label=_("Risk level"), choices=RiskLevel.choices)
    note = forms.CharField(
        label=_("Why"), max_length=300, required=False, help_text=_("For example the sources the rating rests on.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "---------"), *countries]


def cell_name(category, stage):
    return f"{category}__{stage}"


class CategoryStageRiskForm(forms.Form):
    """One choice per product category × production stage; empty means the lots' own
    DFØ ratings apply."""

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        choices = [("", _("The lot's own rating")), *RiskLevel.choices]
        for category, category_label in ProductCategory.choices:
            for stage, stage_label in ProductionStage.choices:
                self.fields[cell_name(category, stage)] = forms.ChoiceField(
                    label=f"{category_label}: {stage_label}",
                    choices=choices,
                    required=False,
                    initial=current.get((category, stage), ""),
                    widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
                )

    def levels(self):
        return {
            (category, stage): self.cleaned_data.get(cell_name(category, stage), "")
            for category in ProductCategory.values
            for stage in ProductionStage.values
        }

    def rows(self):
        """The fields laid out as the matrix: one row per category."""
        return [
            {"label": label, "cells": [self[cell_name(category, stage)] for stage in ProductionStage.values]}
            for category, label in ProductCategory.choices
        ]
