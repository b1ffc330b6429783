"""Every API list runs the same number of queries whatever the number of records."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories as f

from . import world as world_module
from .conftest import auth
from .world import DENIED, KINDS, VISIBLE


def _count(client, url, key):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"page_size": 100}, **auth(key))
    assert response.status_code == 200, url
    return len(queries), response.json()["count"]


@pytest.mark.parametrize("role", ["officer_a", "supplier_a", "open_data_a"])
def test_query_counts_do_not_grow_with_the_data(client, world, tokens, role, buyer, other_buyer, officer):
    kinds = [kind for kind in KINDS if VISIBLE[role][kind] != DENIED]
    client.get(reverse("api:api-root"), **auth(tokens[role]))  # records the token's first use (one UPDATE)
    before = {kind: _count(client, reverse(f"api:{kind}-list"), tokens[role]) for kind in kinds}
    world_module.build(
        buyer_a=buyer,
        buyer_b=other_buyer,
        sup_a=world["sup_a"],
        sup_b=f.SupplierFactory(),
        sup_c=f.SupplierFactory(),
        sup_x=f.SupplierFactory(),
        officer=officer,
        shared_catalogue=world_module.catalogue(ilo_code="C87", owner=buyer),
        suffix=" (2)",
    )
    for kind in kinds:
        queries, count = _count(client, reverse(f"api:{kind}-list"), tokens[role])
        if not (role == "supplier_a" and kind == "supplier"):  # a supplier user's company stays one
            assert count > before[kind][1], (role, kind)  # the list did grow
        assert queries == before[kind][0], (role, kind, before[kind][0], queries)
