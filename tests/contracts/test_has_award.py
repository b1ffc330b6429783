"""A buyer's staff list the suppliers their buyer awarded and those no buyer has awarded
(contracts.selectors.followed_suppliers). The second half reads ``Supplier.has_award``, which
contracts.awarded keeps on every way an award or an agreement changes: these tests change them
as users do and look at the registry list of another buyer's officer, who sees a supplier only
while no buyer has it under an award in force."""

import datetime
import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from contracts.awarded import refresh_has_award
from contracts.models import Award, FrameworkAgreement
from suppliers.models import Supplier
from tests import factories as f
from tests import needs
from tests.conftest import client_for
from tests.old_schema import database_at, migrated_to


@pytest.fixture
def oslo(officer):
    return client_for(Client(), officer)


@pytest.fixture
def bergen(other_officer):
    return client_for(Client(), other_officer)


def _listed(client):
    """The legal names in the officer's registry list (the default view: followed suppliers)."""
    return [supplier.legal_name for supplier in client.get(reverse("suppliers:list")).context["page"]]


def _has_award(*suppliers):
    return [Supplier.objects.get(pk=supplier.pk).has_award for supplier in suppliers]


def _award_data(supplier, lot):
    return {
        "supplier": supplier.pk,
        "kind": "contract_holder",
        "lots": [lot.pk],
        "signed_on": "2026-02-01",
        "criteria_versions": [],
        "notes": "",
    }


def test_an_award_takes_the_supplier_off_other_buyers_lists_and_archiving_it_gives_it_back(
    oslo, bergen, agreement, lot, supplier_a, supplier_b
):
    assert _listed(bergen) == ["Alpha Reseller AS", "Beta Brands AS"]
    assert _has_award(supplier_a, supplier_b) == [False, False]

    response = oslo.post(reverse("contracts:award_create", args=[agreement.public_id]), _award_data(supplier_a, lot))
    assert response.status_code == 302
    award = Award.objects.get(supplier=supplier_a)
    assert _has_award(supplier_a, supplier_b) == [True, False]
    assert _listed(bergen) == ["Beta Brands AS"]
    assert _listed(oslo) == ["Alpha Reseller AS", "Beta Brands AS"]  # Oslo's own and the unawarded

    oslo.post(reverse("contracts:award_archive", args=[award.public_id]))
    assert _has_award(supplier_a) == [False]
    assert _listed(bergen) == ["Alpha Reseller AS", "Beta Brands AS"]

    oslo.post(reverse("contracts:award_restore", args=[award.public_id]))
    assert _has_award(supplier_a) == [True]
    assert _listed(bergen) == ["Beta Brands AS"]


def test_an_award_moved_to_another_supplier_changes_both(oslo, bergen, award, lot, supplier_a, supplier_b):
    assert _has_award(supplier_a, supplier_b) == [True, False]
    response = oslo.post(reverse("contracts:award_edit", args=[award.public_id]), _award_data(supplier_b, lot))
    assert response.status_code == 302
    assert _has_award(supplier_a, supplier_b) == [False, True]
    assert _listed(bergen) == ["Alpha Reseller AS"]


def test_archiving_the_agreement_ends_its_awards_for_the_list(oslo, bergen, agreement, award):
    assert _listed(bergen) == []
    oslo.post(reverse("contracts:archive", args=[agreement.public_id]))
    assert FrameworkAgreement.objects.get(pk=agreement.pk).is_archived
    assert _has_award(award.supplier) == [False]
    assert _listed(bergen) == ["Alpha Reseller AS"]

    oslo.post(reverse("contracts:restore", args=[agreement.public_id]))
    assert _has_award(award.supplier) == [True]
    assert _listed(bergen) == []


def test_editing_an_archived_agreement_leaves_its_suppliers_unawarded(agreement, award, django_assert_num_queries):
    from oslo_procurement.core import set_archived

    set_archived(agreement, actor=None, archived=True)
    assert _has_award(award.supplier) == [False]
    agreement = FrameworkAgreement.objects.get(pk=agreement.pk)
    agreement.title = "PCs and monitors"
    # Its archived_at read before the save, the save and its history row: none of its
    # suppliers' rows read, locked or written.
    with django_assert_num_queries(4):
        agreement.save()
    assert _has_award(award.supplier) == [False]


