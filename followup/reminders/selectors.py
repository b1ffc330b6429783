"""Reads of the notifications about one supplier, for its staff page and panel. A fixed
number of queries whatever the number of notifications."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contracts.models import Buyer
from oslo_procurement.notifications.models import Notification
from oslo_procurement.notifications.services import content_type_id
from suppliers.models import Supplier

Kind = Notification.Kind
Status = Notification.Status


def supplier_notifications(*, supplier, buyer, status=""):
    """The notifications about ``supplier`` that the staff of ``buyer`` may see: those
    sent for this buyer and those sent for no buyer in particular (expiring evidence,
    the Transparency Act, invitations), newest first."""
    qs = (
        Notification.objects.filter(about_type_id=content_type_id(Supplier), about_id=supplier.pk)
        .filter(Q(owner_type__isnull=True) | Q(owner_type_id=content_type_id(Buyer), owner_id=buyer.pk))
        .select_related("recipient")
        .order_by("-created_at", "-pk")
    )
    if status in Status.values:
        qs = qs.filter(status=status)
    return qs


def status_counts(qs):
    return dict(qs.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n"))


def step_text(notification):
    """The due step in words: "14 days before the deadline", "expired", "for 2027"..."""
    step, kind = notification.due_step, notification.kind
    if kind in (Kind.MESSAGE, Kind.DIGEST, Kind.OFFICER_DIGEST):
        return ""
    if kind == Kind.TRANSPARENCY_ACCOUNT:
        return _("for %(year)s") % {"year": step}
    if step == "0":
        return _("on the deadline")
    try:
        days = int(step)
    except ValueError:
        return step
    if kind == Kind.EVIDENCE_EXPIRING:
        if days > 0:
            return _("expired")
        return ngettext("%(days)d day before it expires", "%(days)d days before it expires", -days) % {"days": -days}
    if kind in (Kind.ACTION_ESCALATED_OFFICER, Kind.ACTION_ESCALATED_MANAGER):
        return ngettext("%(days)d day overdue", "%(days)d days overdue", days) % {"days": days}
    if days > 0:
        return ngettext("%(days)d day after the deadline", "%(days)d days after the deadline", days) % {"days": days}
    return ngettext("%(days)d day before the deadline", "%(days)d days before the deadline", -days) % {"days": -days}
