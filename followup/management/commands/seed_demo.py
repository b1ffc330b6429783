"""Seed the demo world: the City of Oslo as buyer with its city entities, the ICT
framework agreement with six lots, invented suppliers with factories, the criteria
catalogue, and one login per role. Idempotent: a second run changes nothing."""

import datetime
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction

from contracts.models import (
    Award,
    Buyer,
    BuyerMembership,
    CityEntity,
    FactoryDisclosure,
    FrameworkAgreement,
    Lot,
    SupplierOfficer,
)
from criteria.catalogue import seed_catalogue
from criteria.models import CriterionVersion
from followup.actions.demo import seed_actions
from followup.consultations.demo import seed_market_dialogue
from followup.demo import seed_assessments
from followup.exchange.demo import seed_exchange
from followup.lessons.demo import seed_lessons
from followup.meetings.demo import seed_meetings
from followup.research.demo import seed_research
from followup.risk.demo import seed_risk
from followup.risk.services import risk_recompute_agreement, risk_recompute_all
from followup.sharing.demo import seed_bergen, seed_sharing
from oslo_procurement.accounts.demo import demo_secret_text, seed_demo_two_factor
from oslo_procurement.accounts.models import User
from oslo_procurement.core import upsert
from suppliers.models import Contact, Evidence, Site, Supplier, SupplierMembership

DEMO_PASSWORD = "demo-Oslo-2026"  # noqa: S105  (printed by make run; demo only)
D = datetime.date

CITY_ENTITIES = [
    # The 15 city districts
    "Bydel Alna",
    "Bydel Bjerke",
    "Bydel Frogner",
    "Bydel Gamle Oslo",
    "Bydel Grorud",
    "Bydel Grünerløkka",
    "Bydel Nordre Aker",
    "Bydel Nordstrand",
    "Bydel Sagene",
    "Bydel St. Hanshaugen",
    "Bydel Stovner",
    "Bydel Søndre Nordstrand",
    "Bydel Ullern",
    "Bydel Vestre Aker",
    "Bydel Østensjø",
    # Agencies
    "Utviklings- og kompetanseetaten",
    "Utdanningsetaten",
    "Helseetaten",
    "Sykehjemsetaten",
    "Velferdsetaten",
    "Bymiljøetaten",
    "Plan- og bygningsetaten",
    "Kulturetaten",
    "Barne- og familieetaten",
    "Brann- og redningsetaten",
    "Eiendoms- og byfornyelsesetaten",
    "Renovasjons- og gjenvinningsetaten",
    "Vann- og avløpsetaten",
    "Byantikvaren",
    "Etat for utleieboliger",
    "Oslo bygningsmyndighet",
    "Kommuneadvokaten",
    "Kommunerevisjonen",
    "Oslo kommunes innbyggerservice",
    "Beredskapsetaten",
    "Deichman bibliotek",
    "Oslo Origo",
    "Næringsetaten",
    "Helse- og velferdsetaten",
    "Arbeidsmarkedsetaten",
    # Municipal enterprises and the city government departments
    "Boligbygg Oslo KF",
    "Undervisningsbygg Oslo KF",
    "Omsorgsbygg Oslo KF",
    "Oslo Havn KF",
    "Byrådsavdeling for finans",
    "Byrådsavdeling for oppvekst og kunnskap",
    "Byrådsavdeling for helse, eldre og innbyggertjenester",
    "Byrådsavdeling for miljø og samferdsel",
    "Byrådsavdeling for kultur og næring",
    "Rådhusets forvaltningstjeneste",
]

# Lots of the ICT agreement with DFØ's per-stage risk: (number, title, category, raw material, component, assembly)
LOTS = [
    (1, "PC-er og bærbare, inkl. tynnklienter", "pcs", "very_high", "very_high", "high"),
    (2, "Skjermer", "monitors", "very_high", "high", "medium_high"),
    (3, "Nettbrett", "tablets", "very_high", "very_high", "high"),
    (4, "Smarttelefoner", "smartphones", "very_high", "very_high", "high"),
    (5, "Periferiutstyr og tilbehør", "peripherals", "high", "medium_high", "medium_high"),
    (6, "Innsamling og ombruk", "takeback", "medium", "medium", "medium"),
]

