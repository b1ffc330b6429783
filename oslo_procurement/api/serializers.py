"""How each record is written out. Identifiers are the records' public ids (UUID), never
integer keys; coded values are their stable codes (enums in the OpenAPI description).

Fields listed in a serializer's ``Meta.internal_fields`` are for the buyer's staff with a
full token only (internal notes, scores, the internal wording of a finding). For anyone
else they are null, and their value is never even read from the database row."""

from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from contracts.models import Award, Buyer, FrameworkAgreement, Lot
from criteria.models import Criterion, CriterionVersion, IloInstrument
from followup.models import (
    Assessment,
    CorrectiveAction,
    Escalation,
    Finding,
    FindingSupplier,
    Questionnaire,
    ReportingRound,
    RiskAssessment,
)
from followup.risk import selectors as risk_selectors
from suppliers.models import Evidence, Site, Supplier

INTERNAL = _("Only for the buyer's staff with a full token; null for everyone else.")
COUNTRY = _("ISO 3166-1 alpha-2 country code.")


INTERNAL_LIST = _("Only for the buyer's staff with a full token; empty for everyone else.")


class _Withheld(serializers.Field):
    """Stands in for an internal field the viewer may not read: null (an empty list for a
    list, as the OpenAPI description says), reads nothing."""

    def __init__(self, *, empty=None, **kwargs):
        self.empty = empty
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, value):
        return [] if self.empty == [] else None


class ApiSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True, help_text=_("Stable public identifier."))

    def get_fields(self):
        fields = super().get_fields()
        viewer = self.context.get("viewer")
        # Without a viewer (the OpenAPI generator) the real, nullable fields are described.
        if viewer is not None and not viewer.sees_internal:
            for name in getattr(self.Meta, "internal_fields", ()):
                is_list = isinstance(fields[name], serializers.ManyRelatedField | serializers.ListSerializer)
                fields[name] = _Withheld(empty=[] if is_list else None)
        return fields


def ids(**kwargs):
    """A list of related records' public ids."""
    return serializers.SlugRelatedField(slug_field="public_id", many=True, read_only=True, **kwargs)


def ref_id(**kwargs):
    """One related record's public id."""
    return serializers.SlugRelatedField(slug_field="public_id", read_only=True, **kwargs)


class SupplierRefSerializer(ApiSerializer):
    class Meta:
        model = Supplier
        fields = ["id", "legal_name"]


class BuyerRefSerializer(ApiSerializer):
    class Meta:
        model = Buyer
        fields = ["id", "name"]


# --- Registry ------------------------------------------------------------------------------------


class SupplierSerializer(ApiSerializer):
    country = serializers.CharField(read_only=True, help_text=COUNTRY)
    notes = serializers.CharField(read_only=True, allow_null=True, help_text=INTERNAL)

    class Meta:
        model = Supplier
        fields = [
            "id",
            "legal_name",
            "org_number",
            "foreign_registry_id",
            "country",
            "role",
            "transparency_act_covered",
            "website",
            "notes",
            "created_at",
            "updated_at",
        ]
        internal_fields = ["notes"]


class SiteSerializer(ApiSerializer):
    supplier = SupplierRefSerializer(read_only=True)
    country = serializers.CharField(read_only=True, help_text=COUNTRY)
    product_categories = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Site
        fields = [
            "id",
            "supplier",
            "name",
            "address",
            "city",
            "country",
            "stage",
            "products",
            "product_categories",
            "workers",
            "disclosed_on",
            "created_at",
            "updated_at",
        ]


class EvidenceSerializer(ApiSerializer):
    supplier = SupplierRefSerializer(read_only=True)
    expired = serializers.BooleanField(read_only=True, help_text=_("Validity ended before today."))
    has_file = serializers.SerializerMethodField(help_text=_("A file is stored (downloaded only on the screens)."))

    class Meta:
        model = Evidence
        fields = [
            "id",
            "supplier",
            "kind",
            "title",
            "issuer",
            "valid_from",
            "valid_to",
            "expired",
            "url",
            "has_file",
            "created_at",
            "updated_at",
        ]

    def get_has_file(self, obj) -> bool:
        return bool(obj.file_path)


# --- Agreements -----------------------------------------------------------------------------------


class AgreementSerializer(ApiSerializer):
    buyer = BuyerRefSerializer(read_only=True)
    value = serializers.DecimalField(
        max_digits=16, decimal_places=2, read_only=True, coerce_to_string=False, allow_null=True
    )

    class Meta:
        model = FrameworkAgreement
        fields = [
            "id",
            "buyer",
            "reference",
            "title",
            "description",
            "value",
            "currency",
            "start_date",
            "end_date",
            "extension_options",
            "latest_end_date",
            "status",
            "created_at",
            "updated_at",
        ]


class LotSerializer(ApiSerializer):
    agreement = ref_id()

    class Meta:
        model = Lot
        fields = [
            "id",
            "agreement",
            "number",
            "title",
            "category",
            "risk_raw_material",
            "risk_component",
            "risk_final_assembly",
            "created_at",
            "updated_at",
        ]


class AwardSerializer(ApiSerializer):
    agreement = ref_id()
    supplier = SupplierRefSerializer(read_only=True)
    lots = ids()
    criteria_versions = ids(help_text=_("The criterion versions the award was signed with."))
    notes = serializers.CharField(read_only=True, allow_null=True, help_text=INTERNAL)

    class Meta:
        model = Award
        fields = [
            "id",
            "agreement",
            "supplier",
            "kind",
            "lots",
            "signed_on",
            "criteria_versions",
            "notes",
            "created_at",
            "updated_at",
        ]
        internal_fields = ["notes"]


# --- Criteria catalogue ----------------------------------------------------------------------------


class CriterionSerializer(ApiSerializer):
    active_version = serializers.UUIDField(
        source="active_version_id", read_only=True, allow_null=True, help_text=_("The version in force, if any.")
    )

    class Meta:
        model = Criterion
        fields = ["id", "code", "kind", "oecd_step", "active_version", "created_at", "updated_at"]


class CriterionVersionSerializer(ApiSerializer):
    criterion = ref_id()
    criterion_code = serializers.CharField(source="criterion.code", read_only=True)
    ilo_set = serializers.CharField(source="ilo_set.code", read_only=True, allow_null=True)
    ilo_instruments = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = CriterionVersion
        fields = [
            "id",
            "criterion",
            "criterion_code",
            "version",
            "status",
            "title_nb",
            "title_en",
            "text_nb",
            "text_en",
            "evidence_nb",
            "evidence_en",
            "ilo_set",
            "ilo_instruments",
            "effective_from",
            "effective_to",
            "change_note",
            "created_at",
            "updated_at",
        ]


class IloInstrumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = IloInstrument
        fields = ["code", "title_nb", "title_en", "year", "principle", "fundamental"]


# --- Self-assessments ------------------------------------------------------------------------------


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
