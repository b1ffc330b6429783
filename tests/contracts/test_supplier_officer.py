"""An officer marks a supplier as "mine" (the buyer's responsible officer): on the supplier
page, kept per buyer with its history, shown on the page and the supplier list, and used by
the "My suppliers" filters."""

import pytest
from django.urls import reverse

from contracts.models import SupplierOfficer
from oslo_procurement.accounts.models import User
from tests import factories as f
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _set(client, supplier, officer):
    return client.post(
        reverse("contracts:supplier_officer", args=[supplier.public_id]), {"officer": officer.pk if officer else ""}
    )


def test_officer_marks_a_supplier_as_theirs_and_sees_it_on_the_page_and_list(officer_client, officer, supplier_a):
    page = officer_client.get(supplier_a.get_absolute_url()).content.decode()
    assert "No one in your organisation is responsible for this supplier yet." in page
    assert "Mark as my supplier" in page
    select = page.split('<select name="officer"', 1)[1].split("</select>", 1)[0]
    assert f'<option value="{officer.pk}">{officer.full_name}</option>' in select
    assert " selected" not in select  # the select shows its first option, "No one"

    response = _set(officer_client, supplier_a, officer)
    assert response.status_code == 302
    page = officer_client.get(response.url).content.decode()
    assert f"{officer.full_name} is now responsible for {supplier_a.legal_name}." in page
    assert "Mark as my supplier" not in page
    select = page.split('<select name="officer"', 1)[1].split("</select>", 1)[0]
    assert f'<option value="{officer.pk}" selected>{officer.full_name}</option>' in select
    assert SupplierOfficer.objects.get(supplier=supplier_a).officer == officer

    listing = officer_client.get(reverse("suppliers:list"))
    rows = {s.legal_name: s.responsible_officer for s in listing.context["page"]}
    assert rows[supplier_a.legal_name] == officer.full_name


def test_my_suppliers_filter_on_the_supplier_list(officer_client, officer, buyer, supplier_a, supplier_b):
    _set(officer_client, supplier_a, officer)
    colleague = f.BuyerMembershipFactory(buyer=buyer, user=f.UserFactory(role=User.Role.OFFICER)).user
    _set(officer_client, supplier_b, colleague)
    mine = officer_client.get(reverse("suppliers:list"), {"mine": "1"}).context["page"]
    assert [s.legal_name for s in mine] == [supplier_a.legal_name]
    everyone = officer_client.get(reverse("suppliers:list")).context["page"]
    assert {s.legal_name for s in everyone} >= {supplier_a.legal_name, supplier_b.legal_name}


def test_responsibility_is_per_buyer_and_its_history_is_kept(client, officer, other_officer, supplier_a, buyer):
    officer_client = client_for(client, officer)
    _set(officer_client, supplier_a, officer)
    colleague = f.BuyerMembershipFactory(buyer=buyer, user=f.UserFactory(role=User.Role.OFFICER)).user
    _set(officer_client, supplier_a, colleague)
    _set(officer_client, supplier_a, None)
    assert not SupplierOfficer.objects.filter(buyer=buyer, supplier=supplier_a).exists()
    history = list(SupplierOfficer.history.filter(supplier=supplier_a).order_by("history_date"))
    assert [(h.history_type, h.officer_id, h.history_user_id) for h in history] == [
        ("+", officer.pk, officer.pk),
        ("~", colleague.pk, officer.pk),
        ("-", colleague.pk, officer.pk),
    ]
    page = officer_client.get(supplier_a.get_absolute_url()).content.decode()
    assert "Changes of the responsible officer" in page and "responsibility removed" in page

    # Another buyer's officer has their own responsibility for the same supplier.
    other_client = client_for(client, other_officer)
    _set(other_client, supplier_a, other_officer)
    assert SupplierOfficer.objects.get(supplier=supplier_a).buyer == other_officer.buyer_membership.buyer
    page = other_client.get(supplier_a.get_absolute_url()).content.decode()
    assert "responsibility removed" not in page  # this buyer's history is its own


def test_only_an_officer_of_the_buyer_can_be_responsible(officer_client, other_officer, manager, supplier_a):
    for outsider in (other_officer, manager):
        response = _set(officer_client, supplier_a, outsider)
        assert response.status_code == 302
        page = officer_client.get(response.url).content.decode()
        assert "Choose one of your organisation&#x27;s procurement officers." in page
    assert not SupplierOfficer.objects.exists()


def test_managers_read_it_but_cannot_set_it(client, manager, officer, supplier_a):
    _set(client_for(client, officer), supplier_a, officer)
    manager_client = client_for(client, manager)
    page = manager_client.get(supplier_a.get_absolute_url()).content.decode()
    assert officer.full_name in page and "Save responsible officer" not in page
    assert _set(manager_client, supplier_a, manager).status_code == 403
