"""Follow-up in the REST API (/api/v1/rounds/, assessments/, findings/, actions/,
escalations/, risk/): what a token may read (the same rules as the screens and the portal:
a supplier reads the self-assessments in rounds that are not archived, the findings raised
with it, its own link only and never the internal wording, and the corrective actions the
portal lists), the filters, how each record is written out, and the endpoints. The
machinery (tokens, roles, pagination, the OpenAPI description) is oslo_procurement/api's;
the root urls.py registers ``ROUTES``."""

import django_filters as df
from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from contracts.api import BuyerRefSerializer
from contracts.models import Lot
from contracts.selectors import awarded_suppliers
from criteria.models import IloInstrument
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
    Questionnaire,
    ReportingRound,
    RiskAssessment,
)
from followup.risk import selectors as risk_selectors
from oslo_procurement.api.filters import StrictFilterSet, UpdatedFilterSet, by_id, country
from oslo_procurement.api.permissions import STAFF
from oslo_procurement.api.serializers import (
    COUNTRY,
    INTERNAL,
    INTERNAL_LIST,
    ApiSerializer,
    ids,
    ref_id,
)
from oslo_procurement.api.views import ApiViewSet
from suppliers.access import assessment_review_scope, assessment_scope
from suppliers.api import SupplierRefSerializer
from suppliers.models import Evidence, Site

# --- What a token reads ---------------------------------------------------------------------------


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


# --- Filters (query parameters of the lists) -------------------------------------------------------


class RoundFilter(UpdatedFilterSet):
    agreement = by_id("agreement__public_id", _("The agreement's id."))

    class Meta:
        model = ReportingRound
        fields = ["agreement", "status"]


class AssessmentFilter(UpdatedFilterSet):
    round = by_id("round__public_id", _("The reporting round's id."))
    supplier = by_id("supplier__public_id", _("The supplier's id."))
    verdict = df.ChoiceFilter(
        choices=Assessment.Verdict.choices,
        method="filter_verdict",
        label=Assessment._meta.get_field("verdict").verbose_name,
    )

    class Meta:
        model = Assessment
        fields = ["round", "supplier", "status", "verdict"]

    def filter_verdict(self, queryset, name, value):
        """Only where the viewer reads the verdict (AssessmentSerializer blanks the rest): a
        buyer's own rounds (never a self-assessment another buyer's round asked for and the
        supplier shared), a supplier's accepted ones."""
        viewer = getattr(self.request, "_api_viewer", None)
        if viewer is not None and viewer.is_staff:
            queryset = queryset.filter(assessment_review_scope([viewer.buyer.pk] if viewer.buyer is not None else []))
        else:
            queryset = queryset.filter(status=Assessment.Status.ACCEPTED)
        return queryset.filter(verdict=value)


class FindingFilter(UpdatedFilterSet):
    country = country()
    supplier = df.UUIDFilter(method="filter_supplier", label=_("A supplier the finding concerns."))

    class Meta:
        model = Finding
        fields = ["supplier", "status", "issue_type", "severity", "country"]

    def filter_supplier(self, queryset, name, value):
        links = FindingSupplier.objects.filter(supplier__public_id=value)
        viewer = getattr(self.request, "_api_viewer", None)
        if viewer is None or not viewer.is_staff:
            # A supplier's filter matches only its own links: it never learns which other
            # suppliers a finding concerns.
            links = links.filter(supplier=getattr(viewer, "supplier", None), raised_at__isnull=False)
        return queryset.filter(pk__in=links.values("finding"))


class ActionFilter(UpdatedFilterSet):
    supplier = by_id("supplier__public_id", _("The supplier's id."))
    overdue = df.BooleanFilter(method="filter_overdue", label=_("Not closed and past the deadline."))

    class Meta:
        model = CorrectiveAction
        fields = ["supplier", "status", "severity"]

    def filter_overdue(self, queryset, name, value):
        overdue = Q(deadline__lt=timezone.localdate()) & ~Q(status=CorrectiveAction.Status.VERIFIED_CLOSED)
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class EscalationFilter(UpdatedFilterSet):
    supplier = by_id("supplier__public_id", _("The supplier's id."))

    class Meta:
        model = Escalation
        fields = ["supplier", "status", "rung"]


class RiskFilter(StrictFilterSet):
    class Meta:
        model = RiskAssessment
        fields = ["residual_level"]


# --- How each record is written out ---------------------------------------------------------------


class QuestionnaireRefSerializer(ApiSerializer):
    class Meta:
        model = Questionnaire
        fields = ["id", "title_nb", "title_en"]


class RoundSerializer(ApiSerializer):
    agreement = ref_id()
    buyer = BuyerRefSerializer(source="agreement.buyer", read_only=True)
    questionnaire = QuestionnaireRefSerializer(read_only=True)
    title = serializers.CharField(read_only=True, help_text="The round's title in the request's language.")

    class Meta:
        model = ReportingRound
        fields = ["id", "agreement", "buyer", "questionnaire", "title", "opens_on", "deadline", "status"]


