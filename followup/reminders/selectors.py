"""Reads of the notifications about one supplier, for its staff page and panel. A fixed
number of queries whatever the number of notifications."""

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contracts.models import Buyer
from contracts.selectors import awarded_suppliers, my_suppliers
from oslo_procurement.notifications.models import Notification
from oslo_procurement.notifications.services import content_type_id
from suppliers.access import evidence_scope
from suppliers.models import Evidence, Supplier, SupplierMembership

from .rules import covered_without_account

Kind = Notification.Kind
Status = Notification.Status


def supplier_notifications(*, supplier, buyer, status=""):
    """The notifications about ``supplier`` that the staff of ``buyer`` may see: those
    sent for this buyer and those sent for no buyer in particular (expiring evidence,
    the Transparency Act, invitations), newest first. A reminder about a document names
    it, so it is shown only to a buyer that reads the supplier's evidence (the one reading
    rule, suppliers.access.evidence_scope)."""
    unreadable_evidence = Q(item_type_id=content_type_id(Evidence)) & ~Q(
        item_id__in=Evidence.objects.filter(evidence_scope([buyer.pk]), supplier=supplier).values("pk")
    )
    qs = (
        Notification.objects.filter(about_type_id=content_type_id(Supplier), about_id=supplier.pk)
        .filter(
            (Q(owner_type__isnull=True) & ~unreadable_evidence)
            | Q(owner_type_id=content_type_id(Buyer), owner_id=buyer.pk)
        )
        .select_related("recipient")
        .order_by("-created_at", "-pk")
    )
    if status in Status.values:
        qs = qs.filter(status=status)
    return qs


def status_count_rows(qs):
    return qs.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")


def status_counts(qs):
    return dict(status_count_rows(qs))


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


def transparency_missing(*, buyer, year, user=None, mine=False, search="", portal_users=""):
    """The officer's list of suppliers covered by the Transparency Act with no account for
    ``year`` on file (``rules.covered_without_account``, the rule the reminders use),
    narrowed to the suppliers with an active award in the buyer's agreements (the work
    queue's scope), by name or organisation number, to the user's own suppliers
    (``mine``), or by whether someone can be reminded in the portal (``portal_users``:
    "yes"/"no"). Each supplier carries ``last_account`` (when the newest account on file
    was added, any year) and ``portal_user_count``. One query whatever the number of rows."""
    latest = Evidence.objects.filter(
        supplier_id=OuterRef("pk"), kind=Evidence.Kind.TRANSPARENCY_ACCOUNT, archived_at__isnull=True
    ).order_by("-created_at")
    people = (
        SupplierMembership.objects.filter(supplier_id=OuterRef("pk"), user__is_active=True)
        .order_by()
        .values("supplier_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = (
        covered_without_account(year)
        .filter(pk__in=awarded_suppliers(buyer))
        .annotate(
            last_account=Subquery(latest.values("created_at")[:1]),
            portal_user_count=Coalesce(Subquery(people), 0),
        )
        .order_by("legal_name", "pk")
    )
    if mine and user is not None:
        qs = qs.filter(pk__in=my_suppliers(buyer, user))
    if search:
        qs = qs.filter(Q(legal_name__icontains=search) | Q(org_number__startswith=search.strip()))
    if portal_users == "yes":
        qs = qs.filter(portal_user_count__gt=0)
    elif portal_users == "no":
        qs = qs.filter(portal_user_count=0)
    return qs
