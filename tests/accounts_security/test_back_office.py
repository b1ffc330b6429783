"""The back office (the Django admin site, /admin/) is the installation's: its lists are not
scoped by buyer, so only the installation's administrators (active superusers with
back-office access) enter it. A buyer's administrator, even with back-office access and
every permission, reads and changes nothing there of any buyer; they use the app's pages."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from contracts.models import Buyer, IdentityProvider, SmelterNote, SupplierNote
from oslo_procurement.accounts.models import User
from suppliers.models import SmelterReference
from tests import factories as f
from tests.conftest import client_for

LISTS = [
    "admin:index",
    "admin:contracts_identityprovider_changelist",
    "admin:contracts_smelternote_changelist",
    "admin:contracts_suppliernote_changelist",
    "admin:followup_suppliershare_changelist",
    "admin:contracts_frameworkagreement_changelist",
    "admin:contracts_buyer_changelist",
]


@pytest.fixture(autouse=True)
def _no_code_step(settings):
    settings.OTP_REQUIRED_FOR_STAFF = False  # the back office's code step is tested elsewhere


@pytest.fixture
def buyers_records(buyer, supplier_a):
    smelter = SmelterReference.objects.create(cid="CID000001", name="Metalor", metal="gold", country="CH")
    SmelterNote.objects.create(buyer=buyer, smelter=smelter, note="Oslo's own wording")
    SupplierNote.objects.create(buyer=buyer, supplier=supplier_a, text="Oslo's internal note")
    IdentityProvider.objects.create(
        buyer=buyer, name="Oslo Entra", issuer="https://login.example/oslo", client_id="c", client_secret_env="X"
    )
    f.AgreementFactory(buyer=buyer, title="Oslo's PCs")


def test_a_buyers_administrator_is_sent_to_the_login_everywhere(client, other_buyer, buyers_records):
    bergen_admin = f.UserFactory(email="admin@bergen.example", role=User.Role.ADMIN, is_staff=True)
    f.BuyerMembershipFactory(user=bergen_admin, buyer=other_buyer)
    bergen_admin.user_permissions.set(Permission.objects.filter(content_type__app_label="contracts"))
    client_for(client, bergen_admin)
    for name in LISTS:
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url.startswith(reverse("admin:login")), name
    login_page = client.get(reverse("admin:login")).content.decode()
    assert "not authorized to access this page" in login_page
    # A change posted anyway changes nothing.
    oslo = Buyer.objects.get(name="Oslo kommune")
    client.post(reverse("admin:contracts_buyer_change", args=[oslo.pk]), {"name": "Bergen's now"})
    oslo.refresh_from_db()
    assert oslo.name == "Oslo kommune"


def test_the_installation_administrator_reads_every_buyers_rows(client, administrator, buyers_records):
    client_for(client, administrator)
    for name in LISTS:
        assert client.get(reverse(name)).status_code == 200, name
    page = client.get(reverse("admin:contracts_suppliernote_changelist")).content.decode()
    assert "Alpha Reseller AS" in page


def test_a_superuser_without_back_office_access_does_not_enter(client, administrator):
    administrator.is_staff = False
    administrator.save()
    client_for(client, administrator)
    assert client.get(reverse("admin:index")).status_code == 302