def test_a_supplier_with_two_awards_keeps_the_flag_until_both_end(oslo, bergen, other_buyer, award, supplier_a):
    second = f.AwardFactory(agreement=f.AgreementFactory(buyer=other_buyer), supplier=supplier_a)
    oslo.post(reverse("contracts:award_archive", args=[award.public_id]))
    assert _has_award(supplier_a) == [True]
    assert _listed(oslo) == []  # Bergen's now, not Oslo's
    assert _listed(bergen) == ["Alpha Reseller AS"]
    second.delete()  # the admin may delete an award made by mistake
    assert _has_award(supplier_a) == [False]
    assert _listed(oslo) == ["Alpha Reseller AS"]


def test_the_command_sets_every_supplier_from_the_awards_after_changes_outside_the_app(award, supplier_a, supplier_b):
    Supplier.objects.update(has_award=False)  # as SQL by hand would leave them
    archived = f.SupplierFactory(legal_name="Gamma AS")
    f.AwardFactory(supplier=archived, archived_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    Supplier.objects.filter(pk=archived.pk).update(has_award=True)
    out = io.StringIO()
    call_command("refresh_has_award", stdout=out)
    assert out.getvalue() == "2 supplier(s) changed.\n"
    assert _has_award(supplier_a, supplier_b, archived) == [True, False, False]
    assert refresh_has_award() == 0


@pytest.mark.heavy
@pytest.mark.django_db(transaction=True)
def test_the_migration_sets_the_flag_from_the_awards_already_made(back_to_the_latest_migrations):
    before = [("contracts", "0008_supplier_notes_per_buyer"), ("suppliers", "0009_supplier_notes_moved_to_buyers")]
    old = database_at(before)
    Buyer, Supplier_ = old.get_model("contracts", "Buyer"), old.get_model("suppliers", "Supplier")
    Agreement, Award_ = old.get_model("contracts", "FrameworkAgreement"), old.get_model("contracts", "Award")
    oslo = Buyer.objects.create(name="Oslo kommune", country="NO")

    def supplier(number):
        return Supplier_.objects.create(
            legal_name=f"S{number}", org_number=f"99999999{number}", country="NO", role="reseller"
        )

    def agreement(reference, archived_at=None):
        return Agreement.objects.create(
            buyer=oslo,
            reference=reference,
            title="PCs",
            start_date=datetime.date(2025, 1, 1),
            end_date=datetime.date(2027, 1, 1),
            archived_at=archived_at,
        )

    when = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    live, ended = agreement("A-1"), agreement("A-2", archived_at=when)
    awarded, award_archived, agreement_archived, _never_awarded = (supplier(n) for n in range(4))
    Award_.objects.create(agreement=live, supplier=awarded, signed_on=datetime.date(2025, 2, 1))
    Award_.objects.create(
        agreement=live, supplier=award_archived, signed_on=datetime.date(2025, 2, 1), archived_at=when
    )
    Award_.objects.create(agreement=ended, supplier=agreement_archived, signed_on=datetime.date(2025, 2, 1))

    new = migrated_to([("suppliers", "0011_supplier_unawarded_name_idx")])
    flags = dict(new.get_model("suppliers", "Supplier").objects.values_list("legal_name", "has_award"))
    assert flags == {"S0": True, "S1": False, "S2": False, "S3": False}


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_buyers_ending_the_last_two_awards_at_once_leave_no_flag(buyer, other_buyer, supplier_a):
    """Each writer sees the other's award still in force when it starts: without the lock on
    the supplier's row, both would keep the flag (PostgreSQL; SQLite writes one at a time)."""
    needs.postgresql()
    awards = [
        f.AwardFactory(agreement=f.AgreementFactory(buyer=owner), supplier=supplier_a) for owner in (buyer, other_buyer)
    ]
    barrier = threading.Barrier(2)
    errors = []

    def archive(award):
        try:
            from django.db import transaction
            from django.utils import timezone

            with transaction.atomic():
                record = Award.objects.select_for_update().get(pk=award.pk)
                barrier.wait(timeout=10)  # both awards are locked: both writers are inside
                record.archived_at = timezone.now()
                record.save(update_fields=["archived_at", "updated_at"])
        except Exception as exc:  # the result under test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=archive, args=(award,)) for award in awards]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert _has_award(supplier_a) == [False]