class ScoreSerializer(serializers.Serializer):
    percent = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        allow_null=True,
        coerce_to_string=False,
        help_text=_("100 × Σ(weight × points) ÷ Σ(weight) over the counted answers; null when none is counted."),
    )
    counted = serializers.IntegerField(help_text=_("Questions whose reviewed answer counts."))
    total = serializers.IntegerField(help_text=_("Questions in the group."))


class StepScoreSerializer(ScoreSerializer):
    step = serializers.IntegerField(source="key", help_text=_("OECD due-diligence step, 1 to 6."))


class ScorecardSerializer(serializers.Serializer):
    overall = ScoreSerializer()
    steps = StepScoreSerializer(many=True)


class AssessmentSerializer(ApiSerializer):
    round = ref_id()
    supplier = SupplierRefSerializer(read_only=True)
    internal_note = serializers.CharField(read_only=True, allow_null=True, help_text=INTERNAL)
    scores = serializers.SerializerMethodField(
        help_text=format_lazy("{} {}", _("Scores overall and per OECD step (followup/scoring.py)."), INTERNAL)
    )

    class Meta:
        model = Assessment
        fields = [
            "id",
            "round",
            "supplier",
            "status",
            "submitted_at",
            "returned_at",
            "accepted_at",
            "verdict",
            "verdict_comment",
            "internal_note",
            "scores",
            "created_at",
            "updated_at",
        ]
        internal_fields = ["internal_note", "scores"]
        extra_kwargs = {
            "verdict": {"help_text": _("The buyer's verdict; a supplier sees it once the self-assessment is accepted.")}
        }

    @extend_schema_field(ScorecardSerializer(allow_null=True))
    def get_scores(self, obj):
        card = self.context.get("scores", {}).get(obj.pk)
        return ScorecardSerializer(card).data if card is not None else None

    def to_representation(self, instance):
        data = super().to_representation(instance)
        viewer = self.context.get("viewer")
        if viewer is not None and not viewer.is_staff and instance.status != Assessment.Status.ACCEPTED:
            data["verdict"] = ""
            data["verdict_comment"] = ""
        if (
            viewer is not None
            and viewer.is_staff
            and instance.round.agreement.buyer_id != getattr(viewer.buyer, "pk", None)
        ):
            # Shared with the viewer's buyer by the supplier: another buyer's review stays its own.
            data.update(verdict="", verdict_comment="", internal_note=None, scores=None)
        return data


# --- Findings, actions, sanctions, risk ---------------------------------------------------------------


class FindingLinkSerializer(serializers.ModelSerializer):
    supplier = SupplierRefSerializer(read_only=True)
    response = serializers.CharField(source="supplier_response", read_only=True)

    class Meta:
        model = FindingSupplier
        fields = ["supplier", "raised_at", "response"]


class SourceSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(source="source_kind", choices=Finding.SourceKind.choices)
    title = serializers.CharField(source="source_title")
    publisher = serializers.CharField(source="source_publisher")
    url = serializers.CharField(source="source_url")
    date = serializers.DateField(source="source_date", allow_null=True)


class FindingSerializer(ApiSerializer):
    country = serializers.CharField(read_only=True, help_text=COUNTRY)
    source = SourceSerializer(source="*", read_only=True)
    supplier_text = serializers.CharField(
        source="supplier_summary", read_only=True, help_text=_("What the supplier is shown once it is raised.")
    )
    summary = serializers.CharField(read_only=True, allow_null=True, help_text=INTERNAL)
    internal_notes = serializers.CharField(read_only=True, allow_null=True, help_text=INTERNAL)
    likelihood = serializers.IntegerField(read_only=True, allow_null=True, help_text=INTERNAL)
    risk_score = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=format_lazy("{} {}", _("Severity × likelihood, 1 to 16."), INTERNAL)
    )
    suppliers = FindingLinkSerializer(
        source="supplier_links",
        many=True,
        read_only=True,
        help_text=_("The suppliers it concerns; a supplier sees only its own link."),
    )
    sites = ids(help_text=INTERNAL_LIST)
    lots = ids(help_text=INTERNAL_LIST)
    ilo_instruments = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text=INTERNAL_LIST
    )

    class Meta:
        model = Finding
        fields = [
            "id",
            "title",
            "issue_type",
            "country",
            "severity",
            "likelihood",
            "risk_score",
            "status",
            "source",
            "supplier_text",
            "summary",
            "internal_notes",
            "suppliers",
            "sites",
            "lots",
            "ilo_instruments",
            "created_at",
            "updated_at",
        ]
        internal_fields = ["summary", "internal_notes", "likelihood", "risk_score", "sites", "lots", "ilo_instruments"]


