"""One block per question on the supplier's answer page and on the officer's review page,
written in Python: the same HTML the templates ``portal/followup/_question.html``,
``followup/_answer_review.html`` and their includes (``_answer_value.html``,
``_answer_rules.html``, ``_review_badge.html``) wrote, character for character, without four
template includes and a few hundred variable lookups per question (on both pages that was
most of the page's CPU; bench/README.md). tests/followup/test_answer_blocks.py renders those
templates (kept in tests/followup/templates_before/) beside these writers for answered,
unanswered, reviewed, refused and evidence-carrying answers in both languages.

Every value goes through ``_v`` (``{{ value }}``: localised, escaped), ``linebreaksbr``
(``form_renderer.linebreaks_html``) or ``join`` as in the templates; translations are written
as ``{% translate %}`` and ``{% blocktranslate %}`` wrote them (the text as translated, the
values escaped). The fixed
texts are translated once per language (``texts()``); each is a literal ``_()`` call outside any
f-string, so ``makemessages`` finds it (it does not look inside f-strings)."""

import datetime
from decimal import Decimal
from html import escape

from django import forms, template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat, join
from django.urls import NoReverseMatch, reverse
from django.utils.encoding import force_str
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _

from followup import plausibility
from followup.forms import DATE_WIDGET, RULE_EXPLANATION_LABEL, AnswerForm, evidence_choices
from followup.models import Answer
from followup.selectors import attached_evidence
from oslo_procurement.form_renderer import (
    choice_inputs,
    crispy_kept,
    input_html,
    linebreaks_html,
    radio_buttons,
    textarea_html,
    value_html,
)
from oslo_procurement.rows import date_writer
from oslo_procurement.translated import per_language

register = template.Library()

CHOICE_TYPES = ("yes_no_partly", "choice")


def _v(value):
    """``{{ value }}``."""
    kind = type(value)
    if kind is str:
        return escape(value)
    if kind is int and -1000 < value < 1000:  # no thousands to group: localize() writes str()
        return str(value)
    return value_html(value)


def _points(value):
    """``{{ value|floatformat:"-1" }}`` for a score's points: a whole number below a thousand as
    its digits (what floatformat writes for it: no decimals, nothing to group), anything else
    through floatformat itself (its rounding and the language's decimal comma)."""
    if type(value) is Decimal and -1000 < value < 1000 and value == value.to_integral_value():
        return str(int(value))
    return _v(floatformat(value, "-1"))


def _date(value, fmt):
    """``{{ value|date:fmt }}`` (a datetime in the current time zone first, as the template
    does for filters that expect local time); a date or datetime through date_writer."""
    if isinstance(value, datetime.date):
        return date_writer(get_format(fmt))(template_localtime(value))
    return _v(date_filter(template_localtime(value), fmt))


@per_language
def texts():
    """The blocks' fixed texts in the active language: ``{% translate %}`` once per language
    instead of once per answer (kept by ``per_language``: never changed by a page). The
    ``%(...)s`` ones are filled in per answer."""
    return {
        # Both pages
        "answer": _("Answer"),
        "not_answered": _("Not answered"),
        "evidence_attached": _("Evidence attached (see below)"),
        "explanation": _("Explanation"),
        "evidence": _("Evidence"),
        "valid_until": _("valid until %(date)s"),
        "web_address": _("web address"),
        "expired": _("Expired"),
        "outside_range": _("Outside the usual range"),
        "reason_given": _("Reason given by the supplier"),
        "not_explained": _("Not explained yet"),
        "corrective_action": _("Corrective action:"),
        "deadline": _("deadline %(deadline)s"),
        "required": _("Required"),
        "optional": _("Optional"),
        # Review page
        "weight": _("Weight %(weight)s"),
        "review": _("Review:"),
        "not_reviewed": _("Not reviewed"),
        "reason_for_supplier_colon": _("Reason for the supplier:"),
        "internal_note_colon": _("Internal note:"),
        "never_shown": _("never shown to the supplier"),
        "start_action": _("Start a corrective action"),
        "for_answer": _("for answer %(number)s"),
        "how_counted": _("How it counted:"),
        "counted": _("accepted: %(weight)s × %(points)s = %(earned)s of %(weight)s"),
        "non_compliance": _("non-compliance: 0 of %(weight)s"),
        "not_counted": _("not answered (optional): not counted"),
        "pending": _("pending review: not counted yet (if accepted: %(weight)s × %(points)s)"),
        "review_saved": _("Review saved."),
        "accept_answer": _("Accept answer"),
        "ask_clarification": _("Ask for clarification"),
        "what_to_clarify": _("What should the supplier clarify?"),
        "supplier_sees": _("the supplier sees this"),
        "internal_note_label": _("Internal note (never shown to the supplier)"),
        "record_non_compliance": _("Record non-compliance"),
        "severity_label": _("Severity"),
        "choose": _("Choose…"),
        "reason_for_supplier": _("Reason for the supplier"),
        # Portal page
        "asks_to_clarify": _("The buyer asks you to clarify:"),
        "buyers_review": _("The buyer's review:"),
        "severity": _("severity"),
        "reason": _("Reason:"),
        "your_answer": _("Your answer"),
        "to_question": _("to question %(number)s"),
        "from_library": _("Evidence from your library"),
        "for_question": _("for question %(number)s"),
        "no_valid_evidence": _("Your library has no valid evidence yet."),
        "expired_on": _("expired on %(date)s, cannot be used"),
        "expired_removed": _(
            "Expired evidence no longer counts and is removed when you save. Choose valid evidence instead."
        ),
        "upload": _("Upload new evidence to your library"),
        "come_back": _("(then come back and choose it here)"),
        "added_in_library": _("New evidence is added in your evidence library."),
        "required_before_submit": _("Required before you submit"),
        "save": _("Save"),
        "answer_to_question": _("answer to question %(number)s"),
    }


