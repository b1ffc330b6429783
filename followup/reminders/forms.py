from django import forms
from django.utils.translation import gettext_lazy as _

from oslo_procurement.forms import FilterForm


class TransparencyFilterForm(FilterForm):
    """Filters of the list of covered suppliers without this year's account. Only active
    suppliers are covered by the rule, so there is no archive filter."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Name or organisation number."),
    )
    portal_users = forms.ChoiceField(
        label=_("Portal users"),
        required=False,
        choices=[("", _("All")), ("yes", _("Someone to remind")), ("no", _("Nobody in the portal"))],
    )
    mine = forms.ChoiceField(
        label=_("Responsible officer"), required=False, choices=[("", _("Anyone")), ("1", _("My suppliers"))]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["status"]
