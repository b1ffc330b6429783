"""Multi-buyer scoping and roles: another buyer's ids give 404, managers read but never write."""

import pytest
from django.urls import URLResolver, get_resolver, reverse

from oslo_procurement.accounts.models import User
from tests import factories as f
from tests.conftest import client_for


@pytest.fixture
def urls(agreement, lot, award, entity):
    """Every contracts URL with the ids of the buyer's own records."""
    return {
        "list": reverse("contracts:list"),
        "create": reverse("contracts:create"),
        "detail": reverse("contracts:detail", args=[agreement.public_id]),
        "edit": reverse("contracts:edit", args=[agreement.public_id]),
        "archive": reverse("contracts:archive", args=[agreement.public_id]),
        "restore": reverse("contracts:restore", args=[agreement.public_id]),
        "lot_create": reverse("contracts:lot_create", args=[agreement.public_id]),
        "lot_edit": reverse("contracts:lot_edit", args=[lot.public_id]),
        "lot_archive": reverse("contracts:lot_archive", args=[lot.public_id]),
        "lot_restore": reverse("contracts:lot_restore", args=[lot.public_id]),
        "award_create": reverse("contracts:award_create", args=[agreement.public_id]),
        "award_edit": reverse("contracts:award_edit", args=[award.public_id]),
        "award_archive": reverse("contracts:award_archive", args=[award.public_id]),
        "award_restore": reverse("contracts:award_restore", args=[award.public_id]),
        "entity_list": reverse("contracts:entity_list"),
        "entity_create": reverse("contracts:entity_create"),
        "entity_edit": reverse("contracts:entity_edit", args=[entity.public_id]),
        "entity_archive": reverse("contracts:entity_archive", args=[entity.public_id]),
        "entity_restore": reverse("contracts:entity_restore", args=[entity.public_id]),
    }


READ_PAGES = ["list", "detail", "entity_list"]
FORM_PAGES = ["create", "edit", "lot_create", "lot_edit", "award_create", "award_edit", "entity_create", "entity_edit"]
ARCHIVE_URLS = [
    "archive",
    "restore",
    "lot_archive",
    "lot_restore",
    "award_archive",
    "award_restore",
    "entity_archive",
    "entity_restore",
]
OBJECT_URLS = [
    name
    for name in READ_PAGES + FORM_PAGES + ARCHIVE_URLS
    if name not in ("list", "create", "entity_list", "entity_create")
]


def test_every_contracts_view_declares_its_access():
    resolver = get_resolver()
    contracts = next(p for p in resolver.url_patterns if isinstance(p, URLResolver) and p.app_name == "contracts")
    assert contracts.url_patterns
    # The buyer's own administration is for its administrators; the invitation link and the
    # logo (read by emails and PDFs elsewhere) are public.
    others = {"team": "admin", "team_invite": "admin", "team_invitation_revoke": "admin", "team_branding": "admin"}
    others.update(join="public", buyer_logo="public")
    for pattern in contracts.url_patterns:
        expected = (others[pattern.name],) if pattern.name in others else ("staff", "staff_write")
        assert getattr(pattern.callback, "access", None) in expected, pattern.name


@pytest.mark.parametrize("name", OBJECT_URLS)
def test_another_buyers_officer_gets_404(other_officer_client, urls, name):
    method = other_officer_client.post if name in ARCHIVE_URLS else other_officer_client.get
    assert method(urls[name]).status_code == 404


def test_another_buyers_officer_never_sees_this_buyers_records(other_officer_client, agreement, entity, award):
    page = other_officer_client.get(reverse("contracts:list")).content.decode()
    assert agreement.reference not in page
    assert entity.name not in other_officer_client.get(reverse("contracts:entity_list")).content.decode()
    page = other_officer_client.get(award.supplier.get_absolute_url()).content.decode()
    assert agreement.reference not in page


def test_another_buyers_officer_cannot_attach_this_buyers_records(other_officer_client, other_officer, lot, entity):
    theirs = f.AgreementFactory(buyer=other_officer.buyer_membership.buyer)
    data = {
        "reference": theirs.reference,
        "title": "x",
        "currency": "NOK",
        "start_date": "2026-01-01",
        "end_date": "2027-01-01",
        "status": "active",
        "participating_entities": [entity.pk],
    }
    response = other_officer_client.post(reverse("contracts:edit", args=[theirs.public_id]), data)
    assert response.status_code == 400 and "participating_entities" in response.context["form"].errors
    data = {"supplier": f.SupplierFactory().pk, "kind": "contract_holder", "lots": [lot.pk], "signed_on": "2026-02-01"}
    response = other_officer_client.post(reverse("contracts:award_create", args=[theirs.public_id]), data)
    assert response.status_code == 400 and "lots" in response.context["form"].errors


@pytest.mark.parametrize("name", READ_PAGES)
def test_manager_can_read_every_page(manager_client, urls, name):
    page = manager_client.get(urls[name]).content.decode()
    assert ">Edit<" not in page
    assert "New agreement" not in page and "Add lot" not in page and "Add award" not in page
    assert "New city entity" not in page and ">Archive<" not in page


def test_manager_can_read_the_overview_and_the_supplier_page_with_awards(manager_client, award):
    assert manager_client.get(reverse("home")).status_code == 200
    assert manager_client.get(reverse("contracts:overview")).status_code == 200
    page = manager_client.get(award.supplier.get_absolute_url()).content.decode()
    assert award.agreement.reference in page


@pytest.mark.parametrize("name", FORM_PAGES + ARCHIVE_URLS)
def test_manager_cannot_write(manager_client, urls, name):
    assert manager_client.post(urls[name], {"title": "Changed"}).status_code == 403


@pytest.mark.parametrize("name", FORM_PAGES)
def test_manager_does_not_get_the_forms(manager_client, urls, name):
    assert manager_client.get(urls[name]).status_code == 403


def test_staff_without_a_buyer_gets_403(client, db):
    user = f.UserFactory(role=User.Role.OFFICER)
    client_for(client, user)
    assert client.get(reverse("contracts:list")).status_code == 403
    assert client.get(reverse("home")).status_code == 403


def test_supplier_user_gets_403_and_anonymous_is_sent_to_login(client, supplier_a_user, urls):
    assert client.get(urls["detail"]).status_code == 302
    client_for(client, supplier_a_user)
    assert client.get(urls["list"]).status_code == 403
    assert client.get(urls["detail"]).status_code == 403
