"""On PostgreSQL: two confirms of the same import at the same moment (a double click that
reached two workers) import once; the second waits for the first's lock and finds it done."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from oslo_procurement.imports.services import AlreadyDecided, import_confirm, import_preview_create
from oslo_procurement.spreadsheets import table_csv
from suppliers.imports import SupplierImporter
from suppliers.models import Supplier
from tests import factories as f
from tests.needs import postgresql

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_two_confirms_at_once_import_once():
    postgresql()
    officer = f.UserFactory(role="officer")
    rows = [[f.valid_org_number(9300 + n), f"Samtidig {n} AS", "NO", "reseller"] for n in range(200)]
    content = table_csv(["Organisation number", "Legal name", "Country", "Role in the supply chain"], rows)
    upload = import_preview_create(
        importer=SupplierImporter(), uploaded=SimpleUploadedFile("s.csv", content), actor=officer
    )
    outcomes, barrier = [], threading.Barrier(2)

    def confirm():
        barrier.wait()
        try:
            outcomes.append(import_confirm(upload=upload, importer=SupplierImporter(), actor=officer)["new"])
        except AlreadyDecided:
            outcomes.append("already")
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes, key=str) == [200, "already"]
    assert Supplier.objects.filter(legal_name__startswith="Samtidig").count() == 200
