"""The demo of "answer once, share with many" (issue 14): a second buyer, Bergen kommune,
with its own officer, and the demo supplier Nordlys sharing with Bergen the self-assessment
Oslo accepted in its spring round. `make run` then shows sharing from both sides: Nordlys's
portal (/portal/sharing/) lists Bergen as a holder, and Bergen's officer reads the shared
answer on Nordlys's supplier page. Idempotent: a second run changes nothing."""

import datetime

from django.utils import timezone

from contracts.models import Buyer, BuyerMembership
from oslo_procurement.core import upsert

from .. import services as followup_services
from ..demo import _answer
from ..models import Answer, Assessment, ReportingRound, SupplierShare
from . import services

SPRING_TITLE = "Egenrapportering våren 2026"


def _code(answer):
    return answer.question.criterion_version.criterion.code


def seed_bergen(*, officer_user, actor):
    """Bergen kommune and its officer's membership."""
    bergen = upsert(
        Buyer,
        lookup={"name": "Bergen kommune"},
        values={"org_number": "964338531", "country": "NO", "website": "https://www.bergen.kommune.no"},
        actor=actor,
    )
    upsert(BuyerMembership, lookup={"user": officer_user}, values={"buyer": bergen}, actor=actor)
    return bergen


def seed_sharing(*, agreement, actor, supplier, supplier_user, bergen):
    """Oslo's spring round, in which Nordlys answered as it did in the autumn one and Oslo
    accepted; Nordlys shares that accepted self-assessment with Bergen."""
    autumn = (
        Assessment.objects.filter(round__agreement=agreement, supplier=supplier)
        .exclude(round__title_nb=SPRING_TITLE)
        .select_related("round__questionnaire")
        .order_by("-round__opens_on")
        .first()
    )
    if autumn is None or ReportingRound.objects.filter(agreement=agreement, title_nb=SPRING_TITLE).exists():
        return
    opens_on = timezone.localdate() - datetime.timedelta(days=200)
    spring, _warnings = followup_services.round_open(
        agreement=agreement,
        questionnaire=autumn.round.questionnaire,
        title_nb=SPRING_TITLE,
        title_en="Self-assessment spring 2026",
        opens_on=opens_on,
        deadline=followup_services.default_deadline(opens_on),
        suppliers=[supplier],
        actor=actor,
    )
    assessment = Assessment.objects.get(round=spring, supplier=supplier)
    answers = list(
        Answer.objects.filter(assessment=autumn)
        .select_related("question__criterion_version__criterion")
        .prefetch_related("evidence")
        .order_by("question__order")
    )
    for answer in answers:
        values = {
            "choice": answer.choice,
            "text": answer.text,
            "number": answer.number,
            "date": answer.date,
            "explanation": answer.explanation,
            "rule_explanation": answer.rule_explanation,
        }
        if _code(answer) == "SA-1":  # in the spring, above the RBA Code's 60 hours
            values.update(number="64", rule_explanation="Høysesong i mars; vi innfører et ekstra skift.")
        _answer(assessment, answer.question, values, supplier_user, evidence=list(answer.evidence.all()))
    followup_services.assessment_submit(assessment=assessment, actor=supplier_user)
    for answer in answers:
        if _code(answer) == "SA-1":
            followup_services.answer_review(
                assessment=assessment,
                question=answer.question,
                decision="non_compliant",
                severity="medium",
                comment="Arbeidstiden er over RBA-kodens grense på 60 timer i uken.",
                actor=actor,
            )
        else:
            followup_services.answer_review(
                assessment=assessment, question=answer.question, decision="accepted", actor=actor
            )
    followup_services.assessment_accept(
        assessment=assessment,
        verdict=Assessment.Verdict.PARTLY,
        comment="Godt dokumentert, men arbeidstiden i høysesongen må ned; vi følger den opp i høstens runde.",
        actor=actor,
    )
    followup_services.round_close(round_=spring, actor=actor)
    if not SupplierShare.objects.filter(supplier=supplier, buyer=bergen, withdrawn_at__isnull=True).exists():
        assessment.refresh_from_db()
        services.share_create(
            supplier=supplier, buyer=bergen, kind=SupplierShare.Kind.ASSESSMENT, item=assessment, actor=supplier_user
        )
