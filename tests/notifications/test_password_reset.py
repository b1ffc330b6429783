"""The password reset goes through the outbox: the form answers without talking to the
mail server, says the same whether or not the address has an account, and is rate limited
per address and per client address (README "Login security")."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from oslo_procurement.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()
    yield
    cache.clear()


def ask(client, email, ip="192.0.2.10"):
    return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_the_reset_email_is_a_row_in_the_outbox_not_a_send_in_the_request(client, officer, settings):
    settings.EMAIL_BACKEND = "tests.notifications.helpers.FlakyBackend"  # any send would count a call
    from .helpers import FlakyBackend

    FlakyBackend.reset()
    response = ask(client, officer.email)  # no on-commit run: nothing is sent in the request
    assert response.status_code == 302 and FlakyBackend.calls == 0 and mail.outbox == []
    row = Notification.objects.get(recipient=officer)
    assert row.status == "pending" and row.kind == "message"
    assert settings.SITE_URL + "/accounts/password/reset/" in row.body_text


def test_known_and_unknown_addresses_get_the_same_answer(client, officer):
    known = ask(client, officer.email)
    unknown = ask(client, "nobody@example.org")
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert Notification.objects.count() == 1


def test_one_address_gets_at_most_three_emails_an_hour(client, officer, settings):
    assert settings.PASSWORD_RESET_RATE_PER_EMAIL == 3
    answers = {ask(client, officer.email.upper(), ip=f"192.0.2.{n}").url for n in range(10)}
    assert answers == {reverse("accounts:password_reset_done")}  # always the same answer
    assert Notification.objects.filter(recipient=officer).count() == 3


def test_one_client_address_is_refused_after_twenty_requests_an_hour(client, db, settings):
    assert settings.PASSWORD_RESET_RATE_PER_IP == 20
    for n in range(20):
        assert ask(client, f"person{n}@example.org").status_code == 302
    refused = ask(client, "person21@example.org")
    assert refused.status_code == 429 and "Nothing was sent" in refused.content.decode()
    assert ask(client, "person22@example.org", ip="192.0.2.99").status_code == 302  # another network
