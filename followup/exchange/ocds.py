"""Framework agreements and their awards as an Open Contracting Data Standard 1.1 release
package, with each awarded supplier's follow-up status in the "Human rights follow-up"
extension (followup/exchange/ocds_extension/).

One release per agreement (a snapshot: ``tag`` ["award", "contract"], or ["tender"] while
the agreement is planned). Parties carry Norwegian organisation numbers with the
identifier scheme ``NO-BRC`` (the Brønnøysund Register Centre); the framework agreement
itself is described with the Techniques extension (``tender.techniques``).

Plain functions: ``ocds_release_package(agreements, ...)`` takes a queryset and returns a
dict; it never writes and never checks access (the views and the API do that)."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db.models import Count, Max, Prefetch
from django.utils import timezone

from contracts.models import Award, FrameworkAgreement, Lot
from followup.models import Assessment, CorrectiveAction, Escalation, FindingSupplier

OCDS_VERSION = "1.1"
NO_BRC = "NO-BRC"
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


def _iso(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def _identifier(org_number, registry_id, name):
    if org_number:
        return {"scheme": NO_BRC, "id": org_number, "legalName": name}
    if registry_id:
        # A foreign registry whose org-id.guide scheme we do not record: the id and the
        # legal name without a scheme.
        return {"id": registry_id, "legalName": name}
    return {"legalName": name}


def buyer_party_id(buyer):
    return f"{NO_BRC}-{buyer.org_number}" if buyer.org_number else f"buyer-{buyer.public_id}"


def supplier_party_id(supplier):
    return f"{NO_BRC}-{supplier.org_number}" if supplier.org_number else f"supplier-{supplier.public_id}"


def buyer_party(buyer):
    party = {
        "id": buyer_party_id(buyer),
        "name": buyer.name,
        "identifier": _identifier(buyer.org_number, "", buyer.name),
        "address": {"countryName": buyer.country.name},
        "roles": ["buyer", "procuringEntity"],
    }
    return party


def supplier_party(supplier, roles):
    return {
        "id": supplier_party_id(supplier),
        "name": supplier.legal_name,
        "identifier": _identifier(supplier.org_number, supplier.foreign_registry_id, supplier.legal_name),
        "address": {"countryName": supplier.country.name},
        "roles": sorted(roles),
    }


# --- Follow-up status, for every awarded supplier at once -------------------------------------


def followup_statuses(buyer, supplier_ids, agreement_ids, *, as_of):
    """``(agreement_id, supplier_id) -> FollowUp`` (the extension's object) in a fixed
    number of queries whatever the number of agreements and suppliers."""
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

    actions = defaultdict(lambda: {**dict.fromkeys(ACTION_STATUS.values(), 0), "overdue": 0})
    for row in (
        CorrectiveAction.objects.filter(buyer=buyer, supplier_id__in=supplier_ids)
        .values("supplier_id", "status")
        .annotate(n=Count("pk"), overdue=Count("pk", filter=overdue_q(today)))
        .order_by()
    ):
        counts = actions[row["supplier_id"]]
        counts[ACTION_STATUS[row["status"]]] += row["n"]
        counts["overdue"] += row["overdue"]

    rungs = {}
    for row in (
        Escalation.objects.filter(buyer=buyer, supplier_id__in=supplier_ids, status=Escalation.Status.IN_FORCE)
        .values("supplier_id")
        .annotate(rung=Max("rung"))
        .order_by()
    ):
        rungs[row["supplier_id"]] = row["rung"]

    latest = {}
    for assessment in (
        Assessment.objects.filter(
            supplier_id__in=supplier_ids,
            round__agreement_id__in=list(agreement_ids),
            round__archived_at__isnull=True,
        )
        .select_related("round")
        .order_by("round__agreement_id", "supplier_id", "-round__opens_on", "-pk")
    ):
        latest.setdefault((assessment.round.agreement_id, assessment.supplier_id), assessment)

    def status(agreement_id, supplier_id):
        assessment = latest.get((agreement_id, supplier_id))
        finding_counts = findings[supplier_id]
        return {
            "asOf": _iso(as_of),
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


def _release(agreement, *, buyer, published_at, status_of):
    ocid = ocid_for(agreement)
    lots = list(agreement.lots.all())
    awards = list(agreement.awards.all())
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

    release = {
        "ocid": ocid,
        "id": f"{ocid}-{published_at:%Y%m%dT%H%M%S}",
        "date": _iso(published_at),
        "tag": ["tender"] if agreement.status == FrameworkAgreement.Status.PLANNED else ["award", "contract"],
        "initiationType": "tender",
        "language": "nb",
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
        entry = {
            "id": award_id,
            "title": f"{agreement.reference} – {award.supplier.legal_name}",
            "status": "active",
            "date": _start(award.signed_on),
            "suppliers": [{"id": supplier_party_id(award.supplier), "name": award.supplier.legal_name}],
            "contractPeriod": period,
            "followUp": {
                "supplierId": supplier_party_id(award.supplier),
                **status_of(agreement.pk, award.supplier_id),
            },
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
    return release


def extension_url():
    return f"{settings.SITE_URL.rstrip('/')}/exchange/ocds/extension.json"


def ocds_release_package(agreements, *, buyer, published_at=None, uri=None):
    """A release package (OCDS 1.1) of ``agreements`` (a queryset of the buyer's agreements,
    best from ``agreements_for_ocds``)."""
    published_at = published_at or timezone.now()
    agreements = list(agreements)
    supplier_ids = {award.supplier_id for agreement in agreements for award in agreement.awards.all()}
    status_of = followup_statuses(buyer, supplier_ids, [a.pk for a in agreements], as_of=published_at)
    return {
        "uri": uri or f"{settings.SITE_URL.rstrip('/')}/exchange/ocds/",
        "version": OCDS_VERSION,
        "extensions": [TECHNIQUES_EXTENSION, extension_url()],
        "publishedDate": _iso(published_at),
        "publisher": {
            "name": buyer.name,
            "scheme": NO_BRC if buyer.org_number else None,
            "uid": buyer.org_number or None,
        },
        "releases": [
            _release(agreement, buyer=buyer, published_at=published_at, status_of=status_of) for agreement in agreements
        ],
    }


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
