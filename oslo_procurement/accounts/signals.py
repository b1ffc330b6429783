from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from oslo_procurement.audit.services import record_event

from .middleware import start_session


@receiver(user_logged_in)
def _stamp_session(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        start_session(request, user)


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    record_event(
        actor=None,
        event_type="login_locked_out",
        request=request,
        details={"email": str(username or "")[:254], "ip_address": ip_address},
    )
