"""An officer imports suppliers and contacts from a spreadsheet: a preview first (each row new,
update, unchanged or error, errors by row and column), nothing saved before "Import", one
transaction, recorded in the history and the audit log, and a second "Import" imports nothing."""

import pytest
from django.urls import reverse

from oslo_procurement.audit.models import AuditEvent
from oslo_procurement.imports.models import SpreadsheetImport
from suppliers.models import Contact, Supplier
from tests import factories as f

from .helpers import csv_file, xlsx_file, xml_bomb_file, zip_bomb_file

HEADERS = [
    "Organisation number",
    "Legal name",
    "Country",
    "Role in the supply chain",
    "Transparency Act",
    "Contact name",
    "Contact email",
    "Primary contact",
]
NEW_NUMBER = f.valid_org_number(7001)
OTHER_NUMBER = f.valid_org_number(7002)


def post_file(client, file):
    return client.post(reverse("suppliers:import"), {"file": file})


def preview_of(response):
    assert response.status_code == 302, response.content.decode()[:2000]
    upload = SpreadsheetImport.objects.get()
    assert response.url == reverse("suppliers:import_preview", args=[upload.public_id])
    return upload


@pytest.mark.django_db
def test_preview_shows_new_update_and_unchanged_and_saves_nothing(officer_client, supplier_a):
    Contact.objects.create(supplier=supplier_a, name="Kari Nordmann", email="kari@alpha.example", is_primary=True)
    rows = [
        [NEW_NUMBER, "Nye Leverandør AS", "NO", "reseller", "yes", "Ola Hansen", "ola@nye.example", "yes"],
        [supplier_a.org_number, "Alpha Reseller Norge AS", "", "", "", "Kari Nordmann", "kari@alpha.example", ""],
        [supplier_a.org_number, "", "", "", "", "", "", ""],
    ]
    upload = preview_of(post_file(officer_client, csv_file(HEADERS, rows)))
    assert [row["status"] for row in upload.preview] == ["new", "update", "unchanged"]
    assert Supplier.objects.count() == 1
    assert not Contact.objects.filter(email="ola@nye.example").exists()
    page = officer_client.get(reverse("suppliers:import_preview", args=[upload.public_id])).content.decode()
    assert "Nye Leverandør AS" in page
    assert "Alpha Reseller Norge AS" in page  # the change is shown
    assert "Nothing has been saved yet." in page


@pytest.mark.django_db
def test_errors_are_given_by_row_and_column_and_block_the_import(officer_client):
    rows = [
        ["974760674", "Bad Number AS", "NO", "reseller", "no", "", "", ""],  # wrong check digit
        [NEW_NUMBER, "Good AS", "NO", "wizard", "no", "", "", ""],
        [OTHER_NUMBER, "Contact AS", "NO", "reseller", "maybe", "Per", "not-an-email", ""],
    ]
    upload = preview_of(post_file(officer_client, xlsx_file(HEADERS, rows)))
    assert [row["status"] for row in upload.preview] == ["error", "error", "error"]
    page = officer_client.get(reverse("suppliers:import_preview", args=[upload.public_id])).content.decode()
    assert "Row 2, column “Organisation number”" in page
    assert "check digit" in page
    assert "Row 3, column “Role in the supply chain”: Unknown role “wizard”." in page
    assert "Row 4, column “Transparency Act”: Write yes or no." in page
    response = officer_client.post(
        reverse("suppliers:import_preview", args=[upload.public_id]), {"action": "confirm"}, follow=True
    )
    assert "nothing was imported" in response.content.decode()
    assert Supplier.objects.count() == 0
    upload.refresh_from_db()
    assert upload.status == "preview"


