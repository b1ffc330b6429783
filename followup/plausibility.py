"""Plausibility rules of a question (set in the questionnaire builder, stored on Question):
a number range with a unit, a maximum length for text, a date not in the future or not
older than some months. A hard rule refuses the answer; a soft rule lets it be saved
but the supplier must say why (Answer.rule_explanation) before submitting.

One function, ``breaches``, decides; the answer service (every save: portal page,
autosave, API), the answer form (messages at the field) and the submit check call it,
and the review page shows the soft ones with the supplier's reason."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Question
from .models.assessments import Strictness


@dataclass(frozen=True)
class Breach:
    field: str  # the answer's field: "number", "text" or "date"
    message: str
    hard: bool


def _number(value: Decimal, unit: str) -> str:
    shown = floatformat(value, "-2")
    return f"{shown} {unit}".strip()


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` calendar months earlier (the month's last day if shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last_day))


def _number_breaches(question: Question, number) -> list[Breach]:
    if number is None:
        return []
    unit = question.unit
    low, high = question.min_value, question.max_value
    if (low is not None and number < low) or (high is not None and number > high):
        if low is not None and high is not None:
            message = _("%(value)s is not possible here: enter a number from %(min)s to %(max)s.") % {
                "value": _number(number, unit),
                "min": _number(low, unit),
                "max": _number(high, unit),
            }
        elif low is not None:
            message = _("%(value)s is not possible here: enter %(min)s or more.") % {
                "value": _number(number, unit),
                "min": _number(low, unit),
            }
        else:
            message = _("%(value)s is not possible here: enter %(max)s or less.") % {
                "value": _number(number, unit),
                "max": _number(high, unit),
            }
        return [Breach("number", message, hard=True)]
    if question.soft_max is not None and number > question.soft_max:
        message = _("%(value)s is above the usual limit of %(max)s. Please explain why.") % {
            "value": _number(number, unit),
            "max": _number(question.soft_max, unit),
        }
        return [Breach("number", message, hard=False)]
    if question.soft_min is not None and number < question.soft_min:
        message = _("%(value)s is below the usual minimum of %(min)s. Please explain why.") % {
            "value": _number(number, unit),
            "min": _number(question.soft_min, unit),
        }
        return [Breach("number", message, hard=False)]
    return []


def _text_breaches(question: Question, text: str) -> list[Breach]:
    if question.max_length is None or len(text or "") <= question.max_length:
        return []
    hard = question.max_length_strictness != Strictness.SOFT
    values = {"length": len(text), "max": question.max_length}
    if hard:
        message = _("The answer is %(length)d characters long; shorten it to at most %(max)d.") % values
    else:
        message = (
            _("The answer is %(length)d characters long, more than the usual %(max)d. Please explain why.") % values
        )
    return [Breach("text", message, hard=hard)]


def _date_breaches(question: Question, date, today: datetime.date) -> list[Breach]:
    if date is None:
        return []
    found = []
    if question.date_not_future and date > today:
        hard = question.date_not_future == Strictness.HARD
        message = (
            _("The date cannot be in the future.") if hard else _("The date is in the future. Please explain why.")
        )
        found.append(Breach("date", message, hard=hard))
    months = question.date_max_age_months
    if months and date < months_before(today, months):
        hard = question.date_max_age_strictness != Strictness.SOFT
        if hard:
            message = _("The date is more than %(months)d months ago; it cannot be older than %(earliest)s.") % {
                "months": months,
                "earliest": _date(months_before(today, months)),
            }
        else:
            message = _("The date is more than %(months)d months ago. Please explain why.") % {"months": months}
        found.append(Breach("date", message, hard=hard))
    return found


def _date(day):
    return date_format(day, "SHORT_DATE_FORMAT")


def breaches(question: Question, *, number=None, text="", date=None, today=None) -> list[Breach]:
    """Every rule of ``question`` the values break, hard ones and soft ones."""
    kinds = Question.AnswerType
    if question.answer_type == kinds.NUMBER:
        return _number_breaches(question, number)
    if question.answer_type == kinds.TEXT:
        return _text_breaches(question, text)
    if question.answer_type == kinds.DATE:
        return _date_breaches(question, date, today or timezone.localdate())
    return []


def answer_breaches(question: Question, answer, today=None) -> list[Breach]:
    if answer is None:
        return []
    return breaches(question, number=answer.number, text=answer.text, date=answer.date, today=today)


def soft_messages(question: Question, answer) -> list[str]:
    """The soft rules a saved answer breaks (what the supplier must explain)."""
    return [b.message for b in answer_breaches(question, answer) if not b.hard]


def describe(question: Question) -> str:
    """The rules in one sentence for the supplier, next to the field ("" when none)."""
    kinds = Question.AnswerType
    unit = question.unit
    parts = []
    if question.answer_type == kinds.NUMBER:
        low, high = question.min_value, question.max_value
        if low is not None and high is not None:
            parts.append(_("From %(min)s to %(max)s.") % {"min": _number(low, unit), "max": _number(high, unit)})
        elif low is not None:
            parts.append(_("At least %(min)s.") % {"min": _number(low, unit)})
        elif high is not None:
            parts.append(_("At most %(max)s.") % {"max": _number(high, unit)})
        elif unit:
            parts.append(_("In %(unit)s.") % {"unit": unit})
        if question.soft_max is not None:
            parts.append(_("Above %(max)s you will be asked why.") % {"max": _number(question.soft_max, unit)})
        if question.soft_min is not None:
            parts.append(_("Below %(min)s you will be asked why.") % {"min": _number(question.soft_min, unit)})
    elif question.answer_type == kinds.TEXT and question.max_length:
        parts.append(_("At most %(max)d characters.") % {"max": question.max_length})
    elif question.answer_type == kinds.DATE:
        if question.date_not_future == Strictness.HARD:
            parts.append(_("Not in the future."))
        elif question.date_not_future == Strictness.SOFT:
            parts.append(_("If in the future you will be asked why."))
        if question.date_max_age_months:
            parts.append(
                _("Not older than %(months)d months.") % {"months": question.date_max_age_months}
                if question.date_max_age_strictness == Strictness.HARD
                else _("If older than %(months)d months you will be asked why.")
                % {"months": question.date_max_age_months}
            )
    return " ".join(parts)


def unexplained(items) -> list[Question]:
    """Questions of ``[(question, answer), ...]`` whose answer breaks a hard rule (it
    cannot be sent) or a soft rule without the supplier's reason: submitting waits."""
    blocked = []
    for question, answer in items:
        found = answer_breaches(question, answer)
        if any(b.hard for b in found) or (found and not (answer.rule_explanation or "").strip()):
            blocked.append(question)
    return blocked
