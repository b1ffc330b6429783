from django.urls import reverse

from contracts.models import SupplierNote
from tests import factories as f


def test_supplier_user_lands_in_their_own_portal(client, supplier_a_user, supplier_a):
    f.SiteFactory(supplier=supplier_a, name="Alpha Plant")
    client.force_login(supplier_a_user)
    response = client.get("/", follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("portal:home")
    assert "Alpha Reseller AS" in page and "Alpha Plant" in page


def test_portal_never_shows_internal_notes(client, supplier_a_user, supplier_a, buyer):
    SupplierNote.objects.create(buyer=buyer, supplier=supplier_a, text="Internal: suspect overtime at plant 3")
    client.force_login(supplier_a_user)
    assert "suspect overtime" not in client.get(reverse("portal:home")).content.decode()


def test_supplier_b_cannot_open_supplier_a_site(client, supplier_a, supplier_b_user):
    site = f.SiteFactory(supplier=supplier_a)
    client.force_login(supplier_b_user)
    assert client.get(reverse("portal:site_detail", args=[site.public_id])).status_code == 404


def test_user_of_an_archived_supplier_reaches_nothing(client, supplier_a, supplier_a_user):
    supplier_a.archived_at = "2026-01-01T00:00:00Z"
    supplier_a.save()
    client.force_login(supplier_a_user)
    assert client.get(reverse("portal:home")).status_code == 404