@pytest.mark.django_db
def test_confirm_imports_once_with_history_and_audit(
    officer_client, officer, supplier_a, django_capture_on_commit_callbacks
):
    Contact.objects.create(supplier=supplier_a, name="Kari Nordmann", email="kari@alpha.example", is_primary=True)
    rows = [
        [NEW_NUMBER, "Nye Leverandør AS", "NO", "reseller", "yes", "Ola Hansen", "ola@nye.example", "yes"],
        [NEW_NUMBER, "Nye Leverandør AS", "NO", "reseller", "yes", "Eva Berg", "eva@nye.example", "no"],
        [supplier_a.org_number, "Alpha Reseller Norge AS", "", "", "", "Nils Li", "nils@alpha.example", "yes"],
    ]
    upload = preview_of(post_file(officer_client, csv_file(HEADERS, rows)))
    url = reverse("suppliers:import_preview", args=[upload.public_id])
    version_before = supplier_a.updated_at
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(url, {"action": "confirm"}, follow=True)
    assert "Imported: 2 new, 1 updated, 0 unchanged." in response.content.decode()
    new = Supplier.objects.get(org_number=NEW_NUMBER)
    assert new.legal_name == "Nye Leverandør AS" and new.transparency_act_covered
    assert sorted(new.contacts.values_list("email", flat=True)) == ["eva@nye.example", "ola@nye.example"]
    assert new.contacts.get(is_primary=True).email == "ola@nye.example"
    supplier_a.refresh_from_db()
    assert supplier_a.legal_name == "Alpha Reseller Norge AS"
    assert supplier_a.updated_at > version_before  # a form opened before the import sees the change
    # The new primary contact took the mark from Kari.
    assert supplier_a.contacts.get(is_primary=True).email == "nils@alpha.example"
    history = supplier_a.history.first()
    assert history.history_user == officer and history.history_change_reason == "Imported from a spreadsheet"
    assert new.history.get().history_user == officer
    event = AuditEvent.objects.get(event_type="spreadsheet_import")
    assert event.actor == officer and event.details["suppliers_created"] == 1
    # A second click (or a second tab) imports nothing.
    response = officer_client.post(url, {"action": "confirm"}, follow=True)
    assert "imported already" in response.content.decode()
    assert Supplier.objects.count() == 2
    assert Contact.objects.count() == 4
    assert AuditEvent.objects.filter(event_type="spreadsheet_import").count() == 1


@pytest.mark.django_db
def test_cancel_saves_nothing(officer_client):
    rows = [[NEW_NUMBER, "Nye Leverandør AS", "NO", "reseller", "yes", "", "", ""]]
    upload = preview_of(post_file(officer_client, csv_file(HEADERS, rows)))
    url = reverse("suppliers:import_preview", args=[upload.public_id])
    response = officer_client.post(url, {"action": "cancel"}, follow=True)
    assert "nothing was saved" in response.content.decode()
    assert Supplier.objects.count() == 0
    officer_client.post(url, {"action": "confirm"})
    assert Supplier.objects.count() == 0
    upload.refresh_from_db()
    assert upload.status == "cancelled" and upload.rows == []


@pytest.mark.django_db
def test_a_new_supplier_without_a_name_or_register_data_is_an_error(officer_client):
    rows = [[NEW_NUMBER, "", "NO", "reseller", "yes", "", "", ""]]
    upload = preview_of(post_file(officer_client, csv_file(HEADERS, rows)))
    assert upload.preview[0]["status"] == "error"
    assert "not on this installation" in upload.preview[0]["errors"][0]["message"]


@pytest.mark.django_db
def test_rows_are_checked_again_on_confirm(officer_client):
    """A supplier created by someone else between the preview and the confirm is updated,
    not created twice."""
    rows = [[NEW_NUMBER, "Nye Leverandør AS", "NO", "reseller", "yes", "", "", ""]]
    upload = preview_of(post_file(officer_client, csv_file(HEADERS, rows)))
    assert upload.preview[0]["status"] == "new"
    f.SupplierFactory(org_number=NEW_NUMBER, legal_name="Typed By Hand AS")
    officer_client.post(reverse("suppliers:import_preview", args=[upload.public_id]), {"action": "confirm"})
    assert Supplier.objects.get(org_number=NEW_NUMBER).legal_name == "Nye Leverandør AS"
    upload.refresh_from_db()
    assert upload.counts["update"] == 1


@pytest.mark.django_db
def test_missing_name_is_filled_from_the_register_data_on_this_installation(officer_client):
    from django.core.cache import cache

    from suppliers.brreg import RegisterUnit

    unit = RegisterUnit(org_number=NEW_NUMBER, name="REGISTERET AS", employees=10)
    cache.set(f"brreg:unit:{NEW_NUMBER}", unit, 60)
    rows = [[NEW_NUMBER, "", "NO", "reseller", "yes", "", "", ""]]
    upload = preview_of(post_file(officer_client, csv_file(HEADERS, rows)))
    assert upload.preview[0]["status"] == "new"
    assert "Legal name from the Brønnøysund register: REGISTERET AS" in upload.preview[0]["notes"]


