from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = _("Follow-up")

    def ready(self):
        # Panels on the supplier page, in the order they are shown.
        from contracts.panels import register_agreement_panel

        from . import panels  # noqa: F401  (self-assessments)
        from .actions import panels as action_panels  # (corrective actions and the standing)
        from .consultations import panels as market_panels  # (market dialogue invitations)
        from .exchange import panels as exchange_panels  # (shared by partner buyers; the OCDS download)
        from .meetings import panels as meeting_panels  # noqa: F401  (meetings)
        from .reminders import panels as reminder_panels  # noqa: F401  (notifications sent and pending)
        from .reports import panels as report_panels  # noqa: F401  (the follow-up report PDF)
        from .research import panels as research_panels  # noqa: F401  (open findings)
        from .risk import panels as risk_panels  # noqa: F401  (risk level and the timeline link)
        from .sharing import panels as sharing_panels  # noqa: F401  (shared with the buyer; accepted notice)
        from .sharing import relations  # noqa: F401  (rounds, invitations, findings, shares: the reading rule)

        register_agreement_panel(risk_panels.agreement_risk_panel)
        register_agreement_panel(action_panels.agreement_standings_panel)
        register_agreement_panel(exchange_panels.agreement_ocds_panel)
        register_agreement_panel(market_panels.agreement_loop_panel)
