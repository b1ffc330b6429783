"""Fixtures for the API tests: the two-buyer world (tests/api/world.py) and a token for
every role, made through the same service as the My settings page."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from oslo_procurement.api.models import ApiToken
from oslo_procurement.api.services import token_create, token_revoke
from tests import factories as f

from . import world as world_module


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # Request counts for the rate limits live in the cache; each test starts with none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def supplier_c(db):
    return f.SupplierFactory(legal_name="Gamma Assembly Ltd", country="TW", org_number=None, foreign_registry_id="TW-1")


@pytest.fixture
def supplier_x(db):
    return f.SupplierFactory(legal_name="Xi Components", country="MY", org_number=None, foreign_registry_id="MY-9")


@pytest.fixture
def world(buyer, other_buyer, supplier_a, supplier_b, supplier_c, supplier_x, officer):
    return world_module.build(
        buyer_a=buyer,
        buyer_b=other_buyer,
        sup_a=supplier_a,
        sup_b=supplier_b,
        sup_c=supplier_c,
        sup_x=supplier_x,
        officer=officer,
        shared_catalogue=world_module.catalogue(owner=buyer),
    )


def make_key(user, *, name="Test", scope=ApiToken.Scope.FULL):
    return token_create(user=user, name=name, scope=scope)[1]


@pytest.fixture
def tokens(officer, manager, administrator, other_officer, supplier_a_user, supplier_b_user):
    """Role -> the Authorization key (None: no header)."""
    revoked, revoked_key = token_create(user=officer, name="Revoked")
    token_revoke(token=revoked, actor=officer)
    expired, expired_key = token_create(user=officer, name="Expired")
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    return {
        "anonymous": None,
        "revoked": revoked_key,
        "expired": expired_key,
        "wrong_key": "opk_" + "x" * 43,
        "officer_a": make_key(officer),
        "manager_a": make_key(manager),
        "admin_a": make_key(administrator),
        "open_data_a": make_key(officer, name="Open data", scope=ApiToken.Scope.OPEN_DATA),
        "officer_b": make_key(other_officer),
        "supplier_a": make_key(supplier_a_user),
        "supplier_b": make_key(supplier_b_user),
    }


def auth(key, keyword="Token"):
    return {"HTTP_AUTHORIZATION": f"{keyword} {key}"} if key else {}