class Urls:
    """``{% url %}`` for one page: each name reversed once with a stand-in, then the id
    written in (ids are UUIDs: the URL converter writes them as ``str(uuid)``)."""

    STAND_IN = "00000000-0000-0000-0000-00000000beef"

    def __init__(self):
        self._patterns = {}

    def __call__(self, name, public_id):
        pattern = self._patterns.get(name)
        if pattern is None:
            pattern = self._patterns[name] = escape(reverse(name, args=[self.STAND_IN]))
        return pattern.replace(self.STAND_IN, str(public_id))


class Labels:
    """``instance.get_FOO_display()`` with each field's choices translated once per page:
    Django's own builds a dict of every choice, translating each label, at every call."""

    def __init__(self):
        self._labels = {}

    def __call__(self, instance, name):
        field = instance._meta.get_field(name)
        labels = self._labels.get(field)
        if labels is None:
            labels = self._labels[field] = {value: force_str(label) for value, label in field.flatchoices}
        value = getattr(instance, field.attname)
        return labels.get(value, force_str(value, strings_only=True))


class _Page:
    """What the blocks of one page share: the texts in the page's language, the URLs, the
    choices' labels."""

    def __init__(self):
        self.t = texts()
        self.urls = Urls()
        self.display = Labels()

    def answer_value_html(self, row, *, answer_lang, link_evidence):
        """followup/_answer_value.html (its include's output, from its first newline)."""
        t = self.t
        question, answer = row["question"], row["answer"]
        lang = f' lang="{_v(answer_lang)}"' if answer_lang else ""
        parts = [
            f'\n<dl class="dl-grid mb-2">\n  <dt>{t["answer"]}</dt>\n  <dd>',
            self._value_html(question, answer, row["answered"], row["value_label"], lang),
            "</dd>\n  ",
            self._answer_rules_html(row, answer),
            "\n  ",
        ]
        if answer is not None and answer.explanation:
            parts.append(f"<dt>{t['explanation']}</dt><dd{lang}>{linebreaks_html(answer.explanation)}</dd>")
        parts.append("\n  ")
        attached = row["attached"]
        if attached:
            parts.append(f'<dt>{t["evidence"]}</dt>\n  <dd><ul class="list-unstyled mb-0">')
            for evidence in attached:
                title = _v(evidence.title)
                shown = title
                if link_evidence:
                    shown = f'<a href="{self.urls("suppliers:evidence_download", evidence.public_id)}">{title}</a>'
                valid = ""
                if evidence.valid_to:
                    valid = ", " + t["valid_until"] % {"date": _date(evidence.valid_to, "SHORT_DATE_FORMAT")}
                web = ""
                if evidence.url:
                    web = (
                        f'<a href="{_v(evidence.url)}" rel="noopener noreferrer">{t["web_address"]}'
                        f'<span class="visually-hidden"> {title}</span></a>'
                    )
                expired = f'<span class="badge text-bg-danger">{t["expired"]}</span>' if evidence.expired else ""
                parts.append(
                    f"\n    <li>{shown}\n"
                    f'      <span class="text-body-secondary">({_v(self.display(evidence, "kind"))}{valid})</span>\n'
                    f"      {web}\n"
                    f"      {expired}</li>\n  "
                )
            parts.append("</ul></dd>")
        parts.append("\n</dl>\n")
        return "".join(parts)

    def _value_html(self, question, answer, answered, value_label, lang):
        kind = question.answer_type
        if not answered:
            return f"<em>{self.t['not_answered']}</em>\n    "
        if kind in CHOICE_TYPES:
            return f"{_v(value_label)}\n    "
        if kind == "text":
            return f"<span{lang}>{linebreaks_html(answer.text)}</span>\n    "
        if kind == "number":
            unit = question.unit
            return f"{_v(floatformat(answer.number, '-2'))}{f' {_v(unit)}' if unit else ''}\n    "
        if kind == "date":
            return f"{_date(answer.date, 'SHORT_DATE_FORMAT')}\n    "
        if kind == "file":
            return self.t["evidence_attached"]
        return ""

    def _answer_rules_html(self, row, answer):
        """followup/_answer_rules.html."""
        soft = row["soft_breaches"]
        if not soft:
            return "\n\n"
        t = self.t
        if answer is not None and answer.rule_explanation:
            reason = linebreaks_html(answer.rule_explanation)
        else:
            reason = f"<em>{t['not_explained']}</em>"
        return (
            f'\n\n  <dt><span class="badge text-bg-warning">{t["outside_range"]}</span></dt>\n'
            f"  <dd>{join(soft, ' ')}</dd>\n"
            f"  <dt>{t['reason_given']}</dt>\n"
            f"  <dd>{reason}</dd>\n\n"
        )

    def _action_html(self, action, url):
        t = self.t
        deadline = t["deadline"] % {"deadline": _date(action.deadline, "SHORT_DATE_FORMAT")}
        return (
            f'\n  <p class="mb-2" data-answer-action><strong>{t["corrective_action"]}</strong> '
            f'<a href="{url}">{_v(action.title)}</a>\n'
            f"    ({_v(self.display(action, 'status'))}, {deadline})</p>\n  "
        )


