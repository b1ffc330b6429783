"""An officer logs in with the buyer's own identity provider (oidc-provider on Node.js,
tests/oidc/provider.mjs) in the browser: the login page offers it, the provider's login
form, the work queue without the app's authenticator code, and logging out that ends the
provider's session too. The login page and the failure page pass axe-core's WCAG 2.1 AA."""

import pytest

from contracts.models import IdentityProvider, IdentityProviderRole
from oslo_procurement.accounts.models import User
from tests import factories as f
from tests.oidc.runner import oidc_provider

from .conftest import assert_accessible

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.oidc]


def test_officer_logs_in_and_out_through_the_buyers_provider(page, live_server, settings, monkeypatch):
    settings.OTP_REQUIRED_FOR_STAFF = True
    settings.SSO_DISCOVERY_CACHE_SECONDS = 0
    monkeypatch.setenv("OIDC_SECRET_OSLO", "oslo-browser-secret-0123456789")
    client = {
        "client_id": "oslo-browser",
        "client_secret": "oslo-browser-secret-0123456789",
        "redirect_uris": [f"{live_server.url}/sso/callback/"],
        "post_logout_redirect_uris": [f"{live_server.url}/accounts/login/"],
    }
    accounts = {
        "ingrid": {
            "email": "ingrid@oslo.example",
            "email_verified": True,
            "name": "Ingrid Solberg",
            "groups": ["innkjop-radgivere"],
            "amr": ["pwd", "mfa"],
        }
    }
    with oidc_provider(clients=[client], accounts=accounts) as op:
        buyer = f.BuyerFactory(name="Oslo kommune")
        idp = IdentityProvider.objects.create(
            buyer=buyer,
            name="Entra ID",
            issuer=op.issuer,
            client_id="oslo-browser",
            client_secret_env="OIDC_SECRET_OSLO",
            scopes="openid email profile groups",
            email_domains="oslo.example",
        )
        IdentityProviderRole.objects.create(provider=idp, claim_value="innkjop-radgivere", role="officer")

        page.goto("/accounts/login/")
        sso_button = page.get_by_role("link", name="Log in with Oslo kommune's account")
        sso_button.wait_for()
        assert_accessible(page)
        sso_button.click()

        page.get_by_role("heading", name="Sign in to the test provider").wait_for()
        page.get_by_label("Username").fill("ingrid")
        page.get_by_role("button", name="Sign in").click()

        # Straight to the work queue: the provider's multi-factor counts for this buyer.
        page.get_by_role("heading", name="Work queue").wait_for()
        officer = User.objects.get(email="ingrid@oslo.example")
        assert officer.role == User.Role.OFFICER and officer.buyer_membership.buyer == buyer

        page.get_by_role("button", name="Log out").click()
        page.get_by_role("heading", name="Sign out of the test provider?").wait_for()
        page.get_by_role("button", name="Yes, sign me out").click()
        page.get_by_role("heading", name="Log in", exact=True).wait_for()
        assert page.url.startswith(f"{live_server.url}/accounts/login/")

        # The provider's session ended too: it asks who you are again. (This time the way
        # there is the work email address.)
        page.get_by_label("Or type your work email address").fill("ingrid@oslo.example")
        page.get_by_role("button", name="Continue with single sign-on").click()
        page.get_by_role("heading", name="Sign in to the test provider").wait_for()


def test_a_failed_sso_login_explains_itself_accessibly(page, live_server):
    page.goto("/sso/callback/?state=not-ours&code=abc")
    page.get_by_role("heading", name="You were not logged in").wait_for()
    assert "does not belong to a login started in this browser" in page.get_by_role("alert").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Back to the login page").click()
    page.get_by_role("heading", name="Log in", exact=True).wait_for()
