"""Demo lessons learned for seed_demo, each with evidence from the demo's own follow-up
(seeded before this runs): an agreed lesson on disclosing factories, from the overdue
factory-list action and the meeting where it was agreed; a draft on the chemicals
question Nordlys was asked to clarify; and a draft on student interns from the desktop
research. None is made from a suggestion, so the suggestions page still shows what the
data suggests.

Before the lessons, ``seed_suggestion_evidence`` adds the follow-up a year of work leaves
behind, so that each of the four suggestion rules (followup.lessons.suggestions) fires on
true figures: last autumn's self-assessment round (working hours above 60 at Tamsui and
Selangor, 2 of the 3 suppliers reviewed on SA-1; Transparency Act accounts missing for
3 of 4 answers to SA-5), and student or agency labour found at Lumora and Selangor as well
as in Tamsui's chain (3 separate supply chains), with the two corrective actions from those
findings overdue. Idempotent: written with core.upsert; dates are kept from the first run."""

import datetime

from django.utils import timezone

from criteria.models import Criterion, IloInstrument
from followup.models import (
    Answer,
    Assessment,
    CorrectiveAction,
    Finding,
    FindingSupplier,
    Lesson,
    LessonProposal,
    Meeting,
    Question,
    ReportingRound,
)
from oslo_procurement.core import upsert
from suppliers.models import Supplier

LAST_ROUND = "Egenrapportering høsten 2025"
CURRENT_ROUND = "Egenrapportering høsten 2026"
# supplier: (hours on SA-1, review of SA-1, explanation on SA-5)
LAST_ROUND_ANSWERS = {
    "Kestrel Computing Inc.": (58, Answer.Review.ACCEPTED, "Our modern slavery statement covers this."),
    "Tamsui Precision Manufacturing Co., Ltd.": (66, Answer.Review.NON_COMPLIANT, "We publish a CSR report in May."),
    "Selangor Circuit Components Sdn. Bhd.": (72, Answer.Review.NON_COMPLIANT, "Not required in Malaysia."),
}
# (supplier, finding title, summary, country, action title, days overdue at the first run)
AGENCY_FINDINGS = [
    (
        "Lumora Displays Co., Ltd.",
        "Agency workers above the legal share at the Juárez monitor plant",
        "Outsourcing agencies supply about 40 % of the line workers on rolling three-month contracts.",
        "MX",
        "Move agency line workers at Juárez onto direct contracts",
        45,
    ),
    (
        "Selangor Circuit Components Sdn. Bhd.",
        "Dispatch workers without written contracts at the Penang plant",
        "Workers supplied by a labour broker have no written contract and are paid through the broker.",
        "MY",
        "Give dispatch workers at Penang written contracts",
        20,
    ),
]


def _kept_date(model, lookup, field, default):
    existing = model.objects.filter(**lookup).first()
    return getattr(existing, field) if existing is not None else default


def _last_round(buyer, actor, suppliers):
    current = ReportingRound.objects.filter(agreement__buyer=buyer, title_nb=CURRENT_ROUND).first()
    if current is None:
        return
    questions = {
        q.criterion_version.criterion.code: q
        for q in Question.objects.filter(questionnaire=current.questionnaire).select_related(
            "criterion_version__criterion"
        )
    }
    if not {"SA-1", "SA-5"} <= set(questions):
        return
    lookup = {"agreement": current.agreement, "title_nb": LAST_ROUND}
    opens_on = _kept_date(ReportingRound, lookup, "opens_on", current.opens_on - datetime.timedelta(days=365))
    round_ = upsert(
        ReportingRound,
        lookup=lookup,
        values={
            "questionnaire": current.questionnaire,
            "opens_on": opens_on,
            "deadline": opens_on + datetime.timedelta(days=42),
            "status": ReportingRound.Status.CLOSED,
            "created_by": actor,
            "title_en": "Self-assessment autumn 2025",
        },
        actor=actor,
    )
    submitted = timezone.make_aware(
        datetime.datetime.combine(opens_on + datetime.timedelta(days=30), datetime.time(10))
    )
    for name, (hours, review, account) in LAST_ROUND_ANSWERS.items():
        if name not in suppliers:
            continue
        assessment = upsert(
            Assessment,
            lookup={"round": round_, "supplier": suppliers[name]},
            values={"status": Assessment.Status.SUBMITTED, "submitted_at": submitted},
            actor=actor,
        )
        upsert(
            Answer,
            lookup={"assessment": assessment, "question": questions["SA-1"]},
            values={
                "number": hours,
                "explanation": "Peak-season average from our time records.",
                "review": review,
                "severity": Answer.Severity.HIGH if review == Answer.Review.NON_COMPLIANT else "",
                "reviewed_by": actor,
                "reviewed_at": submitted + datetime.timedelta(days=7),
            },
            actor=actor,
        )
        # No Transparency Act account attached: the evidence the question asks for is missing.
        upsert(
            Answer,
            lookup={"assessment": assessment, "question": questions["SA-5"]},
            values={"explanation": account},
            actor=actor,
        )