# --- The officer's review page --------------------------------------------------------------


class ReviewPage(_Page):
    """The review page's answer blocks (followup/_answer_review.html)."""

    def __init__(self, *, assessment, user, can_review, answer_lang, severities, csrf_token):
        super().__init__()
        t = self.t
        self.user_can_edit = bool(getattr(user, "can_edit", False))
        self.can_review = can_review
        self.answer_lang = answer_lang
        self.csrf_input = ""
        if csrf_token and csrf_token != "NOTPROVIDED":  # noqa: S105  (what {% csrf_token %} skips)
            self.csrf_input = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(str(csrf_token))}">'
        if can_review:
            self.review_url = self.urls("followup:answer_review", assessment.public_id)
            options = "".join(f'<option value="{_v(value)}">{_v(label)}</option>' for value, label in severities)
            self.severity_options = f'<option value="">{t["choose"]}</option>\n          {options}\n'
        if self.user_can_edit:
            self.create_action_url = self.urls("actions:create_from_answer", assessment.public_id)

    @classmethod
    def from_context(cls, context):
        return cls(
            assessment=context["assessment"],
            user=context.get("user"),
            can_review=context.get("can_review"),
            answer_lang=context.get("answer_lang"),
            severities=context.get("severities") or (),
            csrf_token=context.get("csrf_token"),
        )

    def block(self, row, *, saved=False):
        """followup/_answer_review.html (its include's output, from its first newline)."""
        t = self.t
        question, answer, score = row["question"], row["answer"], row["score"]
        qid = str(question.public_id)
        number = _v(question.number)
        parts = [
            f'\n<article id="answer-{qid}" class="card mb-3" aria-labelledby="answer-{qid}-heading">\n'
            f'<div class="card-body">\n'
            f'  <h4 class="h6" id="answer-{qid}-heading">{number}. {linebreaks_html(question.text)}</h4>\n'
            f'  <p class="small text-body-secondary">\n'
            f"    {_v(question.criterion_version.criterion.code)} · {_v(self.display(question, 'answer_type'))} ·\n"
            f"    {t['required'] if question.required else t['optional']} ·\n"
            f"    {t['weight'] % {'weight': _v(question.weight)}}</p>\n  ",
            self.answer_value_html(row, answer_lang=self.answer_lang, link_evidence=True),
            f'\n\n  <div class="d-flex flex-wrap gap-2 align-items-center mb-2">\n    <span>{t["review"]}</span>\n    ',
        ]
        if answer is not None:
            parts.append(self._review_badge_html(answer))
        else:
            parts.append(f'<span class="badge text-bg-light border">{t["not_reviewed"]}</span>')
        parts.append("\n    ")
        if answer is not None and answer.reviewed_by:
            parts.append(
                f'<span class="small text-body-secondary">{_v(answer.reviewed_by.full_name)}, '
                f"{_date(answer.reviewed_at, 'SHORT_DATETIME_FORMAT')}</span>"
            )
        parts.append("\n  </div>\n  ")
        if answer is not None and answer.review_comment:
            parts.append(
                f'<p class="mb-2"><strong>{t["reason_for_supplier_colon"]}</strong> '
                f"{linebreaks_html(answer.review_comment)}</p>"
            )
        parts.append("\n  ")
        if answer is not None and answer.review_note:
            parts.append(
                f'<p class="mb-2"><strong>{t["internal_note_colon"]}</strong> {linebreaks_html(answer.review_note)} '
                f'<span class="small text-body-secondary">({t["never_shown"]})</span></p>'
            )
        parts.append("\n  ")
        action = row.get("action")
        if action:
            parts.append(self._action_html(action, self.urls("actions:detail", action.public_id)))
        elif answer is not None and answer.review == "non_compliant" and self.user_can_edit:
            parts.append(
                f'\n  <p class="mb-2"><a class="btn btn-sm btn-outline-primary" '
                f'href="{self.create_action_url}?question={qid}">{t["start_action"]}'
                f'<span class="visually-hidden"> {t["for_answer"] % {"number": number}}</span></a></p>\n  '
            )
        parts.append(
            f'\n  <p class="small mb-2"><strong>{t["how_counted"]}</strong>\n    {self._score_html(score)}</p>\n\n  '
        )
        form = row.get("form")
        if form and form.errors:
            errors = "".join(f"{join(errors, ' ')} " for errors in form.errors.values())
            parts.append(f'<div class="alert alert-danger" role="alert" data-swap-focus>{errors}</div>')
        parts.append("\n  ")
        if saved:
            parts.append(
                f'<p class="small text-success fw-semibold mb-2" role="status" data-swap-focus>{t["review_saved"]}</p>'
            )
        parts.append("\n\n  ")
        if self.can_review:
            parts.append(self._review_forms(row, qid, number))
        parts.append("\n</div>\n</article>\n")
        return "".join(parts)

    def _review_badge_html(self, answer):
        """followup/_review_badge.html."""
        review = answer.review
        label = _v(self.display(answer, "review"))
        if review == "accepted":
            badge = f'<span class="badge text-bg-success">{label}</span>'
        elif review == "clarification":
            badge = f'<span class="badge text-bg-warning">{label}</span>'
        elif review == "non_compliant":
            badge = f'<span class="badge text-bg-danger">{label}: {_v(self.display(answer, "severity"))}</span>'
        else:
            badge = f'<span class="badge text-bg-light border">{self.t["not_reviewed"]}</span>'
        return badge + "\n"

    def _score_html(self, score):
        t = self.t
        state = score.state
        weight = _v(score.weight)
        if state == "counted":
            points, earned = _points(score.points), _points(score.earned)
            return t["counted"] % {"weight": weight, "points": points, "earned": earned} + "\n    "
        if state == "non_compliant":
            return t["non_compliance"] % {"weight": weight} + "\n    "
        if state == "not_answered":
            return t["not_counted"] + "\n    "
        return t["pending"] % {"weight": weight, "points": _points(score.points)}

    def _review_forms(self, row, qid, number):
        t, url, csrf = self.t, self.review_url, self.csrf_input
        # hx-sync: the page's reviews are sent one after another, so that the score summary
        # each answer sends back counts every review sent before it (two quick clicks on
        # "Accept" would otherwise be read in two transactions that each miss the other).
        target = (
            f'action="{url}" hx-post="{url}" hx-target="#answer-{qid}" hx-swap="outerHTML" '
            'hx-sync="closest main:queue all"'
        )
        hidden_number = f'<span class="visually-hidden"> {number}</span>'
        sees = f'<span class="small text-body-secondary">({t["supplier_sees"]})</span>'
        accept = ""
        if row["answered"]:
            accept = (
                f'\n    <form method="post" {target}>{csrf}\n'
                f'      <input type="hidden" name="question" value="{qid}">'
                f'<input type="hidden" name="decision" value="accepted">\n'
                f'      <button type="submit" class="btn btn-sm btn-success">{t["accept_answer"]}{hidden_number}'
                f"</button>\n"
                f"    </form>\n    "
            )
        return (
            f"\n  \n"
            f'  <div class="d-flex flex-wrap gap-3 align-items-start">\n'
            f"    {accept}\n"
            f"    <details>\n"
            f'      <summary class="btn btn-sm btn-outline-warning text-body">{t["ask_clarification"]}'
            f"{hidden_number}</summary>\n"
            f'      <form method="post" {target} class="mt-2">{csrf}\n'
            f'        <input type="hidden" name="question" value="{qid}">'
            f'<input type="hidden" name="decision" value="clarification">\n'
            f'        <label class="form-label" for="clarify-{qid}">{t["what_to_clarify"]} {sees}</label>\n'
            f'        <textarea class="form-control mb-2" id="clarify-{qid}" name="comment" rows="2" required>'
            f"</textarea>\n"
            f'        <label class="form-label" for="clarify-note-{qid}">{t["internal_note_label"]}</label>\n'
            f'        <textarea class="form-control mb-2" id="clarify-note-{qid}" name="note" rows="2"></textarea>\n'
            f'        <button type="submit" class="btn btn-sm btn-warning">{t["ask_clarification"]}</button>\n'
            f"      </form>\n"
            f"    </details>\n"
            f"    <details>\n"
            f'      <summary class="btn btn-sm btn-outline-danger">{t["record_non_compliance"]}'
            f"{hidden_number}</summary>\n"
            f'      <form method="post" {target} class="mt-2">{csrf}\n'
            f'        <input type="hidden" name="question" value="{qid}">'
            f'<input type="hidden" name="decision" value="non_compliant">\n'
            f'        <label class="form-label" for="severity-{qid}">{t["severity_label"]}</label>\n'
            f'        <select class="form-select mb-2" id="severity-{qid}" name="severity" required>\n'
            f"          {self.severity_options}"
            f"        </select>\n"
            f'        <label class="form-label" for="nc-comment-{qid}">{t["reason_for_supplier"]} {sees}</label>\n'
            f'        <textarea class="form-control mb-2" id="nc-comment-{qid}" name="comment" rows="2" required>'
            f"</textarea>\n"
            f'        <label class="form-label" for="nc-note-{qid}">{t["internal_note_label"]}</label>\n'
            f'        <textarea class="form-control mb-2" id="nc-note-{qid}" name="note" rows="2"></textarea>\n'
            f'        <button type="submit" class="btn btn-sm btn-danger">{t["record_non_compliance"]}</button>\n'
            f"      </form>\n"
            f"    </details>\n"
            f"  </div>\n  "
        )


