"""Two-factor authentication: staff must enrol an authenticator app and enter a code after
the password; supplier users may opt in; recovery codes work once; administrators reset."""

import re
import time

import pytest
import time_machine
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from oslo_procurement.accounts.models import RecoveryCode
from oslo_procurement.audit.models import AuditEvent
from tests.factories import PASSWORD

from .helpers import code_for, enrol, next_code

SETUP = "/accounts/two-factor/setup/"
VERIFY = "/accounts/two-factor/verify/"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.OTP_REQUIRED_FOR_STAFF = True


def _login(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, "the password step failed"
    return response


def test_staff_without_an_app_are_sent_to_enrol_from_every_page(client, officer):
    _login(client, officer)
    for url in (reverse("home"), reverse("suppliers:list"), reverse("reports:dashboard"), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(SETUP), url
    page = client.get(SETUP).content.decode()
    assert "Set up two-factor authentication" in page
    assert 'src="data:image/svg+xml' in page  # the QR code, drawn on our own server
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page).group(1)
    assert len(secret.replace(" ", "")) == 32


def test_enrolment_confirms_with_a_code_and_shows_ten_recovery_codes_once(client, officer):
    _login(client, officer)
    client.get(SETUP + "?next=/suppliers/")
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    wrong = client.post(SETUP, {"code": "000000", "next": "/suppliers/"})
    assert wrong.status_code == 400 and "That code is not right" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=officer, confirmed=True).exists()
    throttled = client.post(SETUP, {"code": code_for(device), "next": "/suppliers/"})
    assert "Too many wrong codes. Wait 1 second" in throttled.content.decode()

    with time_machine.travel(time.time() + 2):
        response = client.post(SETUP, {"code": code_for(device), "next": "/suppliers/"}, follow=True)
    page = response.content.decode()
    codes = re.findall(r"<li>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</li>", page)
    assert len(set(codes)) == 10
    assert "shown only this once" in page
    # Stored as hashes only.
    stored = list(RecoveryCode.objects.filter(device__user=officer).values_list("lookup", "code_hash"))
    assert len(stored) == 10
    assert all(code.replace("-", "")[4:] not in h for code in codes for _lookup, h in stored)
    # Shown once: a reload shows none of them.
    assert codes[0] not in client.get(reverse("accounts:recovery_codes")).content.decode()
    # The session is verified now.
    assert client.get(reverse("suppliers:list")).status_code == 200
    assert AuditEvent.objects.filter(event_type="two_factor_enrolled", actor=officer).exists()


def test_after_the_password_a_staff_user_with_an_app_enters_a_code(client, officer):
    enrol(officer)
    device = TOTPDevice.objects.get(user=officer)
    _login(client, officer)
    response = client.get(reverse("suppliers:list"))
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    password_session = client.session.session_key
    response = client.post(VERIFY, {"code": code_for(device), "next": reverse("suppliers:list")})
    assert response.status_code == 302 and response.url == reverse("suppliers:list")
    assert client.session.session_key != password_session  # rotated once the code is proven
    assert client.get(reverse("suppliers:list")).status_code == 200
    assert AuditEvent.objects.filter(event_type="two_factor_verified", actor=officer).exists()


def test_the_same_code_is_refused_a_second_time(client, officer):
    enrol(officer)
    device = TOTPDevice.objects.get(user=officer)
    code = code_for(device)
    _login(client, officer)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    client.post(reverse("accounts:logout"))
    _login(client, officer)
    replay = client.post(VERIFY, {"code": code})
    assert replay.status_code == 400 and "used already" in replay.content.decode()
    assert client.get(reverse("suppliers:list")).status_code == 302


def test_wrong_codes_are_throttled(client, officer):
    enrol(officer)
    device = TOTPDevice.objects.get(user=officer)
    _login(client, officer)
    assert client.post(VERIFY, {"code": "123456"}).status_code == 400
    # Straight after a wrong code even the right one must wait.
    response = client.post(VERIFY, {"code": code_for(device)})
    assert response.status_code == 400 and "Too many wrong codes" in response.content.decode()
    assert AuditEvent.objects.filter(event_type="two_factor_failed", actor=officer).exists()
    assert AuditEvent.objects.filter(event_type="two_factor_throttled", actor=officer).exists()


