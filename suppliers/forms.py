from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from oslo_procurement.forms import FilterForm, StaticChoiceField, StaticSelect, country_choices
from oslo_procurement.vocab import ProductCategory, ProductionStage

from .models import Contact, Evidence, Site, Supplier
from .validators import normalise_org_number


class SupplierForm(forms.ModelForm):
    # Longer than the stored nine digits so '974 760 673' or 'NO974760673MVA' can be typed.
    org_number = forms.CharField(
        label=_("Organisation number"),
        max_length=20,
        required=False,
        help_text=Supplier._meta.get_field("org_number").help_text,
        # Typing a number asks the Brønnøysund register (suppliers.views.register_lookup).
        widget=forms.TextInput(
            attrs={
                "data-hx-get": reverse_lazy("suppliers:register_lookup"),
                "data-hx-trigger": "input changed delay:400ms, change",
                "data-hx-target": "#register-lookup",
                "data-hx-sync": "this:replace",
                "aria-controls": "register-lookup",
                "autocomplete": "off",
            }
        ),
    )

    class Meta:
        model = Supplier
        fields = [
            "legal_name",
            "org_number",
            "foreign_registry_id",
            "country",
            "role",
            "transparency_act_covered",
            "website",
        ]

    def clean_org_number(self):
        return normalise_org_number(self.cleaned_data.get("org_number")) or None


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "title", "email", "phone", "language", "is_primary"]


class SiteForm(forms.ModelForm):
    product_categories = forms.MultipleChoiceField(
        label=_("Product categories"),
        choices=ProductCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Site
        fields = [
            "name",
            "address",
            "city",
            "country",
            "stage",
            "products",
            "product_categories",
            "workers",
            "disclosed_on",
        ]
        widgets = {"disclosed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class SupplierFilterForm(FilterForm):
    search = forms.CharField(label=_("Search"), required=False, help_text=_("Name or registry id"))
    country = StaticChoiceField(
        label=_("Country"),
        required=False,
        choices=country_choices(_("All countries")),
        widget=StaticSelect(choices_key="countries/all"),
    )
    role = StaticChoiceField(
        label=_("Role"),
        required=False,
        choices=[("", _("All roles")), *Supplier.Role.choices],
        widget=StaticSelect(choices_key="suppliers/role"),
    )
    transparency_act = StaticChoiceField(
        label=_("Transparency Act"),
        required=False,
        choices=[("", _("All")), ("yes", _("Covered")), ("no", _("Not covered"))],
        widget=StaticSelect(choices_key="suppliers/transparency_act"),
    )
    mine = StaticChoiceField(
        label=_("Responsible officer"),
        required=False,
        choices=[("", _("Anyone")), ("1", _("My suppliers"))],
        widget=StaticSelect(choices_key="filter/mine"),
    )


class SiteFilterForm(FilterForm):
    search = forms.CharField(label=_("Search"), required=False, help_text=_("Site, supplier or city"))
    country = StaticChoiceField(
        label=_("Country"),
        required=False,
        choices=country_choices(_("All countries")),
        widget=StaticSelect(choices_key="countries/all"),
    )
    stage = forms.ChoiceField(
        label=_("Production stage"), required=False, choices=[("", _("All stages")), *ProductionStage.choices]
    )


class InvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email"))
    language = forms.ChoiceField(
        label=_("Language of the emails and the portal"), choices=[("nb", _("Norwegian Bokmål")), ("en", _("English"))]
    )


class AcceptInvitationForm(forms.Form):
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters, not only digits and not a common password."),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class EvidenceForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, PNG, JPEG, XLSX or DOCX, at most 20 MB. Leave empty to keep the current file."),
    )

    class Meta:
        model = Evidence
        fields = ["kind", "title", "issuer", "valid_from", "valid_to", "url"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The CMRT has its own upload, which reads the workbook.
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0] != Evidence.Kind.CMRT]
        if not self.instance.file_path:
            self.fields["upload"].help_text = _("PDF, PNG, JPEG, XLSX or DOCX, at most 20 MB.")

    def clean(self):
        data = super().clean()
        if not data.get("upload") and not data.get("url") and not self.instance.file_path:
            raise forms.ValidationError(_("Upload a file or give a web address."))
        return data