@register.simple_tag(takes_context=True)
def answer_reviews(context, rows):
    """The review page's answer blocks, as ``{% include "followup/_answer_review.html" %}``
    in a loop wrote them."""
    page = context.get("_review_page")
    if page is None:  # one per page: the texts and URLs are shared by every step's blocks
        page = context["_review_page"] = ReviewPage.from_context(context)
    # Every value is escaped above, as the templates escaped it.
    return mark_safe("".join(page.block(row) + "\n" for row in rows))  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal


# --- The supplier's answer page -------------------------------------------------------------


def _errors_html(errors):
    return "".join(f'<div class="invalid-feedback d-block">{_v(error)}</div>' for error in errors)


class PortalPage(_Page):
    """The portal answer page's question blocks (portal/followup/_question.html)."""

    def __init__(self, *, assessment):
        super().__init__()
        t = self.t
        self.returned = assessment.status == "returned"
        try:
            create_url = escape(reverse("portal:evidence_create"))
        except NoReverseMatch:
            create_url = ""
        if create_url:
            self.upload_html = f'<p class="small mb-0"><a href="{create_url}">{t["upload"]}</a> {t["come_back"]}</p>'
        else:
            self.upload_html = f'<p class="small mb-0">{t["added_in_library"]}</p>'

    def block(self, row):
        """portal/followup/_question.html (its include's output, from its first newline)."""
        t = self.t
        question, answer, form = row["question"], row["answer"], row["form"]
        prefix = escape(row["prefix"])
        problem = row.get("problem")
        danger = " border-danger" if problem else ""
        autosave = f' data-autosave-question="{prefix}"' if form or row.get("saved_inputs") else ""
        parts = [
            f'\n<section id="question-{_v(question.order)}" class="card mb-3{danger}" '
            f'aria-labelledby="{prefix}-heading"{autosave}>\n'
            f'<div class="card-body">\n'
            f'  <h3 class="h6" id="{prefix}-heading">{_v(question.number)}. {linebreaks_html(question.text)}\n'
            f'    <span class="badge text-bg-light border">'
            f"{t['required'] if question.required else t['optional']}</span></h3>\n  "
        ]
        help_text = question.help
        if help_text:
            parts.append(f'<div class="form-text mb-2" id="{prefix}-help">{linebreaks_html(help_text)}</div>')
        parts.append("\n  ")
        review = answer.review if answer is not None else None
        if self.returned and review == "clarification":
            parts.append(
                f'\n  <div class="alert alert-warning py-2"><strong>{t["asks_to_clarify"]}</strong> '
                f"{linebreaks_html(answer.review_comment)}</div>\n  "
            )
        parts.append("\n  ")
        if review == "non_compliant":
            review_label, severity = _v(self.display(answer, "review")), _v(self.display(answer, "severity"))
            reason = ""
            if answer.review_comment:
                reason = f"<br><strong>{t['reason']}</strong> {linebreaks_html(answer.review_comment)}"
            parts.append(
                f'\n  <div class="alert alert-danger py-2" data-review-outcome><strong>{t["buyers_review"]}'
                f"</strong> {review_label} ({t['severity']}: {severity})\n"
                f"    {reason}</div>\n  "
            )
        elif review == "accepted":
            review_label = _v(self.display(answer, "review"))
            parts.append(
                f'\n  <p class="mb-2"><span class="badge text-bg-success">{t["buyers_review"]} '
                f"{review_label}</span></p>\n  "
            )
        parts.append("\n  ")
        action = row.get("action")
        if action:
            parts.append(self._action_html(action, self.urls("portal_actions:detail", action.public_id)))
        parts.append("\n  ")
        if problem:
            parts.append(f'<div class="alert alert-danger py-2" role="alert">{_v(problem)}</div>')
        parts.append("\n\n  ")
        if form:
            parts.append(self._form_html(row, question, FormInputs(form), prefix))
        elif row.get("saved_inputs"):
            parts.append(self._form_html(row, question, SavedInputs(row), prefix))
        else:
            parts.append("\n    " + self.answer_value_html(row, answer_lang=None, link_evidence=False) + "\n  ")
        parts.append("\n</div>\n</section>\n")
        return "".join(parts)

    def _form_html(self, row, question, inputs, prefix):
        t = self.t
        kind = question.answer_type
        described = f' aria-describedby="{prefix}-help"' if question.help else ""
        number = _v(question.number)
        to_question = t["to_question"] % {"number": number}
        parts = ["\n    "]
        non_field = inputs.non_field_errors()
        if non_field:
            parts.append(f'<div class="alert alert-danger py-2">{join(non_field, " ")}</div>')
        parts.append("\n    ")
        if kind in CHOICE_TYPES:
            buttons, errors = inputs.choice_buttons()
            radios = "".join(
                f'<div class="form-check form-check-inline">{tag}<label class="form-check-label" '
                f'for="{_v(element_id)}">{_v(label)}</label></div>'
                for tag, element_id, label in buttons
            )
            parts.append(
                f'\n    <fieldset class="mb-2"{described}>\n'
                f'      <legend class="form-label fs-6 mb-1">{t["your_answer"]}'
                f'<span class="visually-hidden"> {to_question}</span></legend>\n'
                f"      {radios}\n"
                f"      {_errors_html(errors)}\n"
                f"    </fieldset>\n    "
            )
        elif kind == "file":
            parts.append(self._evidence_html(row, inputs, prefix, described, number))
        else:
            widget, element_id, name, errors = inputs.answer_input()
            unit = question.unit if kind == "number" else ""
            if unit:
                widget = f'<div class="input-group">{widget}<span class="input-group-text">{_v(unit)}</span></div>'
            rules = inputs.rules_text
            rules_html = f'<div class="form-text" id="{prefix}-rules">{_v(rules)}</div>' if rules else ""
            parts.append(
                f"\n    \n"
                f'    <div class="mb-2">\n'
                f'      <label class="form-label" for="{_v(element_id)}">{t["your_answer"]}'
                f'<span class="visually-hidden"> {to_question}</span></label>\n'
                f"      {widget}\n"
                f"      {rules_html}\n"
                f'      <div id="{prefix}-{_v(name)}-error" data-autosave-error>'
                f"{_errors_html(errors)}</div>\n"
                f"    </div>\n"
                f"    \n    "
            )
        parts.append("\n    ")
        if inputs.has_rule_explanation:
            parts.append(self._rule_explanation_html(inputs, prefix, to_question))
        explanation, element_id, auto_id, help_text, errors = inputs.explanation()
        save_hidden = t["answer_to_question"] % {"number": number}
        parts.append(
            f'\n    <div class="mb-2">\n'
            f'      <label class="form-label" for="{_v(element_id)}">{t["explanation"]}'
            f'<span class="visually-hidden"> {to_question}</span></label>\n'
            f"      {explanation}\n"
            f'      <div class="form-text" id="{_v(auto_id)}_helptext">{_v(help_text)}</div>\n'
            f"      {_errors_html(errors)}\n"
            f"    </div>\n"
            f"    {inputs.revision_html()}\n"
            f'    <div class="d-flex flex-wrap gap-3 align-items-center">\n'
            f'      <button type="submit" name="save" value="{prefix}" class="btn btn-sm btn-outline-primary">'
            f'{t["save"]}<span class="visually-hidden"> {save_hidden}</span></button>\n'
            f'      <p class="small mb-0" id="{prefix}-status" role="status" aria-live="polite" '
            f"data-autosave-status></p>\n"
            f"    </div>\n  "
        )
        return "".join(parts)

    def _evidence_html(self, row, inputs, prefix, described, number):
        t = self.t
        boxes, errors = inputs.evidence_boxes()
        boxes = (
            "".join(
                f'<div class="form-check">{tag}<label class="form-check-label" '
                f'for="{_v(element_id)}">{_v(label)}</label></div>\n      '
                for tag, element_id, label in boxes
            )
            or f'<p class="mb-1">{t["no_valid_evidence"]}</p>'
        )
        expired = []
        attached = row["attached"]
        for counter, evidence in enumerate(row["expired_library"], start=1):
            box_id = f"{prefix}-expired-{counter}"
            until = t["expired_on"] % {"date": _date(evidence.valid_to, "DATE_FORMAT")}
            expired.append(
                f'<div class="form-check">\n'
                f'        <input class="form-check-input" type="checkbox" disabled id="{box_id}"'
                f"{' checked' if evidence in attached else ''}>\n"
                f'        <label class="form-check-label text-body-secondary" for="{box_id}">'
                f"{_v(evidence.title)} – {until}</label></div>"
            )
        removed = ""
        if row["expired_attached"]:
            removed = f'<p class="small text-danger mb-1">{t["expired_removed"]}</p>'
        return (
            f'\n    <fieldset class="mb-2"{described}>\n'
            f'      <legend class="form-label fs-6 mb-1">{t["from_library"]}'
            f'<span class="visually-hidden"> {t["for_question"] % {"number": number}}</span></legend>\n'
            f"      {boxes}\n"
            f"      {''.join(expired)}\n"
            f"      {_errors_html(errors)}\n"
            f"      {removed}\n"
            f"      \n"
            f"      {self.upload_html}\n"
            f"    </fieldset>\n    "
        )

    def _rule_explanation_html(self, inputs, prefix, to_question):
        t = self.t
        soft, element_id, label, html_name, value = inputs.rule_explanation()
        required = f' <span class="badge text-bg-warning">{t["required_before_submit"]}</span>' if soft else ""
        return (
            f'\n    <div class="mb-2 border-start border-warning border-3 ps-2" data-rule-explanation'
            f"{'' if soft else ' hidden'}>\n"
            f'      <p class="mb-1" id="{prefix}-soft" data-rule-warning>{join(soft, " ")}</p>\n'
            f'      <label class="form-label" for="{_v(element_id)}">{_v(label)}'
            f'<span class="visually-hidden"> {to_question}</span>{required}</label>\n'
            f'      <textarea name="{_v(html_name)}" id="{_v(element_id)}" rows="3" class="form-control" '
            f'aria-describedby="{prefix}-soft">{_v("" if value is None else value)}</textarea>\n'
            f"    </div>\n    "
        )