def test_a_recovery_code_works_once(client, officer):
    codes = enrol(officer)
    _login(client, officer)
    response = client.post(VERIFY, {"code": codes[0].upper()}, follow=True)
    assert response.redirect_chain and "You used a recovery code. 9 are left" in response.content.decode()
    client.post(reverse("accounts:logout"))
    _login(client, officer)
    again = client.post(VERIFY, {"code": codes[0]})
    assert again.status_code == 400
    assert client.get(reverse("suppliers:list")).status_code == 302


def test_the_password_alone_cannot_replace_the_app(client, officer):
    enrol(officer)
    _login(client, officer)
    response = client.get(SETUP)
    assert response.status_code == 302 and response.url == VERIFY
    client.post(SETUP, {"code": "123456"})
    assert TOTPDevice.objects.filter(user=officer).count() == 1


def test_new_recovery_codes_replace_the_old_ones(client, officer):
    old = enrol(officer)
    device = TOTPDevice.objects.get(user=officer)
    _login(client, officer)
    client.post(VERIFY, {"code": code_for(device)})
    page = client.post(reverse("accounts:recovery_codes_regenerate"), follow=True).content.decode()
    new = re.findall(r"<li>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</li>", page)
    assert len(new) == 10 and not set(new) & set(old)
    client.post(reverse("accounts:logout"))
    _login(client, officer)
    assert client.post(VERIFY, {"code": old[1]}).status_code == 400


def test_staff_cannot_turn_it_off_but_an_administrator_resets_it(client, officer, administrator):
    enrol(officer)
    device = TOTPDevice.objects.get(user=officer)
    _login(client, officer)
    client.post(VERIFY, {"code": code_for(device)})
    page = client.get(reverse("accounts:two_factor")).content.decode()
    assert "Turn off two-factor authentication" not in page
    client.post(reverse("accounts:two_factor_disable"))
    assert TOTPDevice.objects.filter(user=officer, confirmed=True).exists()

    admin_client = client.__class__()
    admin_client.force_login(administrator)
    enrol(administrator)  # the administrator is verified too
    admin_device = TOTPDevice.objects.get(user=administrator)
    admin_client.post(VERIFY, {"code": code_for(admin_device)})
    admin_client.post(
        reverse("admin:accounts_user_changelist"), {"action": "reset_two_factor", "_selected_action": [officer.pk]}
    )
    assert not TOTPDevice.objects.filter(user=officer).exists()
    event = AuditEvent.objects.get(event_type="two_factor_reset")
    assert event.actor == administrator and event.target_id == str(officer.pk)
    # The officer's session is no longer verified: back to enrolment.
    response = client.get(reverse("suppliers:list"))
    assert response.status_code == 302 and response.url.startswith(SETUP)


def test_supplier_users_are_not_forced_but_may_opt_in_and_out(client, supplier_a_user):
    _login(client, supplier_a_user)
    assert client.get(reverse("portal:home")).status_code == 200
    assert "Two-factor authentication</a>: off" in client.get(reverse("accounts:settings")).content.decode()
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=supplier_a_user)
    client.post(SETUP, {"code": code_for(device)})
    client.post(reverse("accounts:logout"))
    # Once on, the portal asks for the code after the password too.
    _login(client, supplier_a_user)
    assert client.get(reverse("portal:home")).url.startswith(VERIFY)
    client.post(VERIFY, {"code": next_code(device)})
    assert client.get(reverse("portal:home")).status_code == 200
    client.post(reverse("accounts:two_factor_disable"))
    assert not TOTPDevice.objects.filter(user=supplier_a_user).exists()
    assert AuditEvent.objects.filter(event_type="two_factor_disabled", actor=supplier_a_user).exists()


def test_without_the_requirement_staff_may_log_in_with_the_password_only(client, officer, settings):
    settings.OTP_REQUIRED_FOR_STAFF = False
    _login(client, officer)
    assert client.get(reverse("suppliers:list")).status_code == 200


def test_the_code_step_is_in_bokmal(client, officer, settings):
    settings.LANGUAGE_CODE = "nb"
    enrol(officer)
    officer.language = "nb"
    officer.save()
    _login(client, officer)
    assert "Skriv inn koden" in client.get(VERIFY).content.decode()
