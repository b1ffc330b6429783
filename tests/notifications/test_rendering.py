"""Rendering many emails at once (rendering.render_emails) gives, email for email, the text
that rendering each one by one gives: in every reminder template, in both languages, with
texts that escaping, str.format, %-formatting and whitespace could each get wrong."""

import datetime
import itertools
import logging
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from oslo_procurement.notifications import rendering
from oslo_procurement.notifications.rendering import render_emails, render_one, template_plan

REMINDERS = "followup/reminders/email/"
FILLABLE = [
    REMINDERS + name
    for name in (
        "assessment_due",
        "assessment_overdue",
        "action_due",
        "action_overdue",
        "action_escalated",
        "evidence_expiring",
        "transparency_account",
        "invitation_pending",
    )
]
HOSTILE = [
    'Rights & "risks" <2026>',
    "O'Brien & Søn <script>alert(1)</script>",
    "{braces} {0} {{double}} {title}",
    "%(title)s %s 100 %",
    "tabs\tand  double  spaces\nand a newline ",
    "\ue0000&\ue001 and \ue0001&amp;\ue001, look-alikes of the markers",
    "Ærlig Øl & Å",
]
OSLO = ZoneInfo("Europe/Oslo")


def contexts():
    """Contexts as the rules build them, every text hostile or empty in turn, with the
    values that choose the wording (days, overdue, invited...) varied too."""
    result = []
    texts = itertools.cycle(HOSTILE + [""])
    for days, flag in itertools.product((0, 1, 2, 14), (False, True)):
        for _repeat in range(3):
            result.append(
                {
                    "recipient_name": next(texts),
                    "title": next(texts),
                    "supplier": next(texts),
                    "buyer": next(texts),
                    "link": "https://oslo.example/portal/x/?a=1&b=" + next(texts),
                    "inviter": next(texts),
                    "inviter_email": next(texts),
                    "evidence_kind": gettext_lazy("Other"),
                    "deadline": datetime.date(2026, 6, 1) + datetime.timedelta(days=days),
                    "valid_to": datetime.date(2026, 6, 1),
                    "invited_on": datetime.date(2026, 5, 2),
                    "expires_at": datetime.datetime(2026, 6, 3, 23, 30, tzinfo=datetime.UTC),
                    "days": days,
                    "threshold": 7,
                    "year": 2026,
                    "to_manager": flag,
                    "expired": flag,
                    "late": flag,
                    "invited": not flag,
                    "step": "-3",
                    "today": datetime.date(2026, 5, 29),
                }
            )
    return result


def one_by_one(template, items):
    return [render_one(template, context) for context in items]


@pytest.mark.parametrize("template", FILLABLE)
def test_every_reminder_template_is_filled_and_each_email_is_the_one_rendered_alone(template, caplog):
    plan = template_plan(template)
    assert plan.fillable
    assert {"recipient_name", "supplier", "link"} & plan.texts
    items = contexts()
    for language in ("en", "nb"):
        with translation.override(language), timezone.override(OSLO):
            assert render_emails(template, items) == one_by_one(template, items)
    # Filled, not rendered one by one after a failed check (which would hide a wrong fill).
    assert "could not be filled" not in caplog.text


def test_the_officers_summary_lists_rows_and_is_rendered_one_by_one():
    template = REMINDERS + "officer_digest"
    assert not template_plan(template).fillable
    row = {"supplier__legal_name": HOSTILE[1], "title": HOSTILE[0], "deadline": datetime.date(2026, 5, 1), "link": "x"}
    items = [
        {
            "recipient_name": name,
            "buyer": "Oslo kommune",
            "date": datetime.date(2026, 5, 4),
            "overdue_assessments": [row],
            "overdue_actions": [],
            "submitted_assessments": [],
            "submitted_evidence": [],
            "expired_invitations": [],
            "missing_accounts": [],
            "count": 1,
        }
        for name in HOSTILE
    ]
    with translation.override("nb"):
        assert render_emails(template, items) == one_by_one(template, items)


