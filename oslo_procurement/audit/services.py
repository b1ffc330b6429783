from django.db.models import Q

from oslo_procurement.security import client_ip as _client_ip

from .models import AuditEvent


def record_event(*, actor, event_type, target=None, details=None, request=None):
    """Write one audit row. Call it inside the transaction of the change it describes."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        actor=actor,
        event_type=event_type,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(getattr(target, "public_id", None) or getattr(target, "pk", "") or "") if target else "",
        target_repr=str(target)[:300] if target is not None else "",
        ip_address=_client_ip(request) if request is not None else None,
        details=details or {},
    )


def record_export(request, what, obj=None, count=None, **details):
    """Log one export or download: who took what out of the system, when, from where.

    ``what`` names the kind ("evidence_file", "report_pdf", "cmrt_csv", ...), ``obj`` the
    record it came from, ``count`` how many rows an export held. Call it in the view that
    serves the file, after the permission check."""
    data = {"what": what, "path": request.path[:300], **details}
    if count is not None:
        data["count"] = count
    return record_event(actor=request.user, event_type="export", target=obj, details=data, request=request)


PERSONAL_DETAIL_KEYS = ("email", "ip_address")


def audit_forget_email(email, *, replacement):
    """Replace an email address someone typed at login (failed or locked-out attempts)
    with ``replacement`` in the audit log; the events themselves stay."""
    if not email:
        return 0
    changed = 0
    for event in AuditEvent.objects.filter(details__email__iexact=email):
        event.details = {**event.details, "email": replacement}
        event.save(update_fields=["details"])
        changed += 1
    return changed


def audit_relabel_target(obj):
    """After a record is anonymised, the events about it show its new, anonymous name."""
    target_id = str(getattr(obj, "public_id", None) or obj.pk)
    return AuditEvent.objects.filter(target_type=obj._meta.label_lower, target_id=target_id).update(
        target_repr=str(obj)[:300]
    )


def audit_scrub_old_addresses(*, before, dry_run=False):
    """Drop IP addresses and attempted email addresses from events older than ``before``:
    the event (who did what, when) stays for accountability, the network details go."""
    old = AuditEvent.objects.filter(created_at__lt=before)
    with_ip = old.filter(ip_address__isnull=False)
    with_email = old.filter(Q(details__has_key="email") | Q(details__has_key="ip_address"))
    count = old.filter(
        Q(ip_address__isnull=False) | Q(details__has_key="email") | Q(details__has_key="ip_address")
    ).count()
    if dry_run:
        return count
    with_ip.update(ip_address=None)
    for event in with_email.only("pk", "details"):
        event.details = {k: v for k, v in event.details.items() if k not in PERSONAL_DETAIL_KEYS}
        event.save(update_fields=["details"])
    return count
