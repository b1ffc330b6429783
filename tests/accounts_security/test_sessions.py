"""Sessions end after inactivity, at a fixed lifetime, and everywhere on request; the session
key changes at login; passwords must be long, uncommon and not about the person."""

import datetime

import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from oslo_procurement.audit.models import AuditEvent
from tests.factories import PASSWORD

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def _login(client, user):
    assert client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD}).status_code == 302


def test_login_gives_a_new_session_key(client, officer):
    client.get(reverse("accounts:login"))
    client.cookies["sessionid"] = "attacker-chosen-session-key"
    _login(client, officer)
    assert client.cookies["sessionid"].value != "attacker-chosen-session-key"
    assert client.session.session_key != "attacker-chosen-session-key"


def test_staff_are_logged_out_after_30_idle_minutes_and_told_why(client, officer):
    with time_machine.travel(NOW, tick=False) as traveller:
        _login(client, officer)
        traveller.shift(datetime.timedelta(minutes=29))
        assert client.get(reverse("suppliers:list")).status_code == 200  # activity keeps it alive
        traveller.shift(datetime.timedelta(minutes=29))
        assert client.get(reverse("suppliers:list")).status_code == 200
        traveller.shift(datetime.timedelta(minutes=31))
        response = client.get(reverse("suppliers:list"))
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
        page = client.get(response.url).content.decode()
        assert "You were logged out after 30 minutes without activity" in page
        # Truly logged out, and the reason is in the audit log.
        assert client.get(reverse("suppliers:list")).url.startswith(reverse("accounts:login"))
    event = AuditEvent.objects.get(event_type="session_expired")
    assert event.actor == officer and event.details == {"reason": "idle"}


def test_the_idle_limit_is_configurable_per_kind_of_user(client, supplier_a_user, settings):
    settings.SESSION_IDLE_MINUTES_SUPPLIER = 90
    with time_machine.travel(NOW, tick=False) as traveller:
        _login(client, supplier_a_user)
        traveller.shift(datetime.timedelta(minutes=80))
        assert client.get(reverse("portal:home")).status_code == 200
        traveller.shift(datetime.timedelta(minutes=91))
        assert client.get(reverse("portal:home")).status_code == 302


def test_a_session_ends_at_its_absolute_lifetime_even_when_active(client, officer, settings):
    settings.SESSION_ABSOLUTE_SECONDS = 8 * 3600
    with time_machine.travel(NOW, tick=False) as traveller:
        _login(client, officer)
        for _step in range(16):
            traveller.shift(datetime.timedelta(minutes=29))
            assert client.get(reverse("suppliers:list")).status_code == 200
        traveller.shift(datetime.timedelta(minutes=29))  # 8 h 13 min after login
        response = client.get(reverse("suppliers:list"))
        assert response.status_code == 302
        assert "session is limited to 8 hours" in client.get(response.url).content.decode()


def test_htmx_requests_get_a_full_page_redirect(client, officer):
    with time_machine.travel(NOW, tick=False) as traveller:
        _login(client, officer)
        traveller.shift(datetime.timedelta(minutes=45))
        response = client.get(reverse("suppliers:list"), HTTP_HX_REQUEST="true")
        assert response.status_code == 204 and response["HX-Redirect"].startswith(reverse("accounts:login"))


def test_log_out_everywhere_ends_every_session_of_the_user(officer, manager):
    laptop, phone, colleague = Client(), Client(), Client()
    _login(laptop, officer)
    _login(phone, officer)
    _login(colleague, manager)
    page = laptop.get(reverse("accounts:settings")).content.decode()
    assert "Log out everywhere" in page and "logged out after 30 minutes without activity" in page
    response = laptop.post(reverse("accounts:logout_everywhere"), follow=True)
    assert "logged out on every device" in response.content.decode()
    for client in (laptop, phone):
        assert client.get(reverse("suppliers:list")).status_code == 302
    assert colleague.get(reverse("suppliers:list")).status_code == 200
    assert AuditEvent.objects.filter(event_type="logout_everywhere", actor=officer).exists()
    # A fresh login works as before.
    _login(phone, officer)
    assert phone.get(reverse("suppliers:list")).status_code == 200


def test_password_rules(officer):
    officer.full_name = "Kari Nordmann"
    officer.email = "kari.nordmann@nordlys-it.example"

    def errors(password):
        try:
            validate_password(password, officer)
        except ValidationError as exc:
            return " ".join(exc.messages)
        return ""

    assert "too short" in errors("Short-pass1")
    assert "too common" in errors("qwertyqwerty")
    assert "must not contain your name" in errors("Nordmann-likes-coffee-2026")
    assert "must not contain your name" in errors("winter-at-NORDLYS-2026")
    assert errors("tindved-kaffe-under-broen") == ""


def test_password_rules_speak_bokmal(client, officer, settings):
    settings.LANGUAGE_CODE = "nb"
    officer.language = "nb"
    officer.full_name = "Kari Nordmann"
    officer.save()
    client.force_login(officer)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "nordmann-sommer-2026", "new_password2": "nordmann-sommer-2026"},
    )
    page = response.content.decode()
    assert "Passordet kan ikke inneholde navnet ditt" in page
