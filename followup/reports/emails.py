"""The report email: rendered like every email (notifications.services.render_email) in
the recipient's language from templates/followup/reports/email/report_subject.txt, .txt
and .html, with the PDF attached and a short summary of the top figures in the body.

Not yet through the outbox: the report job sends it from its worker with its own claim
and retries (services.delivery_send); see the README, "Emails"."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import translation

from oslo_procurement.notifications.emails import site_link
from oslo_procurement.notifications.services import render_email
from oslo_procurement.vocab import RiskLevel

from ..models import ReportKind
from .figures import SubmissionRate
from .selectors import period_label


def _readable(summary):
    summary = dict(summary)
    if "invited" in summary:
        # Worded in the recipient's language by the one definition the dashboard uses.
        summary["submission_rate"] = SubmissionRate(submitted=summary["submitted"], invited=summary["invited"]).text()
    if summary.get("risk_level"):
        summary["risk_level"] = str(dict(RiskLevel.choices).get(summary["risk_level"], summary["risk_level"]))
    return summary


def send_report(*, delivery, run, content):
    """Send ``content`` (the PDF of ``run``) to the delivery's recipient. SMTP errors
    propagate: the caller decides between retrying and recording a failure."""
    subscription = delivery.subscription
    with translation.override(delivery.language):
        context = {
            "delivery": delivery,
            "subscription": subscription,
            "run": run,
            "buyer": subscription.buyer,
            "scope": subscription.scope_label(),
            "is_supplier_report": subscription.kind == ReportKind.SUPPLIER,
            "summary": _readable(run.summary or {}),
            "period": period_label(delivery.period_key),
            "link": site_link("reports:dashboard"),
            "pages": run.pages,
        }
    subject, text, html = render_email("followup/reports/email/report", delivery.language, context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [delivery.recipient_email])
    message.attach_alternative(html, "text/html")
    message.attach(run.filename, content, "application/pdf")
    message.send()
    return message
