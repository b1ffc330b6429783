import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from oslo_procurement.accounts.models import User
from suppliers.models import Invitation, SupplierMembership

NEW_PASSWORD = "a-long-supplier-passphrase"


@pytest.fixture
def invite(officer_client, supplier_a, django_capture_on_commit_callbacks):
    """The officer invites a person; returns the path of the link in the email."""

    def make(email="anna@alpha.example", language="en"):
        data = {"full_name": "Anna Alpha", "email": email, "language": language}
        url = reverse("suppliers:invitation_create", args=[supplier_a.public_id])
        with django_capture_on_commit_callbacks(execute=True):
            assert officer_client.post(url, data).status_code == 302
        return re.search(r"http://\S+(/portal/invitation/\S+/)", mail.outbox[-1].body).group(1)

    return make


def test_invited_person_sets_a_password_and_lands_in_their_portal(client, invite, supplier_a):
    link = invite()
    message = mail.outbox[-1]
    assert message.to == ["anna@alpha.example"]
    assert "Alpha Reseller AS" in message.subject
    assert message.alternatives and "<a href=" in message.alternatives[0][0]

    page = client.get(link)
    assert page.status_code == 200 and "anna@alpha.example" in page.content.decode()
    response = client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:home")
    user = User.objects.get(email="anna@alpha.example")
    assert user.role == User.Role.SUPPLIER and user.check_password(NEW_PASSWORD)
    assert SupplierMembership.objects.get(user=user).supplier == supplier_a


def test_link_works_once(client, invite):
    link = invite()
    client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    client.logout()
    assert client.get(link).status_code == 410
    response = client.post(link, {"password1": "another-long-passphrase", "password2": "another-long-passphrase"})
    assert response.status_code == 410
    assert User.objects.get(email="anna@alpha.example").check_password(NEW_PASSWORD)


def test_link_expires_after_fourteen_days_and_can_be_resent(officer_client, invite, supplier_a):
    client = Client()  # the invitee's own browser
    link = invite()
    invitation = Invitation.objects.get()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=14, minutes=1)):
        assert client.get(link).status_code == 410
        assert invitation.status == "expired"
    assert officer_client.post(reverse("suppliers:invitation_resend", args=[invitation.public_id])).status_code == 302
    assert Invitation.objects.count() == 2
    invitation.refresh_from_db()
    assert invitation.status == "revoked"  # the old link stops working as soon as a new one is sent
    assert client.get(link).status_code == 410


def test_weak_or_mismatched_password_is_refused_with_a_message(client, invite):
    link = invite()
    page = client.post(link, {"password1": "short", "password2": "short"})
    assert page.status_code == 400 and "too short" in page.content.decode()
    page = client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})
    assert page.status_code == 400 and "The two passwords differ" in page.content.decode()
    assert not User.objects.filter(email="anna@alpha.example").exists()


def test_email_of_a_staff_account_cannot_be_invited(officer_client, officer, supplier_a):
    data = {"full_name": "Sneaky", "email": officer.email, "language": "en"}
    response = officer_client.post(reverse("suppliers:invitation_create", args=[supplier_a.public_id]), data)
    assert response.status_code == 400
    assert "already belongs to another account" in response.content.decode()
    assert not Invitation.objects.exists()


def test_invitation_email_is_in_the_invitees_language(invite):
    invite(language="nb")
    assert "leverandørportalen" in mail.outbox[-1].subject.lower()


def test_only_the_hash_of_the_token_is_stored(invite):
    link = invite()
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert token not in Invitation.objects.get().token_hash
