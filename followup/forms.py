import uuid

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from criteria.access import usable_versions
from criteria.models import CriterionVersion
from suppliers.models import Evidence, Supplier

from . import plausibility
from .models import Answer, Assessment, Question, Questionnaire, ReportingRound
from .models.assessments import Strictness
from .services import default_deadline

DATE_WIDGET = {"attrs": {"type": "date"}, "format": "%Y-%m-%d"}


# --- Questionnaire builder ---------------------------------------------------------------------


class QuestionnaireForm(forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = ["title_nb", "title_en", "intro_nb", "intro_en"]
        widgets = {
            "title_nb": forms.TextInput(attrs={"lang": "nb"}),
            "title_en": forms.TextInput(attrs={"lang": "en"}),
            "intro_nb": forms.Textarea(attrs={"rows": 4, "lang": "nb"}),
            "intro_en": forms.Textarea(attrs={"rows": 4, "lang": "en"}),
        }


class CriterionVersionField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.criterion.code} v{obj.version} – {obj.title} ({obj.get_status_display()})"


def criterion_versions(buyer_id):
    """Versions a question may be built on: any that is not a draft, in the buyer's own
    catalogue or the national one (criteria.access.usable_versions)."""
    return (
        CriterionVersion.objects.exclude(status=CriterionVersion.Status.DRAFT)
        .filter(usable_versions(buyer_id), criterion__archived_at__isnull=True)
        .select_related("criterion")
        .order_by("criterion__oecd_step", "criterion__code", "-version")
    )


class ChoiceListField(forms.CharField):
    """The options of a choice question, typed one per line as ``Bokmål | English``;
    cleaned into the list of ``{"value", "nb", "en"}`` that Question.choices stores."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{c.get('nb', '')} | {c.get('en', '')}" for c in value if isinstance(c, dict))
        return value

    def clean(self, value):
        text = super().clean(value) or ""
        options, seen = [], set()
        for line in text.splitlines():
            if not line.strip():
                continue
            nb, _sep, en = (part.strip() for part in line.partition("|"))
            nb, en = nb or en, en or nb
            base = slugify(en)[:50] or f"option-{len(options) + 1}"
            value, n = base, 2
            while value in seen:
                value, n = f"{base}-{n}", n + 1
            seen.add(value)
            options.append({"value": value, "nb": nb, "en": en})
        return options


class QuestionForm(forms.ModelForm):
    criterion_version = CriterionVersionField(
        label=_("Criterion"),
        queryset=CriterionVersion.objects.none(),
        help_text=_("The criterion from the catalogue this question follows up. It decides the OECD step."),
    )
    choices = ChoiceListField(
        label=_("Options (for a choice question)"),
        required=False,
        help_text=_("One option per line, Bokmål and English separated by a bar: Ja, alle | Yes, all"),
    )
    evidence_kind = forms.ChoiceField(
        label=_("Evidence asked for (for a file question)"),
        required=False,
        choices=[("", _("Any kind")), *Evidence.Kind.choices],
        help_text=_("The supplier's library offers evidence of this kind first."),
    )

    class Meta:
        model = Question
        fields = [
            "criterion_version",
            "text_nb",
            "text_en",
            "help_nb",
            "help_en",
            "answer_type",
            "choices",
            "evidence_kind",
            "required",
            "weight",
            "unit_nb",
            "unit_en",
            "min_value",
            "max_value",
            "soft_min",
            "soft_max",
            "max_length",
            "max_length_strictness",
            "date_not_future",
            "date_max_age_months",
            "date_max_age_strictness",
        ]
        widgets = {
            "text_nb": forms.Textarea(attrs={"rows": 3, "lang": "nb"}),
            "text_en": forms.Textarea(attrs={"rows": 3, "lang": "en"}),
            "help_nb": forms.Textarea(attrs={"rows": 3, "lang": "nb"}),
            "help_en": forms.Textarea(attrs={"rows": 3, "lang": "en"}),
            "answer_type": forms.RadioSelect,
        }
        help_texts = {
            "weight": _("How much the question counts in the score (1 or more)."),
            "required": _("The supplier cannot submit without answering it."),
            "min_value": _("For a number question: a lower answer is refused. Leave empty for no limit."),
            "max_value": _("For a number question: a higher answer is refused. Leave empty for no limit."),
            "soft_min": _("For a number question: a lower answer is saved, but the supplier must explain why."),
            "soft_max": _(
                "For a number question: a higher answer is saved, but the supplier must explain why "
                "(for example 60 hours a week, the RBA limit)."
            ),
            "max_length": _("For a text question. Leave empty for no limit."),
            "date_not_future": _("For a date question, for example the date of the last audit."),
            "date_max_age_months": _("For a date question: how recent the date must be. Leave empty for no limit."),
        }
        labels = {"date_not_future": _("A date in the future")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion_version"].queryset = criterion_versions(self.instance.questionnaire.buyer_id)
        self.fields["weight"].min_value = 1
        self.fields["date_not_future"].choices = [("", _("Allowed")), *Strictness.choices]
        for name in ("max_length", "date_max_age_months"):
            self.fields[name].min_value = 1
            self.fields[name].widget.attrs["min"] = 1
        for name in ("max_length_strictness", "date_max_age_strictness"):
            self.fields[name].required = False

    def clean_max_length_strictness(self):
        return self.cleaned_data.get("max_length_strictness") or Strictness.HARD

    def clean_date_max_age_strictness(self):
        return self.cleaned_data.get("date_max_age_strictness") or Strictness.HARD

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer_type") == Question.AnswerType.CHOICE and len(cleaned.get("choices") or []) < 2:
            self.add_error("choices", _("A choice question needs at least two different choices."))
        return cleaned


def question_initial(version):
    """A new question's texts, taken from the chosen criterion version."""
    return {
        "criterion_version": version.pk,
        "text_nb": f"{version.title_nb}\n\n{version.text_nb}".strip(),
        "text_en": f"{version.title_en}\n\n{version.text_en}".strip(),
        "help_nb": version.evidence_nb,
        "help_en": version.evidence_en,
    }


