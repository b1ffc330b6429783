"""Demo market dialogue for seed_demo: a dialogue conference on the current ICT agreement
held two months before the first seed run, with attendance and each demo supplier's
readiness for four proposed criteria (written in the portal by the suppliers with portal
users, recorded by the officer for the others); and a market consultation before the next
procurement, a month ahead, that also invites a reseller with no contract (its portal
invitation emails go through the outbox like any other). Idempotent: written with
core.upsert, and the dates are read back from the events on later runs."""

import datetime

from django.utils import timezone

from criteria.models import Criterion, CriterionVersion
from followup.models import CriterionFeedback, EventInvitation, MarketEvent, ProposedCriterion, Readiness
from oslo_procurement.core import upsert
from suppliers.models import Contact, Supplier

from . import services

CONFERENCE_TOPIC = "Sosiale krav i IKT-avtalen: status og neste steg"
CONFERENCE_TOPIC_EN = "Social criteria in the ICT agreement: where we stand and what comes next"
CONSULTATION_TOPIC = "Markedsdialog før ny IKT-anskaffelse"
CONSULTATION_TOPIC_EN = "Market consultation before the next ICT procurement"

# A reseller that holds no contract with the buyer: invited to the market consultation.
NEWCOMER = {
    "legal_name": "Bjørkelund Digital AS",
    "org_number": "928451739",
    "country": "NO",
    "role": Supplier.Role.RESELLER,
    "website": "https://bjorkelund-digital.example",
}
NEWCOMER_CONTACT = ("Marte Lie", "Salgssjef offentlig sektor", "marte.lie@bjorkelund-digital.example", "nb")

# (order, catalogue code, version number or None for new wording, (title, text) in Bokmål, in English)
CONFERENCE_PROPOSALS = [
    (1, "CLA-8", 1, ("", ""), ("", "")),
    (2, "SA-2", 1, ("", ""), ("", "")),
    (
        3,
        "SA-1",
        None,
        (
            "Høyst 60 timers arbeidsuke, dokumentert med timelister",
            "Leverandøren skal dokumentere at arbeidstiden på sluttmonteringen ikke overstiger 60 timer i uken, "
            "overtid medregnet, og at arbeiderne har minst én fridag i uken, med timelister for toppsesongen.",
        ),
        (
            "A working week of at most 60 hours, documented with time records",
            "The supplier shall document that working hours in final assembly do not exceed 60 hours a week, "
            "overtime included, and that workers have at least one day off a week, with time records for the "
            "peak season.",
        ),
    ),
    (
        4,
        None,
        None,
        (
            "Kartlegging av gapet mot lønn til å leve av",
            "Leverandøren skal kartlegge forskjellen mellom utbetalt lønn og en anerkjent referanse for lønn til å "
            "leve av ved fabrikkene som lager produktene i avtalen, og legge fram en plan for å lukke gapet.",
        ),
        (
            "Mapping the gap to a living wage",
            "The supplier shall map the difference between the wages paid and a recognised living-wage benchmark "
            "at the factories that make the products in the agreement, and present a plan to close the gap.",
        ),
    ),
]

# supplier key -> (attended, attendees, source); source "portal" for suppliers with portal users
CONFERENCE_ATTENDANCE = {
    "nordlys": (True, "Kari Nordmann, Ola Hansen", CriterionFeedback.Source.PORTAL),
    "kestrel": (True, "Dana Whitfield (online)", CriterionFeedback.Source.OFFICER),
    "lumora": (True, "Min-ji Park (online)", CriterionFeedback.Source.OFFICER),
    "tamsui": (True, "Chen Wei-Ling", CriterionFeedback.Source.PORTAL),
    "selangor": (False, "", CriterionFeedback.Source.OFFICER),
    "fjordvik": (False, "", CriterionFeedback.Source.OFFICER),
}

