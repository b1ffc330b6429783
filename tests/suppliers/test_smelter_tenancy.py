"""The smelter reference list is the installation's: only its administrators import or
change it; every buyer's staff read it with the import's date and source; a buyer keeps its
own notes and flags beside it, seen only by its own staff."""

import pytest
from django.contrib.admin.sites import site
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from contracts.models import SmelterNote
from oslo_procurement.accounts.models import User
from suppliers.cmrt.services import smelter_reference_import_csv
from suppliers.models import SmelterReference
from tests import factories as f
from tests.conftest import client_for
from tests.factories import BuyerMembershipFactory, UserFactory

from . import cmrt_workbooks as w

pytestmark = pytest.mark.django_db

CSV = (
    b"cid,name,metal,country,rmap_status,last_audit_date\n"
    b"CID001153,Metalor Technologies S.A.,Gold,Switzerland,Conformant,15-Mar-2025\n"
)


def _csv():
    return SimpleUploadedFile("smelters.csv", CSV, content_type="text/csv")


@pytest.fixture
def buyer_admin(buyer):
    """Oslo's administrator role, with back-office access, but not an installation administrator."""
    user = UserFactory(email="buyer-admin@oslo.example", role=User.Role.ADMIN, is_staff=True)
    BuyerMembershipFactory(user=user, buyer=buyer)
    return user


@pytest.fixture
def metalor(administrator):
    smelter_reference_import_csv(file=_csv(), actor=administrator, source="RMI Facility list, 2026-11-30")
    return SmelterReference.objects.get(cid="CID001153")


def test_buyers_staff_cannot_import_the_shared_list(client, officer, buyer_admin, other_officer):
    for user in (officer, buyer_admin, other_officer):
        client_for(client, user)
        assert client.get(reverse("cmrt:smelter_import")).status_code == 403
        response = client.post(reverse("cmrt:smelter_import"), {"file": _csv(), "source": "My list"})
        assert response.status_code == 403
        assert "Import from CSV" not in client.get(reverse("cmrt:smelter_list")).content.decode()
    assert not SmelterReference.objects.exists()


def test_the_import_service_refuses_a_buyers_officer(officer):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        smelter_reference_import_csv(file=_csv(), actor=officer, source="Bergen's list")
    assert not SmelterReference.objects.exists()


def test_a_buyer_administrator_cannot_change_the_list_in_the_back_office(buyer_admin, administrator, metalor):
    admin = site._registry[SmelterReference]
    request = RequestFactory().get("/")
    request.user = buyer_admin
    assert not admin.has_change_permission(request, metalor)
    assert not admin.has_add_permission(request)
    assert not admin.has_delete_permission(request, metalor)
    request.user = administrator
    assert admin.has_change_permission(request, metalor)


def test_every_buyer_reads_the_status_with_its_import_date_and_source(officer_client, metalor):
    page = officer_client.get(reverse("cmrt:smelter_list")).content.decode()

    assert "Metalor Technologies S.A." in page
    assert "RMI Facility list, 2026-11-30, imported" in page
    assert "Latest import: RMI Facility list, 2026-11-30" in page


def test_the_cmrt_page_shows_the_status_source(officer_client, buyer, supplier_a, metalor):
    f.relate(buyer, supplier_a)  # the reading rule: the officer's buyer has an award with the supplier
    report = w.make_cmrt_report(supplier_a)

    page = officer_client.get(reverse("cmrt:report_detail", args=[report.public_id])).content.decode()

    assert "RMI Facility list, 2026-11-30, imported" in page


def test_a_buyers_note_is_its_own_and_leaves_the_shared_record_alone(
    client, officer, manager, other_officer, metalor, supplier_a
):
    url = reverse("contracts:smelter_note", args=[metalor.cid])
    shared_history = metalor.history.count()

    f.relate(officer.buyer_membership.buyer, supplier_a)  # the reading rule: Oslo has an award with the supplier
    client_for(client, officer)
    response = client.post(url, {"flag": "watch", "note": "Ask the supplier about the 2024 audit."})
    assert response.status_code == 302
    note = SmelterNote.objects.get()
    assert (note.buyer.name, note.flag) == ("Oslo kommune", "watch")
    listing = client.get(reverse("cmrt:smelter_list")).content.decode()
    assert "Ask the supplier about the 2024 audit." in listing and "Watch" in listing
    report = w.make_cmrt_report(supplier_a)
    detail = client.get(reverse("cmrt:report_detail", args=[report.public_id])).content.decode()
    assert "Ask the supplier about the 2024 audit." in detail
    history = client.get(url).content.decode()
    assert officer.full_name in history  # the note's history names its author

    client_for(client, manager)
    assert "Ask the supplier about the 2024 audit." in client.get(url).content.decode()
    assert client.post(url, {"flag": "", "note": "Manager's change"}).status_code == 403

    client_for(client, other_officer)
    assert "Ask the supplier" not in client.get(reverse("cmrt:smelter_list")).content.decode()
    assert "Ask the supplier" not in client.get(url).content.decode()
    client.post(url, {"flag": "cleared", "note": "Bergen's own view"})

    assert SmelterNote.objects.count() == 2
    note.refresh_from_db()
    assert (note.flag, note.note) == ("watch", "Ask the supplier about the 2024 audit.")
    metalor.refresh_from_db()
    assert (metalor.history.count(), metalor.rmap_status) == (shared_history, "conformant")


def test_a_note_on_an_unknown_smelter_is_404(officer_client):
    assert officer_client.get(reverse("contracts:smelter_note", args=["CID999999"])).status_code == 404
