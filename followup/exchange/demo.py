"""Demo exchange for seed_demo: Bergen kommune as an external partner buyer of Oslo, Oslo's
consent to share its Tamsui findings and corrective actions with Bergen, and one file
Bergen shared with Oslo about Tamsui, read in through the real import (so the supplier page
shows "Shared by Bergen kommune"). The finding in Bergen's file is invented demo data.
Idempotent: each step runs only when its result is not there yet."""

import json

from followup.models import CorrectiveAction, ExchangeImport, Finding, PartnerBuyer
from oslo_procurement.core import upsert

from . import services

BERGEN = {"name": "Bergen kommune", "org_number": "964338531"}
BERGEN_EXPORT_ID = "7d1c2a9e-5b3f-4c8d-9e0a-1f2b3c4d5e6f"


def bergen_file(*, recipient, supplier):
    """The exchange file Bergen kommune shared with Oslo in the demo (schema v1)."""
    return {
        "format": "oslo-procurement-exchange",
        "version": "1.0",
        "export": {"id": BERGEN_EXPORT_ID, "exported_at": "2026-09-14T10:15:00.000000+02:00"},
        "publisher": BERGEN,
        "recipient": {"name": recipient.name, "org_number": recipient.org_number},
        "suppliers": [
            {
                "name": supplier.legal_name,
                "org_number": supplier.org_number or None,
                "registry_id": supplier.foreign_registry_id or None,
                "country": supplier.country.code,
                "findings": [
                    {
                        "id": "2c4e6a8b-0d1f-4a3b-8c5d-7e9f1a2b3c4d",
                        "title": "Night-shift overtime above 80 hours a month at the Chongqing plant",
                        "text": "A monitoring report from August 2026 found overtime of 80 to 100 hours a month on the "
                        "night shift in peak season, above the legal cap of 36 hours. We have asked for the "
                        "time records of the last six months.",
                        "issue_type": "overtime",
                        "severity": "high",
                        "likelihood": "likely",
                        "status": "raised",
                        "country": "CN",
                        "source": {
                            "kind": "monitoring",
                            "title": "Monitoring status report, Chongqing final assembly",
                            "publisher": "Independent monitoring organisation",
                            "date": "2026-08-20",
                            "url": None,
                        },
                        "recorded_on": "2026-08-27",
                        "raised_on": "2026-09-01",
                        "updated_at": "2026-09-01T09:00:00.000000+02:00",
                    }
                ],
                "assessments": [],
                "corrective_actions": [
                    {
                        "id": "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
                        "title": "Publish monthly overtime figures for the night shift",
                        "description": "Monthly overtime per night-shift worker, from the time-recording system.",
                        "severity": "high",
                        "deadline": "2026-11-30",
                        "status": "open",
                        "verified_on": None,
                        "sanction_rung": None,
                        "updated_at": "2026-09-01T09:05:00.000000+02:00",
                    }
                ],
            }
        ],
    }


def seed_exchange(*, buyer, actor, suppliers: dict) -> dict:
    supplier = suppliers.get("tamsui")
    if supplier is None:
        return {}
    partner = upsert(
        PartnerBuyer,
        lookup={"buyer": buyer, "org_number": BERGEN["org_number"]},
        values={"name": BERGEN["name"], "contact_email": "innkjop@bergen.example"},
        actor=actor,
    )
    if not partner.consents.exists():
        findings = (
            Finding.objects.active().filter(buyer=buyer, supplier_links__supplier=supplier).exclude(supplier_summary="")
        )
        actions = CorrectiveAction.objects.filter(buyer=buyer, supplier=supplier)
        services.consent_set(
            partner=partner,
            supplier=supplier,
            chosen={
                "finding": [f.public_id for f in findings],
                "action": [a.public_id for a in actions],
            },
            actor=actor,
        )
    if not ExchangeImport.objects.filter(buyer=buyer, partner=partner).exists():
        content = json.dumps(bergen_file(recipient=buyer, supplier=supplier), ensure_ascii=False).encode()
        services.import_partner_file(
            buyer=buyer, partner=partner, filename="bergen-kommune-2026-09-14.json", content=content, actor=actor
        )
    return {"partner": partner}