def test_each_shape_is_rendered_once(monkeypatch):
    """Thirty emails that differ only in their texts: one shape, rendered once with markers
    and once the ordinary way to check it, three templates each."""
    calls = []
    real = rendering.render_to_string

    def counting(name, context=None, *args, **kwargs):
        calls.append(name)
        return real(name, context, *args, **kwargs)

    monkeypatch.setattr(rendering, "render_to_string", counting)
    base = contexts()[0]
    items = [{**base, "recipient_name": f"Person {i}", "title": f"Round {i}"} for i in range(30)]
    template = REMINDERS + "assessment_due"
    emails = render_emails(template, items)
    assert len(calls) == 6
    assert emails == one_by_one(template, items)
    assert emails[7][0].endswith('"Round 7"') and "Hello Person 7," in emails[7][1]


FAKE = {
    # A text through a filter, compared, and only printed: only the last may be filled in.
    "fake/filtered_subject.txt": "{% autoescape off %}{{ title|upper }} {{ name }}{% endautoescape %}",
    "fake/filtered.txt": "{% autoescape off %}{% if kind == 'x' %}X{% endif %}{{ kind }} {{ name }}{% endautoescape %}",
    "fake/filtered.html": "<p>{{ title|truncatechars:5 }} {{ name }}</p>",
    # A tag the reading does not know: every email rendered alone.
    "fake/loop_subject.txt": "{% for c in title %}{{ c }}.{% endfor %}",
    "fake/loop.txt": "{{ name }}",
    "fake/loop.html": "{{ name }}",
    "fake/with_subject.txt": "{% with other=name %}{{ other }}{% endwith %}",
    "fake/with.txt": "{{ name }}",
    "fake/with.html": "{{ name }}",
}


@pytest.fixture
def fake_templates(settings):
    settings.TEMPLATES = [
        {
            **django_settings.TEMPLATES[0],
            "APP_DIRS": False,
            "OPTIONS": {
                "loaders": [
                    ("django.template.loaders.locmem.Loader", FAKE),
                    "django.template.loaders.filesystem.Loader",
                    "django.template.loaders.app_directories.Loader",
                ]
            },
        }
    ]


def test_a_text_that_is_filtered_or_compared_chooses_the_shape(fake_templates):
    plan = template_plan("fake/filtered")
    assert plan.fillable and plan.texts == {"name"} and plan.keys == {"title", "kind"}
    items = [
        {"title": title, "kind": kind, "name": name}
        for title, kind, name in itertools.product(["short", "a longer title", HOSTILE[0]], ["x", "y"], HOSTILE)
    ]
    assert render_emails("fake/filtered", items) == one_by_one("fake/filtered", items)


@pytest.mark.parametrize("template", ["fake/loop", "fake/with"])
def test_a_template_with_an_unknown_tag_is_rendered_one_by_one(fake_templates, template):
    assert not template_plan(template).fillable
    items = [{"title": text, "name": text} for text in HOSTILE]
    assert render_emails(template, items) == one_by_one(template, items)


def test_values_whose_equality_says_nothing_are_rendered_one_by_one():
    template = REMINDERS + "assessment_due"
    base = contexts()[0]
    items = [{**base, "days": days} for days in (1, True)] + [{**base, "title": object()}]
    assert render_emails(template, items) == one_by_one(template, items)


def test_a_wrong_reading_is_caught_by_the_check_and_rendered_one_by_one(fake_templates, monkeypatch, caplog):
    """If the reading of a template were wrong (here it is told that the upper-cased title is
    only printed), the first email of the shape differs from its ordinary rendering: the
    shape is rendered one by one, with a warning."""
    wrong = rendering.Plan(True, texts=frozenset({"title", "name", "kind"}), keys=frozenset())
    monkeypatch.setattr(rendering, "template_plan", lambda template: wrong)
    items = [{"title": f"title {i}", "kind": "y", "name": f"name {i}"} for i in range(5)]
    with caplog.at_level(logging.WARNING, logger="oslo_procurement.notifications.rendering"):
        emails = render_emails("fake/filtered", items)
    assert emails == one_by_one("fake/filtered", items)
    assert emails[3][0] == "TITLE 3 name 3"
    assert "could not be filled" in caplog.text
