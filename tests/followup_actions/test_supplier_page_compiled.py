"""The supplier page's panels read through statements compiled once per process
(oslo_procurement.compiled): after the first page, each page binds its own buyer and
supplier, and shows that buyer's records about that supplier, never another's."""

import pytest
from django.urls import reverse

from oslo_procurement import compiled
from tests.conftest import client_for

from .conftest import make_action, make_meeting

pytestmark = pytest.mark.django_db


def _page(client, user, supplier):
    response = client_for(client, user).get(reverse("suppliers:detail", args=[supplier.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def test_each_page_shows_its_own_buyers_records_about_its_own_supplier(
    client, buyer, officer, other_buyer, other_officer, supplier_a, supplier_b
):
    make_action(buyer, supplier_a, officer, title="Cap overtime at Alpha")
    make_meeting(buyer, supplier_a, officer, title="Oslo meets Alpha")
    make_action(other_buyer, supplier_a, other_officer, title="Bergen asks Alpha for wages")
    make_action(other_buyer, supplier_b, other_officer, title="Bergen asks Beta for audits")

    oslo_alpha = _page(client, officer, supplier_a)
    assert "Cap overtime at Alpha" in oslo_alpha and "Oslo meets Alpha" in oslo_alpha
    assert "Bergen asks" not in oslo_alpha
    kept = {key[1]: value for key, value in compiled._templates.items() if key[0] == "queryset"}
    assert kept["meetings.panel"] is not compiled._UNCACHEABLE
    assert any(isinstance(key, tuple) and key[0] == "actions.open" for key in kept)

    bergen_alpha = _page(client, other_officer, supplier_a)
    assert "Bergen asks Alpha for wages" in bergen_alpha
    assert "Cap overtime" not in bergen_alpha and "Oslo meets Alpha" not in bergen_alpha

    bergen_beta = _page(client, other_officer, supplier_b)
    assert "Bergen asks Beta for audits" in bergen_beta and "Bergen asks Alpha" not in bergen_beta

    oslo_beta = _page(client, officer, supplier_b)
    assert "No open corrective actions." in oslo_beta and "Bergen asks" not in oslo_beta
    assert "Oslo meets Alpha" not in oslo_beta
