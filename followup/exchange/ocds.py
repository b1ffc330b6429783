"""Framework agreements and their awards as an Open Contracting Data Standard 1.1 release
package, with each awarded supplier's follow-up status in the "Human rights follow-up"
extension (followup/exchange/ocds_extension/).

One release per agreement (a snapshot: ``tag`` ["award", "contract"] once it has awards,
["tender"] before). Parties carry their register's org-id.guide list code as the identifier
scheme (``ORG_ID_LISTS``: ``NO-BRC`` for Norwegian organisation numbers); the framework
agreement itself is described with the Techniques extension (``tender.techniques``).

Stable publication: a release's ``date`` is the last change of the records it is made from
(the agreement, its lots and awards, the suppliers, their follow-up), and its ``id`` is the
ocid plus a hash of its content, so downloading unchanged data twice gives the same release
and compiling the downloads (ocdskit) invents no change. The text is written in the
publication's language (``PUBLICATION_LANGUAGE``), whoever downloads it.

Plain functions: ``ocds_release_package(agreements, ...)`` takes a queryset and returns a
dict; it never writes and never checks access (the views and the API do that)."""

import datetime
import hashlib
import json
import re
from collections import defaultdict
from email.utils import parseaddr
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Max, Prefetch, Q
from django.urls import reverse
from django.utils import timezone, translation

from contracts.models import Award, FrameworkAgreement, Lot
from followup.models import Assessment, CorrectiveAction, Escalation, FindingSupplier

OCDS_VERSION = "1.1"
NO_BRC = "NO-BRC"
# The language of the published text (``release.language``), whatever the downloader's.
PUBLICATION_LANGUAGE = "nb"
# The main company register of each country as an org-id.guide list code (the public register
# at github.com/org-id/register, lists/<country>/<code>.json). Korea and the United States
# are chosen by the number's form and the state below. A country not listed here: see
# ``registry_identifier``.
ORG_ID_LISTS = {
    "NO": NO_BRC,  # Brønnøysundregistrene, organisasjonsnummer
    "SE": "SE-ON",  # Organisationsnummer
    "DK": "DK-CR",  # CVR, Central Business Register
    "FI": "FI-PRO",  # Finnish Patent and Registration Office (Y-tunnus)
    "DE": "DE-CR",  # Common Register Portal of the German federal states
    "NL": "NL-KVK",  # Chamber of Commerce
    "FR": "FR-RCS",  # Trade and Companies Register
    "GB": "GB-COH",  # Companies House
    "TW": "TW-CR",  # Ministry of Economic Affairs, unified business number
    "MY": "MY-SSM",  # Companies Commission of Malaysia
    "CN": "CN-USCI",  # Unified Social Credit Identifier
    "HK": "HK-CR",  # Hong Kong Companies Register
    "JP": "JP-JCN",  # Corporate Number (National Tax Agency)
    "SG": "SG-ACRA",  # Accounting and Corporate Regulatory Authority
    "IN": "IN-MCA",  # Ministry of Corporate Affairs
    "VN": "VN-TIN",  # Tax Identification Number
    "TH": "TH-MOI",  # Ministry of Interior
}
# Korea: a 10-digit business registration number (KR-BRN) or the 13-digit corporate
# registration number of the court registry (KR-CR).
KOREA_BRN, KOREA_CR = "KR-BRN", "KR-CR"
# The US states whose company register org-id.guide lists, as US-<state>_CR; else the federal
# Employer Identification Number (US-EIN, nine digits).
US_STATE_REGISTERS = frozenset(
    "AK AL AR AZ CA CO CT DC DE FL GA HI IA ID IL IN KS KY LA MA MD ME MI MN MO MS MT NC ND NE NH NJ NM NV NY "
    "OH OK OR PA RI SC SD TN TX UT VA VT WA WI WV WY".split()
)
TECHNIQUES_EXTENSION = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_techniques_extension/master/extension.json"
)

