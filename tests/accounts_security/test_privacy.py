"""Anonymising a supplier's contact or portal user on request, and by retention period:
the person's details go everywhere, the compliance record stays."""

import datetime
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from followup.models import Meeting
from oslo_procurement.audit.models import AuditEvent
from oslo_procurement.audit.services import record_event
from oslo_procurement.notifications.models import Notification
from suppliers.models import Contact, Invitation
from suppliers.services import contact_save
from tests import factories as f
from tests.factories import PASSWORD

from .helpers import enrol


@pytest.fixture
def contact(supplier_a, officer):
    person = Contact(
        supplier=supplier_a, name="Kari Nordmann", title="CSR lead", email="kari@alpha.example", phone="+47 900 00 000"
    )
    contact_save(contact=person, actor=officer)
    person.phone = "+47 911 11 111"
    contact_save(contact=person, actor=officer)
    return person


def test_an_officer_anonymises_a_contact_and_the_meeting_keeps_an_anonymised_participant(
    officer_client, officer, contact, buyer, supplier_a
):
    meeting = Meeting.objects.create(buyer=buyer, supplier=supplier_a, title="Follow-up", starts_at=timezone.now())
    meeting.supplier_participants.add(contact)
    url = reverse("suppliers:contact_anonymise", args=[contact.public_id])
    confirm = officer_client.get(url).content.decode()
    assert "Anonymise Kari Nordmann" in confirm and "cannot be undone" in confirm
    response = officer_client.post(url, follow=True)
    page = response.content.decode()
    assert "The contact is anonymised" in page
    assert "Kari Nordmann" not in page and "kari@alpha.example" not in page and "911 11 111" not in page

    contact.refresh_from_db()
    assert contact.name == "Anonymised contact" and contact.phone == "" and contact.title == ""
    assert contact.email.endswith("@anonymised.invalid") and contact.is_archived and contact.anonymised_at
    # The history keeps its rows (who changed what, when) but not the person's details.
    rows = list(contact.history.values_list("name", "email", "phone", "title"))
    assert len(rows) >= 3
    assert all(r[0] == "Anonymised contact" and r[2] == "" and "kari" not in r[1] for r in rows)
    # The meeting is still there, with an anonymised participant.
    meeting_page = officer_client.get(reverse("meetings:detail", args=[meeting.public_id])).content.decode()
    assert "Anonymised contact" in meeting_page and "Kari" not in meeting_page
    event = AuditEvent.objects.get(event_type="personal_data_anonymised")
    assert event.actor == officer and event.details["kind"] == "contact" and "Kari" not in event.target_repr


def test_a_manager_cannot_anonymise(manager_client, contact):
    url = reverse("suppliers:contact_anonymise", args=[contact.public_id])
    assert manager_client.post(url).status_code == 403
    contact.refresh_from_db()
    assert contact.name == "Kari Nordmann"


def test_anonymising_twice_is_harmless(officer_client, contact):
    url = reverse("suppliers:contact_anonymise", args=[contact.public_id])
    officer_client.post(url)
    officer_client.post(url)
    assert AuditEvent.objects.filter(event_type="personal_data_anonymised").count() == 1
    assert "already anonymised" in officer_client.get(url).content.decode()


