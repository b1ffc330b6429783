"""Forms of lessons learned. They validate input; the rules (evidence of the same buyer,
status changes) are enforced in followup.lessons.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from criteria.access import usable_criteria
from criteria.models import Criterion
from followup.models import Lesson, LessonProposal
from oslo_procurement.forms import FilterForm

from .selectors import evidence_choices


class LabelledChoice(forms.ModelMultipleChoiceField):
    """Evidence options named so an officer recognises them."""

    def __init__(self, *args, describe, **kwargs):
        self.describe = describe
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return self.describe(obj)


def _answer_label(answer):
    return (
        f"{answer.assessment.supplier.legal_name} – {answer.question.criterion_version.criterion.code}: "
        f"{answer.question.text[:80]} ({answer.get_review_display().lower()})"
    )


class LessonForm(forms.ModelForm):
    findings = LabelledChoice(label=_("Findings"), queryset=None, required=False, describe=lambda f: f.title)
    assessments = LabelledChoice(
        label=_("Self-assessments"),
        queryset=None,
        required=False,
        describe=lambda a: f"{a.supplier.legal_name} – {a.round.title}",
    )
    answers = LabelledChoice(
        label=_("Reviewed answers"),
        queryset=None,
        required=False,
        describe=_answer_label,
        help_text=_("Answers found non-compliant or returned for clarification."),
    )
    meetings = LabelledChoice(
        label=_("Meetings"),
        queryset=None,
        required=False,
        describe=lambda m: f"{m.title} – {m.supplier.legal_name} ({m.starts_at:%Y-%m-%d})",
    )
    actions = LabelledChoice(
        label=_("Corrective actions"),
        queryset=None,
        required=False,
        describe=lambda a: f"{a.title} – {a.supplier.legal_name}",
    )

    class Meta:
        model = Lesson
        fields = ["title", "learned", "criterion", "clause", "proposal", "proposal_text"]
        widgets = {
            "learned": forms.Textarea(attrs={"rows": 5}),
            "proposal_text": forms.Textarea(attrs={"rows": 3}),
            "proposal": forms.RadioSelect,
        }

    def __init__(self, *args, buyer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = (
            Criterion.objects.active().filter(usable_criteria(buyer.pk)).order_by("code")
        )
        for name, queryset in evidence_choices(buyer, self.instance).items():
            self.fields[name].queryset = queryset
            self.fields[name].widget.attrs["size"] = 6
        if self.instance.pk:
            for name in ("findings", "assessments", "answers", "meetings", "actions"):
                self.initial[name] = list(getattr(self.instance, name).values_list("pk", flat=True))

    def evidence(self):
        return {name: self.cleaned_data[name] for name in ("findings", "assessments", "answers", "meetings", "actions")}


class LessonFilterForm(FilterForm):
    lesson_status = forms.ChoiceField(
        label=_("Lesson status"), required=False, choices=[("", _("All")), *Lesson.Status.choices]
    )
    proposal = forms.ChoiceField(
        label=_("Proposed change"), required=False, choices=[("", _("All proposals")), *LessonProposal.choices]
    )

    def filters(self):
        filters = super().filters()
        return {
            "archived": filters.get("status", "active"),
            "status": filters.get("lesson_status", ""),
            "proposal": filters.get("proposal", ""),
        }
