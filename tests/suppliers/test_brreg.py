"""The Brønnøysund register: the client against recorded answers on a loopback server, the
supplier form's lookup and save, the daily check and the bulk load."""

import gzip
import json
import time
from datetime import date

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.urls import reverse

from suppliers import register
from suppliers.brreg import RegisterUnavailable, fetch_unit
from suppliers.models import RegisterEntry, Supplier
from suppliers.tasks import check_register
from tests import factories as f

from .brreg_server import BANKRUPT, DELETED, FOUND, HANG, UNKNOWN, recorded, register_server


@pytest.fixture
def brreg(db, settings):
    cache.clear()
    with register_server() as (url, units, requests):
        settings.BRREG_ENABLED = True
        settings.BRREG_URL = url
        settings.BRREG_TIMEOUT = 1.0
        yield units, requests
    cache.clear()


# --- The client ---------------------------------------------------------------------------------


def test_found_unit_is_read_from_the_documented_fields(brreg):
    unit = fetch_unit(FOUND)
    assert unit.name == "FJORDDATA AS"
    assert (unit.organisation_form_code, unit.organisation_form) == ("AS", "Aksjeselskap")
    assert unit.business_address == "Schweigaards gate 34, Bygg C, 0191 OSLO"
    assert unit.nace_code == "46.510" and unit.nace_description.startswith("Engroshandel med datamaskiner")
    assert unit.employees == 212
    assert not (unit.bankrupt or unit.under_liquidation or unit.forced_dissolution or unit.deleted)
    assert brreg[1] == [f"/enhetsregisteret/api/enheter/{FOUND}"]


def test_unknown_number_is_none(brreg):
    assert fetch_unit(UNKNOWN) is None


def test_bankrupt_unit_is_flagged(brreg):
    unit = fetch_unit(BANKRUPT)
    assert unit.bankrupt and not unit.deleted


def test_deleted_unit_answers_410_with_its_deletion_date(brreg):
    unit = fetch_unit(DELETED)
    assert unit.deleted and unit.deleted_on == date(2026, 10, 1)


def test_deleted_unit_with_slettedato_in_a_200_answer(brreg):
    brreg[0][DELETED] = (200, recorded("deleted_945678909.json"))
    assert fetch_unit(DELETED).deleted


def test_a_register_that_never_answers_gives_up_within_the_timeout(brreg, settings):
    brreg[0][FOUND] = HANG
    settings.BRREG_TIMEOUT = 0.5
    started = time.monotonic()
    with pytest.raises(RegisterUnavailable):
        fetch_unit(FOUND)
    assert time.monotonic() - started < 1.5


def test_server_error_and_nonsense_are_unavailable(brreg):
    brreg[0][FOUND] = (503, {"error": "Service Unavailable"})
    with pytest.raises(RegisterUnavailable):
        fetch_unit(FOUND)
    brreg[0][FOUND] = (200, ["not", "a", "unit"])
    with pytest.raises(RegisterUnavailable):
        fetch_unit(FOUND)


def test_switched_off_register_is_never_asked(brreg, settings):
    settings.BRREG_ENABLED = False
    with pytest.raises(RegisterUnavailable):
        fetch_unit(FOUND)
    assert brreg[1] == []


# --- The supplier form --------------------------------------------------------------------------

FORM = {"legal_name": "Fjorddata", "foreign_registry_id": "", "country": "NO", "role": "reseller"}


def test_typing_a_number_shows_the_register_data_and_the_transparency_hint(brreg, officer_client):
    response = officer_client.get(reverse("suppliers:register_lookup"), {"org_number": "923 456 783"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-register-name="FJORDDATA AS"' in page
    for text in ("Aksjeselskap", "Schweigaards gate 34, Bygg C, 0191 OSLO", "46.510", "212", "Fetched"):
        assert text in page
    assert "Transparency Act?" in page and "never set automatically" in page


def test_form_carries_the_lookup_on_the_number_field(brreg, officer_client):
    page = officer_client.get(reverse("suppliers:create")).content.decode()
    assert f'hx-get="{reverse("suppliers:register_lookup")}"' in page
    assert 'id="register-lookup"' in page


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (UNKNOWN, "has no unit with the number 812345672"),
        (BANKRUPT, "The register flags this unit:"),
        ("923456784", "the check digit does not match"),
    ],
)
def test_lookup_says_what_the_register_says(brreg, officer_client, number, text):
    page = officer_client.get(reverse("suppliers:register_lookup"), {"org_number": number}).content.decode()
    assert text in page