R, T, N = Readiness.READY, Readiness.TRANSITION, Readiness.NOT_FEASIBLE
# (supplier key, proposal order, readiness, months, reasons)
CONFERENCE_FEEDBACK = [
    ("nordlys", 1, R, None, "Vi får fabrikklistene fra merkeeierne og kan publisere dem for avtalens produkter."),
    ("kestrel", 1, R, None, "Final-assembly sites are already public in our supplier list."),
    ("lumora", 1, T, 6, "The list of panel and component factories needs our suppliers' consent first."),
    ("tamsui", 1, T, 12, "Brand owners must approve each disclosure; approvals take a contract year."),
    ("selangor", 1, N, None, "Customer confidentiality clauses forbid naming the plants that make their parts."),
    ("nordlys", 2, R, None, "Kravet står allerede i våre avtaler med merkeeierne."),
    ("kestrel", 2, T, 6, "We are adding school-partnership checks to our RBA audits this year."),
    ("lumora", 2, R, None, "No student workers at the monitor plant."),
    ("tamsui", 2, T, 12, "School agreements at Chongqing are being renegotiated before the next intake."),
    ("nordlys", 3, R, None, "Vi bygger på merkeeiernes RBA-revisjoner, som allerede har en grense på 60 timer."),
    ("kestrel", 3, T, 9, "Time records per line are ready for our own plants; partners need until next autumn."),
    ("lumora", 3, R, None, "Time records for the Juárez plant are available on request."),
    ("tamsui", 3, N, None, "Peak-season orders need up to 66 hours a week until a second shift is staffed."),
    ("nordlys", 4, T, 24, "Vi trenger en felles referanse per land før vi kan kartlegge gapet."),
    ("kestrel", 4, N, None, "There is no agreed living-wage benchmark for every country we source from."),
    ("lumora", 4, T, 18, "We can start with the Mexican plant, where a benchmark exists."),
    ("tamsui", 4, N, None, "Wage levels are set with the brand owners' cost models; we cannot commit alone."),
]
CONFERENCE_WRITTEN_INPUT = {
    "nordlys": "Vi støtter kravene, men ber om at fabrikklistene kan leveres per produktgruppe og ikke per modell.",
    "tamsui": "We support the direction. Please align the disclosure requirement with what the brand owners accept.",
}


def _anchor(buyer, topic, days):
    """The event's date: ``days`` from the first seed run, kept on later runs."""
    existing = MarketEvent.objects.filter(buyer=buyer, topic_nb=topic).first()
    if existing is not None:
        return existing.event_date
    return timezone.localdate() + datetime.timedelta(days=days)


def _proposal(event, order, code, number, nb, en, actor):
    criterion = Criterion.objects.filter(owner=event.buyer, code=code).first() if code else None
    version = (
        CriterionVersion.objects.filter(criterion=criterion, version=number).first() if criterion and number else None
    )
    if code and criterion is None:
        return None  # the catalogue has no such criterion: leave the point out
    return upsert(
        ProposedCriterion,
        lookup={"event": event, "order": order},
        values={
            "criterion": criterion,
            "criterion_version": version,
            "title_nb": nb[0],
            "text_nb": nb[1],
            "title_en": en[0],
            "text_en": en[1],
        },
        actor=actor,
    )


def _conference(*, buyer, agreement, actor, suppliers, supplier_users):
    day = _anchor(buyer, CONFERENCE_TOPIC, -60)
    event = upsert(
        MarketEvent,
        lookup={"buyer": buyer, "topic_nb": CONFERENCE_TOPIC},
        values={
            "kind": MarketEvent.Kind.DIALOGUE_CONFERENCE,
            "topic_en": CONFERENCE_TOPIC_EN,
            "description_nb": "Årlig dialogkonferanse med leverandørene i IKT-avtalen: hvordan kravene til "
            "menneskerettigheter og arbeidsforhold virker, og hva markedet er klart for i neste anskaffelse.",
            "description_en": "Yearly dialogue conference with the suppliers in the ICT agreement: how the "
            "requirements on human rights and working conditions work, and what the market is ready for in the "
            "next procurement.",
            "event_date": day,
            "mode": MarketEvent.Mode.HYBRID,
            "place": "Rådhuset, Oslo, og Teams",
            "agreement": agreement,
            "input_deadline": day + datetime.timedelta(days=14),
            "status": MarketEvent.Status.HELD,
            "created_by": actor,
        },
        actor=actor,
    )
    proposals = {}
    for order, code, number, nb, en in CONFERENCE_PROPOSALS:
        proposal = _proposal(event, order, code, number, nb, en, actor)
        if proposal is not None:
            proposals[order] = proposal
    invitations = {}
    for key, (attended, attendees, _source) in CONFERENCE_ATTENDANCE.items():
        if key not in suppliers:
            continue
        portal_user = supplier_users.get(key)
        written = CONFERENCE_WRITTEN_INPUT.get(key, "")
        invitations[key] = upsert(
            EventInvitation,
            lookup={"event": event, "supplier": suppliers[key]},
            values={
                "invited_by": actor,
                "attended": attended,
                "attendees": attendees,
                "written_input": written,
                "input_submitted_at": _at(day) if written and portal_user else None,
                "input_by": portal_user if written else None,
            },
            actor=actor,
        )
    for key, order, readiness, months, reasons in CONFERENCE_FEEDBACK:
        if key not in invitations or order not in proposals:
            continue
        source = CONFERENCE_ATTENDANCE[key][2]
        author = supplier_users.get(key) if source == CriterionFeedback.Source.PORTAL else actor
        upsert(
            CriterionFeedback,
            lookup={"invitation": invitations[key], "proposal": proposals[order]},
            values={
                "criterion_version": proposals[order].criterion_version,
                "readiness": readiness,
                "transition_months": months,
                "reasons": reasons,
                "source": source if author is not None else CriterionFeedback.Source.OFFICER,
                "recorded_by": author or actor,
            },
            actor=author or actor,
        )
    return event