# Invented companies; none is a real firm.
# (key, legal name, org number or None, foreign id, country, role, Transparency Act covered, website)
SUPPLIERS = [
    ("nordlys", "Nordlys IT-Partner AS", "921734565", "", "NO", "reseller", True, "https://nordlys-it.example"),
    ("fjordvik", "Fjordvik Gjenbruk AS", "926158481", "", "NO", "reseller", False, "https://fjordvik.example"),
    ("kestrel", "Kestrel Computing Inc.", None, "US-DE 7731942", "US", "brand_owner", False, "https://kestrel.example"),
    (
        "lumora",
        "Lumora Displays Co., Ltd.",
        None,
        "KR 110111-4839201",
        "KR",
        "brand_owner",
        False,
        "https://lumora.example",
    ),
    (
        "tamsui",
        "Tamsui Precision Manufacturing Co., Ltd.",
        None,
        "TW 84213377",
        "TW",
        "assembler",
        False,
        "https://tamsui.example",
    ),
    (
        "selangor",
        "Selangor Circuit Components Sdn. Bhd.",
        None,
        "MY 201501029344",
        "MY",
        "component",
        False,
        "https://selangor-circuit.example",
    ),
]

CONTACTS = {
    "nordlys": [
        ("Kari Nordmann", "Bærekraftsansvarlig", "kari.nordmann@nordlys-it.example", "+47 22 00 11 22", "nb", True),
        ("Ola Hansen", "Kundeansvarlig Oslo kommune", "ola.hansen@nordlys-it.example", "+47 22 00 11 23", "nb", False),
    ],
    "fjordvik": [("Siri Dahl", "Daglig leder", "siri.dahl@fjordvik.example", "+47 55 12 34 56", "nb", True)],
    "kestrel": [
        (
            "Dana Whitfield",
            "Director, Supply Chain Responsibility",
            "d.whitfield@kestrel.example",
            "+1 512 555 0142",
            "en",
            True,
        )
    ],
    "lumora": [("Min-ji Park", "Social Compliance Manager", "minji.park@lumora.example", "+82 2 555 0187", "en", True)],
    "tamsui": [
        ("Chen Wei-Ling", "CSR Manager", "weiling.chen@tamsui.example", "+886 2 5550 1234", "en", True),
        ("Lin Jia-Hao", "Factory Compliance Lead", "jiahao.lin@tamsui.example", "+886 2 5550 1240", "en", False),
    ],
    "selangor": [
        ("Nurul Aziz", "Head of Sustainability", "nurul.aziz@selangor-circuit.example", "+60 3 5550 8821", "en", True)
    ],
}

# (supplier key, name, address, city, country, stage, products, categories, workers, disclosed on)
SITES = [
    (
        "tamsui",
        "Tamsui Chongqing Plant 3",
        "No. 18 Xiyong Avenue",
        "Chongqing",
        "CN",
        "final_assembly",
        "notebooks, final assembly",
        ["pcs"],
        18500,
        D(2025, 3, 14),
    ),
    (
        "tamsui",
        "Tamsui Kunshan Campus",
        "88 Huanqing Road",
        "Kunshan",
        "CN",
        "final_assembly",
        "thin clients and desktops",
        ["pcs"],
        9200,
        D(2025, 3, 14),
    ),
    (
        "tamsui",
        "Tamsui Bac Ninh Factory",
        "Que Vo Industrial Park",
        "Bac Ninh",
        "VN",
        "final_assembly",
        "tablets and smartphones",
        ["tablets", "smartphones"],
        7400,
        D(2025, 3, 14),
    ),
    (
        "tamsui",
        "Tamsui Pardubice Assembly s.r.o.",
        "Průmyslová 1120",
        "Pardubice",
        "CZ",
        "final_assembly",
        "configure-to-order notebooks for Europe",
        ["pcs"],
        1100,
        D(2025, 3, 14),
    ),
    (
        "lumora",
        "Lumora Ciudad Juárez Monitor Plant",
        "Parque Industrial Río Bravo",
        "Ciudad Juárez",
        "MX",
        "final_assembly",
        "monitors",
        ["monitors"],
        3800,
        D(2025, 4, 2),
    ),
    (
        "selangor",
        "Selangor Circuit Penang Fab",
        "Bayan Lepas Free Industrial Zone",
        "Penang",
        "MY",
        "component",
        "printed circuit board assemblies, memory modules",
        ["pcs", "tablets"],
        4600,
        D(2025, 5, 20),
    ),
    (
        "selangor",
        "Selangor Circuit Ayutthaya",
        "Hi-Tech Industrial Estate",
        "Ayutthaya",
        "TH",
        "component",
        "hard-drive and SSD components",
        ["pcs"],
        2900,
        D(2025, 5, 20),
    ),
    (
        "kestrel",
        "Kestrel Battery Partner Győr",
        "Ipari Park 4",
        "Győr",
        "HU",
        "component",
        "notebook battery packs",
        ["pcs"],
        850,
        None,
    ),
]

