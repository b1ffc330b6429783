"""Single sign-on for staff against a real OpenID Connect provider (oidc-provider on
Node.js, tests/oidc/provider.mjs) started on loopback: login and role mapping, a second
buyer's own provider, logout that ends the provider's session, and each way it can fail."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from contracts.models import BuyerMembership, ExternalIdentity, IdentityProvider, IdentityProviderRole
from oslo_procurement.accounts.models import User
from oslo_procurement.audit.models import AuditEvent
from tests import factories as f
from tests.oidc.runner import ProviderBrowser, closed_port, oidc_provider

pytestmark = pytest.mark.oidc

CALLBACK = "http://testserver/sso/callback/"
LOGIN_PAGE = "http://testserver/accounts/login/"


def _client(client_id, method="client_secret_basic"):
    return {
        "client_id": client_id,
        "client_secret": f"{client_id}-secret-0123456789",
        "redirect_uris": [CALLBACK],
        "post_logout_redirect_uris": [LOGIN_PAGE],
        "token_endpoint_auth_method": method,
    }


OSLO_ACCOUNTS = {
    "alice": {
        "email": "alice@oslo.example",
        "email_verified": True,
        "name": "Alice Aasen",
        "groups": ["oslo-officers", "all-staff"],
        "amr": ["pwd", "mfa"],
        "acr": "urn:test:loa:high",
    },
    "mona": {
        "email": "mona@oslo.example",
        "email_verified": True,
        "name": "Mona M",
        "locale": "nb-NO",
        "groups": ["oslo-officers", "oslo-managers"],
        "amr": ["pwd", "mfa"],
    },
    "per": {
        "email": "per@oslo.example",
        "email_verified": True,
        "name": "Per Pwd",
        "groups": ["oslo-officers"],
        "amr": ["pwd"],
    },
    "nils": {"email": "nils@oslo.example", "email_verified": True, "name": "Nils Sales", "groups": ["sales"]},
    "alpha": {"email": "user@alpha.example", "email_verified": True, "name": "Alpha User", "groups": ["oslo-officers"]},
    "olga": {
        "email": "officer@oslo.example",
        "email_verified": True,
        "name": "Olga Officer",
        "groups": ["oslo-admins"],
    },
    "ulla": {"email": "officer@oslo.example", "name": "Ulla Unverified", "groups": ["oslo-officers"]},
}
BERGEN_ACCOUNTS = {
    # Bergen's provider claims an Oslo address without saying it verified it.
    "eve": {"email": "eve@oslo.example", "name": "Eve Elsewhere", "groups": ["innkjop"]},
    "bjorn": {
        "email": "bjorn@bergen.example",
        "email_verified": True,
        "name": "Bjørn Berg",
        "groups": ["innkjop"],
        "amr": ["mfa"],
    },
}


@pytest.fixture(scope="module")
def oslo_op():
    with oidc_provider(clients=[_client("oslo")], accounts=OSLO_ACCOUNTS) as op:
        yield op


@pytest.fixture(scope="module")
def bergen_op():
    with oidc_provider(clients=[_client("bergen", "client_secret_post")], accounts=BERGEN_ACCOUNTS) as op:
        yield op


@pytest.fixture(autouse=True)
def _sso_settings(settings, monkeypatch):
    settings.OTP_REQUIRED_FOR_STAFF = True  # as in production: SSO must not need the app's code
    settings.SSO_DISCOVERY_CACHE_SECONDS = 0
    # The provider knows each client's secret as "<client id>-secret-0123456789".
    monkeypatch.setenv("OIDC_SECRET_OSLO", "oslo-secret-0123456789")
    monkeypatch.setenv("OIDC_SECRET_BERGEN", "bergen-secret-0123456789")


def _provider(buyer, op, *, client_id, env, mappings, **extra):
    provider = IdentityProvider.objects.create(
        buyer=buyer,
        name="Test provider",
        issuer=op.issuer if op else f"http://127.0.0.1:{closed_port()}",
        client_id=client_id,
        client_secret_env=env,
        scopes="openid email profile groups",
        **extra,
    )
    for value, role in mappings.items():
        IdentityProviderRole.objects.create(provider=provider, claim_value=value, role=role)
    return provider


@pytest.fixture
def oslo_idp(buyer, oslo_op):
    return _provider(
        buyer,
        oslo_op,
        client_id="oslo",
        env="OIDC_SECRET_OSLO",
        mappings={"oslo-officers": "officer", "oslo-managers": "manager", "oslo-admins": "admin"},
    )


@pytest.fixture
def bergen_idp(other_buyer, bergen_op):
    return _provider(
        other_buyer,
        bergen_op,
        client_id="bergen",
        env="OIDC_SECRET_BERGEN",
        mappings={"innkjop": "officer"},
        token_auth_method=IdentityProvider.TokenAuth.POST,
    )


def start(client, idp, **params):
    response = client.get(reverse("sso:start", kwargs={"public_id": idp.public_id}), params)
    assert response.status_code == 302, response.content[:500]
    return response.url


def sso_login(client, idp, username, browser=None):
    browser = browser or ProviderBrowser()
    query = browser.authorize(start(client, idp), username)
    return client.get(reverse("sso:callback"), query)


def failures(reason):
    return AuditEvent.objects.filter(event_type="sso_login_failed", details__reason=reason)


# --- Login and roles -------------------------------------------------------------------


def test_officer_logs_in_with_the_buyers_provider_and_gets_the_mapped_role(client, oslo_idp):
    auth_url = start(client, oslo_idp)
    assert auth_url.startswith(oslo_idp.issuer + "/auth?")
    assert "code_challenge_method=S256" in auth_url and "code_challenge=" in auth_url  # PKCE

    browser = ProviderBrowser()
    response = client.get(reverse("sso:callback"), browser.authorize(auth_url, "alice"))

    assert response.status_code == 302 and response.url == reverse("home")
    user = User.objects.get(email="alice@oslo.example")
    assert (user.role, user.full_name, user.has_usable_password()) == ("officer", "Alice Aasen", False)
    assert user.language == "en"  # the language of the login page
    assert user.buyer_membership.buyer == oslo_idp.buyer
    identity = ExternalIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject) == (oslo_idp.issuer, "alice")
    # The provider's multi-factor counts: the work queue opens, no authenticator code asked.
    page = client.get(reverse("home"))
    assert page.status_code == 200 and page.wsgi_request.user == user
    assert AuditEvent.objects.filter(event_type="sso_account_created", target_id=str(user.pk)).exists()
    login_event = AuditEvent.objects.get(event_type="sso_login", actor=user)
    assert login_event.details["second_factor"] == "provider"


def test_the_login_returns_to_the_page_asked_for_and_never_to_another_site(client, oslo_idp):
    login_page = client.get(reverse("accounts:login"), {"next": "/suppliers/"}).content.decode()
    assert f"/sso/{oslo_idp.public_id}/login/?next=%2Fsuppliers%2F" in login_page
    query = ProviderBrowser().authorize(start(client, oslo_idp, next="/suppliers/"), "alice")
    assert client.get(reverse("sso:callback"), query).url == "/suppliers/"
    client.logout()
    query = ProviderBrowser().authorize(start(client, oslo_idp, next="https://evil.example/"), "alice")
    assert client.get(reverse("sso:callback"), query).url == reverse("home")


def test_the_account_is_found_by_subject_and_its_role_follows_the_groups(client, oslo_idp):
    sso_login(client, oslo_idp, "mona")
    mona = User.objects.get(email="mona@oslo.example")
    assert mona.role == "manager"  # officer and manager groups: the stronger role wins
    assert mona.language == "nb"  # from the provider's locale claim
    # The address changes here; the provider's subject id still finds the same account.
    mona.email = "mona.m@oslo.example"
    mona.role = "officer"
    mona.save()
    client.logout()
    assert sso_login(client, oslo_idp, "mona").status_code == 302
    assert User.objects.filter(full_name="Mona M").count() == 1
    mona.refresh_from_db()
    assert mona.role == "manager"
    assert AuditEvent.objects.filter(event_type="sso_role_changed", details__to="manager").exists()


def test_an_existing_staff_account_of_the_same_buyer_is_linked_once_the_provider_vouches_for_the_address(
    client, oslo_idp, officer
):
    response = sso_login(client, oslo_idp, "olga")
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.role == "admin"
    assert ExternalIdentity.objects.get(subject="olga").user == officer


def test_an_unverified_address_links_an_existing_account_only_when_the_buyer_trusts_the_provider(
    client, oslo_idp, officer
):
    # ulla has the local officer's address, without email_verified (as Entra ID sends it).
    response = sso_login(client, oslo_idp, "ulla")
    assert response.status_code == 403
    assert failures("account_conflict").count() == 1
    oslo_idp.trust_email = True
    oslo_idp.save()
    assert sso_login(client, oslo_idp, "ulla").status_code == 302
    assert ExternalIdentity.objects.get(subject="ulla").user == officer


def test_a_provider_cannot_make_an_account_for_an_address_it_does_not_vouch_for(client, bergen_idp):
    """Bergen's provider sends an Oslo address, unverified and not at Bergen's domains: no
    account (the real owner can still get one), a message, and the reason audited."""
    response = sso_login(client, bergen_idp, "eve")
    assert response.status_code == 403
    assert "did not confirm that your email address is yours" in response.content.decode()
    assert not User.objects.filter(email="eve@oslo.example").exists()
    assert failures("email_not_vouched").count() == 1


def test_a_second_buyer_logs_in_with_its_own_provider(client, oslo_idp, bergen_idp):
    login_page = client.get(reverse("accounts:login")).content.decode()
    assert "Log in with Oslo kommune&#x27;s account" in login_page
    assert "Log in with Bergen kommune&#x27;s account" in login_page

    assert sso_login(client, bergen_idp, "bjorn").status_code == 302
    bjorn = User.objects.get(email="bjorn@bergen.example")
    assert bjorn.buyer_membership.buyer == bergen_idp.buyer and bjorn.role == "officer"
    # A person from Bergen's provider does not become anyone at Oslo's.
    assert not BuyerMembership.objects.filter(user=bjorn, buyer=oslo_idp.buyer).exists()


def test_the_app_code_is_asked_when_the_buyer_does_not_count_the_providers_second_factor(client, oslo_idp):
    oslo_idp.provider_mfa_counts = False
    oslo_idp.save()
    sso_login(client, oslo_idp, "alice")
    assert client.get(reverse("home")).url.startswith(reverse("accounts:two_factor_setup"))


def test_required_amr_must_be_in_the_token_for_the_providers_second_factor_to_count(client, oslo_idp):
    oslo_idp.required_amr = "mfa"
    oslo_idp.save()
    sso_login(client, oslo_idp, "per")  # password only at the provider
    assert client.get(reverse("home")).url.startswith(reverse("accounts:two_factor_setup"))
    client.logout()
    sso_login(client, oslo_idp, "alice")  # amr holds "mfa"
    assert client.get(reverse("home")).status_code == 200


def test_required_acr_is_requested_and_checked(client, oslo_idp):
    oslo_idp.required_acr = "urn:test:loa:high"
    oslo_idp.save()
    assert "acr_values=urn%3Atest%3Aloa%3Ahigh" in start(client, oslo_idp)
    sso_login(client, oslo_idp, "alice")
    assert client.get(reverse("home")).status_code == 200


# --- Logout ------------------------------------------------------------------------------


def test_logout_ends_the_providers_session_too(client, oslo_idp):
    browser = ProviderBrowser()
    sso_login(client, oslo_idp, "alice", browser)
    # While the provider's session lives, a new login there needs no password.
    browser.authorize(start(client, oslo_idp), "alice")
    assert browser.saw_login_form is False

    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 200
    end_session = response.context["provider_url"]
    assert end_session.startswith(oslo_idp.issuer + "/session/end?") and "id_token_hint=" in end_session
    assert f'content="0; url={end_session}"'.replace("&", "&amp;") in response.content.decode()
    assert client.get(reverse("home")).url == reverse("accounts:login")  # logged out here

    assert browser.end_session(end_session) == LOGIN_PAGE
    browser.authorize(start(client, oslo_idp), "alice")
    assert browser.saw_login_form is True  # and there: the provider asks again
    assert AuditEvent.objects.filter(event_type="sso_logout").count() == 1


def test_without_an_end_session_endpoint_logout_ends_only_the_session_here(client, oslo_idp, monkeypatch):
    from contracts.sso import backend, views

    sso_login(client, oslo_idp, "alice")
    real = backend.get_discovery
    monkeypatch.setattr(
        views, "get_discovery", lambda p: {k: v for k, v in real(p).items() if k != "end_session_endpoint"}
    )
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    assert client.get(reverse("home")).status_code == 302


def test_a_password_login_logs_out_as_before(client, officer):
    client.post(reverse("accounts:login"), {"username": officer.email, "password": f.PASSWORD})
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302


# --- What goes wrong -------------------------------------------------------------------


def test_a_wrong_state_is_refused(client, oslo_idp):
    query = ProviderBrowser().authorize(start(client, oslo_idp), "alice")
    response = client.get(reverse("sso:callback"), {**query, "state": "forged-state"})
    assert response.status_code == 400
    assert "does not belong to a login started in this browser" in response.content.decode()
    assert not User.objects.filter(email="alice@oslo.example").exists()
    assert failures("state").count() == 1


def test_an_answer_naming_another_issuer_is_refused(client, oslo_idp):
    query = ProviderBrowser().authorize(start(client, oslo_idp), "alice")
    assert query["iss"] == oslo_idp.issuer  # the provider names itself (RFC 9207)
    response = client.get(reverse("sso:callback"), {**query, "iss": "https://evil.example"})
    assert response.status_code == 400
    assert "could not be verified" in response.content.decode()
    assert failures("token_invalid").count() == 1
    assert not User.objects.filter(email="alice@oslo.example").exists()


def test_a_provider_error_is_explained(client, oslo_idp):
    state = parse_qs(urlsplit(start(client, oslo_idp)).query)["state"][0]
    response = client.get(reverse("sso:callback"), {"error": "access_denied", "state": state})
    assert response.status_code == 400
    assert "did not log you in" in response.content.decode()
    assert failures("provider_error").get().details["detail"] == "access_denied"


def test_the_message_is_in_the_users_language(client, oslo_idp):
    response = client.get(reverse("sso:callback"), {"code": "x", "state": "y"}, HTTP_ACCEPT_LANGUAGE="nb")
    assert response.status_code == 400
    assert "Du ble ikke logget inn" in response.content.decode()


def test_a_replayed_callback_and_a_replayed_code_are_refused(client, oslo_idp):
    query = ProviderBrowser().authorize(start(client, oslo_idp), "alice")
    assert client.get(reverse("sso:callback"), query).status_code == 302
    client.logout()
    # The same answer again: its state was spent.
    assert client.get(reverse("sso:callback"), query).status_code == 400
    assert failures("state").count() == 1
    # The old code under a fresh state: the provider refuses it (used already).
    fresh_state = parse_qs(urlsplit(start(client, oslo_idp)).query)["state"][0]
    response = client.get(reverse("sso:callback"), {**query, "state": fresh_state})
    assert response.status_code == 400
    assert "it has expired or was used already" in response.content.decode()
    assert failures("code_rejected").count() == 1
    assert client.get(reverse("home")).status_code == 302  # not logged in


def test_an_expired_code_is_refused(client, oslo_idp, oslo_op):
    query = ProviderBrowser().authorize(start(client, oslo_idp), "nils")
    oslo_op.set_clock(120)  # the provider's codes live 60 seconds
    try:
        response = client.get(reverse("sso:callback"), query)
    finally:
        oslo_op.set_clock(0)
    assert response.status_code == 400
    assert "it has expired or was used already" in response.content.decode()
    assert failures("code_rejected").get().details["detail"].startswith("invalid_grant")
    assert not User.objects.filter(email="nils@oslo.example").exists()


def test_a_person_without_a_mapped_group_gets_no_account(client, oslo_idp):
    response = sso_login(client, oslo_idp, "nils")
    assert response.status_code == 403
    assert "none of your groups at Oslo kommune gives a role here" in response.content.decode()
    assert not User.objects.filter(email="nils@oslo.example").exists()
    assert not ExternalIdentity.objects.exists()
    assert failures("no_role").count() == 1


def test_a_supplier_user_never_logs_in_through_a_buyers_provider(client, oslo_idp, supplier_a_user):
    response = sso_login(client, oslo_idp, "alpha")  # the provider knows the supplier user's address
    assert response.status_code == 403
    assert "already exists and cannot be used" in response.content.decode()
    assert not ExternalIdentity.objects.exists()
    supplier_a_user.refresh_from_db()
    assert supplier_a_user.role == "supplier"
    assert failures("account_conflict").count() == 1


def test_an_unreachable_discovery_document_is_a_clear_failure(client, buyer):
    idp = _provider(buyer, None, client_id="oslo", env="OIDC_SECRET_OSLO", mappings={})
    response = client.get(reverse("sso:start", kwargs={"public_id": idp.public_id}))
    assert response.status_code == 502
    assert "Oslo kommune&#x27;s identity provider could not be reached" in response.content.decode()
    assert failures("unreachable").count() == 1


def test_a_missing_client_secret_is_a_clear_failure(client, oslo_idp, monkeypatch):
    monkeypatch.delenv("OIDC_SECRET_OSLO")
    response = client.get(reverse("sso:start", kwargs={"public_id": oslo_idp.public_id}))
    assert response.status_code == 502
    assert "is not set up correctly" in response.content.decode()
    assert failures("misconfigured").get().details["detail"] == "OIDC_SECRET_OSLO is not set"


def test_a_wrong_client_secret_is_a_clear_failure(client, oslo_idp, monkeypatch):
    query = ProviderBrowser().authorize(start(client, oslo_idp), "alice")
    monkeypatch.setenv("OIDC_SECRET_OSLO", "not-the-secret")
    response = client.get(reverse("sso:callback"), query)
    assert response.status_code == 502
    assert failures("misconfigured").get().details["detail"] == "token endpoint: invalid_client"
    assert not User.objects.filter(email="alice@oslo.example").exists()


def test_an_issuer_that_does_not_match_the_discovery_document_is_refused(client, oslo_idp):
    oslo_idp.issuer = oslo_idp.issuer.replace("127.0.0.1", "localhost")
    oslo_idp.save()
    response = client.get(reverse("sso:start", kwargs={"public_id": oslo_idp.public_id}))
    assert response.status_code == 502
    assert "issuer in discovery" in failures("misconfigured").get().details["detail"]


def test_a_disabled_provider_is_not_offered_and_refuses(client, oslo_idp):
    oslo_idp.enabled = False
    oslo_idp.save()
    assert "Log in with Oslo kommune" not in client.get(reverse("accounts:login")).content.decode()
    response = client.get(reverse("sso:start", kwargs={"public_id": oslo_idp.public_id}))
    assert response.status_code == 403
    assert failures("disabled").count() == 1


def test_a_deactivated_account_cannot_log_in_through_the_provider(client, oslo_idp):
    sso_login(client, oslo_idp, "alice")
    User.objects.filter(email="alice@oslo.example").update(is_active=False)
    client.logout()
    response = sso_login(client, oslo_idp, "alice")
    assert response.status_code == 403
    assert "Your account is deactivated" in response.content.decode()
    assert failures("inactive").count() == 1


# --- Back office and pages -------------------------------------------------------------


def test_the_back_office_checks_a_providers_connection(client, administrator, oslo_idp, buyer, settings):
    settings.OTP_REQUIRED_FOR_STAFF = False  # the administrator here has no authenticator app
    broken = _provider(buyer, None, client_id="broken", env="OIDC_SECRET_OSLO", mappings={})
    client.force_login(administrator)
    url = reverse("admin:contracts_identityprovider_changelist")
    response = client.post(
        url, {"action": "check_connection", "_selected_action": [oslo_idp.pk, broken.pk]}, follow=True
    )
    text = response.content.decode()
    assert "discovery document read; the provider supports logout" in text
    assert f"discovery {broken.discovery_url}" in text
    change = client.get(reverse("admin:contracts_identityprovider_change", args=[oslo_idp.pk])).content.decode()
    assert "/sso/callback/" in change  # the redirect URI to register at the provider


def test_the_sso_pages_are_valid_html(client, oslo_idp, tmp_path):
    from tests.test_html_valid import check

    oslo_idp.email_domains = "oslo.example"
    oslo_idp.save()
    pages = {"login": client.get(reverse("accounts:login"))}
    pages["continue"] = client.post(reverse("sso:find"), {"email": "alice@oslo.example"})
    pages["failed"] = client.get(reverse("sso:callback"), {"state": "x", "code": "y"})
    sso_login(client, oslo_idp, "alice")
    pages["logout"] = client.post(reverse("accounts:logout"))
    files = []
    for name, response in pages.items():
        path = tmp_path / f"sso--{name}.html"
        path.write_bytes(response.content)
        files.append(path)
    assert "Log in with Oslo kommune" in pages["login"].content.decode()
    assert "Continue with single sign-on" in pages["login"].content.decode()
    assert check(files) == {}
