"""The single sign-on rules that need no provider: role mapping, when the provider's
multi-factor counts, and that the provider tests fail (not skip) under CI without Node.js."""

import pytest

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
