"""The question blocks of the portal answer page and the answer blocks of the review page,
written in Python (followup/templatetags/answer_blocks.py), are the HTML the templates wrote.
Those templates are kept here (templates_before/) and rendered beside the writers, answer by
answer: answered and not, every answer type, with and without evidence (valid, expired),
with review comments, a corrective action, refused input, in both languages."""

import datetime
from pathlib import Path

import pytest
from django.template import Context, Engine, Template
from django.test import RequestFactory
from django.utils import translation

from followup import portal_views, selectors, services, views
from followup.forms import AnswerForm, AnswerReviewForm
from followup.models import Answer
from followup.scoring import score_assessment
from followup.templatetags.answer_blocks import PortalPage, ReviewPage, score_rows
from tests import factories as f
from tests.followup_research.factories import ActionFactory

from .factories import AssessmentFactory, QuestionFactory

BEFORE = Engine(
    dirs=[Path(__file__).parent / "templates_before"],
    libraries={"i18n": "django.templatetags.i18n"},
)
CHOICES = [{"value": "a", "nb": "Valg <a>", "en": "Option <a>"}, {"value": "b", "nb": "Valg & b", "en": "Option & b"}]
TOKEN = "a-token-of-64-characters-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"


@pytest.fixture
def world(questionnaire, round_, supplier_a, officer):
    """Beside the conftest's three questions: one of every other type, with help texts,
    plausibility rules, units; the supplier's evidence library with an expired certificate."""
    version = {
        step: f.CriterionVersionFactory(criterion__oecd_step=step, criterion__code=f"K-{step}") for step in (3, 4)
    }

    def add(step, **fields):
        return QuestionFactory(questionnaire=questionnaire, criterion_version=version[step], **fields)

    extra = [
        add(3, answer_type="choice", choices=CHOICES, required=False, weight=3, help_en="Pick <one>\nonly"),
        add(3, answer_type="text", max_length=80, max_length_strictness="hard", help_nb="Skriv"),
        add(3, answer_type="number", unit_en="tonnes", unit_nb="tonn", min_value=0, soft_max=10),
        add(4, answer_type="date", date_not_future="hard"),
        add(4, answer_type="file", evidence_kind="tco", help_en="The certificate"),
        add(4, answer_type="file", required=False),
    ]
    library = {
        "tco": f.EvidenceFactory(supplier=supplier_a, title="TCO <10>"),
        "iso": f.EvidenceFactory(supplier=supplier_a, title="ISO & co", kind="iso", valid_to=None),
        "old": f.EvidenceFactory(
            supplier=supplier_a,
            title="Old audit",
            valid_from=datetime.date(2019, 1, 1),
            valid_to=datetime.date(2020, 1, 1),
        ),
    }
    return {"questions": list(questionnaire.questions.order_by("order")), "extra": extra, "library": library}


def _answer(assessment, question, values=None, evidence=()):
    services.answer_save(
        assessment=assessment,
        question=question,
        values=values or {},
        evidence=list(evidence),
        expected_revision=0,
        actor=None,
    )


@pytest.fixture
def answered(assessment_a, world, questions):
    """Every question answered but the optional file question, with
    explanations, a soft-rule breach with its reason, evidence attached."""
    choice, text, number, date, file, _optional_file = world["extra"]
    library = world["library"]
    _answer(assessment_a, questions[0], {"choice": "partly", "explanation": "Tier 1 <only>\nfor now"})
    _answer(assessment_a, questions[1], {"choice": "no"})
    _answer(assessment_a, questions[2], {"text": "More & more\nlines"})
    _answer(assessment_a, choice, {"choice": "b"})
    _answer(assessment_a, text, {"text": "Short"})
    _answer(assessment_a, number, {"number": "12.5", "rule_explanation": "Peak <season>"})
    _answer(assessment_a, date, {"date": datetime.date(2025, 11, 30)})
    _answer(assessment_a, file, {}, [library["tco"], library["iso"]])
    return assessment_a


