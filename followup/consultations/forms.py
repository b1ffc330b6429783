"""Forms of market dialogue. They validate input; the rules (status guards, deadlines,
who may write) are enforced in followup.consultations.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contracts.models import FrameworkAgreement
from criteria.access import usable_criteria, usable_versions
from criteria.models import Criterion, CriterionVersion
from followup.models import MarketEvent, ProposedCriterion, Readiness
from followup.models.consultations import ENGLISH_HELP
from oslo_procurement.forms import FilterForm

from .services import MAX_REASONS, MAX_TRANSITION_MONTHS, MAX_WRITTEN_INPUT, REASONS_REQUIRED, WORDING_FIELDS

_DATE = {"attrs": {"type": "date"}, "format": "%Y-%m-%d"}


class EventForm(forms.ModelForm):
    class Meta:
        model = MarketEvent
        fields = [
            "kind",
            "topic_nb",
            "topic_en",
            "event_date",
            "mode",
            "place",
            "description_nb",
            "description_en",
            "agreement",
            "procurement",
            "input_deadline",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "mode": forms.RadioSelect,
            "event_date": forms.DateInput(**_DATE),
            "input_deadline": forms.DateInput(**_DATE),
            "description_nb": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "place": _("The address, or the link to the online meeting."),
            "description_en": ENGLISH_HELP,
        }

    def __init__(self, *args, buyer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = FrameworkAgreement.objects.filter(buyer=buyer).order_by("-start_date")
        self.fields["agreement"].required = False


class VersionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.criterion.code} v{obj.version} – {obj.title} ({obj.get_status_display().lower()})"


class ProposalForm(forms.Form):
    """A catalogue version, or new wording (optionally for a catalogue criterion)."""

    criterion_version = VersionChoice(
        label=_("A criterion version from the catalogue"),
        queryset=CriterionVersion.objects.none(),
        required=False,
        help_text=_("Leave empty to propose new wording below."),
    )
    criterion = forms.ModelChoiceField(
        label=_("Catalogue criterion the new wording would change"),
        queryset=Criterion.objects.none(),
        required=False,
        help_text=_("Optional. Empty: a new criterion."),
    )
    title_nb = forms.CharField(label=_("Short title of the new wording (Bokmål)"), max_length=250, required=False)
    text_nb = forms.CharField(
        label=_("Proposed wording (Bokmål)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    title_en = forms.CharField(label=_("Short title of the new wording (English)"), max_length=250, required=False)
    text_en = forms.CharField(
        label=_("Proposed wording (English)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=ENGLISH_HELP,
    )

    def __init__(self, *args, buyer_id, **kwargs):
        super().__init__(*args, **kwargs)
        # The buyer's own catalogue and the national one (criteria.access).
        self.fields["criterion_version"].queryset = (
            CriterionVersion.objects.filter(usable_versions(buyer_id), criterion__archived_at__isnull=True)
            .exclude(status=CriterionVersion.Status.RETIRED)
            .select_related("criterion")
            .order_by("criterion__code", "version")
        )
        self.fields["criterion"].queryset = (
            Criterion.objects.active().filter(usable_criteria(buyer_id)).order_by("code")
        )

    def clean(self):
        cleaned = super().clean()
        version = cleaned.get("criterion_version")
        wording = any((cleaned.get(name) or "").strip() for name in WORDING_FIELDS)
        if version is not None and (wording or cleaned.get("criterion")):
            raise forms.ValidationError(_("Choose a criterion version or write new wording, not both."))
        if version is None:
            clean_wording(self, cleaned)
        return cleaned


def clean_wording(form, cleaned):
    """Bokmål title and wording required; English both or neither."""
    if not (cleaned.get("title_nb") or "").strip():
        form.add_error("title_nb", _("Give the new wording a short title."))
    if not (cleaned.get("text_nb") or "").strip():
        form.add_error("text_nb", _("Write the proposed wording."))
    title_en, text_en = (cleaned.get("title_en") or "").strip(), (cleaned.get("text_en") or "").strip()
    if title_en and not text_en:
        form.add_error("text_en", _("Write the English wording too, or leave the English title empty."))
    if text_en and not title_en:
        form.add_error("title_en", _("Give the English wording a short title too."))


class WordingForm(forms.ModelForm):
    """New wording in both languages (the officer writes the missing language later)."""

    class Meta:
        model = ProposedCriterion
        fields = list(WORDING_FIELDS)
        widgets = {"text_nb": forms.Textarea(attrs={"rows": 4}), "text_en": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        cleaned = super().clean()
        clean_wording(self, cleaned)
        return cleaned


class SupplierChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        status = _("holds a contract") if obj.in_contract else _("not in a contract")
        return f"{obj.legal_name} ({obj.country.name}; {status})"


class InviteForm(forms.Form):
    suppliers = SupplierChoice(
        label=_("Suppliers to invite"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every supplier in the registry, also those without a contract."),
    )
    send_email = forms.BooleanField(
        label=_("Email the invitation to the suppliers' portal users"), required=False, initial=True
    )

    def __init__(self, *args, suppliers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suppliers"].queryset = suppliers


ATTENDED_CHOICES = [("", _("Not recorded")), ("yes", _("Came")), ("no", _("Did not come"))]


class AttendanceForm(forms.Form):
    """One "came / did not come" and the names of those who came, per invited supplier."""

    def __init__(self, *args, invitations, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitations = list(invitations)
        for invitation in self.invitations:
            key = invitation.pk
            attended = {True: "yes", False: "no"}.get(invitation.attended, "")
            self.fields[f"attended_{key}"] = forms.ChoiceField(
                label=_("Attendance"),
                choices=ATTENDED_CHOICES,
                required=False,
                initial=attended,
                widget=forms.RadioSelect,
            )
            self.fields[f"attendees_{key}"] = forms.CharField(
                label=_("Who came"),
                required=False,
                initial=invitation.attendees,
                help_text=_("Names, separated by commas."),
            )

    def rows(self):
        """For the template: (invitation, attended field, attendees field)."""
        return [(i, self[f"attended_{i.pk}"], self[f"attendees_{i.pk}"]) for i in self.invitations]

    def clean(self):
        cleaned = super().clean()
        for invitation in self.invitations:
            if (
                cleaned.get(f"attendees_{invitation.pk}", "").strip()
                and cleaned.get(f"attended_{invitation.pk}") != "yes"
            ):
                self.add_error(f"attendees_{invitation.pk}", _("Names only for a supplier that came."))
        return cleaned

    def attendance(self):
        values = {"yes": True, "no": False, "": None}
        return [
            (
                invitation,
                values[self.cleaned_data[f"attended_{invitation.pk}"]],
                self.cleaned_data[f"attendees_{invitation.pk}"],
            )
            for invitation in self.invitations
        ]


class FeedbackForm(forms.Form):
    """One supplier's readiness for each proposed criterion: ready now, ready with a
    transition period (months), or not feasible, with the reasons. With
    ``with_written_input`` (the portal) also the supplier's general written input."""

    def __init__(self, *args, proposals, current, with_written_input=False, written_input="", **kwargs):
        super().__init__(*args, **kwargs)
        self.proposals = list(proposals)
        for proposal in self.proposals:
            key = proposal.pk
            answer = current.get(key)
            self.fields[f"readiness_{key}"] = forms.ChoiceField(
                label=_("How ready"),
                choices=[("", _("No answer")), *Readiness.choices],
                required=False,
                initial=answer.readiness if answer else "",
                widget=forms.RadioSelect,
            )
            self.fields[f"months_{key}"] = forms.IntegerField(
                label=_("Transition period in months"),
                min_value=1,
                max_value=MAX_TRANSITION_MONTHS,
                required=False,
                initial=answer.transition_months if answer else None,
                help_text=_("Only for 'ready with a transition period'."),
            )
            self.fields[f"reasons_{key}"] = forms.CharField(
                label=_("Reasons"),
                required=False,
                max_length=MAX_REASONS,
                help_text=_("Required for 'not feasible' and for a transition period."),
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=answer.reasons if answer else "",
            )
        if with_written_input:
            self.fields["written_input"] = forms.CharField(
                label=_("General written input"),
                required=False,
                max_length=MAX_WRITTEN_INPUT,
                initial=written_input,
                widget=forms.Textarea(attrs={"rows": 5}),
                help_text=_("Anything else the buyer should know before it sets the criteria."),
            )

    def rows(self):
        return [(p, self[f"readiness_{p.pk}"], self[f"months_{p.pk}"], self[f"reasons_{p.pk}"]) for p in self.proposals]

    def clean(self):
        cleaned = super().clean()
        for proposal in self.proposals:
            key = proposal.pk
            readiness, months = cleaned.get(f"readiness_{key}"), cleaned.get(f"months_{key}")
            if readiness == Readiness.TRANSITION and not months:
                self.add_error(f"months_{key}", _("How many months of transition are needed?"))
            if readiness != Readiness.TRANSITION and months:
                self.add_error(
                    f"months_{key}", _("A transition period only goes with 'ready with a transition period'.")
                )
            if readiness in REASONS_REQUIRED and not (cleaned.get(f"reasons_{key}") or "").strip():
                self.add_error(f"reasons_{key}", _("Say why: the buyer needs the reasons to weigh this answer."))
            if not readiness and (cleaned.get(f"reasons_{key}") or "").strip():
                self.add_error(f"readiness_{key}", _("Choose how ready you are, or leave the reasons empty."))
        return cleaned

    def answers(self):
        return {
            p: (
                self.cleaned_data[f"readiness_{p.pk}"],
                self.cleaned_data[f"months_{p.pk}"],
                self.cleaned_data[f"reasons_{p.pk}"],
            )
            for p in self.proposals
        }


class EventFilterForm(FilterForm):
    kind = forms.ChoiceField(
        label=_("Kind of event"), required=False, choices=[("", _("All kinds")), *MarketEvent.Kind.choices]
    )
