"""Forms of the exchange screens. They validate input; the rules (what may be shared, what
a file must be) are enforced in followup.exchange.services."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from contracts.models import Buyer
from followup.models.exchange import PartnerBuyer
from suppliers.models import Supplier
from suppliers.validators import normalise_org_number, validate_org_number


class PartnerForm(forms.ModelForm):
    # Wider than the column so '974 760 673' or 'NO974760673MVA' can be typed; normalised below.
    org_number = forms.CharField(label=_("organisation number"), max_length=20, required=False)

    class Meta:
        model = PartnerBuyer
        fields = ["linked_buyer", "name", "org_number", "contact_email", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, buyer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["linked_buyer"].queryset = Buyer.objects.active().exclude(pk=buyer.pk).order_by("name")
        self.fields["name"].required = False
        self.fields["name"].help_text = _("Filled in from the linked buyer when left empty.")

    def clean_org_number(self):
        value = normalise_org_number(self.cleaned_data.get("org_number"))
        if value:
            validate_org_number(value)
        return value

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("linked_buyer") and not cleaned.get("name"):
            self.add_error("name", _("Give the partner's name, or choose a buyer in this installation."))
        return cleaned


class ChooseSupplierForm(forms.Form):
    supplier = forms.ModelChoiceField(label=_("Supplier"), queryset=Supplier.objects.none())

    def __init__(self, *args, suppliers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = suppliers
        self.fields["supplier"].to_field_name = "public_id"


class ImportForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Partner that made the file"), queryset=PartnerBuyer.objects.none(), to_field_name="public_id"
    )
    file = forms.FileField(label=_("Exchange file (JSON)"))

    def __init__(self, *args, buyer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = PartnerBuyer.objects.active().filter(buyer=buyer).order_by("name")
        self.fields["file"].help_text = _(
            "The .json file a partner exported for us, at most %(limit)s. It is checked against the published "
            "schema before anything is saved."
        ) % {"limit": filesizeformat(settings.EXCHANGE_IMPORT_MAX_BYTES)}
        self.fields["file"].widget.attrs["accept"] = ".json,application/json"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.EXCHANGE_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s. Ask the partner for a smaller export.")
                % {"limit": filesizeformat(settings.EXCHANGE_IMPORT_MAX_BYTES)}
            )
        return upload


class ResolveSupplierForm(forms.Form):
    registry_id = forms.CharField(
        label=_("Organisation number or foreign registry id in our registry"),
        max_length=60,
        help_text=_("The supplier must already be in the supplier registry; add it there first if it is not."),
    )

    def clean_registry_id(self):
        value = self.cleaned_data["registry_id"].strip()
        org = normalise_org_number(value)
        supplier = None
        if org.isdigit() and len(org) == 9:
            supplier = Supplier.objects.active().filter(org_number=org).first()
        if supplier is None:
            supplier = Supplier.objects.active().filter(foreign_registry_id=value).first()
        if supplier is None:
            raise forms.ValidationError(_("No supplier in the registry has this organisation number or registry id."))
        self.supplier = supplier
        return value


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("take", _("Take the partner's version")), ("keep", _("Keep the copy we have"))]
    )
