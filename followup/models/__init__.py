"""Follow-up models, one module per subject: self-assessments (issue: supplier portal),
and desktop research, risk, meetings and corrective actions (issue: follow-up)."""

from .actions import ActionUpdate, CorrectiveAction, Escalation
from .assessments import Answer, Assessment, Question, Questionnaire, ReportingRound
from .exchange import ExchangeExport, ExchangeImport, PartnerBuyer, SharedItem, SharedSupplier, SharingConsent
from .findings import Finding, FindingSupplier
from .meetings import AgendaItem, Meeting
from .reports import ReportDelivery, ReportKind, ReportRecipient, ReportRun, ReportSubscription
from .risk import CategoryStageRisk, CountryRisk, FollowupSettings, RiskAssessment

__all__ = [
    "ActionUpdate",
    "AgendaItem",
    "Answer",
    "Assessment",
    "CategoryStageRisk",
    "CorrectiveAction",
    "CountryRisk",
    "Escalation",
    "ExchangeExport",
    "ExchangeImport",
    "Finding",
    "FindingSupplier",
    "FollowupSettings",
    "Meeting",
    "PartnerBuyer",
    "Question",
    "Questionnaire",
    "ReportDelivery",
    "ReportKind",
    "ReportRecipient",
    "ReportRun",
    "ReportSubscription",
    "ReportingRound",
    "RiskAssessment",
    "SharedItem",
    "SharedSupplier",
    "SharingConsent",
]
