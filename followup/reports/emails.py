"""The report email: who receives it with what context. Like every email it is rendered in
the recipient's language from templates/followup/reports/email/report_subject.txt, .txt
and .html and goes through the outbox (oslo_procurement.notifications.emails), with the
PDF attached and a short summary of the top figures in the body."""

from django.utils import translation

from oslo_procurement.notifications.emails import send_email, site_link
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


def report_email(*, delivery, run):
    """Write the report email of ``delivery`` (the PDF of ``run`` attached from the private
    storage) into the outbox; the report job's worker delivers it (services.delivery_send)."""
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
    return send_email(
        "followup/reports/email/report",
        to=delivery.recipient_email,
        language=delivery.language,
        context=context,
        item=delivery,
        attachment=(run.filename, run.file_path),
        deliver_after_commit=False,
    )
