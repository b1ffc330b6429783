"""An officer sets up two-factor authentication at the first login, saves the recovery
codes, logs in again with a code; a run of wrong passwords ends on the lockout page.
Every page passes axe-core's WCAG 2.1 AA rules and the Content-Security-Policy."""

from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from oslo_procurement.accounts.models import User
from tests import factories as f
from tests.accounts_security.helpers import next_code

from .conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)


def _code(secret_text):
    """The code an app shows now for the secret as the page prints it."""
    key = b32decode(secret_text.replace(" ", "") + "=" * (-len(secret_text.replace(" ", "")) % 8))
    return f"{TOTP(key).token():06d}"


def test_officer_enrols_then_logs_in_with_a_code(page, settings):
    settings.OTP_REQUIRED_FOR_STAFF = True
    buyer = f.BuyerFactory(name="Oslo kommune")
    officer = f.UserFactory(email="ingrid@oslo.example", full_name="Ingrid Solberg", role=User.Role.OFFICER)
    f.BuyerMembershipFactory(user=officer, buyer=buyer)

    login(page, officer.email, f.PASSWORD)
    page.get_by_role("heading", name="Set up two-factor authentication").wait_for()
    expect(page.get_by_role("img", name="QR code for adding your Oslo Procurement account")).to_be_visible()
    assert_accessible(page)
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Code from the app").fill(_code(secret))
    page.get_by_role("button", name="Turn on two-factor authentication").click()

    page.get_by_role("heading", name="Your recovery codes").wait_for()
    assert page.locator("#recovery-codes li").count() == 10
    assert_accessible(page)
    page.get_by_role("link", name="I have saved my codes").click()
    page.get_by_role("heading", name="Work queue").wait_for()

    page.get_by_role("button", name="Log out").click()
    login(page, officer.email, f.PASSWORD)
    page.get_by_role("heading", name="Enter your code").wait_for()
    assert_accessible(page)
    page.get_by_label("Code").fill(next_code(TOTPDevice.objects.get(user=officer)))
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Work queue").wait_for()


def test_repeated_wrong_passwords_end_on_an_accessible_lockout_page(page, settings):
    settings.AXES_FAILURE_LIMIT = 2
    officer = f.UserFactory(email="ola@oslo.example", role=User.Role.OFFICER)
    login(page, officer.email, "wrong-password-1")
    login(page, officer.email, "wrong-password-2")
    page.get_by_role("heading", name="Login blocked for now").wait_for()
    expect(page.get_by_role("link", name="Forgot your password? Choose a new one.")).to_be_visible()
    assert_accessible(page)
