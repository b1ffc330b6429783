"""The pages of this part are valid HTML (the Nu HTML Checker, as tests/test_html_valid.py):
the import's upload form with an error, a preview with every kind of row, the team page with
an invitation and a logo, and the invitation link's page."""

import re

import pytest
from django.urls import reverse

from contracts.joining import buyer_branding_save, staff_invitation_create
from oslo_procurement.imports.models import SpreadsheetImport
from oslo_procurement.notifications.models import Notification
from tests import factories as f
from tests.contracts.test_joining import png_file
from tests.test_html_valid import check

from .helpers import csv_file
from .test_supplier_import import HEADERS, NEW_NUMBER


@pytest.mark.django_db
def test_import_team_and_join_pages_are_valid_html(client, buyer, officer, supplier_a, tmp_path):
    pages = {}
    client.force_login(officer)
    pages["upload-error"] = client.post(reverse("suppliers:import"), {"file": csv_file(["Colour"], [["x"]])})
    rows = [
        [NEW_NUMBER, "Nye AS", "NO", "reseller", "yes", "Ola", "ola@nye.example", "yes"],
        [supplier_a.org_number, "Alpha Norge AS", "", "", "", "", "", ""],
        ["123", "Bad AS", "NO", "reseller", "", "", "", ""],
    ]
    client.post(reverse("suppliers:import"), {"file": csv_file(HEADERS, rows)})
    upload = SpreadsheetImport.objects.get()
    pages["preview"] = client.get(reverse("suppliers:import_preview", args=[upload.public_id]))
    pages["entity-upload"] = client.get(reverse("contracts:entity_import"))
    admin = f.UserFactory(role="admin")
    f.BuyerMembershipFactory(user=admin, buyer=buyer)
    buyer_branding_save(buyer=buyer, name=buyer.name, logo=png_file(), actor=None)
    staff_invitation_create(
        buyer=buyer, email="m@oslo.example", full_name="M", role="manager", language="en", actor=admin
    )
    client.force_login(admin)
    pages["team"] = client.get(reverse("contracts:team"))
    client.logout()
    link = re.search(r"/agreements/join/[^/\s]+/", Notification.objects.get(recipient_email="m@oslo.example").body_text)
    pages["join"] = client.get(link.group(0))
    files = []
    for name, response in pages.items():
        assert response.status_code in (200, 400), name
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(path)
    assert check(files) == {}