def test_lookup_is_for_staff_who_may_write(brreg, client, supplier_a_user, manager):
    from tests.conftest import client_for

    url = reverse("suppliers:register_lookup") + f"?org_number={FOUND}"
    assert client_for(client, supplier_a_user).get(url).status_code == 403
    assert client_for(client, manager).get(url).status_code == 403
    assert brreg[1] == []


@pytest.mark.django_db(transaction=True)
def test_saving_stores_the_register_data_asked_once(brreg, officer_client):
    officer_client.get(reverse("suppliers:register_lookup"), {"org_number": FOUND})
    # Real commits (transaction=True): the register is asked right after the supplier's commit.
    response = officer_client.post(reverse("suppliers:create"), {**FORM, "org_number": FOUND}, follow=True)
    supplier = Supplier.objects.get(org_number=FOUND)
    entry = supplier.register_entry
    assert (entry.name, entry.employees, entry.nace_code) == ("FJORDDATA AS", 212, "46.510")
    assert not supplier.transparency_act_covered  # a hint, never set
    assert len(brreg[1]) == 1  # the save used the lookup's answer
    page = response.content.decode()
    assert "Brønnøysund register" in page and "Schweigaards gate 34" in page and "Transparency Act?" in page


@pytest.mark.django_db(transaction=True)
def test_register_down_still_saves_what_was_typed_and_says_so(brreg, officer_client, settings):
    settings.BRREG_URL = "http://127.0.0.1:9/nothing-listens-here"
    # Real commits (transaction=True): the register is asked right after the supplier's commit.
    response = officer_client.post(reverse("suppliers:create"), {**FORM, "org_number": FOUND}, follow=True)
    supplier = Supplier.objects.get(org_number=FOUND)
    assert supplier.legal_name == "Fjorddata"
    assert not RegisterEntry.objects.exists()
    page = response.content.decode()
    assert "could not be reached, so the supplier was saved with what you typed" in page
    assert "Not fetched from the register yet" in page


# --- The daily check ----------------------------------------------------------------------------


def test_daily_check_flags_once_and_clears_when_the_register_clears(brreg):
    found, bankrupt, deleted = (f.SupplierFactory(org_number=n) for n in (FOUND, BANKRUPT, DELETED))
    f.SupplierFactory(org_number=None, country="SE", foreign_registry_id="556000-0001")
    with time_machine.travel("2026-12-06 04:40 +01:00", tick=False):
        counts = check_register()
    assert counts == {"checked": 3, "unreachable": 0, "flagged": 2, "cleared": 0}
    assert RegisterEntry.objects.get(supplier=bankrupt).flagged_on == date(2026, 12, 6)
    assert RegisterEntry.objects.get(supplier=deleted).flagged_on == date(2026, 12, 6)
    assert RegisterEntry.objects.get(supplier=found).flagged_on is None

    with time_machine.travel("2026-12-07 04:40 +01:00", tick=False):
        assert check_register()["flagged"] == 0  # a second run changes nothing
    assert RegisterEntry.objects.get(supplier=bankrupt).flagged_on == date(2026, 12, 6)

    cleared = {**recorded("bankrupt_934567897.json"), "konkurs": False}
    brreg[0][BANKRUPT] = (200, cleared)
    with time_machine.travel("2026-12-08 04:40 +01:00", tick=False):
        assert check_register()["cleared"] == 1
    assert RegisterEntry.objects.get(supplier=bankrupt).flagged_on is None
    assert not RegisterEntry.objects.get(supplier=bankrupt).bankrupt


