"""Demo lessons learned for seed_demo, each with evidence from the demo's own follow-up
(seeded before this runs): an agreed lesson on disclosing factories, from the overdue
factory-list action and the meeting where it was agreed; a draft on the chemicals
question Nordlys was asked to clarify; and a draft on student interns from the desktop
research. None is made from a suggestion, so the suggestions page still shows what the
data suggests. Idempotent: written with core.upsert."""

from django.utils import timezone

from criteria.models import Criterion
from followup.models import Answer, CorrectiveAction, Finding, Lesson, LessonProposal, Meeting
from oslo_procurement.core import upsert


def seed_lessons(*, buyer, actor) -> list:
    criteria = Criterion.objects.in_bulk(["CLA-8", "SA-4", "SA-2"], field_name="code")
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