# (email, name, role, supplier key, language)
_TODAY = datetime.date.today()
_TA_YEAR = _TODAY.year if _TODAY >= D(_TODAY.year, 6, 27) else _TODAY.year - 1

# Evidence the suppliers already have (web addresses; no real certificates).
# (supplier key, kind, title, issuer, valid from, valid to, url)
EVIDENCE = [
    (
        "nordlys",
        "policy",
        "Retningslinjer for ansvarlig næringsliv 2024",
        "Nordlys IT-Partner AS",
        D(2024, 3, 1),
        None,
        "https://nordlys-it.example/ansvarlighet/retningslinjer.pdf",
    ),
    # The latest Transparency Act account, published by 30 June each year (dates follow today).
    (
        "nordlys",
        "transparency_account",
        f"Redegjørelse etter åpenhetsloven {_TA_YEAR}",
        "Nordlys IT-Partner AS",
        D(_TA_YEAR, 6, 27),
        D(_TA_YEAR + 1, 6, 30),
        f"https://nordlys-it.example/apenhetsloven/{_TA_YEAR}",
    ),
    (
        "kestrel",
        "rba_membership",
        "RBA Regular Member",
        "Responsible Business Alliance",
        D(2025, 1, 1),
        D(2026, 12, 31),
        "https://kestrel.example/responsibility/rba",
    ),
    (
        "kestrel",
        "tco",
        "TCO Certified Notebooks, generation 10",
        "TCO Development",
        D(2025, 2, 1),
        D(2027, 1, 31),
        "https://kestrel.example/certificates/tco-notebooks",
    ),
    (
        "lumora",
        "tco",
        "TCO Certified Displays, generation 10",
        "TCO Development",
        D(2025, 1, 15),
        D(2027, 1, 14),
        "https://lumora.example/certificates/tco-displays",
    ),
    (
        "tamsui",
        "rba_vap",
        "RBA VAP audit, Chongqing Plant 3",
        "Accredited audit firm",
        D(2025, 4, 10),
        D(2027, 4, 9),
        "https://tamsui.example/audits/vap-chongqing",
    ),
    (
        "selangor",
        "smeta",
        "SMETA 4-pillar audit, Penang Fab",
        "Accredited audit firm",
        D(2023, 5, 2),
        D(2025, 5, 1),
        "https://selangor-circuit.example/audits/smeta-2023",
    ),
]

USERS = [
    ("officer@demo.oslo.test", "Ingrid Solberg", User.Role.OFFICER, None, "nb"),
    ("manager@demo.oslo.test", "Lars Bakke", User.Role.MANAGER, None, "nb"),
    ("admin@demo.oslo.test", "Administrator", User.Role.ADMIN, None, "nb"),
    ("kari.nordmann@nordlys-it.example", "Kari Nordmann", User.Role.SUPPLIER, "nordlys", "nb"),
    ("weiling.chen@tamsui.example", "Chen Wei-Ling", User.Role.SUPPLIER, "tamsui", "en"),
    # The second buyer's officer (Bergen kommune), to whom Nordlys shows its shared answer.
    # On the demo domain like the other staff: the same published two-factor key mechanism.
    ("bergen.officer@demo.oslo.test", "Sigrid Haugland", User.Role.OFFICER, None, "nb"),
]
BERGEN_OFFICER = "bergen.officer@demo.oslo.test"
STAFF_LOGINS = {
    "officer@demo.oslo.test": "procurement officer",
    "manager@demo.oslo.test": "manager (read-only)",
    "admin@demo.oslo.test": "administrator (also /admin/)",
    BERGEN_OFFICER: "procurement officer, Bergen kommune (the second buyer)",
}


