"""Personal data of suppliers' people: anonymising a contact or a supplier user on request
or when the retention period has passed (docs/PRIVACY.md).

What goes: name, job title, email, phone; for a user also the login (password, two-factor
devices, sessions) and their name in invitations, emails sent and the audit log. What stays:
the compliance record (answers, findings, actions, meetings, evidence) and who did what,
now shown as "Anonymised contact" / "Anonymised user"."""

import datetime
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from oslo_procurement.audit.services import (
    audit_forget_email,
    audit_relabel_target,
    audit_scrub_old_addresses,
    record_event,
)
from oslo_procurement.imports.services import imports_forget
from oslo_procurement.notifications.models import Notification

from .models import Contact, Invitation, SupplierMembership

ANONYMOUS_DOMAIN = "anonymised.invalid"  # .invalid never resolves: no email can reach it


def _label(text):
    # Stored once, in the installation's language, so every page and PDF shows the same words.
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(text)


def _anonymous_email(kind):
    return f"{kind}-{uuid.uuid4().hex[:16]}@{ANONYMOUS_DOMAIN}"


def _forget_emails(old_email, new_email):
    """Emails sent to the person keep their date and subject, lose address and text;
    emails not yet sent are cancelled."""
    if not old_email:
        return
    sent = Notification.objects.filter(recipient_email__iexact=old_email)
    sent.filter(status__in=[Notification.Status.PENDING, Notification.Status.FAILED]).update(
        status=Notification.Status.CANCELLED
    )
    sent.update(recipient_email=new_email, body_text="", body_html="")
    audit_forget_email(old_email, replacement=new_email)


@transaction.atomic
def contact_anonymise(*, contact, actor, request=None, reason="request"):
    """Replace a contact's personal details everywhere they are kept, history included.
    Safe to call twice."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.anonymised_at:
        return contact
    now = timezone.now()
    old_email = contact.email
    contact.name = _label(gettext_noop("Anonymised contact"))
    contact.title = ""
    contact.email = _anonymous_email("contact")
    contact.phone = ""
    contact.is_primary = False
    contact.anonymised_at = now
    contact.archived_at = contact.archived_at or now
    contact._history_user = actor if getattr(actor, "is_authenticated", False) else None
    contact._change_reason = "anonymised"
    contact.save()
    # The history keeps when and by whom the contact was changed, not the old details.
    contact.history.update(name=contact.name, title="", email=contact.email, phone="")
    _forget_emails(old_email, contact.email)
    audit_relabel_target(contact)
    record_event(
        actor=actor,
        event_type="personal_data_anonymised",
        target=contact,
        request=request,
        details={"kind": "contact", "supplier": str(contact.supplier), "reason": reason},
    )
    return contact


@transaction.atomic
def supplier_user_anonymise(*, membership, actor, request=None, reason="request"):
    """Anonymise a supplier's portal user and close the login for good. Safe to call twice."""
    from axes.utils import reset as axes_reset

    from oslo_procurement.accounts.models import User
    from oslo_procurement.accounts.two_factor import two_factor_remove

    membership = SupplierMembership.objects.select_related("supplier").get(pk=membership.pk)
    user = User.objects.select_for_update().get(pk=membership.user_id)
    if user.anonymised_at:
        return user
    old_email = user.email
    user.full_name = _label(gettext_noop("Anonymised user"))
    user.email = _anonymous_email("user")
    user.set_unusable_password()
    user.is_active = False
    user.anonymised_at = timezone.now()
    user.session_epoch += 1  # every open session ends at its next request
    user.save()
    two_factor_remove(user=user, actor=actor, request=request, reason="anonymised")
    axes_reset(username=old_email.lower())
    invitations = Invitation.objects.filter(Q(user=user) | Q(supplier=membership.supplier, email__iexact=old_email))
    for invitation in invitations:
        invitation.history.update(full_name=user.full_name, email=user.email)
    invitations.update(full_name=user.full_name, email=user.email)
    _forget_emails(old_email, user.email)
    audit_relabel_target(user)
    record_event(
        actor=actor,
        event_type="personal_data_anonymised",
        target=user,
        request=request,
        details={"kind": "supplier_user", "supplier": str(membership.supplier), "reason": reason},
    )
    return user


@dataclass
class RetentionPlan:
    contacts: list = field(default_factory=list)
    memberships: list = field(default_factory=list)
    audit_events: int = 0


def retention_due(now=None):
    """What the retention periods say must be anonymised now (settings in docs/PRIVACY.md)."""
    now = now or timezone.now()
    contact_cutoff = now - datetime.timedelta(days=settings.CONTACT_RETENTION_DAYS)
    user_cutoff = now - datetime.timedelta(days=settings.SUPPLIER_USER_RETENTION_DAYS)
    contacts = (
        Contact.objects.filter(anonymised_at__isnull=True)
        .filter(Q(archived_at__lt=contact_cutoff) | Q(supplier__archived_at__lt=contact_cutoff))
        .select_related("supplier")
        .order_by("pk")
    )
    memberships = (
        SupplierMembership.objects.filter(user__anonymised_at__isnull=True, user__role="supplier")
        .annotate(last_seen=Coalesce("user__last_login", "user__date_joined"))
        .filter(last_seen__lt=user_cutoff)
        .select_related("user", "supplier")
        .order_by("pk")
    )
    return RetentionPlan(contacts=list(contacts), memberships=list(memberships))


def _expire_login_records(now):
    """Failed-login records (email typed, address, browser) once their cool-off has passed,
    and sessions past their expiry date."""
    from importlib import import_module

    from axes.models import AccessAttempt

    cool_off = settings.AXES_COOLOFF_TIME or datetime.timedelta(days=1)
    AccessAttempt.objects.filter(attempt_time__lt=now - cool_off).delete()
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


def apply_retention(*, now=None, dry_run=False):
    """Anonymise what is past its retention period and strip old network details from the
    audit log. Returns the plan (what was, or with dry_run would be, changed)."""
    now = now or timezone.now()
    plan = retention_due(now)
    audit_cutoff = now - datetime.timedelta(days=settings.AUDIT_IP_RETENTION_DAYS)
    plan.audit_events = audit_scrub_old_addresses(before=audit_cutoff, dry_run=dry_run)
    if not dry_run:
        _expire_login_records(now)
        imports_forget(now=now)
        for contact in plan.contacts:
            contact_anonymise(contact=contact, actor=None, reason="retention")
        for membership in plan.memberships:
            supplier_user_anonymise(membership=membership, actor=None, reason="retention")
    return plan
