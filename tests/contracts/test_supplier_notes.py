"""Internal notes on a supplier are each buyer's own (contracts.SupplierNote): the supplier
registry is shared by every buyer, so one buyer's internal wording is never read or
changed by another buyer's staff, by the supplier, or through the shared API resource."""

import datetime

import pytest
from django.urls import reverse

from contracts.models import SupplierNote
from tests.conftest import client_for
from tests.old_schema import database_at, migrated_to


def _note_url(supplier):
    return reverse("contracts:supplier_note", args=[supplier.public_id])


def test_an_officer_writes_notes_that_only_their_own_buyers_staff_read(
    client, officer, manager, other_officer, supplier_a, buyer, other_buyer
):
    client_for(client, officer)
    response = client.post(_note_url(supplier_a), {"text": "Price talks with the owner in May."}, follow=True)
    assert "Your internal notes on Alpha Reseller AS are saved." in response.content.decode()
    assert "Price talks with the owner in May." in response.content.decode()  # back on the supplier page
    assert SupplierNote.objects.get().buyer == buyer

    client_for(client, manager)
    assert "Price talks with the owner in May." in client.get(supplier_a.get_absolute_url()).content.decode()
    note_page = client.get(_note_url(supplier_a)).content.decode()
    assert "Price talks with the owner in May." in note_page and "<textarea" not in note_page

    client_for(client, other_officer)
    assert "Price talks with the owner" not in client.get(supplier_a.get_absolute_url()).content.decode()
    assert "Price talks with the owner" not in client.get(_note_url(supplier_a)).content.decode()
    client.post(_note_url(supplier_a), {"text": "Bergen's own view."})
    notes = dict(SupplierNote.objects.values_list("buyer__name", "text"))
    assert notes == {buyer.name: "Price talks with the owner in May.", other_buyer.name: "Bergen's own view."}


def test_a_manager_reads_but_does_not_write(manager_client, supplier_a):
    assert manager_client.post(_note_url(supplier_a), {"text": "x"}).status_code == 403
    assert not SupplierNote.objects.exists()


def test_the_supplier_never_reaches_the_notes(client, supplier_a, supplier_a_user, buyer):
    SupplierNote.objects.create(buyer=buyer, supplier=supplier_a, text="Suspect overtime at plant 3")
    client_for(client, supplier_a_user)
    assert client.get(_note_url(supplier_a)).status_code == 403
    assert "Suspect overtime" not in client.get(reverse("portal:home")).content.decode()


def test_every_wording_is_kept_in_the_history(officer_client, supplier_a):
    officer_client.post(_note_url(supplier_a), {"text": "First wording."})
    officer_client.post(_note_url(supplier_a), {"text": "Second wording."})
    assert SupplierNote.objects.get().history.count() == 2
    assert "Officer Person" in officer_client.get(_note_url(supplier_a)).content.decode()


def test_an_empty_note_is_not_made(officer_client, supplier_a):
    officer_client.post(_note_url(supplier_a), {"text": ""})
    assert not SupplierNote.objects.exists()


def test_the_shared_supplier_form_and_api_carry_no_internal_notes(officer_client, supplier_a, buyer):
    SupplierNote.objects.create(buyer=buyer, supplier=supplier_a, text="Internal wording")
    form_page = officer_client.get(reverse("suppliers:edit", args=[supplier_a.public_id])).content.decode()
    assert 'name="notes"' not in form_page and "Internal wording" not in form_page
    from suppliers.api import SupplierSerializer

    assert "notes" not in SupplierSerializer.Meta.fields


# --- The data migration ----------------------------------------------------------------------

BEFORE = [("contracts", "0007_buyer_logo_staff_invitation"), ("suppliers", "0008_cmrt_background_upload")]
AFTER = [("suppliers", "0009_supplier_notes_moved_to_buyers")]


@pytest.mark.heavy
@pytest.mark.django_db(transaction=True)
def test_existing_notes_become_the_note_of_the_buyer_whose_staff_wrote_them(back_to_the_latest_migrations):
    old = database_at(BEFORE)
    Buyer = old.get_model("contracts", "Buyer")
    oslo = Buyer.objects.create(name="Oslo kommune", country="NO")
    bergen = Buyer.objects.create(name="Bergen kommune", country="NO")
    user = old.get_model("accounts", "User").objects.create(email="officer@bergen.example", role="officer")
    old.get_model("contracts", "BuyerMembership").objects.create(user_id=user.pk, buyer=bergen)
    Supplier = old.get_model("suppliers", "Supplier")
    History = old.get_model("suppliers", "HistoricalSupplier")

    def supplier(name, notes, author=None):
        number = f"9{Supplier.objects.count():08d}"
        record = Supplier.objects.create(legal_name=name, org_number=number, country="NO", role="reseller", notes=notes)
        values = {field.attname: getattr(record, field.attname) for field in Supplier._meta.concrete_fields}
        History.objects.create(
            **values, history_date=record.updated_at, history_type="+", history_user_id=author and author.pk
        )
        return record

    written_by_bergen = supplier("Alpha AS", "Bergen's wording", author=user)
    awarded_by_bergen = supplier("Beta AS", "Awarded wording")
    agreement = old.get_model("contracts", "FrameworkAgreement").objects.create(
        buyer=bergen,
        reference="BK-1",
        title="PCs",
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2027, 1, 1),
    )
    old.get_model("contracts", "Award").objects.create(
        agreement=agreement, supplier=awarded_by_bergen, signed_on=datetime.date(2025, 1, 1)
    )
    nobody = supplier("Gamma AS", "Old wording")
    supplier("Delta AS", "")

    new = migrated_to(AFTER)
    notes = {(n.supplier_id, n.buyer_id): n.text for n in new.get_model("contracts", "SupplierNote").objects.all()}
    assert notes == {
        (written_by_bergen.pk, bergen.pk): "Bergen's wording",
        (awarded_by_bergen.pk, bergen.pk): "Awarded wording",
        (nobody.pk, oslo.pk): "Old wording",
    }
    history = new.get_model("contracts", "HistoricalSupplierNote").objects.get(supplier_id=written_by_bergen.pk)
    assert history.history_user_id == user.pk
    assert "notes" not in {field.name for field in new.get_model("suppliers", "Supplier")._meta.fields}
