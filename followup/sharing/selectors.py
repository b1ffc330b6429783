"""Reads for sharing: what a supplier can share, who holds what, what a buyer was given,
and the shared answers a buyer's round may accept instead of asking again. Each function
runs a fixed number of queries whatever the number of buyers and shares."""

from django.db.models import Prefetch
from django.utils import timezone

from contracts.models import Buyer
from oslo_procurement.compiled import compiled_first
from suppliers.models import CmrtReport, Evidence

from ..models import Answer, Assessment, Question, ShareAcceptance, SupplierShare

_SHARE_RELATED = (
    "buyer",
    "assessment__round__questionnaire",
    "assessment__round__agreement__buyer",
    "cmrt_report",
    "evidence",
    "shared_by",
    "withdrawn_by",
)


def latest_accepted_assessment(supplier):
    """The supplier's most recently accepted self-assessment in a round that is not archived."""
    return (
        Assessment.objects.filter(supplier=supplier, status=Assessment.Status.ACCEPTED, round__archived_at__isnull=True)
        .select_related("round__questionnaire", "round__agreement__buyer")
        .order_by("-accepted_at", "-pk")
        .first()
    )


def current_cmrt(supplier):
    return (
        CmrtReport.objects.active()
        .filter(supplier=supplier)
        .select_related("evidence")
        .order_by("-created_at", "-pk")
        .first()
    )


def shareable_evidence(supplier):
    """The supplier's evidence that can be shared one by one (a CMRT file goes with its report)."""
    return (
        Evidence.objects.active().filter(supplier=supplier).exclude(kind=Evidence.Kind.CMRT).order_by("kind", "title")
    )


def other_buyers(supplier):
    """The buyers of the installation a supplier may share with."""
    return Buyer.objects.active().order_by("name")


def supplier_shares(supplier):
    """Every share the supplier made, newest first, withdrawn ones too: who can see what
    now, and the history of it."""
    return SupplierShare.objects.filter(supplier=supplier).select_related(*_SHARE_RELATED).order_by("-shared_at", "-pk")


def recent_acceptances(supplier, *, days=180):
    """What buyers accepted of the supplier's shared answers lately: the portal's notice."""
    since = timezone.now() - timezone.timedelta(days=days)
    return (
        ShareAcceptance.objects.filter(share__supplier=supplier, created_at__gte=since)
        .select_related("share__buyer", "share__assessment__round", "assessment__round")
        .order_by("-created_at", "-pk")
    )


def shared_with_buyer(buyer, supplier):
    """What the supplier shares, now, with the buyer."""
    return (
        SupplierShare.objects.filter(buyer=buyer, supplier=supplier, withdrawn_at__isnull=True)
        .select_related(*_SHARE_RELATED)
        .order_by("kind", "-shared_at")
    )


def shared_assessment_items(assessment):
    """The questions of a shared self-assessment with the supplier's answers and the
    evidence it cited, never the reviews (another buyer's)."""
    answers = {
        answer.question_id: answer
        for answer in Answer.objects.filter(assessment=assessment).prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("title"))
        )
    }
    from ..selectors import choice_label

    questions = Question.objects.filter(questionnaire_id=assessment.round.questionnaire_id).order_by("order")
    rows = []
    for question in questions:
        answer = answers.get(question.pk)
        rows.append(
            {
                "question": question,
                "answer": answer,
                "value_label": choice_label(question, answer),
                "evidence": list(answer.evidence.all()) if answer else [],
            }
        )
    return rows


# --- Offered in a reporting round --------------------------------------------------------------


def _criterion_versions(questionnaire_ids):
    rows = Question.objects.filter(questionnaire_id__in=questionnaire_ids).values_list(
        "questionnaire_id", "criterion_version_id"
    )
    result = {}
    for questionnaire_id, version_id in rows:
        result.setdefault(questionnaire_id, set()).add(version_id)
    return result


def same_questions(source_questionnaire_id, target_questionnaire_id, versions):
    """An answer fits a round when it answers the same questionnaire, or a questionnaire
    asking every question of the round's on the same criteria versions (the same national
    criteria in two buyers' questionnaires).

    Hook for the buyer-owned catalogue (issue 14, criteria): when a buyer's version is an
    adopted copy of a national one, map both to their national source here."""
    if source_questionnaire_id == target_questionnaire_id:
        return True
    target = versions.get(target_questionnaire_id, set())
    return bool(target) and target <= versions.get(source_questionnaire_id, set())


def offered_answers(round_, supplier_ids=None):
    """``{supplier id: share}``: the newest self-assessment shared with the round's buyer
    by each supplier that fits the round's questionnaire. Three queries."""
    buyer_id = round_.agreement.buyer_id
    shares = (
        SupplierShare.objects.filter(buyer_id=buyer_id, kind=SupplierShare.Kind.ASSESSMENT, withdrawn_at__isnull=True)
        .select_related("assessment__round__questionnaire")
        .order_by("-assessment__accepted_at", "-pk")
    )
    if supplier_ids is not None:
        shares = shares.filter(supplier_id__in=list(supplier_ids))
    shares = list(shares)
    versions = _criterion_versions({s.assessment.round.questionnaire_id for s in shares} | {round_.questionnaire_id})
    offered = {}
    for share in shares:
        if share.supplier_id in offered:
            continue
        if same_questions(share.assessment.round.questionnaire_id, round_.questionnaire_id, versions):
            share.age_days = (timezone.now() - (share.assessment.submitted_at or share.shared_at)).days
            offered[share.supplier_id] = share
    return offered


def acceptance_of(assessment):
    """The share a round's self-assessment was copied from, or None (one query, shown on
    every view of the review page: compiled once per process)."""

    def first(assessment):
        rows = ShareAcceptance.objects.filter(assessment=assessment).select_related("share__assessment", "accepted_by")
        return (rows if rows.ordered else rows.order_by("pk"))[:1]  # as .first() orders

    return compiled_first("sharing.acceptance_of", first, assessment=assessment)


def round_acceptances(round_):
    """``{assessment id: ShareAcceptance}`` of the round: answers accepted from a share."""
    rows = ShareAcceptance.objects.filter(assessment__round=round_).select_related("share__assessment")
    return {row.assessment_id: row for row in rows}


def shared_answers_for_round_form(buyer, suppliers, questionnaires):
    """The self-assessments the agreement's suppliers share with the buyer, with their age
    and the buyer's published questionnaires each one answers (``fits``), for the round
    form. Three queries."""
    shares = list(
        SupplierShare.objects.filter(
            buyer=buyer,
            supplier__in=suppliers,
            kind=SupplierShare.Kind.ASSESSMENT,
            withdrawn_at__isnull=True,
        )
        .select_related("supplier", "assessment__round__questionnaire")
        .order_by("supplier__legal_name", "-assessment__accepted_at", "-pk")
    )
    now = timezone.now()
    questionnaires = list(questionnaires)
    sources = {share.assessment.round.questionnaire_id for share in shares}
    versions = _criterion_versions(sources | {q.pk for q in questionnaires}) if shares else {}
    for share in shares:
        share.age_days = (now - (share.assessment.submitted_at or share.shared_at)).days
        source = share.assessment.round.questionnaire_id
        share.fits = [q for q in questionnaires if same_questions(source, q.pk, versions)]
    return shares
