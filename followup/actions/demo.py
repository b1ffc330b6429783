"""Demo corrective actions for seed_demo: the two actions agreed in the held Tamsui
meeting (seeded by followup.meetings.demo.seed_meetings, which runs first): one with
evidence submitted and awaiting verification, one overdue with a written warning in
force. Idempotent: written with core.upsert, so a second run changes nothing."""

import datetime

from contracts.selectors import buyer_officers
from followup.letters.demo import seed_letter
from followup.models import ActionUpdate, CorrectiveAction, Escalation, Meeting
from followup.models.findings import Severity
from oslo_procurement.core import upsert
from suppliers.models import Evidence
from suppliers.selectors import supplier_users

from . import selectors


def _officer(buyer, actor):
    return buyer_officers(buyer).first() or actor


def seed_actions(*, buyer, actor, suppliers: dict) -> dict:
    """Seed the demo corrective actions of supplier "tamsui" (skipped when it is missing).
    Returns {"evidence_submitted": CorrectiveAction, "overdue": CorrectiveAction,
    "warning": Escalation} (empty when skipped)."""
    from followup.meetings.demo import HELD_TITLE, demo_anchor

    supplier = suppliers.get("tamsui")
    if supplier is None:
        return {}
    meeting = Meeting.objects.filter(buyer=buyer, supplier=supplier, title=HELD_TITLE).first()
    # Dates follow the held meeting's day (70 days before the first run, then fixed): the
    # factory list is 40 days overdue and the hours action due in three weeks on that run.
    day = demo_anchor(buyer=buyer, supplier=supplier)
    officer = _officer(buyer, actor)
    supplier_user = supplier_users(supplier).first()

    policy = upsert(
        Evidence,
        lookup={"supplier": supplier, "title": "Student internship policy, revised"},
        values={
            "kind": Evidence.Kind.POLICY,
            "issuer": "Tamsui Precision Manufacturing Co., Ltd.",
            "valid_from": day + datetime.timedelta(days=16),
            "valid_to": day + datetime.timedelta(days=16 + 2 * 365),
            "url": "https://tamsui.example/policies/student-internships.pdf",
        },
        actor=actor,
    )
    hours = upsert(
        CorrectiveAction,
        lookup={"buyer": buyer, "supplier": supplier, "title": "Cap the working hours of student interns"},
        values={
            "description": "At most 40 hours a week and no overtime or night shifts for student interns at the "
            "Chongqing plant, in a written policy agreed with the vocational schools, with time records as proof.",
            "severity": Severity.HIGH,
            "deadline": day + datetime.timedelta(days=91),
            "owner_name": "Chen Wei-Ling",
            "status": CorrectiveAction.Status.EVIDENCE_SUBMITTED,
            "meeting": meeting,
        },
        actor=officer,
    )
    upsert(
        ActionUpdate,
        lookup={"action": hours, "kind": ActionUpdate.Kind.PROGRESS, "text": "Night shifts for interns stopped."},
        values={"author": supplier_user},
        actor=supplier_user,
    )
    upsert(
        ActionUpdate,
        lookup={
            "action": hours,
            "kind": ActionUpdate.Kind.EVIDENCE,
            "text": "The new internship policy, signed with both schools; the last month's time records attached.",
        },
        values={"author": supplier_user},
        actor=supplier_user,
        m2m={"evidence": [policy]},
    )

    factories = upsert(
        CorrectiveAction,
        lookup={
            "buyer": buyer,
            "supplier": supplier,
            "title": "Publish the factory list for the contracted notebook models",
        },
        values={
            "description": "Names and addresses of the final-assembly and main component factories, as the "
            "contract's disclosure condition requires.",
            "severity": Severity.MEDIUM,
            "deadline": day + datetime.timedelta(days=30),
            "owner_name": "Lin Jia-Hao",
            "status": CorrectiveAction.Status.IN_PROGRESS,
            "meeting": meeting,
        },
        actor=officer,
    )
    upsert(
        ActionUpdate,
        lookup={
            "action": factories,
            "kind": ActionUpdate.Kind.PROGRESS,
            "text": "Draft list prepared; waiting for the brand owner's approval to publish it.",
        },
        values={"author": supplier_user},
        actor=supplier_user,
    )
    agreement = selectors.supplier_agreements(buyer=buyer, supplier=supplier).first()
    warning = upsert(
        Escalation,
        lookup={"action": factories, "rung": Escalation.Rung.WARNING},
        values={
            "buyer": buyer,
            "supplier": supplier,
            "agreement": agreement,
            "reason": "The factory list was due 30 days after the meeting and has not been published.",
            "status": Escalation.Status.IN_FORCE,
            "decided_by": officer,
            "decided_on": day + datetime.timedelta(days=37),
            "remedy_deadline": day + datetime.timedelta(days=51),
        },
        actor=officer,
    )
    seed_letter(escalation=warning, actor=officer)
    return {"evidence_submitted": hours, "overdue": factories, "warning": warning}
