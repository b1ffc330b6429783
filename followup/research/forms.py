from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from criteria.models import IloInstrument
from oslo_procurement.compiled import compiled_queryset
from oslo_procurement.forms import (
    FilterForm,
    ListedModelChoiceField,
    StaticChoiceField,
    StaticSelect,
    StaticTypedChoiceField,
    country_choices,
)
from suppliers.models import Site, Supplier

from ..models import Finding, FindingSupplier
from ..models.findings import Severity
from . import selectors

_DATE = {"attrs": {"type": "date"}, "format": "%Y-%m-%d"}
_SEVERAL = _("Hold Ctrl (Cmd on a Mac) to choose several.")


class _SupplierChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.legal_name} ({obj.country.name})"


class _SiteChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}, {obj.country.name} – {obj.supplier.legal_name}"


class _LotChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.agreement.reference}: {obj.number} {obj.title}"


class _InstrumentChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


def _active_or_chosen(queryset, chosen_ids):
    return queryset.filter(Q(archived_at__isnull=True) | Q(pk__in=chosen_ids))


class FindingForm(forms.ModelForm):
    """Record or edit a finding. The status is not here: it changes through the
    transitions on the finding's page (followup.research.services)."""

    suppliers = _SupplierChoice(
        label=_("Suppliers concerned"),
        queryset=Supplier.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("One finding can concern several suppliers in the chain. ") + _SEVERAL,
    )
    sites = _SiteChoice(
        label=_("Sites concerned"),
        queryset=Site.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Factories of the chosen suppliers. ") + _SEVERAL,
    )
    lots = _LotChoice(
        label=_("Lots concerned"),
        queryset=selectors.buyer_lots(None).none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Lots of your agreements whose products the finding touches. ") + _SEVERAL,
    )
    ilo_instruments = _InstrumentChoice(
        label=_("ILO instruments at stake"),
        queryset=IloInstrument.objects.order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Finding
        fields = [
            "title",
            "source_kind",
            "source_title",
            "source_publisher",
            "source_url",
            "source_date",
            "issue_type",
            "ilo_instruments",
            "country",
            "severity",
            "likelihood",
            "summary",
            "supplier_summary",
            "internal_notes",
            "language",
        ]
        widgets = {
            "source_date": forms.DateInput(**_DATE),
            "summary": forms.Textarea(attrs={"rows": 5}),
            "supplier_summary": forms.Textarea(attrs={"rows": 4}),
            "internal_notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "summary": _("Internal: what the source says, in our words. Never shown to the supplier."),
            "internal_notes": _("Never shown to the supplier."),
        }

    field_order = [
        "title",
        "source_kind",
        "source_title",
        "source_publisher",
        "source_url",
        "source_date",
        "suppliers",
        "sites",
        "lots",
        "issue_type",
        "ilo_instruments",
        "country",
        "severity",
        "likelihood",
        "summary",
        "supplier_summary",
        "internal_notes",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        finding = self.instance
        chosen_suppliers = chosen_sites = chosen_lots = []
        if finding.pk:
            chosen_suppliers = list(FindingSupplier.objects.filter(finding=finding).values_list("supplier", flat=True))
            chosen_sites = list(finding.sites.values_list("pk", flat=True))
            chosen_lots = list(finding.lots.values_list("pk", flat=True))
            self.initial.setdefault("suppliers", chosen_suppliers)
            self.initial.setdefault("sites", chosen_sites)
            self.initial.setdefault("lots", chosen_lots)
        self.fields["suppliers"].queryset = _active_or_chosen(Supplier.objects.all(), chosen_suppliers).order_by(
            "legal_name"
        )
        self.fields["sites"].queryset = (
            _active_or_chosen(Site.objects.all(), chosen_sites)
            .filter(Q(supplier__archived_at__isnull=True) | Q(pk__in=chosen_sites))
            .select_related("supplier")
            .order_by("supplier__legal_name", "country", "name")
        )
        lots = selectors.buyer_lots(finding.buyer_id)
        if chosen_lots:
            lots = lots.model.objects.filter(Q(pk__in=lots.values("pk")) | Q(pk__in=chosen_lots)).select_related(
                "agreement"
            )
        self.fields["lots"].queryset = lots.order_by("-agreement__start_date", "agreement__reference", "number")

    def clean(self):
        data = super().clean()
        suppliers = {s.pk for s in data.get("suppliers") or []}
        stray = [site.name for site in data.get("sites") or [] if site.supplier_id not in suppliers]
        if stray and "suppliers" in data:
            self.add_error(
                "sites", _("These sites belong to a supplier not chosen: %(sites)s") % {"sites": ", ".join(stray)}
            )
        return data


class TransitionForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Finding.Status.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=100,
        help_text=_("Kept in the history. Required when you reopen a closed finding."),
    )


class RaiseForm(forms.Form):
    supplier = forms.UUIDField(widget=forms.HiddenInput)


class ResponseForm(forms.Form):
    supplier_response = forms.CharField(
        label=_("Your response"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Tell us what you know about this, what you have done and what you will do. Each version you send is kept."
        ),
    )


class FindingFilterForm(FilterForm):
    search = forms.CharField(label=_("Search"), required=False, help_text=_("Title, source or publisher"))
    finding_status = StaticChoiceField(
        label=_("Finding status"),
        required=False,
        choices=[("", _("All statuses")), ("open", _("Open (not closed)")), *Finding.Status.choices],
        widget=StaticSelect(choices_key="findings/status"),
    )
    issue_type = StaticChoiceField(
        label=_("Issue type"),
        required=False,
        choices=[("", _("All issue types")), *Finding.IssueType.choices],
        widget=StaticSelect(choices_key="findings/issue_type"),
    )
    severity = StaticTypedChoiceField(
        label=_("Severity"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All severities")), *Severity.choices],
        widget=StaticSelect(choices_key="findings/severity"),
    )
    supplier = ListedModelChoiceField(
        label=_("Supplier"),
        required=False,
        queryset=Supplier.objects.none(),
        to_field_name="public_id",
        empty_label=_("All suppliers"),
    )
    country = StaticChoiceField(
        label=_("Country"),
        required=False,
        choices=country_choices(_("All countries")),
        widget=StaticSelect(choices_key="countries/all"),
    )

    field_order = ["search", "finding_status", "issue_type", "severity", "supplier", "country", "status"]

    def __init__(self, *args, buyer=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound or buyer is None:
            # What a submitted supplier is checked against, and the options when there is no
            # buyer; the list without a filter (its usual view) builds no queryset.
            self.fields["supplier"].queryset = selectors.finding_suppliers(buyer)
        if buyer is not None:  # the options through SQL compiled once per process
            self.fields["supplier"].listed = lambda: [
                (str(public_id), legal_name)  # Supplier.__str__ is its legal name
                for public_id, legal_name in compiled_queryset(
                    "findings.filter_suppliers",
                    lambda buyer: selectors.finding_suppliers(buyer).values_list("public_id", "legal_name"),
                    buyer=buyer,
                )
            ]
        self.fields["status"].label = _("Records")
        self.order_fields(self.field_order)
