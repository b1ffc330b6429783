"""Forms of the reports: the dashboard filters, asking for a PDF, subscriptions and their
recipients, and the sending log's filter. Choices are always scoped to the user's buyer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contracts.models import FrameworkAgreement, Lot
from contracts.selectors import awarded_suppliers
from oslo_procurement.compiled import compiled_queryset
from oslo_procurement.forms import ListedModelChoiceField
from suppliers.models import Supplier

from ..models import ReportDelivery, ReportKind, ReportRecipient, ReportSubscription
from ..models.reports import ReportLanguage
from .figures import Filters


class _AgreementChoice(ListedModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.reference} {obj.title}"


class _LotChoice(ListedModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.agreement.reference} – {obj.number} {obj.title}"


def _buyer_agreements(buyer):
    return FrameworkAgreement.objects.active().filter(buyer=buyer).order_by("-start_date", "reference")


def _buyer_lots(buyer):
    return (
        Lot.objects.active()
        .filter(agreement__buyer=buyer, agreement__archived_at__isnull=True)
        .select_related("agreement")
        .order_by("agreement__reference", "number")
    )


class DashboardFilterForm(forms.Form):
    agreement = _AgreementChoice(
        label=_("Agreement"), queryset=FrameworkAgreement.objects.none(), required=False, to_field_name="public_id"
    )
    lot = _LotChoice(label=_("Lot"), queryset=Lot.objects.none(), required=False, to_field_name="public_id")
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, buyer, **kwargs):
        super().__init__(*args, **kwargs)
        for name, build in (("agreement", _buyer_agreements), ("lot", _buyer_lots)):
            field = self.fields[name]
            field.queryset = build(buyer)  # what a submitted value is checked against
            # The options shown: the same rows, their SQL compiled once per process.
            rows = compiled_queryset(f"reports.filter_{name}", build, buyer=buyer)
            options = field.iterator(field)
            empty = [("", field.empty_label)] if field.empty_label is not None else []
            field.choices = empty + [options.choice(row) for row in rows]
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field, forms.ModelChoiceField) else "form-control"
            )

    def clean(self):
        data = super().clean()
        agreement, lot = data.get("agreement"), data.get("lot")
        if agreement and lot and lot.agreement_id != agreement.pk:
            self.add_error("lot", _("This lot belongs to another agreement."))
        if lot and not agreement:
            data["agreement"] = lot.agreement
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end of the period cannot be before its start."))
        return data

    def filters(self):
        data = self.cleaned_data if self.is_valid() else {}
        return Filters(
            agreement=data.get("agreement"),
            lot=data.get("lot"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class RunRequestForm(forms.Form):
    """What the PDF buttons post. The agreement, lot and supplier are public ids; the view
    resolves them through the access helpers, so another buyer's id gives 404."""

    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices)
    language = forms.ChoiceField(label=_("Language"), choices=ReportLanguage.choices)
    agreement = forms.UUIDField(required=False, widget=forms.HiddenInput)
    supplier = forms.UUIDField(label=_("Supplier"), required=False)
    lot = forms.UUIDField(required=False, widget=forms.HiddenInput)
    date_from = forms.DateField(required=False, widget=forms.HiddenInput)
    date_to = forms.DateField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == ReportKind.SUPPLIER and not data.get("supplier"):
            self.add_error("supplier", _("Choose the supplier the report is about."))
        if kind == ReportKind.AGREEMENT and not data.get("agreement"):
            self.add_error("kind", _("Choose the agreement the report is about."))
        return data


class SupplierReportForm(forms.Form):
    """The form on the reports page that asks for one supplier's follow-up report."""

    kind = forms.CharField(widget=forms.HiddenInput, initial=ReportKind.SUPPLIER)
    supplier = forms.ModelChoiceField(
        label=_("Supplier"), queryset=Supplier.objects.none(), to_field_name="public_id", empty_label=None
    )
    language = forms.ChoiceField(label=_("Language"), choices=ReportLanguage.choices)

    def __init__(self, *args, buyer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = Supplier.objects.filter(pk__in=awarded_suppliers(buyer)).order_by(
            "legal_name"
        )
        self.fields["supplier"].widget.attrs["class"] = "form-select"
        self.fields["language"].widget.attrs["class"] = "form-select"


class SummaryReportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Scope"), choices=[(ReportKind.BUYER, _("All agreements")), (ReportKind.AGREEMENT, _("One agreement"))]
    )
    agreement = _AgreementChoice(
        label=_("Agreement"), queryset=FrameworkAgreement.objects.none(), required=False, to_field_name="public_id"
    )
    language = forms.ChoiceField(label=_("Language"), choices=ReportLanguage.choices)

    def __init__(self, *args, buyer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = _buyer_agreements(buyer)
        for name in ("kind", "agreement", "language"):
            self.fields[name].widget.attrs["class"] = "form-select"


class SubscriptionForm(forms.ModelForm):
    agreement = _AgreementChoice(label=_("Agreement"), queryset=FrameworkAgreement.objects.none(), required=False)
    supplier = forms.ModelChoiceField(label=_("Supplier"), queryset=Supplier.objects.none(), required=False)

    class Meta:
        model = ReportSubscription
        fields = ["kind", "agreement", "supplier", "language", "schedule", "active"]

    def __init__(self, *args, buyer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = _buyer_agreements(buyer)
        self.fields["supplier"].queryset = Supplier.objects.filter(pk__in=awarded_suppliers(buyer)).order_by(
            "legal_name"
        )
        self.fields["agreement"].help_text = _("For a leadership summary of one agreement.")
        self.fields["supplier"].help_text = _("For a supplier's follow-up report.")

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == ReportKind.AGREEMENT and not data.get("agreement"):
            self.add_error("agreement", _("Choose the agreement the report is about."))
        if kind == ReportKind.SUPPLIER and not data.get("supplier"):
            self.add_error("supplier", _("Choose the supplier the report is about."))
        if kind != ReportKind.AGREEMENT:
            data["agreement"] = None
            self.instance.agreement = None
        if kind != ReportKind.SUPPLIER:
            data["supplier"] = None
            self.instance.supplier = None
        return data


class RecipientForm(forms.ModelForm):
    class Meta:
        model = ReportRecipient
        fields = ["name", "email", "language"]

    def __init__(self, *args, subscription, **kwargs):
        super().__init__(*args, **kwargs)
        self.subscription = subscription

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if self.subscription.recipients.filter(email=email).exists():
            raise forms.ValidationError(_("This person already gets this report."))
        return email


class DeliveryFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + list(ReportDelivery.Status.choices), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].widget.attrs["class"] = "form-select"

    def filters(self):
        return {"status": self.cleaned_data.get("status", "")} if self.is_valid() else {}