class FormInputs:
    """The inputs of a question block from its AnswerForm (a posted page: the values as
    posted, with their errors)."""

    def __init__(self, form):
        self.form = form
        self.has_rule_explanation = "rule_explanation" in form.fields

    @property
    def rules_text(self):
        return self.form.rules_text

    def non_field_errors(self):
        return self.form.non_field_errors()

    def choice_buttons(self):
        field = self.form["choice"]
        buttons = radio_buttons(field)
        if buttons is None:
            buttons = [(radio.tag(), radio.id_for_label, radio.choice_label) for radio in field]
        return buttons, field.errors

    def evidence_boxes(self):
        field = self.form["evidence"]
        return [(box.tag(), box.id_for_label, box.choice_label) for box in field], field.errors

    def answer_input(self):
        field = self.form.answer_field
        return str(field), field.id_for_label, field.name, field.errors

    def rule_explanation(self):
        field = self.form["rule_explanation"]
        return self.form.soft_breaches, field.id_for_label, field.label, field.html_name, field.value()

    def explanation(self):
        field = self.form["explanation"]
        return str(field), field.id_for_label, field.auto_id, field.help_text, field.errors

    def revision_html(self):
        return str(self.form["revision"])


class SavedInputs:
    """The inputs of a question block showing the saved answer (the page as first shown): the
    HTML an unbound AnswerForm writes through the fast form renderer (the same attributes in
    the same order, the values formatted by the same widgets), without building twenty forms
    and their bound fields on every view. tests/followup/test_answer_blocks.py compares the
    page with the templates that rendered the forms."""

    _radio = forms.RadioSelect()
    _boxes = forms.CheckboxSelectMultiple()
    _widgets = {
        "text": forms.Textarea(),
        "number": forms.NumberInput(),
        "date": forms.DateInput(**DATE_WIDGET),
    }
    # Each answer input's attributes before its class (the widget's defaults and the field's
    # own, as AnswerForm's fields give them).
    _first_attrs = {"text": {"cols": "40", "rows": 4}, "number": {"step": "0.01"}, "date": {}}

    def __init__(self, row):
        self.question, self.answer, self.prefix = row["question"], row["answer"], row["prefix"]
        self.row = row
        self.has_rule_explanation = self.question.has_soft_rules

    def _id(self, name):
        return f"id_{self.prefix}-{name}"

    @property
    def rules_text(self):
        return plausibility.describe(self.question)

    def non_field_errors(self):
        return ()

    def choice_buttons(self):
        question, answer = self.question, self.answer
        if question.answer_type == "yes_no_partly":
            choices = Answer.Choice.choices
        else:
            choices = question.choice_options()
        chosen = self._radio.format_value(answer.choice if answer is not None else None)
        base = {"class": "form-check-input", "id": self._id("choice")}
        return choice_inputs(self._radio, f"{self.prefix}-choice", choices, chosen, base), ()

    def evidence_boxes(self):
        answer = self.answer
        chosen = self._boxes.format_value(
            [str(e.public_id) for e in attached_evidence(answer)] if answer is not None else None
        )
        choices = evidence_choices(self.question, self.row["library"])
        base = {"class": "form-check-input", "id": self._id("evidence")}
        return choice_inputs(self._boxes, f"{self.prefix}-evidence", choices, chosen, base), ()

    def answer_input(self):
        question, answer, prefix = self.question, self.answer, self.prefix
        name = question.answer_type
        widget = self._widgets[name]
        attrs = {**self._first_attrs[name], "class": "form-control"}
        described = [f"{prefix}-help"] if question.help else []
        if self.rules_text:
            described.append(f"{prefix}-rules")
        if described:
            attrs["aria-describedby"] = " ".join(described)
        attrs["id"] = element_id = self._id(name)
        value = widget.format_value(getattr(answer, name) if answer is not None else None)
        context = {"name": f"{prefix}-{name}", "value": value, "attrs": attrs}
        if name == "text":
            html = textarea_html(context)
        else:
            html = input_html({**context, "type": widget.input_type})
        return html, element_id, name, ()

    def rule_explanation(self):
        value = self.answer.rule_explanation if self.answer is not None else None
        element_id = self._id("rule_explanation")
        return self.row["soft_breaches"], element_id, RULE_EXPLANATION_LABEL, f"{self.prefix}-rule_explanation", value

    def explanation(self):
        field = AnswerForm.base_fields["explanation"]
        auto_id = self._id("explanation")
        attrs = {
            **field.widget.attrs,
            "class": "form-control",
            "aria-describedby": f"{auto_id}_helptext",
            "id": auto_id,
        }
        value = field.widget.format_value(self.answer.explanation if self.answer is not None else None)
        html = textarea_html({"name": f"{self.prefix}-explanation", "value": value, "attrs": attrs})
        return html, auto_id, auto_id, field.help_text, ()

    def revision_html(self):
        revision = self.answer.revision if self.answer is not None else 0
        attrs = {"id": self._id("revision")}
        return input_html({"type": "hidden", "name": f"{self.prefix}-revision", "value": str(revision), "attrs": attrs})


