"""Forms of corrective action plans and the sanctions ladder. They validate input; the
rules (status guards, the ladder, who may decide) are enforced in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from followup.models import CorrectiveAction, Escalation, Finding
from oslo_procurement.forms import FilterForm, StaticChoiceField, StaticSelect
from suppliers.models import Evidence

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(label, *, required=True, rows=3, help_text=""):
    return forms.CharField(
        label=label, required=required, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows})
    )


class ActionForm(forms.ModelForm):
    """A corrective action: new (from the plan or a meeting) or edited. Without a deadline
    a new action gets the buyer's default for its severity."""

    class Meta:
        model = CorrectiveAction
        fields = ["title", "description", "severity", "deadline", "owner_name", "finding"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "deadline": DATE_INPUT}

    def __init__(self, *args, buyer, supplier, settings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = (
            Finding.objects.active().filter(buyer=buyer, supplier_links__supplier=supplier).order_by("-created_at")
        )
        self.fields["finding"].required = False
        if self.instance.pk is None:
            self.fields["deadline"].required = False
            if settings is not None:
                self.fields["deadline"].help_text = _(
                    "Leave empty for the default by severity: low %(low)s days, medium %(medium)s days, "
                    "high %(high)s days, critical %(critical)s days."
                ) % {
                    "low": settings.action_days_low,
                    "medium": settings.action_days_medium,
                    "high": settings.action_days_high,
                    "critical": settings.action_days_critical,
                }


class ActionFilterForm(FilterForm):
    status = StaticChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *CorrectiveAction.Status.choices],
        widget=StaticSelect(choices_key="actions/status"),
    )
    supplier = forms.ChoiceField(label=_("Supplier"), required=False)
    overdue = StaticChoiceField(
        label=_("Overdue"),
        required=False,
        choices=[("", _("All")), ("yes", _("Overdue only")), ("no", _("Not overdue"))],
        widget=StaticSelect(choices_key="actions/overdue"),
    )
    mine = StaticChoiceField(
        label=_("Responsible officer"),
        required=False,
        choices=[("", _("Anyone")), ("1", _("My suppliers"))],
        widget=StaticSelect(choices_key="filter/mine"),
    )

    def __init__(self, *args, suppliers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].choices = [
            ("", _("All suppliers")),
            *((str(s.public_id), s.legal_name) for s in suppliers),
        ]


class VerifyForm(forms.Form):
    """Verify and close. Without the supplier's submitted evidence the officer must tick
    the override and write why."""

    override = forms.BooleanField(
        label=_("Close without the supplier's evidence (officer's override)"),
        required=False,
        help_text=_("The reason you write is kept in the history and on the supplier's timeline."),
    )
    note = _text(
        _("How was it verified?"),
        required=False,
        help_text=_("Required when you close without the supplier's evidence: say why."),
    )

    def __init__(self, *args, evidence_submitted=True, **kwargs):
        super().__init__(*args, **kwargs)
        if evidence_submitted:
            del self.fields["override"]
        else:
            self.fields["note"].label = _("Why do you close it without the supplier's evidence?")

    def clean(self):
        data = super().clean()
        if "override" in self.fields:
            if not data.get("override"):
                self.add_error(
                    "override",
                    _(
                        "The supplier has not submitted evidence for this action. Wait for it, or close the "
                        "action without the supplier's evidence and write why."
                    ),
                )
            elif not (data.get("note") or "").strip():
                self.add_error("note", _("Write why you close the action without the supplier's evidence."))
        return data


class ReturnForm(forms.Form):
    reason = _text(_("What is missing?"), help_text=_("The supplier sees this text."))


def _letter_reason():
    return _text(
        _("Explanation in the letter to the supplier"),
        required=False,
        rows=4,
        help_text=_("The supplier reads this in the formal letter. Leave it empty to use the reason above."),
    )


def _remedy_deadline(required):
    return forms.DateField(
        label=_("Deadline to remedy"),
        required=required,
        widget=DATE_INPUT,
        help_text=_("The date by which the supplier must complete the overdue actions, stated in the letter."),
    )


class EscalateForm(forms.Form):
    rung = forms.TypedChoiceField(label=_("Step on the ladder"), coerce=int, choices=Escalation.Rung.choices)
    reason = _text(_("Reason"), rows=4)
    agreement = forms.ModelChoiceField(label=_("Agreement"), required=False, queryset=None)
    letter_reason = _letter_reason()
    remedy_deadline = _remedy_deadline(required=False)

    def __init__(self, *args, agreements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = agreements
        self.fields["agreement"].empty_label = _("No particular agreement")


class DecideForm(forms.Form):
    note = _text(_("Your note on the decision"))
    letter_reason = _letter_reason()
    remedy_deadline = _remedy_deadline(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["letter_reason"].help_text = _(
            "If you approve, the supplier reads this in the formal letter. Leave it empty to use the officer's."
        )


class LiftForm(forms.Form):
    reason = _text(_("Why is it lifted?"), help_text=_("The supplier reads this reason in the letter that tells them."))


# --- Portal --------------------------------------------------------------------------------


class ProgressForm(forms.Form):
    text = _text(_("What has been done?"), rows=4)


class SubmitForm(forms.Form):
    text = _text(_("A note to the officer"), required=False, rows=2)


class AttachEvidenceForm(forms.Form):
    """Attach documents from the supplier's own library (only valid ones are offered), or
    add a new document to the library and attach it."""

    evidence = forms.ModelMultipleChoiceField(
        label=_("From your evidence library"),
        required=False,
        queryset=Evidence.objects.none(),
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only documents that have not expired are offered."),
    )
    kind = forms.ChoiceField(label=_("Kind of new document"), required=False)
    title = forms.CharField(label=_("Title of new document"), required=False, max_length=200)
    valid_to = forms.DateField(label=_("Valid until"), required=False, widget=DATE_INPUT)
    url = forms.URLField(label=_("Web address"), required=False)
    upload = forms.FileField(
        label=_("File"), required=False, help_text=_("PDF, PNG, JPEG, XLSX or DOCX, at most 20 MB.")
    )
    text = _text(_("Note"), required=False, rows=2)

    def __init__(self, *args, supplier, attachable, **kwargs):
        super().__init__(*args, **kwargs)
        self.supplier = supplier
        self.fields["evidence"].queryset = attachable
        self.fields["kind"].choices = [(k, label) for k, label in Evidence.Kind.choices if k != Evidence.Kind.CMRT]
        self.fields["kind"].initial = Evidence.Kind.OTHER

    def clean(self):
        data = super().clean()
        new = any(data.get(name) for name in ("title", "url", "upload"))
        if new:
            if not data.get("title"):
                self.add_error("title", _("Give the new document a title."))
            if not data.get("upload") and not data.get("url"):
                self.add_error("upload", _("Upload a file or give a web address."))
        elif not data.get("evidence"):
            raise forms.ValidationError(_("Choose evidence from your library or upload a new document."))
        return data

    def new_evidence(self):
        data = self.cleaned_data
        if not any(data.get(name) for name in ("title", "url", "upload")):
            return None
        return Evidence(
            supplier=self.supplier,
            kind=data.get("kind") or Evidence.Kind.OTHER,
            title=data["title"],
            valid_to=data.get("valid_to"),
            url=data.get("url") or "",
        )
