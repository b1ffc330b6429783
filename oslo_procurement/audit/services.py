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