def test_daily_check_keeps_what_it_had_when_the_register_is_down(brreg, settings):
    supplier = f.SupplierFactory(org_number=BANKRUPT)
    check_register()
    settings.BRREG_URL = "http://127.0.0.1:9/nothing-listens-here"
    assert check_register() == {"checked": 0, "unreachable": 1, "flagged": 0, "cleared": 0}
    assert RegisterEntry.objects.get(supplier=supplier).flagged_on is not None


def test_daily_check_skips_archived_suppliers(brreg):
    f.SupplierFactory(org_number=BANKRUPT)
    Supplier.objects.update(archived_at="2026-01-01T00:00:00Z")
    assert check_register()["checked"] == 0


def test_flag_shows_on_the_supplier_page_and_in_the_work_queue(brreg, officer_client, officer):
    from followup.workqueue import selectors as wq

    supplier = f.SupplierFactory(org_number=BANKRUPT)
    check_register()
    page = officer_client.get(supplier.get_absolute_url()).content.decode()
    assert "Flagged by the register:" in page and "bankrupt" in page and "Noticed" in page
    line = wq.LINES_BY_SLUG["register-flags"]
    assert line.title == "Suppliers flagged by the register"


# --- The bulk load ------------------------------------------------------------------------------


def _bulk(tmp_path, units, gz=False):
    path = tmp_path / ("enheter.json.gz" if gz else "enheter.json")
    data = json.dumps(units).encode()
    path.write_bytes(gzip.compress(data) if gz else data)
    return str(path)


@pytest.mark.parametrize("gz", [False, True])
def test_bulk_load_updates_the_suppliers_in_the_file(db, tmp_path, gz, capsys):
    found, bankrupt = f.SupplierFactory(org_number=FOUND), f.SupplierFactory(org_number=BANKRUPT)
    untouched = f.SupplierFactory()
    units = [
        recorded("found_923456783.json"),
        recorded("bankrupt_934567897.json"),
        {**recorded("found_923456783.json"), "organisasjonsnummer": "999999999", "navn": "IKKE LEVERANDØR AS"},
        {"navn": "no number"},
    ]
    call_command("load_brreg", _bulk(tmp_path, units, gz))
    assert "3 units read, 2 suppliers updated, 1 newly flagged" in capsys.readouterr().out
    assert RegisterEntry.objects.get(supplier=found).employees == 212
    assert RegisterEntry.objects.get(supplier=bankrupt).flagged_on is not None
    assert not RegisterEntry.objects.filter(supplier=untouched).exists()
    call_command("load_brreg", _bulk(tmp_path, units, gz))
    assert "0 newly flagged" in capsys.readouterr().out
    assert RegisterEntry.objects.count() == 2


def test_bulk_load_refuses_a_missing_or_broken_file(db, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("load_brreg", str(tmp_path / "missing.json"))
    broken = tmp_path / "broken.json"
    broken.write_text('[{"organisasjonsnummer": "923456783", "navn": ')
    with pytest.raises(CommandError, match="not the register's JSON"):
        call_command("load_brreg", str(broken))


def test_register_apply_is_a_constant_number_of_queries(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from suppliers.brreg import parse_unit

    unit = parse_unit(recorded("bankrupt_934567897.json"))
    counts = []
    for size in (3, 30):
        suppliers = f.SupplierFactory.create_batch(size)
        with CaptureQueriesContext(connection) as queries:
            result = register.register_apply({s.pk: unit for s in suppliers})
        assert result["flagged"] == size
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 5


def test_daily_check_stops_asking_a_register_that_is_down(brreg):
    for supplier in f.SupplierFactory.create_batch(8):
        brreg[0][supplier.org_number] = (503, {"error": "Service Unavailable"})
    assert check_register() == {"checked": 0, "unreachable": 8, "flagged": 0, "cleared": 0}
    assert len(brreg[1]) == register.GIVE_UP_AFTER  # five failures in a row, then it waits for tomorrow