def _expire_attached(assessment, world):
    """Evidence attached while valid that has expired since."""
    file = world["extra"][4]
    Answer.objects.get(assessment=assessment, question=file).evidence.add(world["library"]["old"])


def _compare_portal(assessment, *, data=None, problems=None):
    blocks = 0
    for language in ("en", "nb"):
        with translation.override(language):
            rows_before, _items = portal_views._rows(assessment, data=data)
            rows_after, _items = portal_views._rows(assessment, data=data)
            for before, after in zip(rows_before, rows_after, strict=True):
                if before["saved_inputs"]:  # the page as first shown: the template rendered an unbound form
                    before["form"] = AnswerForm(
                        None,
                        prefix=before["prefix"],
                        question=before["question"],
                        answer=before["answer"],
                        evidence=before["library"],
                    )
                for row in (before, after):
                    if problems and row["prefix"] in problems:
                        row["problem"] = problems[row["prefix"]]
                template = BEFORE.get_template("portal/followup/_question.html")
                expected = template.render(Context({"row": before, "assessment": assessment}))
                assert PortalPage(assessment=assessment).block(after) + "\n" == expected
                blocks += 1
    return blocks


def test_portal_blocks_unanswered_and_answered(assessment_a, world):
    assert _compare_portal(assessment_a) == 18
    _answer(assessment_a, world["questions"][0], {"choice": "yes"})
    assert _compare_portal(assessment_a) == 18


def test_portal_blocks_with_expired_evidence_refused_input_and_a_conflict(answered, world):
    _expire_attached(answered, world)
    _compare_portal(answered)
    number, text, date = world["extra"][2], world["extra"][1], world["extra"][3]
    data = {f"q{q.order}-revision": "1" for q in world["questions"]}
    data |= {f"q{number.order}-number": "abc", f"q{text.order}-text": "x" * 90, f"q{date.order}-date": "2999-01-01"}
    data[f"q{world['questions'][1].order}-choice"] = "maybe"
    _compare_portal(answered, data=data, problems={f"q{number.order}": "Changed in another window <b>"})


def test_portal_blocks_submitted_returned_and_reviewed(answered, world, officer, buyer, supplier_a):
    questions, extra = world["questions"], world["extra"]
    services.assessment_submit(assessment=answered, actor=None)
    _expire_attached(answered, world)
    _compare_portal(answered)
    services.answer_review(
        assessment=answered,
        question=questions[0],
        decision="clarification",
        comment="Which <tier>?\nAll?",
        actor=officer,
    )
    services.answer_review(
        assessment=answered,
        question=extra[2],
        decision="non_compliant",
        severity="high",
        comment="Too high",
        actor=officer,
    )
    services.answer_review(
        assessment=answered,
        question=extra[0],
        decision="non_compliant",
        severity="low",
        comment="No &amp; no",
        actor=officer,
    )
    services.answer_review(assessment=answered, question=extra[1], decision="accepted", actor=officer)
    ActionFactory(
        buyer=buyer,
        supplier=supplier_a,
        answer=Answer.objects.get(assessment=answered, question=extra[2]),
        title="Lower <it>",
        deadline=datetime.date(2026, 9, 1),
    )
    _compare_portal(answered)
    services.assessment_return(assessment=answered, actor=officer)
    _compare_portal(answered)


def _review_rows(assessment, user):
    request = RequestFactory().get("/")
    request.user = user
    return views._review_context(request, assessment)


def _compare_review(assessment, user, *, saved=False, form=None):
    blocks = 0
    for language in ("en", "nb"):
        with translation.override(language):
            context = _review_rows(assessment, user)
            rows = [row for group in context["groups"] for row in group["items"]]
            page = ReviewPage(
                assessment=assessment,
                user=user,
                can_review=context["can_review"],
                answer_lang=context["answer_lang"],
                severities=context["severities"],
                csrf_token=TOKEN,
            )
            for row in rows:
                row["form"] = form
                template = BEFORE.get_template("followup/_answer_review.html")
                expected = template.render(
                    Context({**context, "row": row, "user": user, "csrf_token": TOKEN, "saved": saved})
                )
                assert page.block(row, saved=saved) + "\n" == expected
                blocks += 1
    return blocks


