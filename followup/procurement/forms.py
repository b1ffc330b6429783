"""Forms of next procurement drafts. The decision form validates input; the rules are
enforced in followup.procurement.services. New criterion versions use the criteria app's
own forms (criteria.forms), prefilled here."""

from django import forms
from django.utils.translation import gettext_lazy as _

from followup.models import CriterionDecision


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=CriterionDecision.Decision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why: the lessons, the market's readiness, or anything else the decision rests on."),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give the reason for the decision."))
        return reason