@pytest.mark.django_db
def test_norwegian_headings_and_semicolons_are_read(officer_client):
    content = "\ufeffOrganisasjonsnummer;Juridisk navn;Land;Rolle i leverandørkjeden\r\n"
    content += f"{NEW_NUMBER};Semikolon AS;NO;reseller\r\n"
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile("liste.csv", content.encode("utf-8"))
    response = post_file(officer_client, file)
    assert response.status_code == 302
    upload_ = SpreadsheetImport.objects.get()
    assert upload_.preview[0]["status"] == "new"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: xml_bomb_file(HEADERS, [["1"]]), "XML declarations"),
        (lambda: zip_bomb_file(HEADERS, [["1"]]), "far more than a normal Office file"),
        (lambda: csv_file(["Colour"], [["red"]]), "Unknown column headings: “Colour”"),
        (lambda: csv_file(HEADERS, []), "no rows to import"),
    ],
)
def test_bad_files_are_refused_with_a_message_and_nothing_stored(officer_client, make, message):
    response = post_file(officer_client, make())
    assert response.status_code == 400
    assert message in response.content.decode()
    assert SpreadsheetImport.objects.count() == 0


@pytest.mark.django_db
def test_only_the_uploader_sees_the_preview_and_managers_cannot_import(client, officer, manager, other_officer):
    client.force_login(officer)
    upload = preview_of(post_file(client, csv_file(HEADERS, [[NEW_NUMBER, "X AS", "NO", "reseller"]])))
    url = reverse("suppliers:import_preview", args=[upload.public_id])
    client.force_login(other_officer)
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "confirm"}).status_code == 404
    client.force_login(manager)
    assert client.get(reverse("suppliers:import")).status_code == 403
    assert Supplier.objects.count() == 0


@pytest.mark.django_db
def test_the_export_reads_back_as_unchanged(officer_client, supplier_a):
    Contact.objects.create(supplier=supplier_a, name="Kari Nordmann", email="kari@alpha.example", is_primary=True)
    from django.core.files.uploadedfile import SimpleUploadedFile

    exported = officer_client.get(reverse("suppliers:export") + "?format=xlsx")
    assert exported.status_code == 200
    response = post_file(officer_client, SimpleUploadedFile("suppliers.xlsx", exported.content))
    upload_ = preview_of(response)
    assert [row["status"] for row in upload_.preview] == ["unchanged"]


@pytest.mark.django_db
def test_an_empty_country_keeps_the_saved_one(officer_client):
    """A Norwegian number without a country means NO only for a new supplier: a saved one
    (a foreign company registered in Norway) keeps its country."""
    saved = f.SupplierFactory(org_number=OTHER_NUMBER, country="SE", legal_name="Svensk Filial NUF")
    rows = [[saved.org_number, "", "", "", "", "", "", ""], [NEW_NUMBER, "Ny AS", "", "reseller", "", "", "", ""]]
    upload = preview_of(post_file(officer_client, csv_file(HEADERS, rows)))
    assert [row["status"] for row in upload.preview] == ["unchanged", "new"]
    officer_client.post(reverse("suppliers:import_preview", args=[upload.public_id]), {"action": "confirm"})
    saved.refresh_from_db()
    assert saved.country.code == "SE"
    assert Supplier.objects.get(org_number=NEW_NUMBER).country.code == "NO"


@pytest.mark.django_db
def test_the_weekly_privacy_job_empties_old_uploads(officer_client):
    import datetime

    import time_machine

    from suppliers.privacy import apply_retention

    rows = [[NEW_NUMBER, "Ny AS", "NO", "reseller", "", "Ola", "ola@ny.example", ""]]
    upload = preview_of(post_file(officer_client, csv_file(HEADERS, rows)))
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=6)):
        apply_retention()
    upload.refresh_from_db()
    assert upload.status == "preview" and upload.rows
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=8)):
        apply_retention()
    upload.refresh_from_db()
    assert upload.status == "cancelled" and upload.rows == [] and upload.preview == []
    assert Supplier.objects.count() == 0


@pytest.mark.django_db
def test_the_preview_shows_the_registers_warning_about_a_saved_supplier(officer_client, supplier_a):
    from django.utils import timezone

    from suppliers.models import RegisterEntry

    RegisterEntry.objects.create(
        supplier=supplier_a, fetched_at=timezone.now(), name="ALPHA", bankrupt=True, flagged_on=timezone.localdate()
    )
    rows = [[supplier_a.org_number, "Alpha Reseller Norge AS", "", "", "", "", "", ""]]
    upload = preview_of(post_file(officer_client, csv_file(HEADERS, rows)))
    assert "The Brønnøysund register marks this supplier: bankrupt" in upload.preview[0]["notes"]
