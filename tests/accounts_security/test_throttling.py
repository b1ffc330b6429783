"""Login throttling (django-axes): a person on one network is locked out after the
configured number of wrong passwords, sees a clear page, and an administrator can unlock."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from oslo_procurement.audit.models import AuditEvent
from oslo_procurement.security import client_ip
from tests.factories import PASSWORD

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)


def _try(client, email, password, ip="203.0.113.7", **extra):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip, **extra)


def test_the_third_wrong_password_locks_the_login_with_a_clear_page(client, officer):
    assert _try(client, officer.email, "wrong-1").status_code == 200
    assert _try(client, officer.email, "wrong-2").status_code == 200
    response = _try(client, officer.email, "wrong-3")
    assert response.status_code == 429
    page = response.content.decode()
    assert "<h1" in page and "Login blocked for now" in page
    assert "failed 3 times in a row" in page and "Try again in 15 minutes" in page
    # Even the right password is refused while locked, and nobody is logged in.
    assert _try(client, officer.email, PASSWORD).status_code == 429
    assert client.get(reverse("suppliers:list")).status_code == 302
    event = AuditEvent.objects.filter(event_type="login_locked_out").first()
    assert event.details["email"] == officer.email and event.ip_address == "203.0.113.7"


def test_lockout_page_is_in_bokmal_by_default(client, officer, settings):
    settings.LANGUAGE_CODE = "nb"
    for n in range(3):
        response = _try(client, officer.email, f"wrong-{n}")
    assert response.status_code == 429
    assert "Innlogging sperret" in response.content.decode()


def test_attempts_count_per_email_whatever_the_case(client, officer):
    _try(client, "OFFICER@oslo.example", "wrong-1")
    _try(client, "officer@OSLO.example", "wrong-2")
    assert _try(client, officer.email, "wrong-3").status_code == 429


def test_lockout_is_per_email_and_network(client, officer, manager):
    for n in range(3):
        _try(client, officer.email, f"wrong-{n}")
    # Another network may still log in as the officer, and the same network as another person.
    assert _try(client, officer.email, PASSWORD, ip="198.51.100.20").status_code == 302
    client.logout()
    assert _try(client, manager.email, PASSWORD).status_code == 302


def test_the_lock_ends_after_the_cool_off(client, officer):
    for n in range(3):
        _try(client, officer.email, f"wrong-{n}")
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=16)):
        assert _try(client, officer.email, PASSWORD).status_code == 302


def test_a_successful_login_resets_the_count(client, officer):
    _try(client, officer.email, "wrong-1")
    _try(client, officer.email, "wrong-2")
    assert _try(client, officer.email, PASSWORD).status_code == 302
    client.logout()
    _try(client, officer.email, "wrong-3")
    assert _try(client, officer.email, PASSWORD).status_code == 302


def test_an_administrator_unlocks_the_login_in_the_back_office(client, officer, administrator):
    for n in range(3):
        _try(client, officer.email, f"wrong-{n}")
    admin = client
    admin.force_login(administrator)
    response = admin.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "unlock_login", "_selected_action": [officer.pk]},
        follow=True,
    )
    assert "unlocked" in response.content.decode()
    assert AuditEvent.objects.filter(event_type="login_unlocked", actor=administrator).exists()
    admin.logout()
    assert _try(client, officer.email, PASSWORD).status_code == 302


def test_client_address_from_the_configured_proxy_header(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    settings.CLIENT_IP_HEADER = ""
    assert client_ip(request) == "10.0.0.5"  # no proxy configured: the header is ignored
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"  # the address our proxy saw, not the forged one
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "6.6.6.6"
    settings.TRUSTED_PROXY_COUNT = 3
    assert client_ip(request) == "10.0.0.5"  # fewer hops than proxies: fall back
    garbage = rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="not-an-address")
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(garbage) == "10.0.0.5"


def test_lockout_behind_a_proxy_counts_the_real_client(client, officer, settings):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    for n in range(3):
        response = _try(client, officer.email, f"wrong-{n}", ip="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.50")
    assert response.status_code == 429
    # Another client behind the same proxy is not locked out.
    assert _try(client, officer.email, PASSWORD, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.51").status_code == 302