@register.simple_tag(takes_context=True)
def portal_questions(context, rows):
    """The portal answer page's question blocks, as ``{% include "portal/followup/_question.html" %}``
    in a loop wrote them."""
    page = context.get("_portal_page")
    if page is None:  # one per page: the texts and URLs are shared by every step's blocks
        page = context["_portal_page"] = PortalPage(assessment=context["assessment"])
    # Every value is escaped above, as the templates escaped it.
    return mark_safe("".join(page.block(row) + "\n" for row in rows))  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal


# --- The review page's score tables ---------------------------------------------------------


@register.simple_tag
def score_rows(groups):
    """The rows of the score table per OECD step or per criterion (_review_summary.html), as
    its loop wrote them: label, score in per cent or a dash, how many answers counted."""
    counted_of = _("%(counted)s of %(total)s")
    parts = []
    for group in groups:
        percent = group.percent
        score = f"{_v(percent)} %" if percent is not None else "–"
        counted = counted_of % {"counted": _v(group.counted), "total": _v(group.total)}
        parts.append(
            f'<tr><th scope="row" class="fw-normal">{_v(group.label)}</th><td class="text-end">{score}</td>'
            f'<td class="text-end">{counted}</td></tr>'
        )
    # Every value is escaped above, as the template escaped it.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal


@register.filter
def crispy_note(form):
    """``{{ form|crispy }}`` for the review page's internal note (form_renderer.crispy_kept)."""
    return crispy_kept(form)
