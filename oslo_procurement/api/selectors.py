"""What each API endpoint lets a viewer read: the one place where the API scopes data.

Staff read their own buyer's records; the suppliers and sites a buyer lists are those the
screens list (contracts.selectors.followed_suppliers); the evidence it reads is what the one
reading rule of suppliers.access lets it read (a relation with the supplier, or an item the
supplier shared with the buyer), as on the screens. A supplier user reads only
its own company, and of the follow-up only what the portal shows it: self-assessments in
rounds that are not archived, findings raised with it (its own link only, never the
internal wording), and the corrective actions the portal lists. Archived records are left
out everywhere. Every queryset has a total order, so pages never skip or repeat a record."""

from django.db.models import OuterRef, Prefetch, Q, Subquery

from contracts.models import Award, FrameworkAgreement, Lot
from contracts.selectors import awarded_suppliers, followed_suppliers
from criteria.models import Criterion, CriterionVersion, IloInstrument
from followup import scoring
from followup.actions.access import portal_visible_actions
from followup.models import (
    Answer,
    Assessment,
    CorrectiveAction,
    Escalation,
    Finding,
    FindingSupplier,
    Question,
    ReportingRound,
    RiskAssessment,
)
from suppliers.access import assessment_scope, evidence_scope
from suppliers.models import Evidence, Site, Supplier


def followed(viewer):
    """The suppliers a staff token lists: the screens' rule (contracts.selectors.followed_suppliers);
    an open-data token lists only the awarded, which are public procurement data."""
    if viewer.open_data:
        return Q(pk__in=awarded_suppliers(viewer.buyer))
    return followed_suppliers(viewer.buyer)


def suppliers(viewer):
    if viewer.is_staff:
        qs = Supplier.objects.active().filter(followed(viewer))
    else:
        qs = Supplier.objects.active().filter(pk=viewer.supplier.pk)
    return qs.order_by("legal_name", "pk")


def sites(viewer):
    qs = Site.objects.active().select_related("supplier")
    if viewer.is_staff:
        qs = qs.filter(supplier__in=Supplier.objects.filter(followed(viewer)), supplier__archived_at__isnull=True)
    else:
        qs = qs.filter(supplier=viewer.supplier)
    return qs.order_by("country", "name", "pk")


def evidence(viewer):
    qs = Evidence.objects.active().select_related("supplier")
    if viewer.is_staff:
        # The one reading rule of the screens (suppliers.access): a relation with the
        # supplier, or the item shared with the buyer.
        buyer_ids = [viewer.buyer.pk] if viewer.buyer is not None else []
        qs = qs.filter(evidence_scope(buyer_ids), supplier__archived_at__isnull=True)
    else:
        qs = qs.filter(supplier=viewer.supplier)
    return qs.order_by("supplier__legal_name", "kind", "-valid_to", "pk")


# --- Agreements (staff and open data) ---------------------------------------------------------


def agreements(viewer):
    return (
        FrameworkAgreement.objects.active()
        .filter(buyer=viewer.buyer)
        .select_related("buyer")
        .order_by("-start_date", "reference", "pk")
    )


def lots(viewer):
    return (
        Lot.objects.active()
        .filter(agreement__buyer=viewer.buyer, agreement__archived_at__isnull=True)
        .select_related("agreement")
        .order_by("agreement__reference", "number", "pk")
    )


def awards(viewer):
    return (
        Award.objects.active()
        .filter(agreement__buyer=viewer.buyer, agreement__archived_at__isnull=True)
        .select_related("agreement", "supplier")
        .prefetch_related(
            Prefetch("lots", queryset=Lot.objects.only("pk", "public_id").order_by("number")),
            Prefetch("criteria_versions", queryset=CriterionVersion.objects.only("pk", "public_id").order_by("pk")),
        )
        .order_by("agreement__reference", "supplier__legal_name", "pk")
    )


# --- The criteria catalogue (public within the installation) -----------------------------------


def criteria(viewer):
    active_version = CriterionVersion.objects.filter(
        criterion=OuterRef("pk"), status=CriterionVersion.Status.ACTIVE
    ).values("public_id")[:1]
    return Criterion.objects.active().annotate(active_version_id=Subquery(active_version)).order_by("code")


def criterion_versions(viewer):
    qs = (
        CriterionVersion.objects.filter(criterion__archived_at__isnull=True)
        .select_related("criterion", "ilo_set")
        .prefetch_related(Prefetch("ilo_instruments", queryset=IloInstrument.objects.order_by("code")))
    )
    if not viewer.sees_internal:
        # Drafts are work in progress of the buyer's staff.
        qs = qs.exclude(status=CriterionVersion.Status.DRAFT)
    return qs.order_by("criterion__code", "version", "pk")


