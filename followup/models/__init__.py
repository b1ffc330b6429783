"""Follow-up models, one module per subject: self-assessments (issue: supplier portal),
desktop research, risk, meetings and corrective actions (issue: follow-up), and market
dialogue, lessons learned and the next procurement draft (issue: closing the loop)."""

from .actions import ActionUpdate, CorrectiveAction, Escalation
from .assessments import Answer, Assessment, Question, Questionnaire, ReportingRound
from .calendar import CalendarFeed
from .consultations import (
    CriterionFeedback,
    EventInvitation,
    InvitationEmail,
    MarketEvent,
    ProposedCriterion,
    Readiness,
)
from .exchange import ExchangeExport, ExchangeImport, PartnerBuyer, SharedItem, SharedSupplier, SharingConsent
from .findings import Finding, FindingSupplier
from .lessons import Lesson, LessonProposal, SuggestionDismissal
from .letters import SanctionLetter
from .meetings import AgendaItem, Meeting
from .procurement import CriterionDecision, DraftCriterion, ProcurementDraft
from .reports import ReportDelivery, ReportKind, ReportRecipient, ReportRun, ReportSubscription
from .risk import CategoryStageRisk, CountryRisk, FollowupSettings, RiskAssessment
from .sharing import ShareAcceptance, SupplierShare

__all__ = [
    "ActionUpdate",
    "AgendaItem",
    "Answer",
    "Assessment",
    "CalendarFeed",
    "CategoryStageRisk",
    "CorrectiveAction",
    "CountryRisk",
    "CriterionDecision",
    "CriterionFeedback",
    "DraftCriterion",
    "Escalation",
    "ExchangeExport",
    "ExchangeImport",
    "EventInvitation",
    "InvitationEmail",
    "Finding",
    "FindingSupplier",
    "FollowupSettings",
    "Lesson",
    "LessonProposal",
    "MarketEvent",
    "Meeting",
    "PartnerBuyer",
    "ProcurementDraft",
    "ProposedCriterion",
    "Question",
    "Questionnaire",
    "Readiness",
    "ReportDelivery",
    "ReportKind",
    "ReportRecipient",
    "ReportRun",
    "ReportSubscription",
    "ReportingRound",
    "ShareAcceptance",
    "SupplierShare",
    "RiskAssessment",
    "SanctionLetter",
    "SharedItem",
    "SharedSupplier",
    "SharingConsent",
    "SuggestionDismissal",
]