def test_review_blocks_in_progress_and_submitted(answered, world, officer, manager):
    assert _compare_review(answered, officer) == 18
    services.assessment_submit(assessment=answered, actor=None)
    _expire_attached(answered, world)
    _compare_review(answered, officer)
    _compare_review(answered, manager)
    form = AnswerReviewForm({"question": str(world["questions"][0].public_id), "decision": "clarification"})
    assert form.errors
    _compare_review(answered, officer, form=form)
    _compare_review(answered, officer, saved=True)


def test_review_blocks_reviewed_with_notes_and_an_action(answered, world, officer, buyer, supplier_a):
    questions, extra = world["questions"], world["extra"]
    services.assessment_submit(assessment=answered, actor=None)
    services.answer_review(
        assessment=answered,
        question=questions[0],
        decision="clarification",
        comment="Which <tier>?",
        note="Ask Kari & Ola\nfirst",
        actor=officer,
    )
    services.answer_review(
        assessment=answered,
        question=extra[2],
        decision="non_compliant",
        severity="high",
        comment="Too high",
        actor=officer,
    )
    services.answer_review(
        assessment=answered, question=extra[0], decision="non_compliant", severity="low", comment="No", actor=officer
    )
    services.answer_review(assessment=answered, question=questions[1], decision="accepted", actor=officer)
    services.answer_review(assessment=answered, question=extra[5], decision="accepted", actor=officer)
    ActionFactory(
        buyer=buyer,
        supplier=supplier_a,
        answer=Answer.objects.get(assessment=answered, question=extra[2]),
        title="Lower <it>",
        deadline=datetime.date(2026, 9, 1),
    )
    _compare_review(answered, officer)
    services.assessment_return(assessment=answered, actor=officer)
    _compare_review(answered, officer)


def test_review_block_of_a_supplier_not_started(round_, world, officer):
    assessment = AssessmentFactory(round=round_, supplier=f.SupplierFactory())
    f.relate(round_.agreement.buyer, assessment.supplier)
    assert _compare_review(assessment, officer) == 18


SCORE_LOOP = Template(
    """{% load i18n %}{% for group in groups %}<tr><th scope="row" class="fw-normal">{{ group.label }}</th><td class="text-end">{% if group.percent is not None %}{{ group.percent }} %{% else %}–{% endif %}</td><td class="text-end">{% blocktranslate with counted=group.counted total=group.total %}{{ counted }} of {{ total }}{% endblocktranslate %}</td></tr>{% endfor %}"""  # noqa: E501  (the loop as _review_summary.html had it)
)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_score_rows_are_the_template_loops_rows(answered, world, officer, language):
    services.assessment_submit(assessment=answered, actor=None)
    for question in world["extra"][:3]:
        services.answer_review(assessment=answered, question=question, decision="accepted", actor=officer)
    with translation.override(language):
        card = score_assessment(selectors.assessment_items(answered))
        assert any(g.percent is None for g in card.criteria) and any(g.percent is not None for g in card.steps)
        for groups in (card.steps, card.criteria):
            assert score_rows(groups) == SCORE_LOOP.render(Context({"groups": groups}))


@pytest.mark.parametrize("language", ["nb", "en"])
def test_points_are_written_as_floatformat_writes_them(language):
    """The scores' points and weights × points are Decimals: whole ones are written without
    floatformat, the rest (halves, hundreds of thousands, rounding) through it."""
    from decimal import Decimal

    from django.template.defaultfilters import floatformat

    from followup.templatetags.answer_blocks import _points

    values = ["0", "-0", "1", "0.5", "1.0", "2.50", "3", "10", "999", "1000", "1500", "0.25", "0.35", "-2", "-0.5"]
    with translation.override(language):
        for text in values:
            value = Decimal(text)
            assert _points(value) == floatformat(value, "-1"), text