def ilo_instruments(viewer):
    return IloInstrument.objects.order_by("code")


# --- Follow-up ------------------------------------------------------------------------------------


def rounds(viewer):
    qs = ReportingRound.objects.active().select_related("agreement__buyer", "questionnaire")
    if viewer.is_staff:
        qs = qs.filter(agreement__buyer=viewer.buyer)
    else:
        qs = qs.filter(pk__in=Assessment.objects.filter(supplier=viewer.supplier).values("round"))
    return qs.order_by("-opens_on", "title_nb", "pk")


def assessments(viewer):
    qs = Assessment.objects.filter(round__archived_at__isnull=True).select_related("round__agreement", "supplier")
    if viewer.is_staff:
        # The one reading rule (suppliers.access): the buyer's own rounds, and the
        # self-assessments suppliers shared with it (their review blanked by the serializer).
        qs = qs.filter(assessment_scope([viewer.buyer.pk] if viewer.buyer is not None else []))
    else:
        qs = qs.filter(supplier=viewer.supplier).defer("internal_note")
    return qs.order_by("-round__opens_on", "round__title_nb", "supplier__legal_name", "pk")


def findings(viewer):
    if viewer.is_staff:
        links = FindingSupplier.objects.select_related("supplier").order_by("supplier__legal_name", "pk")
        return (
            Finding.objects.active()
            .filter(buyer=viewer.buyer)
            .prefetch_related(
                Prefetch("supplier_links", queryset=links),
                Prefetch("sites", queryset=Site.objects.only("pk", "public_id").order_by("pk")),
                Prefetch("lots", queryset=Lot.objects.only("pk", "public_id").order_by("pk")),
                Prefetch("ilo_instruments", queryset=IloInstrument.objects.only("pk", "code").order_by("code")),
            )
            .order_by("-created_at", "pk")
        )
    raised = FindingSupplier.objects.filter(supplier=viewer.supplier, raised_at__isnull=False)
    return (
        Finding.objects.active()
        .filter(pk__in=raised.values("finding"))
        # The internal wording is never even loaded for a supplier, nor the other suppliers concerned.
        .defer("summary", "internal_notes")
        .prefetch_related(Prefetch("supplier_links", queryset=raised.select_related("supplier")))
        .order_by("-created_at", "pk")
    )


def actions(viewer):
    if viewer.is_staff:
        qs = CorrectiveAction.objects.filter(buyer=viewer.buyer).select_related("finding")
    else:
        qs = portal_visible_actions(viewer.supplier)
    return qs.select_related("buyer", "supplier").order_by("deadline", "pk")


def escalations(viewer):
    return (
        Escalation.objects.filter(buyer=viewer.buyer)
        .select_related("supplier", "action", "agreement")
        .order_by("supplier__legal_name", "rung", "pk")
    )


def risk(viewer):
    """The latest supplier-level risk figure of each supplier with an active award."""
    latest = (
        RiskAssessment.objects.filter(buyer=viewer.buyer, supplier=OuterRef("supplier"), agreement__isnull=True)
        .order_by("-created_at", "-pk")
        .values("pk")[:1]
    )
    return (
        RiskAssessment.objects.filter(
            buyer=viewer.buyer,
            agreement__isnull=True,
            supplier__in=awarded_suppliers(viewer.buyer),
            supplier__archived_at__isnull=True,
        )
        .filter(pk=Subquery(latest))
        .select_related("supplier")
        .order_by("-residual_score", "supplier__legal_name", "pk")
    )


def assessment_scores(assessments):
    """``{assessment pk: Scorecard}`` for a page of self-assessments, by followup.scoring
    (overall and per OECD step). Only reviewed answers count in a score, so only those are
    read. Three queries whatever the page size."""
    assessments = list(assessments)
    if not assessments:
        return {}
    questions_by_questionnaire = {}
    questions = (
        Question.objects.filter(questionnaire_id__in={a.round.questionnaire_id for a in assessments})
        .select_related("criterion_version__criterion")
        .order_by("questionnaire", "order")
    )
    for question in questions:
        questions_by_questionnaire.setdefault(question.questionnaire_id, []).append(question)
    reviewed = (
        Answer.objects.filter(
            assessment__in=[a.pk for a in assessments],
            review__in=[Answer.Review.ACCEPTED, Answer.Review.NON_COMPLIANT],
        )
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.only("pk")))
        .order_by()
    )
    answers = {(answer.assessment_id, answer.question_id): answer for answer in reviewed}
    return {
        a.pk: scoring.score_assessment(
            [(q, answers.get((a.pk, q.pk))) for q in questions_by_questionnaire.get(a.round.questionnaire_id, [])]
        )
        for a in assessments
    }