def test_an_officer_anonymises_a_supplier_user_and_closes_their_login(
    client, officer, supplier_a, supplier_a_user, settings
):
    old_email = supplier_a_user.email
    Invitation.objects.create(
        supplier=supplier_a,
        email=old_email,
        full_name="Alpha User",
        token_hash="x" * 64,
        expires_at=timezone.now(),
        user=supplier_a_user,
    )
    Notification.objects.create(
        recipient=supplier_a_user,
        recipient_email=old_email,
        language="en",
        kind="message",
        due_step="0",
        subject="Your self-assessment",
        body_text="Hello Alpha User",
        status="pending",
    )
    record_event(actor=None, event_type="login_failed", details={"email": old_email})
    enrol(supplier_a_user)
    # The user is logged in somewhere.
    portal = client.__class__()
    portal.force_login(supplier_a_user)

    client.force_login(officer)
    supplier_page = client.get(supplier_a.get_absolute_url()).content.decode()
    assert "Portal users" in supplier_page and old_email in supplier_page
    membership = supplier_a_user.supplier_membership
    client.post(reverse("suppliers:user_anonymise", args=[membership.public_id]))

    supplier_a_user.refresh_from_db()
    assert supplier_a_user.full_name == "Anonymised user" and not supplier_a_user.is_active
    assert supplier_a_user.email.endswith("@anonymised.invalid") and not supplier_a_user.has_usable_password()
    assert not supplier_a_user.totpdevice_set.exists()
    invitation = Invitation.objects.get(supplier=supplier_a)
    assert invitation.full_name == "Anonymised user" and old_email not in invitation.email
    assert all(old_email not in row.email for row in invitation.history.all())
    notification = Notification.objects.get()
    assert (
        notification.status == "cancelled"
        and notification.body_text == ""
        and notification.recipient_email != old_email
    )
    assert not AuditEvent.objects.filter(details__email=old_email).exists()
    # The open session ends and the password no longer works.
    assert portal.get(reverse("portal:home")).status_code == 302
    login = client.__class__().post(reverse("accounts:login"), {"username": old_email, "password": PASSWORD})
    assert login.status_code == 200 and "email address or password is wrong" in login.content.decode()
    page = client.get(supplier_a.get_absolute_url()).content.decode()
    assert "Anonymised user" in page and old_email not in page


def test_retention_command_lists_with_dry_run_and_then_anonymises(supplier_a, settings):
    settings.CONTACT_RETENTION_DAYS = 365
    settings.SUPPLIER_USER_RETENTION_DAYS = 730
    long_ago = timezone.now() - datetime.timedelta(days=400)
    old = f.ContactFactory(supplier=supplier_a, name="Old Contact")
    Contact.objects.filter(pk=old.pk).update(archived_at=long_ago)
    recent = f.ContactFactory(supplier=supplier_a, name="Recent Contact")
    Contact.objects.filter(pk=recent.pk).update(archived_at=timezone.now() - datetime.timedelta(days=30))
    current = f.ContactFactory(supplier=supplier_a, name="Current Contact")
    dormant = f.SupplierMembershipFactory(supplier=supplier_a, user__email="dormant@alpha.example").user
    dormant.last_login = timezone.now() - datetime.timedelta(days=800)
    dormant.save()
    active = f.SupplierMembershipFactory(supplier=supplier_a, user__email="active@alpha.example").user
    active.last_login = timezone.now() - datetime.timedelta(days=10)
    active.save()
    ancient = record_event(actor=None, event_type="login_failed", details={"email": "someone@x.example"})
    AuditEvent.objects.filter(pk=ancient.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=500), ip_address="203.0.113.1"
    )

    attempt = AccessAttempt.objects.create(
        username="someone@x.example", ip_address="203.0.113.1", user_agent="x", failures_since_start=1
    )
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=timezone.now() - datetime.timedelta(days=2))

    out = StringIO()
    call_command("anonymise_personal_data", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Would anonymise 1 contact(s)" in text and str(old.public_id) in text
    assert "Would anonymise 1 portal user(s)" in text
    assert "from 1 audit event(s)" in text
    old.refresh_from_db()
    assert old.name == "Old Contact"  # a dry run changes nothing

    call_command("anonymise_personal_data", stdout=StringIO())
    old.refresh_from_db()
    recent.refresh_from_db()
    current.refresh_from_db()
    dormant.refresh_from_db()
    active.refresh_from_db()
    assert old.anonymised_at and old.name == "Anonymised contact"
    assert recent.name == "Recent Contact" and current.name == "Current Contact"
    assert dormant.anonymised_at and not dormant.is_active and active.is_active and not active.anonymised_at
    ancient.refresh_from_db()
    assert ancient.ip_address is None and "email" not in ancient.details and ancient.event_type == "login_failed"
    assert AuditEvent.objects.filter(event_type="personal_data_anonymised", details__reason="retention").count() == 2
    assert not AccessAttempt.objects.exists()  # the old failed-login record is gone
    # A second run finds nothing left to do.
    out = StringIO()
    call_command("anonymise_personal_data", stdout=out)
    assert "Anonymised 0 contact(s)" in out.getvalue()
