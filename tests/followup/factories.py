"""factory_boy factories for the follow-up models. Valid data by default."""

import datetime

import factory

from followup.models import Answer, Assessment, Question, Questionnaire, ReportingRound
from tests import factories as f


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Questionnaire

    buyer = factory.SubFactory(f.BuyerFactory)
    title_nb = factory.Sequence(lambda n: f"Egenvurdering {n}")
    title_en = factory.Sequence(lambda n: f"Self-assessment {n}")
    status = Questionnaire.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC))


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    criterion_version = factory.SubFactory(f.CriterionVersionFactory)
    order = factory.Sequence(lambda n: n + 1)
    text_nb = factory.Sequence(lambda n: f"Spørsmål {n}")
    text_en = factory.Sequence(lambda n: f"Question text {n}")
    answer_type = Question.AnswerType.YES_NO_PARTLY
    required = True
    weight = 1


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingRound

    agreement = factory.SubFactory(f.AgreementFactory)
    questionnaire = factory.SubFactory(QuestionnaireFactory, buyer=factory.SelfAttribute("..agreement.buyer"))
    title_nb = factory.Sequence(lambda n: f"Round {n}")
    opens_on = datetime.date(2026, 3, 2)
    deadline = datetime.date(2026, 4, 13)


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    round = factory.SubFactory(RoundFactory)
    supplier = factory.SubFactory(f.SupplierFactory)


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    assessment = factory.SubFactory(AssessmentFactory)
    question = factory.SubFactory(
        QuestionFactory, questionnaire=factory.SelfAttribute("..assessment.round.questionnaire")
    )
    revision = 1
