"""factory_boy factories for the follow-up records these tests need. Valid data by default."""

import datetime

import factory
from django.utils import timezone

from followup.models import (
    ActionUpdate,
    Answer,
    Assessment,
    CorrectiveAction,
    Escalation,
    Finding,
    FindingSupplier,
    Meeting,
    Question,
    Questionnaire,
    ReportingRound,
)
from tests import factories as f


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    buyer = factory.SubFactory(f.BuyerFactory)
    title = factory.Sequence(lambda n: f"Finding {n:03d}: excessive overtime")
    summary = "INTERNAL-SUMMARY: interviews with 38 workers"
    supplier_summary = "Please explain working hours for the last six months."
    internal_notes = "INTERNAL-NOTE: compare with the audit"
    source_kind = Finding.SourceKind.NGO_REPORT
    source_title = "Learning on the line"
    source_publisher = "Invented Workers Watch"
    source_url = "https://watch.example.org/report"
    source_date = datetime.date(2026, 3, 12)
    issue_type = Finding.IssueType.OVERTIME
    country = "CN"
    severity = 3
    likelihood = 3
    recorded_by = factory.SubFactory(f.UserFactory)


def link(finding, supplier, *, raised=False, response="", raised_at=None):
    return FindingSupplier.objects.create(
        finding=finding,
        supplier=supplier,
        raised_at=raised_at or (timezone.now() if raised else None),
        supplier_response=response,
    )


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Questionnaire

    buyer = factory.SubFactory(f.BuyerFactory)
    title_nb = "Egenerklæring"
    title_en = "Self-assessment"
    status = Questionnaire.Status.PUBLISHED


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    criterion_version = factory.SubFactory(f.CriterionVersionFactory)
    order = factory.Sequence(lambda n: n + 1)
    text_nb = "Har dere en policy?"
    text_en = "Do you have a policy?"
    answer_type = Question.AnswerType.YES_NO_PARTLY
    weight = 1


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingRound

    agreement = factory.SubFactory(f.AgreementFactory)
    questionnaire = factory.SubFactory(QuestionnaireFactory)
    title = factory.Sequence(lambda n: f"Round {n}")
    opens_on = datetime.date(2026, 1, 5)
    deadline = datetime.date(2026, 2, 16)


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    round = factory.SubFactory(RoundFactory)
    supplier = factory.SubFactory(f.SupplierFactory)


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    assessment = factory.SubFactory(AssessmentFactory)
    question = factory.SubFactory(QuestionFactory)
    choice = "yes"


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CorrectiveAction

    buyer = factory.SubFactory(f.BuyerFactory)
    supplier = factory.SubFactory(f.SupplierFactory)
    title = factory.Sequence(lambda n: f"Corrective action {n}")
    severity = 2
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    buyer = factory.SubFactory(f.BuyerFactory)
    supplier = factory.SubFactory(f.SupplierFactory)
    title = factory.Sequence(lambda n: f"Follow-up meeting {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))


class ActionUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionUpdate

    action = factory.SubFactory(ActionFactory)
    kind = ActionUpdate.Kind.PROGRESS
    text = "Overtime now capped at 60 hours."


class EscalationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Escalation

    buyer = factory.SubFactory(f.BuyerFactory)
    supplier = factory.SubFactory(f.SupplierFactory)
    action = factory.SubFactory(ActionFactory)
    rung = Escalation.Rung.WARNING
    reason = "The deadline passed twice."
    status = Escalation.Status.IN_FORCE
    decided_by = factory.SubFactory(f.UserFactory)
    decided_on = datetime.date(2026, 10, 1)
