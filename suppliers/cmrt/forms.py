from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Metal, SmelterReference


class CmrtUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CMRT file (.xlsx)"),
        help_text=_("The Conflict Minerals Reporting Template, version 6.01 to 6.5, saved in Excel. At most 20 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )


class SmelterImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: cid, name, metal, country, rmap_status, last_audit_date, with a header row. "
            "Dates as 2025-03-15 or 15-Mar-2025."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        help_text=_("Where the list comes from and when, for example: RMI Facility list, downloaded 2026-11-30."),
    )


class SmelterFilterForm(forms.Form):
    search = forms.CharField(label=_("Search"), required=False, help_text=_("Name, smelter id or country"))
    metal = forms.ChoiceField(label=_("Metal"), required=False, choices=[("", _("All metals")), *Metal.choices])
    rmap_status = forms.ChoiceField(
        label=_("RMAP status"), required=False, choices=[("", _("All statuses")), *SmelterReference.RmapStatus.choices]
    )

    def filters(self):
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}