def _agency_findings(buyer, actor, suppliers):
    today = timezone.localdate()
    for name, title, summary, country, action_title, overdue in AGENCY_FINDINGS:
        if name not in suppliers:
            continue
        finding = upsert(
            Finding,
            lookup={"buyer": buyer, "title": title},
            values={
                "summary": summary,
                "source_kind": Finding.SourceKind.AUDIT,
                "source_title": "RBA audit report",
                "issue_type": Finding.IssueType.STUDENT_AGENCY,
                "country": country,
                "severity": 3,
                "likelihood": 3,
                "status": Finding.Status.REMEDYING,
                "recorded_by": actor,
            },
            actor=actor,
            # Private employment agencies; protection of wages (workers paid through a broker).
            m2m={"ilo_instruments": list(IloInstrument.objects.filter(code__in=["C181", "C95"]))},
        )
        upsert(FindingSupplier, lookup={"finding": finding, "supplier": suppliers[name]}, values={}, actor=actor)
        lookup = {"buyer": buyer, "title": action_title}
        deadline = _kept_date(CorrectiveAction, lookup, "deadline", today - datetime.timedelta(days=overdue))
        upsert(
            CorrectiveAction,
            lookup=lookup,
            values={
                "supplier": suppliers[name],
                "severity": 3,
                "deadline": deadline,
                "finding": finding,
                "status": CorrectiveAction.Status.OPEN,
            },
            actor=actor,
        )


def seed_suggestion_evidence(*, buyer, actor):
    names = set(LAST_ROUND_ANSWERS) | {row[0] for row in AGENCY_FINDINGS}
    suppliers = {s.legal_name: s for s in Supplier.objects.filter(legal_name__in=names)}
    _last_round(buyer, actor, suppliers)
    _agency_findings(buyer, actor, suppliers)


def seed_lessons(*, buyer, actor) -> list:
    seed_suggestion_evidence(buyer=buyer, actor=actor)
    criteria = {c.code: c for c in Criterion.objects.filter(owner=buyer, code__in=["CLA-8", "SA-4", "SA-2"])}
    factory_action = CorrectiveAction.objects.filter(
        buyer=buyer, title="Publish the factory list for the contracted notebook models"
    ).first()
    lessons = [
        (
            "Fabrikklister trenger en frist i kontrakten",
            "Kravet om å oppgi fabrikkene er uten frist. Tamsui har ikke publisert listen for de avtalte "
            "modellene, og tiltaket gikk over fristen til tross for skriftlig varsel.",
            "CLA-8",
            "punkt 2, tidspunkt for offentliggjøring",
            LessonProposal.TIGHTEN,
            "Kontrakten bør kreve fabrikklisten senest tre måneder etter kontraktsinngåelse, og deretter årlig.",
            Lesson.Status.AGREED,
            {
                "actions": [factory_action] if factory_action else [],
                "meetings": list(Meeting.objects.filter(buyer=buyer, actions=factory_action)) if factory_action else [],
            },
        ),
        (
            "Spørsmålet om kjemikalier må si hva som godtas som dokumentasjon",
            "Nordlys viste til monteringsfabrikkens program uten å si hvilke kjemikalier det gjelder. Spørsmålet "
            "sier ikke hva vi forventer av dokumentasjon.",
            "SA-4",
            "",
            LessonProposal.CLARIFY,
            "Be om liste over farlige kjemikalier i produksjonen og dokumentasjon på verneutstyr og opplæring.",
            Lesson.Status.DRAFT,
            {
                "answers": list(
                    Answer.objects.filter(
                        assessment__round__agreement__buyer=buyer,
                        question__criterion_version__criterion__code="SA-4",
                        review=Answer.Review.CLARIFICATION,
                    )
                )
            },
        ),
        (
            "Praktikanter må følges opp på fabrikknivå",
            "Bruk av studenter og innleide går igjen hos flere leverandører i skrivebordsundersøkelsene. "
            "Egenrapporteringen fanger det ikke opp når svaret gis for hele konsernet.",
            "SA-2",
            "",
            LessonProposal.CHANGE_FOLLOWUP,
            "Spør per fabrikk i egenrapporteringen, og ta praktikantavtalene med i 1:1-møtene.",
            Lesson.Status.DRAFT,
            {"findings": list(Finding.objects.filter(buyer=buyer, issue_type=Finding.IssueType.STUDENT_AGENCY))},
        ),
    ]
    made = []
    for title, learned, code, clause, proposal, text, status, evidence in lessons:
        values = {
            "learned": learned,
            "criterion": criteria.get(code),
            "clause": clause,
            "proposal": proposal,
            "proposal_text": text,
            "status": status,
            "created_by": actor,
        }
        existing = Lesson.objects.filter(buyer=buyer, title=title).first()
        if status == Lesson.Status.AGREED:
            values["agreed_by"] = actor
            values["agreed_at"] = existing.agreed_at if existing and existing.agreed_at else timezone.now()
        made.append(upsert(Lesson, lookup={"buyer": buyer, "title": title}, values=values, actor=actor, m2m=evidence))
    return made