class ActionSerializer(ApiSerializer):
    buyer = BuyerRefSerializer(read_only=True)
    supplier = SupplierRefSerializer(read_only=True)
    overdue = serializers.SerializerMethodField(help_text=_("Not closed and the deadline has passed."))
    finding = ref_id(allow_null=True, help_text=INTERNAL)

    class Meta:
        model = CorrectiveAction
        fields = [
            "id",
            "buyer",
            "supplier",
            "title",
            "description",
            "severity",
            "deadline",
            "status",
            "overdue",
            "owner_name",
            "verified_at",
            "verification_note",
            "finding",
            "created_at",
            "updated_at",
        ]
        internal_fields = ["finding"]

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue(timezone.localdate())


class EscalationSerializer(ApiSerializer):
    supplier = SupplierRefSerializer(read_only=True)
    action = ref_id()
    agreement = ref_id(allow_null=True)
    needs_approval = serializers.BooleanField(
        read_only=True, help_text=_("Suspension and higher rungs take effect only with a manager's approval.")
    )

    class Meta:
        model = Escalation
        fields = [
            "id",
            "supplier",
            "action",
            "agreement",
            "rung",
            "status",
            "reason",
            "decided_on",
            "needs_approval",
            "created_at",
            "updated_at",
        ]


class RiskLineSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = serializers.CharField()
    effect = serializers.DecimalField(max_digits=5, decimal_places=1, coerce_to_string=False)


class RiskSerializer(serializers.ModelSerializer):
    supplier = SupplierRefSerializer(read_only=True)
    inherent_score = serializers.DecimalField(max_digits=5, decimal_places=1, read_only=True, coerce_to_string=False)
    residual_score = serializers.DecimalField(max_digits=5, decimal_places=1, read_only=True, coerce_to_string=False)
    assessed_at = serializers.DateTimeField(source="created_at", read_only=True)
    explanation = serializers.SerializerMethodField(
        help_text=_("The lines that add up to the residual figure (followup/risk/engine.py).")
    )

    class Meta:
        model = RiskAssessment
        fields = ["supplier", "inherent_score", "residual_score", "residual_level", "assessed_at", "explanation"]

    @extend_schema_field(RiskLineSerializer(many=True))
    def get_explanation(self, obj):
        lines = risk_selectors.stored_lines(obj)
        rows = [{"code": line.code, "text": str(line.text), "effect": line.effect} for line in lines]
        return RiskLineSerializer(rows, many=True).data


# --- Endpoints -----------------------------------------------------------------------------------


class RoundViewSet(ApiViewSet):
    api_description = _(
        "Self-assessment reporting rounds of the buyer's agreements. A supplier user's token "
        "reads the rounds its company takes part in."
    )
    selector = staticmethod(rounds)
    serializer_class = RoundSerializer
    filterset_class = RoundFilter


class AssessmentViewSet(ApiViewSet):
    api_description = _(
        "Each supplier's self-assessment in a round: status, dates, the verdict and, for the "
        "buyer's staff, the scores overall and per OECD step."
    )
    selector = staticmethod(assessments)
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilter

    def page_context(self, objects):
        if not self.viewer.sees_internal:
            return {}
        return {"scores": assessment_scores(objects)}


class FindingViewSet(ApiViewSet):
    api_description = _(
        "Desktop-research findings. A supplier user's token reads only the findings raised with "
        "its company, with the text meant for the supplier; never the internal wording or notes."
    )
    selector = staticmethod(findings)
    serializer_class = FindingSerializer
    filterset_class = FindingFilter


class ActionViewSet(ApiViewSet):
    api_description = _(
        "Corrective actions and their status. A supplier user's token reads the actions shown in its portal."
    )
    selector = staticmethod(actions)
    serializer_class = ActionSerializer
    filterset_class = ActionFilter


class EscalationViewSet(ApiViewSet):
    api_description = _("Steps on DFØ's sanctions ladder: warnings, suspensions, replacement purchases, terminations.")
    selector = staticmethod(escalations)
    serializer_class = EscalationSerializer
    filterset_class = EscalationFilter
    audiences = (STAFF,)


class RiskViewSet(ApiViewSet):
    api_description = _(
        "The latest inherent and residual risk figure of each supplier with an active award, "
        "with the lines that explain it. Read one supplier's figure by the supplier's id."
    )
    selector = staticmethod(risk)
    serializer_class = RiskSerializer
    filterset_class = RiskFilter
    lookup_field = "supplier__public_id"
    lookup_url_kwarg = "supplier_id"
    audiences = (STAFF,)


ROUTES = [
    ("rounds", RoundViewSet, "round"),
    ("assessments", AssessmentViewSet, "assessment"),
    ("findings", FindingViewSet, "finding"),
    ("actions", ActionViewSet, "action"),
    ("escalations", EscalationViewSet, "escalation"),
    ("risk", RiskViewSet, "risk"),
]
