"""manage.py import_cmrt and import_smelters: the same reading as the upload screens,
a summary on the terminal, a non-zero exit on a bad file, --dry-run saves nothing."""

import datetime
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command

from suppliers.models import CmrtReport, CmrtSmelter, Evidence, SmelterReference
from tests import factories as f

from . import cmrt_workbooks as w

pytestmark = pytest.mark.django_db


def run(*args, **options):
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def cmrt_file(tmp_path):
    path = tmp_path / "Nordlys CMRT 6.5.xlsx"
    path.write_bytes(w.build_cmrt(smelters=[*w.DEFAULT_SMELTERS, *w.MESSY_SMELTERS[:2]]))
    return path


@time_machine.travel(datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC))
def test_import_prints_the_summary_and_saves(supplier_a, cmrt_file):
    SmelterReference.objects.bulk_create(w.reference_rows())
    output = run("import_cmrt", str(cmrt_file), supplier=supplier_a.org_number)

    assert "CMRT version: 6.5" in output
    assert "Declaration scope: A. Company" in output
    assert "Company: Nordlys Components Ltd." in output
    assert "Metals in scope: Tantalum, Tin, Gold, Tungsten" in output
    assert "Smelters: Tantalum 1, Tin 3, Gold 3, Tungsten 1 (8 in all)" in output
    assert "Attention (4):" in output
    # The file names another company than the supplier: flagged, with the officer's advice.
    assert "[medium] The company in the file, Nordlys Components Ltd., is not the supplier Alpha Reseller AS." in output
    assert "[high] Row 11: Kivu Tin Works is in Rwanda, one of the covered countries." in output
    assert "[high] Row 12: a Gold smelter is not yet identified." in output
    assert "[medium] Row 11: Kivu Tin Works is marked 'Smelter not listed'" in output
    report = CmrtReport.objects.get()
    assert f"Saved as CMRT report {report.public_id}." in output
    assert report.supplier == supplier_a
    assert report.smelters.count() == 8


def test_supplier_by_foreign_registry_id(cmrt_file):
    supplier = f.SupplierFactory(country="CN", org_number=None, foreign_registry_id="91440300MA5F")
    run("import_cmrt", str(cmrt_file), supplier="91440300ma5f")
    assert CmrtReport.objects.get().supplier == supplier


def test_dry_run_saves_nothing(supplier_a, cmrt_file):
    output = run("import_cmrt", str(cmrt_file), supplier=supplier_a.org_number, dry_run=True)
    assert "Smelters: Tantalum 1, Tin 3, Gold 3, Tungsten 1 (8 in all)" in output
    assert "Dry run: nothing was saved." in output
    assert (Evidence.objects.count(), CmrtReport.objects.count(), CmrtSmelter.objects.count()) == (0, 0, 0)


def test_invalid_file_exits_non_zero_with_each_problem(supplier_a, tmp_path):
    path = tmp_path / "old.xlsx"
    path.write_bytes(w.build_cmrt(company={"name": None, "contact_email": None}))
    with pytest.raises(CommandError) as caught:
        run("import_cmrt", str(path), supplier=supplier_a.org_number)
    message = str(caught.value)
    assert "old.xlsx was not imported (2 problems):" in message
    assert "sheet Declaration, row 8, column D: Company name is mandatory and is empty." in message
    assert "sheet Declaration, row 16, column D: Contact email is mandatory and is empty." in message
    assert CmrtReport.objects.count() == 0


def test_zip_bomb_is_refused_on_the_command_line(supplier_a, tmp_path):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(w.zip_bomb())
    with pytest.raises(CommandError, match="unpacks to"):
        run("import_cmrt", str(path), supplier=supplier_a.org_number)


def test_unknown_supplier_and_missing_file(supplier_a, cmrt_file, tmp_path):
    with pytest.raises(CommandError, match="No supplier"):
        run("import_cmrt", str(cmrt_file), supplier="999999999")
    with pytest.raises(CommandError, match="No such file"):
        run("import_cmrt", str(tmp_path / "missing.xlsx"), supplier=supplier_a.org_number)


def test_import_smelters(tmp_path):
    path = tmp_path / "smelters.csv"
    path.write_text(
        "cid,name,metal,country,rmap_status,last_audit_date\n"
        "CID001153,Metalor Technologies S.A.,Gold,Switzerland,Conformant,2025-03-15\n"
        "CID001182,Minsur,Tin,Peru,Active,\n"
    )
    assert "2 new, 0 updated, 0 unchanged" in run("import_smelters", str(path))
    assert "0 new, 0 updated, 2 unchanged" in run("import_smelters", str(path))
    assert SmelterReference.objects.count() == 2


def test_import_smelters_with_errors_exits_non_zero(tmp_path):
    path = tmp_path / "smelters.csv"
    path.write_text("cid,name,metal,country,rmap_status,last_audit_date\nCID1,x,gold,Peru,conformant,\n")
    with pytest.raises(CommandError, match="Line 2:"):
        run("import_smelters", str(path))
    assert SmelterReference.objects.count() == 0
