"""Demo self-assessments for seed_demo: Oslo's questionnaire built from the catalogue, a
reporting round on the current ICT agreement, one supplier that has submitted (and been
partly reviewed), one that is still drafting. Idempotent: an existing round is left as it is."""

import datetime

from django.utils import timezone

from criteria.models import CriterionVersion

from . import services
from .models import Answer, Assessment, Question, Questionnaire, ReportingRound

QUESTIONS = [
    # (criterion code, answer type, Bokmål, English, help Bokmål, help English, evidence kind)
    (
        "SEL-1",
        "yes_no_partly",
        "Har dere et styringssystem for arbeids- og menneskerettigheter?",
        "Do you have a management system for labour and human rights?",
        "Beskriv hvem som har ansvaret, og hvordan systemet følges opp.",
        "Describe who is responsible and how the system is followed up.",
        "",
    ),
    (
        "CLA-3",
        "file",
        "Last opp retningslinjene deres for aktsomhetsvurderinger.",
        "Upload your due-diligence policy.",
        "",
        "",
        "policy",
    ),
    (
        "SEL-2",
        "yes_no_partly",
        "Kan dere spore de leverte produktene til fabrikken som monterte dem?",
        "Can you trace the delivered products to the factory that assembled them?",
        "",
        "",
        "",
    ),
    (
        "SA-1",
        "number",
        "Hvor mange timer i uken jobbet arbeiderne på sluttmonteringen i toppsesongen, med overtid?",
        "How many hours a week did final-assembly workers work in peak season, including overtime?",
        "RBA-kodeksen setter en grense på 60 timer.",
        "The RBA Code sets a limit of 60 hours.",
        "",
    ),
    (
        "SA-2",
        "yes_no_partly",
        "Bruker fabrikkene studenter eller praktikanter bare gjennom formelle skoleavtaler?",
        "Do the factories use students or interns only under formal school partnerships?",
        "",
        "",
        "",
    ),
    (
        "SA-3",
        "yes_no_partly",
        "Er arbeidere fritatt for rekrutteringsgebyrer, og beholder de egne identitetspapirer?",
        "Are workers free of recruitment fees, and do they keep their own identity documents?",
        "",
        "",
        "",
    ),
    (
        "SA-4",
        "text",
        "Hvordan beskyttes arbeidere som håndterer farlige kjemikalier?",
        "How are workers who handle hazardous chemicals protected?",
        "",
        "",
        "",
    ),
    (
        "CLA-8",
        "date",
        "Når oppdaterte dere sist listen over fabrikker som lager produktene i avtalen?",
        "When did you last update the list of factories that make the contracted products?",
        "",
        "",
        "",
    ),
    (
        "SA-5",
        "file",
        "Last opp redegjørelsen etter åpenhetsloven for i fjor.",
        "Upload last year's Transparency Act account.",
        "",
        "",
        "transparency_account",
    ),
    (
        "CLA-1",
        "number",
        "Hvor stor andel av arbeiderne på sluttmonteringen har midlertidig kontrakt eller er innleid?",
        "What share of final-assembly workers are on temporary contracts or hired through an agency?",
        "Regn med alle som ikke er fast ansatt av fabrikken.",
        "Count everyone not permanently employed by the factory.",
        "",
    ),
    (
        "CLA-5",
        "date",
        "Når var den siste uavhengige sosiale revisjonen av sluttmonteringsfabrikken?",
        "When was the last independent social audit of the final-assembly factory?",
        "",
        "",
        "",
    ),
]

# Plausibility rules (followup/plausibility.py) of the questions above, by criterion code:
# hard limits refuse the impossible, soft ones ask the supplier why.
RULES = {
    # The RBA Code's limit is 60 hours a week; a week has 168.
    "SA-1": {
        "unit_nb": "timer i uken",
        "unit_en": "hours a week",
        "min_value": 0,
        "max_value": 168,
        "soft_max": 60,
    },
    "CLA-1": {"unit_nb": "%", "unit_en": "%", "min_value": 0, "max_value": 100},
    "SA-4": {"max_length": 4000},
    "CLA-8": {"date_not_future": "hard"},
    # An audit older than two years says little about the factory today.
    "CLA-5": {"date_not_future": "hard", "date_max_age_months": 24, "date_max_age_strictness": "soft"},
}


