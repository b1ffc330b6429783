"""The exchange pages: what officers and managers see, the public schema, the menu, and
query counts that do not grow with the number of rows."""

import json

from django.urls import reverse

from followup.exchange import services
from followup.exchange.serializers import SCHEMA_PATH
from tests import factories as f

from . import worlds


def test_the_schema_is_public_and_is_the_committed_file(client):
    response = client.get(reverse("exchange:schema_v1"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/schema+json"
    assert json.loads(b"".join(response.streaming_content)) == json.loads(SCHEMA_PATH.read_text())


def test_exchange_page_lists_partners_exports_and_imports(client, officer, buyer, other_buyer, supplier_a):
    partner = worlds.partner(buyer, other_buyer)
    finding = worlds.finding(buyer, supplier_a)
    services.consent_set(partner=partner, supplier=supplier_a, chosen={"finding": [finding.public_id]}, actor=officer)
    services.export_for_partner(partner=partner, fmt="csv", actor=officer)
    client.force_login(officer)
    page = client.get(reverse("exchange:home")).content.decode()
    assert other_buyer.name in page
    assert "CSV for a partner" in page and officer.full_name in page
    assert 'href="/exchange/"' in page  # the menu entry
    detail = client.get(partner.get_absolute_url()).content.decode()
    assert finding.title in detail and "Withdraw" in detail and "Download JSON" in detail


def test_managers_read_without_write_buttons(client, manager, buyer, other_buyer):
    partner = worlds.partner(buyer, other_buyer)
    client.force_login(manager)
    page = client.get(reverse("exchange:home")).content.decode()
    assert other_buyer.name in page and "New partner" not in page
    detail = client.get(partner.get_absolute_url()).content.decode()
    assert "Download JSON" not in detail and "Choose what to share" not in detail
    assert client.get(reverse("exchange:import_upload")).status_code == 403


def test_supplier_users_never_reach_the_exchange(client, supplier_a_user, buyer, other_buyer, supplier_a):
    partner = worlds.partner(buyer, other_buyer)
    client.force_login(supplier_a_user)
    for url in (
        reverse("exchange:home"),
        partner.get_absolute_url(),
        reverse("exchange:supplier_shared", args=[supplier_a.public_id]),
        reverse("exchange:ocds_export"),
    ):
        assert client.get(url).status_code == 403


def test_supplier_page_links_to_sharing_with_each_partner(client, officer, buyer, other_buyer, supplier_a):
    partner = worlds.partner(buyer, other_buyer)
    client.force_login(officer)
    page = client.get(supplier_a.get_absolute_url()).content.decode()
    assert "Shared by other buyers" in page
    share_url = reverse("exchange:partner_share", args=[partner.public_id]) + f"?supplier={supplier_a.public_id}"
    assert share_url.replace("&", "&amp;") in page or share_url in page


def _imported_world(a_to_b, b_from_a, officer, other_officer, suppliers):
    buyer, other_buyer = a_to_b.buyer, b_from_a.buyer
    for supplier in suppliers:
        finding = worlds.finding(buyer, supplier)
        action = worlds.action(buyer, supplier)
        services.consent_set(
            partner=a_to_b,
            supplier=supplier,
            chosen={"finding": [finding.public_id], "action": [action.public_id]},
            actor=officer,
        )
    content = services.export_for_partner(partner=a_to_b, fmt="json", actor=officer)[1]
    return services.import_partner_file(
        buyer=other_buyer, partner=b_from_a, filename="x.json", content=content, actor=other_officer
    )


def test_page_query_counts_do_not_grow(
    client, officer, other_officer, buyer, other_buyer, supplier_a, django_assert_max_num_queries
):
    partners = (worlds.partner(buyer, other_buyer), worlds.partner(other_buyer, buyer))
    imported = _imported_world(*partners, officer, other_officer, [supplier_a])
    client.force_login(other_officer)
    urls = [
        reverse("exchange:home"),
        imported.get_absolute_url(),
        reverse("exchange:supplier_shared", args=[supplier_a.public_id]),
        supplier_a.get_absolute_url(),
    ]
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(60) as captured:
            assert client.get(url).status_code == 200
        counts[url] = len(captured)
    more = [f.SupplierFactory() for _ in range(4)]
    imported = _imported_world(*partners, officer, other_officer, [supplier_a, *more])
    urls[1] = imported.get_absolute_url()
    for old, url in zip(list(counts), urls, strict=True):
        with django_assert_max_num_queries(counts[old]) as captured:
            assert client.get(url).status_code == 200


def test_the_demo_seeds_a_partner_consents_and_a_shared_file(client, db):
    import io

    from django.core.management import call_command

    from followup.models import SharedItem, SharingConsent
    from oslo_procurement.accounts.models import User
    from suppliers.models import Supplier
    from tests.conftest import client_for

    call_command("seed_demo", stdout=io.StringIO())
    tamsui = Supplier.objects.get(legal_name__startswith="Tamsui")
    assert SharingConsent.objects.filter(supplier=tamsui, withdrawn_at__isnull=True).count() >= 2
    item = SharedItem.objects.get(kind="finding")
    assert item.shared_supplier.supplier == tamsui  # matched by the foreign registry id
    client_for(client, User.objects.get(email="officer@demo.oslo.test"))  # the demo officer has two-factor on
    page = client.get(tamsui.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Night-shift overtime above 80 hours" in page
