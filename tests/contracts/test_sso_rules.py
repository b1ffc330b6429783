"""The single sign-on rules that need no provider: role mapping, when the provider's
multi-factor counts, and that the provider tests fail (not skip) under CI without Node.js."""

import pytest
from django.urls import reverse

from contracts.models import IdentityProvider, IdentityProviderRole
from contracts.sso.services import provider_mfa_satisfied
from tests import needs


@pytest.fixture
def idp(buyer):
    provider = IdentityProvider.objects.create(
        buyer=buyer, name="Entra ID", issuer="https://login.example/tenant/v2.0", client_id="c", client_secret_env="X_S"
    )
    for value, role in {"g-off": "officer", "g-man": "manager", "g-adm": "admin"}.items():
        IdentityProviderRole.objects.create(provider=provider, claim_value=value, role=role)
    return provider


def test_the_strongest_mapped_role_wins_and_unknown_groups_give_none(idp):
    assert idp.role_for(["g-off"]) == "officer"
    assert idp.role_for(["g-off", "g-adm", "g-man"]) == "admin"
    assert idp.role_for(["g-other"]) is None
    assert idp.role_for([]) is None


@pytest.mark.parametrize(
    ("setting", "claims", "counts"),
    [
        ({}, {}, True),
        ({"provider_mfa_counts": False}, {"amr": ["mfa"]}, False),
        ({"required_amr": "mfa"}, {"amr": ["pwd"]}, False),
        ({"required_amr": "mfa otp"}, {"amr": ["pwd", "otp"]}, True),
        ({"required_acr": "idporten-loa-high"}, {"acr": "idporten-loa-substantial"}, False),
        ({"required_acr": "idporten-loa-high"}, {"acr": "idporten-loa-high"}, True),
    ],
)
def test_when_the_providers_second_factor_counts(idp, setting, claims, counts):
    for key, value in setting.items():
        setattr(idp, key, value)
    assert provider_mfa_satisfied(idp, claims) is counts


def test_the_secret_is_read_from_the_named_environment_variable(idp, monkeypatch):
    monkeypatch.setenv("X_S", "from-the-environment")
    assert idp.client_secret() == "from-the-environment"
    monkeypatch.delenv("X_S")
    with pytest.raises(KeyError):
        idp.client_secret()


def test_without_node_the_provider_tests_fail_under_ci(monkeypatch):
    monkeypatch.setattr(needs.shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="Node.js"):
        needs.oidc_provider()
    monkeypatch.setenv("CI", "")
    with pytest.raises(pytest.skip.Exception):
        needs.oidc_provider()


def test_staff_find_their_provider_by_the_domain_of_their_address(client, idp, other_buyer):
    idp.email_domains = "oslo.kommune.no bym.oslo.kommune.no"
    idp.save()
    IdentityProvider.objects.create(
        buyer=other_buyer,
        name="Keycloak",
        issuer="https://sso.bergen.example/realms/staff",
        client_id="c",
        client_secret_env="Y_S",
        email_domains="bergen.kommune.no",
    )
    login_page = client.get(reverse("accounts:login")).content.decode()
    assert "Continue with single sign-on" in login_page

    response = client.post(reverse("sso:find"), {"email": "Kari@BYM.oslo.kommune.no", "next": "/suppliers/"})
    start = reverse("sso:start", kwargs={"public_id": idp.public_id}) + "?next=%2Fsuppliers%2F"
    assert response.status_code == 200
    assert f'content="0; url={start}"' in response.content.decode()  # onward at once (CSP form-action)
    assert "Continue to log in with Oslo kommune's account" in response.content.decode()

    # "kommune.no" is no one's domain, although both lists contain the text.
    response = client.post(reverse("sso:find"), {"email": "ola@kommune.no"}, follow=True)
    assert "Single sign-on is not set up for that address" in response.content.decode()


def test_email_domains_are_checked_in_the_back_office(idp):
    from django.core.exceptions import ValidationError

    idp.email_domains = "Oslo.Kommune.NO  bym.oslo.kommune.no"
    idp.full_clean()
    assert idp.email_domains == "oslo.kommune.no bym.oslo.kommune.no"
    idp.email_domains = "oslo kommune"
    with pytest.raises(ValidationError, match="Not an email domain: oslo, kommune"):
        idp.full_clean()


def test_a_buyers_provider_never_logs_in_an_installation_administrator(idp, administrator):
    """An installation administrator (a superuser) keeps what every buyer shares and reads
    every buyer's outbox: a buyer's identity provider (run by that buyer's IT, its
    multi-factor possibly replacing the app's code) may not vouch for that account, even
    when the superuser also works for the buyer, nor change its role. Nothing is linked."""
    from contracts.models import ExternalIdentity
    from contracts.sso.backend import SSOFailure
    from contracts.sso.services import sso_user_for_claims

    claims = {
        "iss": idp.issuer,
        "sub": "root-at-oslo",
        "email": administrator.email,
        "email_verified": True,
        "groups": ["g-off"],
    }
    with pytest.raises(SSOFailure) as refused:
        sso_user_for_claims(provider=idp, claims=claims)
    assert refused.value.reason == "account_conflict"
    assert not ExternalIdentity.objects.exists()
    # Tied earlier (before the account became an installation administrator's): refused too.
    ExternalIdentity.objects.create(user=administrator, provider=idp, issuer=idp.issuer, subject="root-at-oslo")
    with pytest.raises(SSOFailure):
        sso_user_for_claims(provider=idp, claims=claims)
    administrator.refresh_from_db()
    assert administrator.role == "admin" and administrator.is_superuser


@pytest.mark.parametrize(
    ("claims", "domains", "made"),
    [
        ({"email_verified": True}, "", True),
        ({}, "bergen.example", True),  # the buyer's own domain (Entra ID sends no email_verified)
        ({"email_verified": "true"}, "", False),  # only a real true counts
        ({}, "", False),
        ({"email_verified": False}, "oslo.bergen.example", False),  # a domain is matched whole
    ],
)
def test_an_account_is_made_only_for_an_address_the_provider_vouches_for(idp, claims, domains, made):
    """A buyer's provider could otherwise claim an address of another organisation (here
    Bergen's) and block its real owner: no account, no membership, and the reason given."""
    from contracts.models import ExternalIdentity
    from contracts.sso.backend import SSOFailure
    from contracts.sso.services import sso_user_for_claims
    from oslo_procurement.accounts.models import User

    idp.email_domains = domains
    idp.save()
    claims = {"iss": idp.issuer, "sub": "s-1", "email": "kari@bergen.example", "groups": ["g-off"], **claims}
    if made:
        user = sso_user_for_claims(provider=idp, claims=claims)
        assert user.buyer_membership.buyer == idp.buyer
        return
    with pytest.raises(SSOFailure) as refused:
        sso_user_for_claims(provider=idp, claims=claims)
    assert refused.value.reason == "email_not_vouched"
    assert not User.objects.filter(email="kari@bergen.example").exists()
    assert not ExternalIdentity.objects.exists()
