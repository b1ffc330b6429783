"""The demo keeps two-factor on, as production does: published keys for the demo staff and
a command that prints their current codes, in the demo only."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from oslo_procurement.accounts.demo import demo_secret_text, seed_demo_two_factor
from tests import factories as f
from tests.factories import PASSWORD


@pytest.fixture
def demo_officer(buyer):
    user = f.UserFactory(email="officer@demo.oslo.test", role="officer")
    f.BuyerMembershipFactory(user=user, buyer=buyer)
    seed_demo_two_factor([user, user])  # twice: one app
    return user


def test_demo_staff_log_in_with_the_printed_code(client, demo_officer, settings):
    settings.OTP_REQUIRED_FOR_STAFF = True
    settings.DEBUG = True
    assert demo_officer.totpdevice_set.count() == 1
    out = StringIO()
    call_command("demo_codes", stdout=out)
    code = out.getvalue().split("officer@demo.oslo.test")[1].split()[0]
    client.post(reverse("accounts:login"), {"username": demo_officer.email, "password": PASSWORD})
    assert client.get(reverse("suppliers:list")).url.startswith(reverse("accounts:two_factor_verify"))
    client.post(reverse("accounts:two_factor_verify"), {"code": code})
    assert client.get(reverse("suppliers:list")).status_code == 200
    assert len(demo_secret_text(demo_officer.email).replace(" ", "")) == 32


def test_demo_codes_refuses_outside_the_demo(demo_officer, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only in the demo"):
        call_command("demo_codes", stdout=StringIO())


def _code_page(client, user):
    client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    return client.get(reverse("accounts:two_factor_verify")).content.decode()


def test_the_code_page_tells_a_demo_user_how_to_get_the_code(client, demo_officer, settings):
    settings.OTP_REQUIRED_FOR_STAFF = True
    settings.DEBUG = True
    page = _code_page(client, demo_officer)
    assert "Demo installation: where is my code?" in page
    assert "manage.py demo_codes" in page
    assert demo_secret_text(demo_officer.email) in page


def test_no_demo_hint_in_production_or_for_real_accounts(client, demo_officer, buyer, settings):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.OTP_REQUIRED_FOR_STAFF = True
    settings.DEBUG = False
    assert "Demo installation" not in _code_page(client, demo_officer)
    client.logout()
    # A real account on a demo installation, and a demo account re-enrolled with a private key.
    settings.DEBUG = True
    real = f.UserFactory(email="real@oslo.kommune.no", role="officer")
    f.BuyerMembershipFactory(user=real, buyer=buyer)
    TOTPDevice.objects.create(user=real, name="Phone", confirmed=True)
    assert "Demo installation" not in _code_page(client, real)
    client.logout()
    TOTPDevice.objects.filter(user=demo_officer).update(key="00" * 20)
    assert "Demo installation" not in _code_page(client, demo_officer)