class Command(BaseCommand):
    help = "Seed the demo world (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        with transaction.atomic():
            admin = self._users_first()
            buyer = upsert(
                Buyer,
                lookup={"name": "Oslo kommune"},
                values={"org_number": "958935420", "country": "NO", "website": "https://www.oslo.kommune.no"},
                actor=admin,
            )
            # Oslo's catalogue, and the small national catalogue beside it.
            catalogue = seed_catalogue(actor=admin, owner=buyer)
            entities = [
                upsert(CityEntity, lookup={"buyer": buyer, "name": name}, values={}, actor=admin)
                for name in CITY_ENTITIES
            ]
            self._memberships(buyer, admin)
            suppliers = self._suppliers(admin)
            current = self._agreements(buyer, entities, suppliers, admin)
            officer = self.users["officer@demo.oslo.test"]
            # "My suppliers" of the demo officer: the contract holder and the take-back reseller.
            for key in ("nordlys", "fjordvik"):
                upsert(
                    SupplierOfficer,
                    lookup={"buyer": buyer, "supplier": suppliers[key]},
                    values={"officer": officer},
                    actor=officer,
                )
            supplier_users = {
                key: self.users[email] for email, _n, role, key, _l in USERS if role == User.Role.SUPPLIER
            }
            seed_assessments(
                buyer=buyer, agreement=current, actor=officer, suppliers=suppliers, supplier_users=supplier_users
            )
            bergen = seed_bergen(officer_user=self.users[BERGEN_OFFICER], actor=admin)
            seed_sharing(
                agreement=current,
                actor=officer,
                supplier=suppliers["nordlys"],
                supplier_user=supplier_users["nordlys"],
                bergen=bergen,
            )
            seed_research(buyer=buyer, actor=officer, suppliers=suppliers)
            seed_meetings(buyer=buyer, actor=officer, suppliers=suppliers)
            seed_actions(buyer=buyer, actor=officer, suppliers=suppliers)
            seed_risk(buyer=buyer, actor=officer)
            seed_exchange(buyer=buyer, actor=officer, suppliers=suppliers)
            seed_market_dialogue(
                buyer=buyer, agreement=current, actor=officer, suppliers=suppliers, supplier_users=supplier_users
            )
            seed_lessons(buyer=buyer, actor=officer)
            # The lessons add findings and late actions: the risk of those suppliers moves now,
            # not at the next run of the seed (which must change nothing).
            risk_recompute_all(buyer=buyer)
            risk_recompute_agreement(agreement=current)
        self._print_logins(catalogue)

    def _users_first(self):
        users = {}
        for email, name, role, _supplier, language in USERS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name, role=role, language=language)
            users[email] = user
        seed_demo_two_factor(u for u in users.values() if u.role != User.Role.SUPPLIER)
        admin = users["admin@demo.oslo.test"]
        if not (admin.is_staff and admin.is_superuser):
            admin.is_staff = admin.is_superuser = True
            admin.save(update_fields=["is_staff", "is_superuser"])
        self.users = users
        return admin

    def _memberships(self, buyer, admin):
        for email, _name, role, _supplier, _language in USERS:
            if role != User.Role.SUPPLIER and email != BERGEN_OFFICER:  # Bergen's: seed_bergen
                upsert(BuyerMembership, lookup={"user": self.users[email]}, values={"buyer": buyer}, actor=admin)

    def _suppliers(self, admin):
        suppliers = {}
        for key, name, org, foreign, country, role, covered, website in SUPPLIERS:
            suppliers[key] = upsert(
                Supplier,
                lookup={"legal_name": name},
                values={
                    "org_number": org,
                    "foreign_registry_id": foreign,
                    "country": country,
                    "role": role,
                    "transparency_act_covered": covered,
                    "website": website,
                },
                actor=admin,
            )
        for key, contacts in CONTACTS.items():
            for name, title, email, phone, language, primary in contacts:
                upsert(
                    Contact,
                    lookup={"supplier": suppliers[key], "email": email},
                    values={"name": name, "title": title, "phone": phone, "language": language, "is_primary": primary},
                    actor=admin,
                )
        for key, name, address, city, country, stage, products, categories, workers, disclosed in SITES:
            upsert(
                Site,
                lookup={"supplier": suppliers[key], "name": name},
                values={
                    "address": address,
                    "city": city,
                    "country": country,
                    "stage": stage,
                    "products": products,
                    "product_categories": categories,
                    "workers": workers,
                    "disclosed_on": disclosed,
                },
                actor=admin,
            )
        for key, kind, title, issuer, valid_from, valid_to, url in EVIDENCE:
            upsert(
                Evidence,
                lookup={"supplier": suppliers[key], "title": title},
                values={"kind": kind, "issuer": issuer, "valid_from": valid_from, "valid_to": valid_to, "url": url},
                actor=admin,
            )
        for email, _name, role, supplier_key, _language in USERS:
            if role == User.Role.SUPPLIER:
                upsert(
                    SupplierMembership,
                    lookup={"user": self.users[email]},
                    values={"supplier": suppliers[supplier_key]},
                    actor=admin,
                )
        return suppliers

    def _agreements(self, buyer, entities, suppliers, admin):
        previous = upsert(
            FrameworkAgreement,
            lookup={"buyer": buyer, "reference": "UKE-2020/0417"},
            values={
                "title": "PC-er, tynnklienter, skjermer og nettbrett (2020)",
                "description": "Forrige rammeavtale for IKT-utstyr til virksomhetene i Oslo kommune.",
                "value": Decimal("380000000.00"),
                "currency": "NOK",
                "start_date": D(2020, 12, 18),
                "end_date": D(2023, 12, 17),
                "extension_options": "1 år",
                "latest_end_date": D(2024, 12, 17),
                "status": FrameworkAgreement.Status.EXPIRED,
            },
            actor=admin,
            m2m={"participating_entities": entities[:44]},
        )
        current = upsert(
            FrameworkAgreement,
            lookup={"buyer": buyer, "reference": "UKE-2024/0913"},
            values={
                "title": "PC-er, tynnklienter, skjermer, nettbrett og smarttelefoner",
                "description": "Felles rammeavtale for IKT-utstyr til om lag 50 virksomheter i Oslo kommune, "
                "med Oslos standard sosiale krav og oppfølging av leverandørkjeden.",
                "value": Decimal("420000000.00"),
                "currency": "NOK",
                "start_date": D(2024, 12, 18),
                "end_date": D(2027, 12, 17),
                "extension_options": "1 + 1 år",
                "latest_end_date": D(2029, 12, 17),
                "status": FrameworkAgreement.Status.ACTIVE,
                "publish_open_data": True,  # OCDS open data (followup/exchange/ocds.py)
            },
            actor=admin,
            m2m={"participating_entities": entities},
        )
        for agreement in (previous, current):
            lots = {}
            for number, title, category, raw, component, assembly in LOTS:
                if agreement is previous and number > 3:
                    continue  # the 2020 agreement had only PCs, monitors and tablets
                lots[number] = upsert(
                    Lot,
                    lookup={"agreement": agreement, "number": number},
                    values={
                        "title": title,
                        "category": category,
                        "risk_raw_material": raw,
                        "risk_component": component,
                        "risk_final_assembly": assembly,
                    },
                    actor=admin,
                )
            signed = agreement.start_date - datetime.timedelta(days=14)
            versions = list(
                CriterionVersion.objects.exclude(status=CriterionVersion.Status.DRAFT)
                .filter(criterion__owner=buyer, effective_from__lte=signed)
                .exclude(effective_to__lte=signed)
                .exclude(criterion__kind="self_assessment")
            )
            awards = [("nordlys", "contract_holder", [n for n in lots if n != 6])]
            if 6 in lots:
                awards.append(("fjordvik", "contract_holder", [6]))
            awards += [
                ("kestrel", "subcontractor", [n for n in (1, 3) if n in lots]),
                ("lumora", "subcontractor", [2]),
                ("tamsui", "subcontractor", [n for n in (1, 3, 4) if n in lots]),
            ]
            if agreement is current:
                awards.append(("selangor", "subcontractor", [1, 3]))
            for key, kind, lot_numbers in awards:
                award = upsert(
                    Award,
                    lookup={"agreement": agreement, "supplier": suppliers[key], "archived_at": None},
                    values={"kind": kind, "signed_on": signed},
                    actor=admin,
                    m2m={"lots": [lots[n] for n in lot_numbers], "criteria_versions": versions},
                )
                if agreement is current:
                    # The factory list per lot (Electronics Watch): each site of the supplier
                    # that makes the lot's product category, disclosed for that lot.
                    for n in lot_numbers:
                        for site in Site.objects.filter(supplier=suppliers[key], archived_at=None):
                            if lots[n].category in (site.product_categories or []):
                                upsert(
                                    FactoryDisclosure,
                                    lookup={"award": award, "lot": lots[n], "site": site, "archived_at": None},
                                    values={"stage": site.stage, "products": site.products or site.name},
                                    actor=admin,
                                )
        return current

    def _print_logins(self, catalogue):
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
        self.stdout.write(f"Criteria catalogue: {catalogue}")
        self.stdout.write("")
        self.stdout.write("Demo logins (email, password, role):")
        labels = {
            **STAFF_LOGINS,
            "kari.nordmann@nordlys-it.example": "supplier user, Nordlys IT-Partner AS",
            "weiling.chen@tamsui.example": "supplier user, Tamsui Precision Manufacturing",
        }
        for email, label in labels.items():
            self.stdout.write(f"  {email:34} {DEMO_PASSWORD}   {label}")
        self.stdout.write("")
        self.stdout.write("Staff log in with two-factor authentication, as in production: after the password, the")
        self.stdout.write("page asks for a code. Print the current codes with `.venv/bin/python manage.py demo_codes`,")
        self.stdout.write("or add a key to an authenticator app (time-based, 6 digits):")
        for email in STAFF_LOGINS:
            self.stdout.write(f"  {email:40} {demo_secret_text(email)}")
