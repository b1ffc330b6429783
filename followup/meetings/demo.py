"""Demo follow-up meetings for seed_demo: a held meeting with Tamsui (minutes shared; its
two agreed corrective actions are seeded by followup.actions.demo.seed_actions, which
runs after this) and a planned meeting with Nordlys whose agenda was proposed from what
is open. Idempotent: written with core.upsert, so a second run changes nothing."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from contracts.selectors import buyer_officers
from followup.models import AgendaItem, Meeting
from oslo_procurement.core import save_record, upsert

from . import selectors

OSLO = ZoneInfo("Europe/Oslo")

HELD_TITLE = "Follow-up meeting: working hours and student interns"
PLANNED_TITLE = "Oppfølgingsmøte 1:1 om sosiale krav"

HELD_AGENDA = [
    (
        AgendaItem.Kind.FINDING,
        "Overtime of student interns at the Chongqing plant (NGO report)",
        "10-12 hour days, six days a week during the peak season.",
    ),
    (
        AgendaItem.Kind.OTHER,
        "Disclosure of the factories making the contracted notebook models",
        "Required by the contract's disclosure condition.",
    ),
    (AgendaItem.Kind.OTHER, "Next self-assessment round and this year's CMRT", ""),
]


def _officers(buyer):
    return list(buyer_officers(buyer))


def demo_anchor(*, buyer, supplier) -> datetime.date:
    """The day of the held demo meeting: 70 days before the first seed run, and kept on
    later runs (read back from the meeting), so every run writes the same dates."""
    existing = Meeting.objects.filter(buyer=buyer, supplier=supplier, title=HELD_TITLE).first()
    if existing is not None:
        return timezone.localdate(existing.starts_at)
    return timezone.localdate() - datetime.timedelta(days=70)


def _at(day, hour, minute=0):
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=OSLO)


def _held_meeting(*, buyer, actor, supplier):
    day = demo_anchor(buyer=buyer, supplier=supplier)
    meeting = upsert(
        Meeting,
        lookup={"buyer": buyer, "supplier": supplier, "title": HELD_TITLE},
        values={
            "starts_at": _at(day, 10),
            "mode": Meeting.Mode.VIDEO,
            "place": "https://meet.example/uke-tamsui",
            "status": Meeting.Status.MINUTES_SHARED,
            "agenda_shared_at": _at(day - datetime.timedelta(days=7), 9, 30),
            "minutes": (
                "Tamsui presented its own audit of the Chongqing plant. Student interns worked up to 66 hours "
                "in the peak weeks. Tamsui has stopped night shifts for interns and is rewriting its "
                "internship policy with the vocational schools.\n\n"
                "The factory list for the contracted notebook models is not yet published; the brand owner "
                "must approve it."
            ),
            "decisions": (
                "1. Tamsui caps intern hours at 40 a week with no overtime, and documents it with the new "
                "policy and time records.\n"
                "2. Tamsui publishes the factory list for the contracted models within 30 days."
            ),
            "internal_notes": "Consider a spot check by Electronics Watch's monitor in Chongqing in Q1 2027.",
            "language": "en",  # the minutes above are written in English
            "minutes_shared_at": _at(day + datetime.timedelta(days=1), 14),
        },
        actor=actor,
        m2m={
            "buyer_participants": _officers(buyer),
            "supplier_participants": list(selectors.supplier_contacts(supplier)),
        },
    )
    for order, (kind, title, notes) in enumerate(HELD_AGENDA, start=1):
        upsert(
            AgendaItem,
            lookup={"meeting": meeting, "order": order},
            values={"kind": kind, "title": title, "notes": notes},
            actor=actor,
        )
    return meeting


def _planned_meeting(*, buyer, actor, supplier):
    lookup = {"buyer": buyer, "supplier": supplier, "title": PLANNED_TITLE}
    existing = Meeting.objects.filter(**lookup).first()
    if existing is not None:
        starts_at = existing.starts_at  # planned relative to the first run; kept on later runs
    else:
        starts_at = _at(timezone.localdate() + datetime.timedelta(days=14), 10)
    meeting = upsert(
        Meeting,
        lookup=lookup,
        values={
            "starts_at": starts_at,
            "mode": Meeting.Mode.IN_PERSON,
            "place": "Rådhusgata 12, Oslo",
            "status": Meeting.Status.PLANNED,
        },
        actor=actor,
        m2m={
            "buyer_participants": _officers(buyer),
            "supplier_participants": list(selectors.supplier_contacts(supplier)),
        },
    )
    if not AgendaItem.objects.filter(meeting=meeting).exists():
        # Proposed once, from what is open for the supplier, as when an officer plans it.
        points = selectors.open_items(buyer=buyer, supplier=supplier)
        points.append(
            AgendaItem(kind=AgendaItem.Kind.OTHER, title="Åpenhetsloven: årets redegjørelse og oppfølging av funn")
        )
        for order, point in enumerate(points, start=1):
            point.meeting, point.order = meeting, order
            save_record(point, actor=actor)
    return meeting


def seed_meetings(*, buyer, actor, suppliers: dict) -> dict:
    """Seed the demo meetings. ``suppliers`` maps seed keys to Supplier; uses "tamsui"
    (held meeting) and "nordlys" (planned meeting), skipping one that is missing.
    Returns {"held": Meeting | None, "planned": Meeting | None}."""
    held = planned = None
    if "tamsui" in suppliers:
        held = _held_meeting(buyer=buyer, actor=actor, supplier=suppliers["tamsui"])
    if "nordlys" in suppliers:
        planned = _planned_meeting(buyer=buyer, actor=actor, supplier=suppliers["nordlys"])
    return {"held": held, "planned": planned}
