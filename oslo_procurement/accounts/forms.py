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
        fields = ["full_name", "language", "notification_mode"]
        widgets = {"notification_mode": forms.RadioSelect}
