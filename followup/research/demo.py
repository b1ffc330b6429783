"""Demo desktop research: invented findings about the invented demo suppliers, built on
the kinds of issues DOMAIN.md section 6 lists. Every organisation, report and web address
here is invented (example.org); no real firm or NGO appears. Safe to run again:
findings are matched by (buyer, title) and links by (finding, supplier)."""

import datetime

from django.utils import timezone

from contracts.models import Lot
from criteria.models import IloInstrument
from oslo_procurement.core import upsert
from suppliers.models import Site

from ..models import Finding, FindingSupplier

D = datetime.date


def _at(year, month, day, hour=10):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


# Each finding: the fields, the ILO codes, (supplier key, site name) pairs, lot categories,
# and per supplier key: (raised at or None, the supplier's response).
FINDINGS = [
    {
        "title": "Student interns on excessive overtime at a Chongqing notebook plant",
        "source_kind": Finding.SourceKind.NGO_REPORT,
        "source_title": "Learning on the line: vocational students in notebook assembly",
        "source_publisher": "Yangtze Workers' Watch (invented)",
        "source_url": "https://yangtze-workers-watch.example.org/reports/learning-on-the-line",
        "source_date": D(2026, 3, 12),
        "issue_type": Finding.IssueType.STUDENT_AGENCY,
        "country": "CN",
        "severity": 4,
        "likelihood": 4,
        "status": Finding.Status.REMEDYING,
        "summary": "The report documents vocational-school students aged 16 to 18 placed at the plant for "
        "'internships' unrelated to their studies: 10 to 12 hour shifts, six days a week, night shifts, "
        "monthly overtime far above the legal cap of 36 hours, and wages paid through the school. Interviews "
        "with 38 students in late 2025.",
        "supplier_summary": "An NGO report published in March 2026 describes student interns at the Chongqing "
        "final-assembly plant working 10 to 12 hour shifts six days a week, night shifts, and overtime well above "
        "the legal monthly limit. Please explain how student workers are recruited and paid, their working hours "
        "for the last six months, and the school agreements in place.",
        "internal_notes": "Raised at the dialogue conference too. Compare with the TCO factory audit due in June.",
        "ilo": ["C1", "C14", "C138"],
        "sites": [("tamsui", "Tamsui Chongqing Plant 3")],
        "lots": ["pcs"],
        "links": {
            "tamsui": (
                _at(2026, 4, 2),
                "We have stopped new intern intakes at Plant 3 from 15 April 2026 and capped overtime for all "
                "students at 36 hours a month. A third-party audit of the school agreements is booked for June.",
            ),
            "nordlys": (_at(2026, 4, 2), "We have passed the report to the brand owner and the assembler."),
            "kestrel": (None, ""),
        },
    },
    {
        "title": "Dispatch workers above the legal share at the Kunshan campus",
        "source_kind": Finding.SourceKind.MEDIA,
        "source_title": "Temporary for years: dispatch labour in Jiangsu electronics",
        "source_publisher": "East China Business Review (invented)",
        "source_url": "https://ecbr.example.org/2026/dispatch-labour-jiangsu",
        "source_date": D(2026, 6, 20),
        "issue_type": Finding.IssueType.STUDENT_AGENCY,
        "country": "CN",
        "severity": 2,
        "likelihood": 3,
        "status": Finding.Status.RAISED,
        "summary": "Article estimates that dispatch (agency) workers make up about 40% of the production workforce "
        "in peak season, against the legal cap of 10%, many on repeated short-term contracts.",
        "supplier_summary": "A news article from June 2026 reports that agency (dispatch) workers make up a large "
        "share of the production workforce at the Kunshan campus in peak season, many on repeated short-term "
        "contracts. Please share the monthly share of dispatch workers for the last 12 months and your plan to "
        "keep it within the legal limit.",
        "internal_notes": "",
        "ilo": ["C181"],
        "sites": [("tamsui", "Tamsui Kunshan Campus")],
        "lots": ["pcs"],
        "links": {"tamsui": (_at(2026, 7, 1), "")},
    },
    {
        "title": "Forced-labour risk from labour transfers in component supply chains",
        "source_kind": Finding.SourceKind.NGO_REPORT,
        "source_title": "Moved to work: state-organised labour transfers and the electronics supply chain",
        "source_publisher": "Centre for Supply Chain Accountability (invented)",
        "source_url": "https://csca.example.org/research/moved-to-work",
        "source_date": D(2025, 11, 5),
        "issue_type": Finding.IssueType.FORCED_LABOUR,
        "country": "CN",
        "severity": 4,
        "likelihood": 2,
        "status": Finding.Status.NEW,
        "summary": "The research links factories receiving transferred workers under state-organised labour "
        "transfer schemes to the supply chains of more than 80 brands, including notebook component makers. "
        "Two of the named component suppliers appear in our brand owner's published supplier list.",
        "supplier_summary": "A research report from November 2025 links factories that receive workers through "
        "state-organised labour transfer schemes to the supply chains of more than 80 brands, including makers of "
        "notebook components. Please confirm whether any of your direct or indirect suppliers have received "
        "transferred workers, and describe how you check this.",
        "internal_notes": "Check the brand owner's supplier list against the report's annex before raising.",
        "ilo": ["C29", "P29", "C105"],
        "sites": [],
        "lots": ["pcs", "tablets"],
        "links": {"kestrel": (None, ""), "tamsui": (None, "")},
    },
    {
        "title": "Recruitment fees and withheld passports at a Penang component plant",
        "source_kind": Finding.SourceKind.AUDIT,
        "source_title": "Worker interviews, Penang free industrial zone, spring 2026",
        "source_publisher": "Straits Migrant Support Network (invented)",
        "source_url": "https://smsn.example.org/penang-2026",
        "source_date": D(2026, 5, 18),
        "issue_type": Finding.IssueType.RECRUITMENT,
        "country": "MY",
        "severity": 4,
        "likelihood": 3,
        "status": Finding.Status.RAISED,
        "summary": "Interviews with 25 migrant workers from Nepal and Bangladesh: recruitment fees of USD 3,000 to "
        "4,500 paid in the home country, debts still being repaid, passports kept in the plant's office 'for "
        "safekeeping' and handed out only on request.",
        "supplier_summary": "Worker interviews published in May 2026 report that migrant workers at the Penang plant "
        "paid high recruitment fees in their home countries and that their passports are kept by the employer. "
        "Please describe your recruitment channels, whether any worker has paid fees, how fees will be repaid, and "
        "where workers' identity documents are kept.",
        "internal_notes": "RBA Code: no recruitment fees, no retention of identity documents.",
        "ilo": ["C29", "P29", "C181"],
        "sites": [("selangor", "Selangor Circuit Penang Fab")],
        "lots": ["pcs", "tablets"],
        "links": {"selangor": (_at(2026, 6, 3), "")},
    },
    {
        "title": "Hazardous solvents handled without protective equipment",
        "source_kind": Finding.SourceKind.GRIEVANCE,
        "source_title": "Grievance received through the monitoring partner's hotline",
        "source_publisher": "Chao Phraya Labour Desk (invented)",
        "source_url": "",
        "source_date": D(2026, 8, 9),
        "issue_type": Finding.IssueType.CHEMICALS,
        "country": "TH",
        "severity": 3,
        "likelihood": 3,
        "status": Finding.Status.DISPUTED,
        "summary": "Workers on the cleaning line report handling solvent-based cleaners without gloves or "
        "respirators, headaches and skin rashes, and no chemical safety training in Thai or Burmese.",
        "supplier_summary": "A worker grievance from August 2026 reports that workers on the cleaning line at the "
        "Ayutthaya plant handle solvents without gloves or respiratory protection and have had no chemical safety "
        "training in a language they understand. Please send the safety data sheets, the protective equipment "
        "issue records and the training records for this line.",
        "internal_notes": "The grievance channel asked us to protect the workers' identity.",
        "ilo": ["C155", "C170"],
        "sites": [("selangor", "Selangor Circuit Ayutthaya")],
        "lots": ["pcs"],
        "links": {
            "selangor": (
                _at(2026, 8, 20),
                "We dispute this. All workers on the cleaning line are issued nitrile gloves and respirators, and "
                "training is given in Thai and Burmese. We can share the records at the next meeting.",
            )
        },
    },
    {
        "title": "Limits on worker representation at the Bac Ninh factory",
        "source_kind": Finding.SourceKind.MONITORING,
        "source_title": "Monitoring status report, Bac Ninh electronics factories",
        "source_publisher": "Independent monitoring partner (invented)",
        "source_url": "https://monitoring-partner.example.org/bac-ninh-2026",
        "source_date": D(2026, 9, 30),
        "issue_type": Finding.IssueType.ASSOCIATION,
        "country": "VN",
        "severity": 2,
        "likelihood": 3,
        "status": Finding.Status.NEW,
        "summary": "The grassroots union committee is chaired by the HR manager; workers were not told about the "
        "2026 committee election. No alternative means for workers to organise, as the DFØ clause asks where "
        "national law restricts freedom of association.",
        "supplier_summary": "",
        "internal_notes": "Draft the text for the supplier before raising; discuss at the next 1:1.",
        "ilo": ["C87", "C98", "C135"],
        "sites": [("tamsui", "Tamsui Bac Ninh Factory")],
        "lots": ["tablets", "smartphones"],
        "links": {"tamsui": (None, "")},
    },
    {
        "title": "Unidentified tin and tantalum smelters in the conflict-minerals report",
        "source_kind": Finding.SourceKind.OTHER,
        "source_title": "Review of the supplier's CMRT 6.5",
        "source_publisher": "",
        "source_url": "",
        "source_date": D(2025, 6, 2),
        "issue_type": Finding.IssueType.CONFLICT_MINERALS,
        "country": "CD",
        "severity": 3,
        "likelihood": 2,
        "status": Finding.Status.CLOSED,
        "summary": "The CMRT listed 11 tin and tantalum rows as 'Smelter not yet identified' and answered 'Unknown' "
        "to sourcing from covered countries.",
        "supplier_summary": "Your conflict-minerals report lists several tin and tantalum smelters as not yet "
        "identified and answers 'Unknown' on sourcing from the DRC and its neighbours. Please identify the smelters "
        "and send an updated report.",
        "internal_notes": "Closed after the updated CMRT identified all smelters (all RMAP conformant).",
        "ilo": ["C182"],
        "sites": [],
        "lots": ["pcs", "tablets"],
        "links": {
            "kestrel": (
                _at(2025, 6, 10),
                "An updated CMRT with all smelters identified was uploaded on 28 August 2025.",
            )
        },
    },
]