def _at(day):
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 9, 0))


def _consultation(*, buyer, agreement, actor, suppliers):
    day = _anchor(buyer, CONSULTATION_TOPIC, 30)
    event = upsert(
        MarketEvent,
        lookup={"buyer": buyer, "topic_nb": CONSULTATION_TOPIC},
        values={
            "kind": MarketEvent.Kind.MARKET_CONSULTATION,
            "topic_en": CONSULTATION_TOPIC_EN,
            "description_nb": "Innspill til de sosiale kravene i neste rammeavtale for IKT-utstyr: sporbarhet for "
            "konfliktmineraler, og om aktsomheten skal omfatte kobolt og glimmer.",
            "description_en": "Input on the social criteria of the next framework agreement for ICT equipment: "
            "traceability of conflict minerals, and whether due diligence should cover cobalt and mica.",
            "event_date": day,
            "mode": MarketEvent.Mode.ONLINE,
            "place": "Teams (lenke sendes de påmeldte)",
            "agreement": agreement,
            "procurement": "Ny rammeavtale for IKT-utstyr fra 2028",
            "input_deadline": day - datetime.timedelta(days=7),
            "status": MarketEvent.Status.PLANNED,
            "created_by": actor,
        },
        actor=actor,
    )
    _proposal(event, 1, "CLA-7", 1, ("", ""), ("", ""), actor)
    _proposal(
        event,
        2,
        "CLA-7",
        None,
        (
            "Aktsomhet også for kobolt og glimmer (EMRT)",
            "Leverandøren skal i tillegg til tinn, tantal, wolfram og gull kartlegge smelteverk og gruver for kobolt "
            "og glimmer med RMIs Extended Minerals Reporting Template (EMRT), og oppdatere rapporten hvert år.",
        ),
        (
            "Due diligence also for cobalt and mica (EMRT)",
            "In addition to tin, tantalum, tungsten and gold, the supplier shall map the smelters and mines for "
            "cobalt and mica with RMI's Extended Minerals Reporting Template (EMRT), and update the report every "
            "year.",
        ),
        actor,
    )
    values = {name: value for name, value in NEWCOMER.items() if name != "legal_name"}
    newcomer = upsert(Supplier, lookup={"legal_name": NEWCOMER["legal_name"]}, values=values, actor=actor)
    name, title, email, language = NEWCOMER_CONTACT
    upsert(
        Contact,
        lookup={"supplier": newcomer, "email": email},
        values={"name": name, "title": title, "language": language, "is_primary": True},
        actor=actor,
    )
    # Through the service, so the portal users of the invited suppliers get the invitation
    # by email (once: a supplier already invited is left alone on later runs).
    invited = [newcomer] + [suppliers[key] for key in ("nordlys", "fjordvik") if key in suppliers]
    services.invitations_create(event=event, suppliers=invited, actor=actor)
    return event


def seed_market_dialogue(*, buyer, agreement, actor, suppliers: dict, supplier_users: dict) -> dict:
    """``suppliers`` and ``supplier_users`` are keyed like seed_demo's tables; ``actor``
    is an officer of the buyer."""
    return {
        "conference": _conference(
            buyer=buyer, agreement=agreement, actor=actor, suppliers=suppliers, supplier_users=supplier_users
        ),
        "consultation": _consultation(buyer=buyer, agreement=agreement, actor=actor, suppliers=suppliers),
    }