def seed_assessments(*, buyer, agreement, actor, suppliers, supplier_users):
    """``suppliers`` and ``supplier_users`` are keyed like seed_demo's tables."""
    questionnaire = Questionnaire.objects.filter(buyer=buyer, title_en="ICT supplier self-assessment 2026").first()
    if questionnaire is None:
        questionnaire = services.questionnaire_save(
            questionnaire=Questionnaire(
                buyer=buyer,
                title_nb="Egenrapportering for IKT-leverandører 2026",
                title_en="ICT supplier self-assessment 2026",
                intro_nb="Svar for hele leverandørkjeden til produktene i rammeavtalen. Fristen er seks uker.",
                intro_en="Answer for the whole supply chain of the products in the framework agreement. "
                "The deadline is six weeks.",
            ),
            actor=actor,
        )
        versions = {
            v.criterion.code: v
            for v in CriterionVersion.objects.filter(
                status=CriterionVersion.Status.ACTIVE, criterion__owner=buyer
            ).select_related("criterion")
        }
        for code, kind, text_nb, text_en, help_nb, help_en, evidence_kind in QUESTIONS:
            services.question_save(
                question=Question(
                    questionnaire=questionnaire,
                    criterion_version=versions[code],
                    answer_type=kind,
                    text_nb=text_nb,
                    text_en=text_en,
                    help_nb=help_nb,
                    help_en=help_en,
                    evidence_kind=evidence_kind,
                    required=kind != "date",
                    **RULES.get(code, {}),
                ),
                actor=actor,
            )
        services.questionnaire_publish(questionnaire=questionnaire, actor=actor)

    title = "Egenrapportering høsten 2026"
    if ReportingRound.objects.filter(agreement=agreement, title_nb=title).exists():
        return {"questionnaires": 1, "rounds": 1}
    opens_on = timezone.localdate() - datetime.timedelta(days=21)
    round_, _warnings = services.round_open(
        agreement=agreement,
        questionnaire=questionnaire,
        title_nb=title,
        title_en="Self-assessment autumn 2026",
        intro_nb=(
            "Svar for virksomheten deres og fabrikkene som lager produktene dere leverer under avtalen. "
            "Legg ved dokumentasjon der spørsmålet ber om det."
        ),
        intro_en=(
            "Answer for your company and the factories that make the products you deliver under the agreement. "
            "Attach documents where the question asks for them."
        ),
        opens_on=opens_on,
        deadline=services.default_deadline(opens_on),
        suppliers=[suppliers[k] for k in ("nordlys", "kestrel", "lumora", "tamsui", "selangor")],
        actor=actor,
    )
    questions = {
        q.criterion_version.criterion.code: q
        for q in questionnaire.questions.select_related("criterion_version__criterion")
    }

    # Tamsui has answered everything but the files and is still drafting.
    tamsui = Assessment.objects.get(round=round_, supplier=suppliers["tamsui"])
    user = supplier_users["tamsui"]
    _answer(
        tamsui,
        questions["SEL-1"],
        {
            "choice": "partly",
            "explanation": "Certified for Chongqing and Kunshan; Bac Ninh is being audited this quarter.",
        },
        user,
    )
    _answer(
        tamsui,
        questions["SA-1"],
        {
            "number": "66",
            "explanation": "From the factory's time records.",
            "rule_explanation": "Peak season in September; we are reducing overtime with a second shift.",
        },
        user,
    )
    _answer(
        tamsui,
        questions["SA-2"],
        {
            "choice": "no",
            "explanation": "Vocational-school interns at Chongqing "
            "work on the line; agreements are being renegotiated.",
        },
        user,
    )

    # Nordlys has submitted; the officer has accepted two answers, asked about one and found one
    # non-compliant (with a reason for the supplier and an internal note).
    nordlys = Assessment.objects.get(round=round_, supplier=suppliers["nordlys"])
    user = supplier_users["nordlys"]
    from suppliers.models import Evidence

    policy = Evidence.objects.filter(supplier=suppliers["nordlys"], kind="policy").first()
    account = Evidence.objects.filter(supplier=suppliers["nordlys"], kind="transparency_account").first()
    _answer(
        nordlys,
        questions["SEL-1"],
        {
            "choice": "yes",
            "explanation": "ISO 45001 og våre leverandørkrav; "
            "bærekraftsansvarlig rapporterer til styret hvert kvartal.",
        },
        user,
    )
    _answer(
        nordlys,
        questions["CLA-3"],
        {"explanation": "Retningslinjene ble vedtatt i 2024."},
        user,
        evidence=[policy] if policy else [],
    )
    _answer(
        nordlys,
        questions["SEL-2"],
        {"choice": "partly", "explanation": "Sporet til sluttmonteringsfabrikken for PC-er; ennå ikke for tilbehør."},
        user,
    )
    _answer(nordlys, questions["SA-1"], {"number": "60", "explanation": "Fra merkevareeiernes RBA-revisjoner."}, user)
    _answer(nordlys, questions["SA-2"], {"choice": "yes", "explanation": "Et krav i kontraktene våre."}, user)
    _answer(nordlys, questions["CLA-1"], {"number": "12", "explanation": "Innleide arbeidere i høysesongen."}, user)
    _answer(nordlys, questions["CLA-5"], {"date": timezone.localdate() - datetime.timedelta(days=400)}, user)
    _answer(
        nordlys,
        questions["SA-3"],
        {"choice": "yes", "explanation": "Forbud mot rekrutteringsgebyrer siden 2023."},
        user,
    )
    _answer(
        nordlys,
        questions["SA-4"],
        {"text": "Vi støtter oss på monteringsfabrikkens program for kjemikaliestyring."},
        user,
    )
    _answer(
        nordlys, questions["SA-5"], {"explanation": "Publisert i juni."}, user, evidence=[account] if account else []
    )
    services.assessment_submit(assessment=nordlys, actor=user)
    services.answer_review(assessment=nordlys, question=questions["SEL-1"], decision="accepted", actor=actor)
    services.answer_review(assessment=nordlys, question=questions["SA-5"], decision="accepted", actor=actor)
    services.answer_review(
        assessment=nordlys,
        question=questions["SA-4"],
        decision="clarification",
        actor=actor,
        comment="Hvilke kjemikalier gjelder det, og hvordan blir monteringsfabrikkens program kontrollert?",
    )
    services.answer_review(
        assessment=nordlys,
        question=questions["SEL-2"],
        decision="non_compliant",
        severity="medium",
        actor=actor,
        comment="Avtalen krever sporbarhet for alle leverte produkter, også tilbehør.",
        note="Ta det opp i neste oppfølgingsmøte hvis fabrikkene for tilbehør fortsatt er ukjente.",
    )
    return {"questionnaires": 1, "rounds": 1}


def _answer(assessment, question, values, user, evidence=()):
    current = Answer.objects.filter(assessment=assessment, question=question).first()
    base = {"choice": "", "text": "", "number": None, "date": None, "explanation": ""}
    services.answer_save(
        assessment=assessment,
        question=question,
        values={**base, **values},
        evidence=evidence,
        expected_revision=current.revision if current else 0,
        actor=user,
    )
