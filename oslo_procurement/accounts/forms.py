from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _("The email address or password is wrong. Both are case-sensitive in the password."),
        "inactive": _("This account is deactivated."),
    }


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=[("nb", "Norsk bokmål"), ("en", "English")])
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class MySettingsForm(forms.ModelForm):
    class Meta:
        from .models import User

        model = User
        fields = ["full_name", "language", "time_zone", "notification_mode"]
        widgets = {"notification_mode": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        from .zones import zone_choices

        super().__init__(*args, **kwargs)
        self.fields["time_zone"] = forms.ChoiceField(
            label=self.fields["time_zone"].label,
            help_text=self.fields["time_zone"].help_text,
            choices=zone_choices(),
        )


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The 6 digits your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )


class TwoFactorConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=10,
        help_text=_("The 6 digits the app shows for Oslo Procurement."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
    )
