"""Forms of follow-up meetings. They validate input; the rules (status guards, who may
take part) are enforced in services."""

from django import forms
from django.forms import modelformset_factory
from django.utils.translation import gettext_lazy as _

from contracts.selectors import buyer_staff
from followup.models import AgendaItem, Meeting
from oslo_procurement.accounts.zones import zone_label
from oslo_procurement.forms import FilterForm

from . import selectors


class ParticipantChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return getattr(obj, "full_name", None) or getattr(obj, "name", str(obj))


class MeetingForm(forms.ModelForm):
    """Plan a meeting, or change its plan. The time is in the officer's own time zone
    (accounts.zones), named under the field."""

    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    buyer_participants = ParticipantChoice(
        label=_("Our participants"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    supplier_participants = ParticipantChoice(
        label=_("The supplier's participants"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Meeting
        fields = ["title", "starts_at", "mode", "place", "buyer_participants", "supplier_participants"]
        widgets = {"mode": forms.RadioSelect}

    def __init__(self, *args, buyer, supplier, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buyer_participants"].queryset = buyer_staff(buyer)
        self.fields["supplier_participants"].queryset = selectors.supplier_contacts(supplier)
        self.fields["place"].help_text = _("The address, or the link to the video meeting.")
        self.fields["starts_at"].help_text = _("In your time zone (%(zone)s); each participant sees it in theirs.") % {
            "zone": zone_label()
        }


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


AgendaFormSet = modelformset_factory(
    AgendaItem,
    form=AgendaItemForm,
    extra=2,
    can_order=True,
    can_delete=True,
    can_delete_extra=False,
    max_num=100,
    validate_max=True,
)


class MinutesForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["language", "minutes", "decisions", "internal_notes"]
        widgets = {
            "minutes": forms.Textarea(attrs={"rows": 8}),
            "decisions": forms.Textarea(attrs={"rows": 4}),
            "internal_notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "minutes": _("The supplier sees the minutes once you share them."),
            "decisions": _("The supplier sees the decisions once you share the minutes."),
            "internal_notes": _("Never shown to the supplier."),
        }


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why is it cancelled?"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MeetingFilterForm(FilterForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *Meeting.Status.choices]
    )
    supplier = forms.ChoiceField(label=_("Supplier"), required=False)
    when = forms.ChoiceField(
        label=_("When"), required=False, choices=[("", _("Any time")), ("this_week", _("This week"))]
    )
    mine = forms.ChoiceField(
        label=_("Responsible officer"), required=False, choices=[("", _("Anyone")), ("1", _("My suppliers"))]
    )

    def __init__(self, *args, suppliers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].choices = [
            ("", _("All suppliers")),
            *((str(s.public_id), s.legal_name) for s in suppliers),
        ]
