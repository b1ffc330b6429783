from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import KINDS


class TimelineFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("Everything")), *KINDS],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