def _lots(buyer, categories):
    """The buyer's lots of these categories in agreements that are not expired."""
    return list(
        Lot.objects.active()
        .filter(agreement__buyer=buyer, agreement__archived_at__isnull=True, category__in=categories)
        .exclude(agreement__status__in=["expired", "terminated"])
        .order_by("pk")
    )


def seed_research(*, buyer, actor, suppliers: dict, sites: dict | None = None) -> dict:
    """Seed the demo findings for ``buyer``. ``suppliers`` maps the demo keys (tamsui,
    selangor, kestrel, nordlys ...) to Supplier rows; ``sites`` optionally maps site
    names to Site rows (otherwise looked up by supplier and name). Findings naming a
    supplier that is not given are skipped. Returns counts."""
    sites = dict(sites or {})
    instruments = {i.code: i for i in IloInstrument.objects.all()}
    counts = {"findings": 0, "suppliers_concerned": 0, "raised": 0}
    for spec in FINDINGS:
        if not all(key in suppliers for key in spec["links"]):
            continue
        finding_sites = []
        for key, name in spec["sites"]:
            site = sites.get(name) or Site.objects.filter(supplier=suppliers[key], name=name).first()
            if site is not None:
                finding_sites.append(site)
        values = {
            field: spec[field]
            for field in (
                "source_kind",
                "source_title",
                "source_publisher",
                "source_url",
                "source_date",
                "issue_type",
                "country",
                "severity",
                "likelihood",
                "status",
                "summary",
                "supplier_summary",
                "internal_notes",
            )
        }
        values["recorded_by"] = actor
        values["language"] = "en"  # the seeded findings are written in English
        finding = upsert(
            Finding,
            lookup={"buyer": buyer, "title": spec["title"]},
            values=values,
            actor=actor,
            m2m={
                "ilo_instruments": [instruments[code] for code in spec["ilo"] if code in instruments],
                "sites": finding_sites,
                "lots": _lots(buyer, spec["lots"]),
            },
        )
        counts["findings"] += 1
        for key, (raised_at, response) in spec["links"].items():
            upsert(
                FindingSupplier,
                lookup={"finding": finding, "supplier": suppliers[key]},
                values={
                    "raised_at": raised_at,
                    "raised_by": actor if raised_at else None,
                    "supplier_response": response,
                },
                actor=actor,
            )
            counts["suppliers_concerned"] += 1
            counts["raised"] += 1 if raised_at else 0
    return counts