class CriterionPickForm(forms.Form):
    """The GET form that fills a new question from a criterion version."""

    criterion_version = CriterionVersionField(
        label=_("Start from criterion"),
        queryset=CriterionVersion.objects.none(),
        to_field_name="public_id",
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, buyer_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion_version"].queryset = criterion_versions(buyer_id)


# --- Rounds -------------------------------------------------------------------------------------


class SupplierChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.legal_name


class RoundForm(forms.Form):
    questionnaire = forms.ModelChoiceField(label=_("Questionnaire"), queryset=Questionnaire.objects.none())
    title_nb = forms.CharField(
        label=_("Title (Bokmål)"),
        max_length=200,
        help_text=_("For example 'Egenrapportering 2026'."),
        widget=forms.TextInput(attrs={"lang": "nb"}),
    )
    title_en = forms.CharField(
        label=_("Title (English)"),
        max_length=200,
        required=False,
        help_text=_("For example 'Self-assessment 2026'. Left empty, English readers see the Bokmål."),
        widget=forms.TextInput(attrs={"lang": "en"}),
    )
    intro_nb = forms.CharField(
        label=_("Introduction (Bokmål)"),
        required=False,
        help_text=_("What the suppliers read before they answer."),
        widget=forms.Textarea(attrs={"rows": 4, "lang": "nb"}),
    )
    intro_en = forms.CharField(
        label=_("Introduction (English)"),
        required=False,
        help_text=_("Left empty, English readers see the Bokmål."),
        widget=forms.Textarea(attrs={"rows": 4, "lang": "en"}),
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(**DATE_WIDGET))
    deadline = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=forms.DateInput(**DATE_WIDGET),
        help_text=_("Six weeks after the opening date if left empty, as in DFØ's template."),
    )
    suppliers = SupplierChoiceField(
        label=_("Suppliers"),
        queryset=Supplier.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The suppliers with an active award in the agreement. Each gets its own self-assessment."),
    )

    accept_shared = forms.MultipleChoiceField(
        label=_("Accept a shared answer instead of asking"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _(
                "A shared answer you chose is no longer shared with you. Look at the list again: nothing was saved."
            )
        },
        help_text=_(
            "A supplier ticked here is not asked: its self-assessment in the round is a copy of the answer it "
            "shared with you, ready for your review, and it is told that you accepted it."
        ),
    )
    # The round's public id, made when the form is shown: the same form sent twice opens one
    # round. A client that sends none (an old page) gets a new id, as before.
    public_id = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, questionnaires, suppliers, shared_answers=(), **kwargs):
        today = timezone.localdate()
        kwargs.setdefault(
            "initial",
            {"opens_on": today, "deadline": default_deadline(today), "suppliers": list(suppliers)},
        )
        kwargs["initial"].setdefault("public_id", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = questionnaires
        self.fields["suppliers"].queryset = suppliers
        # Per supplier, its shared answers that answer one of the buyer's questionnaires.
        self.shared = {}
        for share in shared_answers:
            if share.fits:
                self.shared.setdefault(str(share.supplier.public_id), []).append(share)
        self.fields["accept_shared"].choices = [
            (
                key,
                _("%(supplier)s: accept the answer shared on %(date)s (%(questionnaires)s)")
                % {
                    "supplier": shares[0].supplier.legal_name,
                    "date": date_format(shares[0].shared_at, "SHORT_DATE_FORMAT"),
                    "questionnaires": ", ".join(str(q.title) for share in shares for q in share.fits),
                },
            )
            for key, shares in self.shared.items()
        ]
        if not self.shared and not (self.is_bound and self.data.getlist("accept_shared")):
            del self.fields["accept_shared"]  # kept when posted, to refuse an answer withdrawn meanwhile

    def clean(self):
        cleaned = super().clean()
        opens_on, deadline = cleaned.get("opens_on"), cleaned.get("deadline")
        if opens_on and not deadline:
            cleaned["deadline"] = deadline = default_deadline(opens_on)
        if opens_on and deadline and deadline <= opens_on:
            self.add_error("deadline", _("The deadline must be after the opening date."))
        if "accept_shared" in self.fields:
            cleaned["accept_shared"] = self._accepted(cleaned)
        return cleaned

    def _accepted(self, cleaned):
        """The suppliers whose shared answer is accepted: each must be chosen, and its
        shared answer must answer the chosen questionnaire's questions."""
        questionnaire, chosen = cleaned.get("questionnaire"), cleaned.get("suppliers") or []
        accepted = []
        for key in cleaned.get("accept_shared") or []:
            shares = self.shared[key]
            supplier = shares[0].supplier
            if supplier not in chosen:
                self.add_error(
                    "accept_shared",
                    _("Choose %(supplier)s among the suppliers too, or do not accept its shared answer.")
                    % {"supplier": supplier.legal_name},
                )
            elif questionnaire is not None and not any(questionnaire in share.fits for share in shares):
                self.add_error(
                    "accept_shared",
                    _("The answer %(supplier)s shared does not answer the questions of “%(questionnaire)s”: ask it.")
                    % {"supplier": supplier.legal_name, "questionnaire": questionnaire.title},
                )
            else:
                accepted.append(supplier)
        return accepted


class RoundTextsForm(forms.ModelForm):
    """The round's title and introduction in Bokmål and English (what the suppliers read)."""

    class Meta:
        model = ReportingRound
        fields = ["title_nb", "title_en", "intro_nb", "intro_en"]
        widgets = {
            "title_nb": forms.TextInput(attrs={"lang": "nb"}),
            "title_en": forms.TextInput(attrs={"lang": "en"}),
            "intro_nb": forms.Textarea(attrs={"rows": 4, "lang": "nb"}),
            "intro_en": forms.Textarea(attrs={"rows": 4, "lang": "en"}),
        }


class AddSupplierForm(forms.Form):
    supplier = forms.ModelChoiceField(
        label=_("Supplier"),
        queryset=Supplier.objects.none(),
        to_field_name="public_id",
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, suppliers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = suppliers


class ProgressFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *Assessment.Status.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def filters(self):
        return {"status": self.cleaned_data["status"]} if self.is_valid() and self.cleaned_data["status"] else {}


class RoundFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *ReportingRound.Status.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def filters(self):
        return {"status": self.cleaned_data["status"]} if self.is_valid() and self.cleaned_data["status"] else {}


# --- Review ------------------------------------------------------------------------------------


class AnswerReviewForm(forms.Form):
    question = forms.UUIDField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[
            (Answer.Review.ACCEPTED, _("Accept")),
            (Answer.Review.CLARIFICATION, _("Ask for clarification")),
            (Answer.Review.NON_COMPLIANT, _("Record non-compliance")),
        ],
        widget=forms.HiddenInput,
    )
    comment = forms.CharField(
        label=_("Reason for the supplier"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(
        label=_("Internal note (never shown to the supplier)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    severity = forms.ChoiceField(
        label=_("Severity"), required=False, choices=[("", _("Choose…")), *Answer.Severity.choices]
    )

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        comment = (cleaned.get("comment") or "").strip()
        if decision == Answer.Review.CLARIFICATION and not comment:
            self.add_error("comment", _("Tell the supplier what to clarify."))
        if decision == Answer.Review.NON_COMPLIANT:
            if not cleaned.get("severity"):
                self.add_error("severity", _("Choose the severity of the non-compliance."))
            if not comment:
                self.add_error("comment", _("Tell the supplier why the answer does not meet the requirement."))
        return cleaned


class AcceptForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Overall verdict"), choices=Assessment.Verdict.choices, widget=forms.RadioSelect
    )
    verdict_comment = forms.CharField(
        label=_("Comment on the verdict"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The supplier sees this comment."),
    )


class NoteForm(forms.Form):
    internal_note = forms.CharField(
        label=_("Internal note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Never shown to the supplier."),
    )


# --- Portal: one answer ----------------------------------------------------------------------------


def evidence_label(evidence):
    label = f"{evidence.title} ({evidence.get_kind_display()})"
    if evidence.valid_to:
        label += " – " + str(_("valid until %(date)s") % {"date": date_format(evidence.valid_to, "SHORT_DATE_FORMAT")})
    return label


def evidence_choices(question, evidence):
    """A file question's choices from the supplier's valid evidence: the kind the question asks
    for first, then by title."""
    matching = question.evidence_kind
    ordered = sorted(evidence, key=lambda e: (e.kind != matching, e.title.lower()))
    return [(str(e.public_id), evidence_label(e)) for e in ordered]


RULE_EXPLANATION_LABEL = _("Why is the answer outside the usual range?")


class AnswerForm(forms.Form):
    """One question's answer on the portal page. Every field is optional: a draft may be
    half done; the submit checks that required questions are answered."""

    revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    explanation = forms.CharField(
        label=_("Explanation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Explain your answer, or say what you are doing about it."),
    )

    def __init__(self, *args, question, answer=None, evidence=(), **kwargs):
        """``evidence`` is the supplier's valid evidence library (loaded once per page)."""
        self.question = question
        self.answer = answer
        self.valid_evidence = {str(e.public_id): e for e in evidence}
        if answer is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "revision": answer.revision,
                "choice": answer.choice,
                "text": answer.text,
                "number": answer.number,
                "date": answer.date,
                "explanation": answer.explanation,
                "rule_explanation": answer.rule_explanation,
                "evidence": [str(e.public_id) for e in answer.evidence.all()],
            }
        kwargs.setdefault("initial", {"revision": 0})
        super().__init__(*args, **kwargs)
        types = Question.AnswerType
        kind = question.answer_type
        if kind == types.YES_NO_PARTLY:
            self.fields["choice"] = forms.ChoiceField(
                label=_("Your answer"), required=False, choices=Answer.Choice.choices, widget=forms.RadioSelect
            )
        elif kind == types.CHOICE:
            self.fields["choice"] = forms.ChoiceField(
                label=_("Your answer"), required=False, choices=question.choice_options(), widget=forms.RadioSelect
            )
        elif kind == types.TEXT:
            self.fields["text"] = forms.CharField(
                label=_("Your answer"), required=False, widget=forms.Textarea(attrs={"rows": 4})
            )
        elif kind == types.NUMBER:
            self.fields["number"] = forms.DecimalField(
                label=_("Your answer"), required=False, max_digits=14, decimal_places=2
            )
        elif kind == types.DATE:
            self.fields["date"] = forms.DateField(
                label=_("Your answer"), required=False, widget=forms.DateInput(**DATE_WIDGET)
            )
        elif kind == types.FILE:
            self.fields["evidence"] = forms.MultipleChoiceField(
                label=_("Evidence from your library"),
                required=False,
                choices=evidence_choices(question, evidence),
                widget=forms.CheckboxSelectMultiple,
            )
        if question.has_soft_rules:
            self.fields["rule_explanation"] = forms.CharField(
                label=RULE_EXPLANATION_LABEL,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.order_fields(
            ["choice", "text", "number", "date", "evidence", "rule_explanation", "explanation", "revision"]
        )
        for name, bound_field in self.fields.items():
            widget = bound_field.widget
            if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                widget.attrs["class"] = "form-check-input"
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs["class"] = "form-control"
                if name != "explanation" and question.help:
                    widget.attrs["aria-describedby"] = f"{self.prefix}-help"

    @property
    def rules_text(self):
        return plausibility.describe(self.question)

    @property
    def answer_field(self):
        """The answer's input, described by the help, the rules and its error (if any)."""
        for name in ("choice", "text", "number", "date", "evidence"):
            if name in self.fields:
                described = []
                if self.question.help:
                    described.append(f"{self.prefix}-help")
                if self.rules_text:
                    described.append(f"{self.prefix}-rules")
                if self.is_bound and self.errors.get(name):
                    described.append(f"{self.prefix}-{name}-error")
                    self.fields[name].widget.attrs["aria-invalid"] = "true"
                if described:
                    self.fields[name].widget.attrs["aria-describedby"] = " ".join(described)
                return self[name]
        return None

    def user_changed(self):
        """Whether the supplier changed anything (the revision does not count)."""
        return any(name != "revision" for name in self.changed_data)

    def clean(self):
        """A hard plausibility rule refuses the answer at its field (the service checks
        again); so a page saved with one impossible answer saves none."""
        cleaned = super().clean()
        for breach in plausibility.breaches(
            self.question,
            number=cleaned.get("number"),
            text=(cleaned.get("text") or "").strip(),
            date=cleaned.get("date"),
        ):
            if breach.hard and breach.field in self.fields and breach.field not in self.errors:
                self.add_error(breach.field, breach.message)
        return cleaned

    @property
    def soft_breaches(self):
        """The soft rules the answer as shown breaks (posted values when bound and valid)."""
        if self.is_bound and self.is_valid():
            found = plausibility.breaches(
                self.question,
                number=self.cleaned_data.get("number"),
                text=(self.cleaned_data.get("text") or "").strip(),
                date=self.cleaned_data.get("date"),
            )
            return [b.message for b in found if not b.hard]
        return plausibility.soft_messages(self.question, self.answer)

    def values(self):
        names = ("choice", "text", "number", "date", "explanation", "rule_explanation")
        return {name: self.cleaned_data.get(name) for name in names}

    def chosen_evidence(self):
        return [self.valid_evidence[key] for key in self.cleaned_data.get("evidence") or []]
