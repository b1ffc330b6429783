import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ApiToken

LIFETIMES = [
    ("30", _("30 days")),
    ("90", _("90 days")),
    ("365", _("One year")),
    ("never", _("Never (revoke it yourself when it is no longer needed)")),
]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. 'Partner exchange with Bergen'."),
    )
    scope = forms.ChoiceField(
        label=_("What it may read"),
        choices=[
            (ApiToken.Scope.FULL, _("Everything I may read on the screens")),
            (
                ApiToken.Scope.OPEN_DATA,
                _("Open data only: agreements, lots, awards, suppliers and the criteria catalogue"),
            ),
        ],
        initial=ApiToken.Scope.FULL,
        widget=forms.RadioSelect,
    )
    lifetime = forms.ChoiceField(label=_("Expires after"), choices=LIFETIMES, initial="90")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.is_buyer_staff:
            # A supplier user's token always reads its own company, nothing to choose.
            del self.fields["scope"]

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def expires_at(self):
        lifetime = self.cleaned_data["lifetime"]
        if lifetime == "never":
            return None
        return timezone.now() + datetime.timedelta(days=int(lifetime))

    def scope_value(self):
        return self.cleaned_data.get("scope") or ApiToken.Scope.FULL