SELF_ASSESSMENT_STATUS = {
    "not_started": "notStarted",
    "in_progress": "inProgress",
    "submitted": "submitted",
    "returned": "returned",
    "accepted": "accepted",
}
VERDICT = {"compliant": "compliant", "partly": "partlyCompliant", "non_compliant": "nonCompliant"}
SANCTIONS_RUNG = {
    None: "none",
    1: "writtenWarning",
    2: "temporarySuspension",
    3: "replacementPurchase",
    4: "termination",
}
ACTION_STATUS = {
    "open": "open",
    "in_progress": "inProgress",
    "evidence_submitted": "evidenceSubmitted",
    "verified_closed": "verifiedClosed",
}
SEVERITY = {1: "low", 2: "medium", 3: "high", 4: "critical"}
TENDER_STATUS = {"planned": "planned", "active": "complete", "expired": "complete", "terminated": "complete"}
CONTRACT_STATUS = {"planned": "pending", "active": "active", "expired": "terminated", "terminated": "terminated"}


def ocid_for(agreement):
    return f"{settings.OCDS_OCID_PREFIX}-{agreement.public_id}"


def _start(day):
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min)).isoformat()


def _end(day):
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59))).isoformat()


def _day_start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _iso(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def registry_identifier(country, registry_id):
    """``(scheme, id)`` of a foreign register number as suppliers write it ("US-DE 7731942",
    "TW 84213377", "GB-COH 01234567" or the bare number): the org-id.guide list code of the
    country's register and the number without the prefix or spaces. ``(None, None)`` when no
    list code is known for the country: the party is then published by its name and its
    ``id`` in the package only (the documented fallback, README "Open data")."""
    value = (registry_id or "").strip()
    country = (country or "").upper()
    match = re.match(r"^([A-Za-z]{2}(?:-[A-Za-z0-9_]+)?)[\s:]+(\S.*)$", value)
    prefix, number = (match.group(1).upper(), match.group(2)) if match else ("", value)
    if prefix and not prefix.startswith(country) and prefix not in ORG_ID_LISTS.values():
        prefix, number = "", value  # not a register prefix: part of the number
    number = re.sub(r"\s+", "", number)
    if not number:
        return None, None
    if prefix in ORG_ID_LISTS.values():
        return prefix, number
    if country == "KR":
        return (KOREA_BRN if len(re.sub(r"\D", "", number)) == 10 else KOREA_CR), number
    if country == "US":
        state = prefix[3:5] if prefix.startswith("US-") else ""
        if state in US_STATE_REGISTERS:
            return f"US-{state}_CR", number
        if re.fullmatch(r"\d{2}-?\d{7}", number):
            return "US-EIN", number
        return None, None
    scheme = ORG_ID_LISTS.get(country)
    return (scheme, number) if scheme else (None, None)


def _identifier(org_number, registry_id, name, country=""):
    if org_number:
        return {"scheme": NO_BRC, "id": org_number, "legalName": name}
    scheme, number = registry_identifier(country, registry_id)
    if scheme:
        return {"scheme": scheme, "id": number, "legalName": name}
    return {"legalName": name}


def buyer_party_id(buyer):
    return f"{NO_BRC}-{buyer.org_number}" if buyer.org_number else f"buyer-{buyer.public_id}"


def supplier_party_id(supplier):
    if supplier.org_number:
        return f"{NO_BRC}-{supplier.org_number}"
    scheme, number = registry_identifier(supplier.country.code, supplier.foreign_registry_id)
    return f"{scheme}-{number}" if scheme else f"supplier-{supplier.public_id}"


def buyer_party(buyer):
    party = {
        "id": buyer_party_id(buyer),
        "name": buyer.name,
        "identifier": _identifier(buyer.org_number, "", buyer.name),
        "address": {"countryName": str(buyer.country.name)},
        "roles": ["buyer", "procuringEntity"],
    }
    return party


def supplier_party(supplier, roles):
    return {
        "id": supplier_party_id(supplier),
        "name": supplier.legal_name,
        "identifier": _identifier(
            supplier.org_number, supplier.foreign_registry_id, supplier.legal_name, supplier.country.code
        ),
        "address": {"countryName": str(supplier.country.name)},
        "roles": sorted(roles),
    }


# --- Follow-up status, for every awarded supplier at once -------------------------------------


def _later(*moments):
    moments = [m for m in moments if m is not None]
    return max(moments) if moments else None


def followup_statuses(buyer, supplier_ids, agreement_ids, *, as_of):
    """``(agreement_id, supplier_id) -> FollowUp`` (the extension's object) in a fixed
    number of queries whatever the number of agreements and suppliers. ``asOf`` is the last
    change of the records the status is made from (``as_of`` only decides what is overdue),
    so an unchanged follow-up gives the same object on every call."""
    from followup.actions.selectors import overdue_q
    from followup.research.selectors import OPEN_STATUSES

    supplier_ids = list(supplier_ids)
    today = timezone.localdate(as_of)

    findings = defaultdict(lambda: dict.fromkeys(SEVERITY.values(), 0))
    rows = (
        FindingSupplier.objects.filter(
            supplier_id__in=supplier_ids,
            finding__buyer=buyer,
            finding__archived_at__isnull=True,
            finding__status__in=OPEN_STATUSES,
        )
        .values("supplier_id", "finding__severity")
        .annotate(n=Count("finding_id", distinct=True))
        .order_by()
    )
    for row in rows:
        findings[row["supplier_id"]][SEVERITY[row["finding__severity"]]] += row["n"]
    # The last change of any of the buyer's findings about the supplier, open or closed (closing
    # one changes the counts), and of the links between them.
    changed = defaultdict(lambda: None)
    for row in (
        FindingSupplier.objects.filter(supplier_id__in=supplier_ids, finding__buyer=buyer)
        .values("supplier_id")
        .annotate(finding=Max("finding__updated_at"), link=Max("updated_at"))
        .order_by()
    ):
        changed[row["supplier_id"]] = _later(row["finding"], row["link"])

    actions = defaultdict(lambda: {**dict.fromkeys(ACTION_STATUS.values(), 0), "overdue": 0})
    for row in (
        CorrectiveAction.objects.filter(buyer=buyer, supplier_id__in=supplier_ids)
        .values("supplier_id", "status")
        .annotate(
            n=Count("pk"),
            overdue=Count("pk", filter=overdue_q(today)),
            changed=Max("updated_at"),
            # An action becomes overdue the day after its deadline, without any record changing.
            overdue_since=Max("deadline", filter=overdue_q(today)),
        )
        .order_by()
    ):
        counts = actions[row["supplier_id"]]
        counts[ACTION_STATUS[row["status"]]] += row["n"]
        counts["overdue"] += row["overdue"]
        since = row["overdue_since"]
        since = _day_start(since + datetime.timedelta(days=1)) if since else None
        changed[row["supplier_id"]] = _later(changed[row["supplier_id"]], row["changed"], since)

    rungs = {}
    for row in (
        Escalation.objects.filter(buyer=buyer, supplier_id__in=supplier_ids)
        .values("supplier_id")
        .annotate(rung=Max("rung", filter=Q(status=Escalation.Status.IN_FORCE)), changed=Max("updated_at"))
        .order_by()
    ):
        rungs[row["supplier_id"]] = row["rung"]
        changed[row["supplier_id"]] = _later(changed[row["supplier_id"]], row["changed"])

    latest = {}
    assessment_changed = defaultdict(lambda: None)
    for assessment in (
        Assessment.objects.filter(
            supplier_id__in=supplier_ids,
            round__agreement_id__in=list(agreement_ids),
        )
        .select_related("round")
        .order_by("round__agreement_id", "supplier_id", "-round__opens_on", "-pk")
    ):
        key = (assessment.round.agreement_id, assessment.supplier_id)
        assessment_changed[key] = _later(assessment_changed[key], assessment.updated_at, assessment.round.updated_at)
        if assessment.round.archived_at is None:
            latest.setdefault(key, assessment)

    def status(agreement_id, supplier_id):
        assessment = latest.get((agreement_id, supplier_id))
        finding_counts = findings[supplier_id]
        last = _later(changed[supplier_id], assessment_changed[(agreement_id, supplier_id)])
        return {
            "asOf": last,  # a datetime or None; _release writes it
            "selfAssessment": (
                {
                    "round": assessment.round.title,
                    "status": SELF_ASSESSMENT_STATUS[assessment.status],
                    "verdict": VERDICT.get(assessment.verdict),
                    "deadline": _end(assessment.round.deadline),
                    "submittedDate": _iso(assessment.submitted_at),
                }
                if assessment is not None
                else None
            ),
            "openFindings": {**finding_counts, "total": sum(finding_counts.values())},
            "correctiveActions": dict(actions[supplier_id]),
            "sanctionsRung": SANCTIONS_RUNG[rungs.get(supplier_id)],
        }

    return status


# --- The package ---------------------------------------------------------------------------


def agreements_for_ocds(buyer):
    """The buyer's agreements (not archived) with their lots and active awards."""
    return (
        FrameworkAgreement.objects.active()
        .filter(buyer=buyer)
        .select_related("buyer")
        .prefetch_related(
            Prefetch("lots", queryset=Lot.objects.active().order_by("number")),
            Prefetch(
                "awards",
                queryset=Award.objects.active()
                .select_related("supplier")
                .prefetch_related(Prefetch("lots", queryset=Lot.objects.order_by("number")))
                .order_by("supplier__legal_name", "pk"),
            ),
        )
        .order_by("-start_date", "reference")
    )


def _release(agreement, *, buyer, status_of):
    ocid = ocid_for(agreement)
    lots = list(agreement.lots.all())
    awards = list(agreement.awards.all())
    # The last change of what the release is made from: its date.
    last = _later(
        agreement.updated_at,
        buyer.updated_at,
        *(lot.updated_at for lot in lots),
        *(award.updated_at for award in awards),
        *(award.supplier.updated_at for award in awards),
    )
    value = {"amount": float(agreement.value), "currency": agreement.currency} if agreement.value is not None else None
    period = {
        "startDate": _start(agreement.start_date),
        "endDate": _end(agreement.end_date),
    }
    if agreement.latest_end_date:
        period["maxExtentDate"] = _end(agreement.latest_end_date)

    suppliers = {}
    for award in awards:
        roles = suppliers.setdefault(award.supplier_id, (award.supplier, set()))[1]
        roles.add("supplier")

    tender = {
        "id": agreement.reference,
        "title": agreement.title,
        "status": TENDER_STATUS[agreement.status],
        "mainProcurementCategory": "goods",
        "techniques": {
            "hasFrameworkAgreement": True,
            "frameworkAgreement": {"period": period},
        },
    }
    if lots:  # OCDS asks for at least one item when "items" is given
        tender["items"] = [{"id": str(lot.number), "description": lot.title} for lot in lots]
    if agreement.description:
        tender["description"] = agreement.description
        tender["techniques"]["frameworkAgreement"]["description"] = agreement.description
    if value is not None:
        tender["value"] = value
        tender["techniques"]["frameworkAgreement"]["value"] = value

    planned = agreement.status == FrameworkAgreement.Status.PLANNED
    release = {
        "ocid": ocid,
        "id": "",  # below: from the content
        "date": "",
        "tag": ["award", "contract"] if awards and not planned else ["tender"],
        "initiationType": "tender",
        "language": PUBLICATION_LANGUAGE,
        "parties": [buyer_party(buyer)]
        + [
            supplier_party(supplier, roles)
            for supplier, roles in sorted(suppliers.values(), key=lambda p: p[0].legal_name)
        ],
        "buyer": {"id": buyer_party_id(buyer), "name": buyer.name},
        "tender": tender,
    }
    if awards:
        release["awards"] = []
        release["contracts"] = []
    for award in awards:
        award_id = str(award.public_id)
        award_lots = list(award.lots.all())
        follow_up = status_of(agreement.pk, award.supplier_id)
        follow_up["asOf"] = _iso(_later(follow_up["asOf"], award.updated_at, award.supplier.updated_at))
        last = _later(last, datetime.datetime.fromisoformat(follow_up["asOf"]))
        entry = {
            "id": award_id,
            "title": f"{agreement.reference} – {award.supplier.legal_name}",
            "status": "active",
            "date": _start(award.signed_on),
            "suppliers": [{"id": supplier_party_id(award.supplier), "name": award.supplier.legal_name}],
            "contractPeriod": period,
            "followUp": {"supplierId": supplier_party_id(award.supplier), **follow_up},
        }
        if award_lots:
            entry["items"] = [{"id": str(lot.number), "description": lot.title} for lot in award_lots]
        release["awards"].append(entry)
        release["contracts"].append(
            {
                "id": f"{award_id}-contract",
                "awardID": award_id,
                "title": f"{agreement.reference} {agreement.title}",
                "status": CONTRACT_STATUS[agreement.status],
                "period": period,
                "dateSigned": _start(award.signed_on),
            }
        )
    release["date"] = _iso(last)
    release["id"] = f"{ocid}-{content_hash(release)[:16]}"
    return release


def content_hash(release):
    """SHA-256 of a release's content (its ``id`` left out), the same for the same data."""
    content = {key: value for key, value in release.items() if key != "id"}
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def extension_url():
    return f"{settings.SITE_URL.rstrip('/')}/exchange/ocds/extension.json"


def absolute(path):
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def extension_metadata():
    """The extension's metadata (extension.json) as this installation serves it, valid
    against the Open Contracting extension metadata schema (tests/assets/ocds/
    extension-schema.json): the documentation address made absolute, and the contact point
    (required there) of this installation, from OCDS_CONTACT_NAME and OCDS_CONTACT_EMAIL,
    else the sender of its emails."""
    path = Path(__file__).resolve().parent / "ocds_extension" / "extension.json"
    metadata = json.loads(path.read_text(encoding="utf-8"))
    metadata["documentationUrl"] = {"en": absolute(reverse("exchange:ocds_extension_readme"))}
    sender_name, sender_email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    metadata["contactPoint"] = {
        "name": settings.OCDS_CONTACT_NAME or sender_name or sender_email,
        "email": settings.OCDS_CONTACT_EMAIL or sender_email,
    }
    return metadata


def ocds_release_package(agreements, *, buyer, published_at=None, uri=None):
    """A release package (OCDS 1.1) of ``agreements`` (a queryset of the buyer's agreements,
    best from ``agreements_for_ocds``). ``uri``: where this package can be fetched (the
    public URLs in ``public_package_uri``). ``published_at`` only decides what counts as
    overdue; the package's dates are those of the data."""
    as_of = published_at or timezone.now()
    agreements = list(agreements)
    supplier_ids = {award.supplier_id for agreement in agreements for award in agreement.awards.all()}
    status_of = followup_statuses(buyer, supplier_ids, [a.pk for a in agreements], as_of=as_of)
    with translation.override(PUBLICATION_LANGUAGE):
        releases = [_release(agreement, buyer=buyer, status_of=status_of) for agreement in agreements]
    published = max((release["date"] for release in releases), default=None) or _iso(buyer.updated_at)
    return {
        "uri": uri or absolute(reverse("exchange:ocds_export")),
        "version": OCDS_VERSION,
        "extensions": [TECHNIQUES_EXTENSION, extension_url()],
        "publishedDate": published,
        "publisher": {
            "name": buyer.name,
            "scheme": NO_BRC if buyer.org_number else None,
            "uid": buyer.org_number or None,
        },
        "releases": releases,
    }


# --- Open data: what the buyer publishes ----------------------------------------------------


def published_agreements(buyer):
    """The buyer's agreements marked "publish as open data", ready for the package."""
    return agreements_for_ocds(buyer).filter(publish_open_data=True)


def buyer_package_uri(buyer):
    return absolute(reverse("exchange:ocds_open_buyer", args=[buyer.public_id]))


def agreement_package_uri(agreement):
    return absolute(reverse("exchange:ocds_open_agreement", args=[agreement.public_id]))


def open_buyer_package(buyer):
    return ocds_release_package(published_agreements(buyer), buyer=buyer, uri=buyer_package_uri(buyer))


def open_agreement_package(agreement):
    """One published agreement's package; the caller has checked that it is published."""
    agreements = published_agreements(agreement.buyer).filter(pk=agreement.pk)
    return ocds_release_package(agreements, buyer=agreement.buyer, uri=agreement_package_uri(agreement))


def merge_patch(target, patch):
    """RFC 7396 JSON Merge Patch: how an OCDS extension's release-schema.json is applied
    to the core schema."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result
