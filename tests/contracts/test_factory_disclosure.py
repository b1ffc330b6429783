"""Factories per lot (Electronics Watch disclosure): the supplier discloses in the portal
which of its own factories make each lot's products; the officer sees the list per
agreement and per lot and downloads it as CSV or Excel."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from contracts import services
from contracts.models import FactoryDisclosure
from oslo_procurement.audit.models import AuditEvent
from tests import factories as f
from tests.conftest import client_for


@pytest.fixture
def world(buyer, supplier_a, supplier_b):
    agreement = f.AgreementFactory(buyer=buyer, reference="2026/0042", title="PCs and monitors")
    pcs = f.LotFactory(agreement=agreement, number=1, title="PCs and laptops")
    monitors = f.LotFactory(agreement=agreement, number=2, title="Monitors", category="monitors")
    award_a = f.AwardFactory(agreement=agreement, supplier=supplier_a)
    award_a.lots.set([pcs, monitors])
    award_b = f.AwardFactory(agreement=agreement, supplier=supplier_b)
    award_b.lots.set([pcs])
    kunshan = f.SiteFactory(
        supplier=supplier_a, name="Kunshan Assembly Co.", address="88 Huashan Road", city="Kunshan", country="CN"
    )
    bac_ninh = f.SiteFactory(supplier=supplier_b, name="Bac Ninh Electronics", city="Bac Ninh", country="VN")
    return {
        "agreement": agreement,
        "pcs": pcs,
        "monitors": monitors,
        "award_a": award_a,
        "award_b": award_b,
        "kunshan": kunshan,
        "bac_ninh": bac_ninh,
    }


def _disclose(world, award, lot, site, products="EliteBook 840 G11", stage="final_assembly"):
    return services.factory_disclose(award=award, lot=lot, site=site, stage=stage, products=products, actor=None)


def test_the_supplier_discloses_a_factory_for_a_lot_in_the_portal(supplier_a_client, world):
    url = reverse("portal_factories:list")
    page = supplier_a_client.get(url).content.decode()
    assert "2026/0042 PCs and monitors" in page and "Lot 1 PCs and laptops" in page and "Lot 2 Monitors" in page
    response = supplier_a_client.post(
        url,
        {
            "lot": world["pcs"].public_id,
            "site": world["kunshan"].public_id,
            "stage": "final_assembly",
            "products": "EliteBook 840 G11",
        },
    )
    assert response.status_code == 302
    disclosure = FactoryDisclosure.objects.get()
    assert (disclosure.award, disclosure.lot, disclosure.site) == (world["award_a"], world["pcs"], world["kunshan"])
    page = supplier_a_client.get(url).content.decode()
    assert "Kunshan Assembly Co." in page and "EliteBook 840 G11" in page


def test_the_portal_offers_only_the_suppliers_own_lots_and_factories(supplier_a_client, world, supplier_a):
    other = f.AgreementFactory(buyer=world["agreement"].buyer, reference="2026/0099")
    foreign_lot = f.LotFactory(agreement=other, number=1, title="Servers")
    url = reverse("portal_factories:list")
    for lot, site in ((foreign_lot, world["kunshan"]), (world["pcs"], world["bac_ninh"])):
        response = supplier_a_client.post(
            url, {"lot": lot.public_id, "site": site.public_id, "stage": "final_assembly", "products": "x"}
        )
        assert response.status_code == 400
        assert "Select a valid choice" in response.content.decode()
    assert not FactoryDisclosure.objects.exists()


def test_the_service_refuses_another_suppliers_factory_or_lot(world):
    with pytest.raises(ValidationError) as refused:
        _disclose(world, world["award_a"], world["pcs"], world["bac_ninh"])
    assert refused.value.message_dict["site"] == ["Choose one of your own factories."]
    with pytest.raises(ValidationError) as refused:
        _disclose(world, world["award_b"], world["monitors"], world["bac_ninh"])
    assert refused.value.message_dict["lot"] == ["Choose one of the lots of your award."]
    assert not FactoryDisclosure.objects.exists()


def test_withdrawing_keeps_the_history_and_another_supplier_cannot(client, supplier_a_user, supplier_b_user, world):
    disclosure = _disclose(world, world["award_a"], world["pcs"], world["kunshan"])
    other = client_for(client, supplier_b_user)
    assert other.post(reverse("portal_factories:withdraw", args=[disclosure.public_id])).status_code == 404
    disclosure.refresh_from_db()
    assert not disclosure.is_archived
    mine = client_for(client, supplier_a_user)
    assert mine.post(reverse("portal_factories:withdraw", args=[disclosure.public_id])).status_code == 302
    disclosure.refresh_from_db()
    assert disclosure.is_archived
    assert disclosure.history.count() == 2
    page = mine.get(reverse("portal_factories:list")).content.decode()
    assert page.count("No factory disclosed for this lot yet.") == 2


def _factories_url(world, **params):
    url = reverse("contracts:factories", args=[world["agreement"].public_id])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_the_officer_sees_the_list_per_agreement_and_per_lot(officer_client, world):
    _disclose(world, world["award_a"], world["pcs"], world["kunshan"])
    _disclose(world, world["award_a"], world["monitors"], world["kunshan"], products="E24 G5", stage="component")
    _disclose(world, world["award_b"], world["pcs"], world["bac_ninh"], products="ThinkPad T14")
    page = officer_client.get(_factories_url(world)).content.decode()
    assert "3 factories and lots" in page
    assert "88 Huashan Road, Kunshan" in page and "China" in page and "Component manufacturing" in page
    assert "Bac Ninh Electronics" in page and "ThinkPad T14" in page and "E24 G5" in page
    only_monitors = officer_client.get(_factories_url(world, lot=world["monitors"].public_id)).content.decode()
    assert "1 factory and lot" in only_monitors and "E24 G5" in only_monitors and "ThinkPad" not in only_monitors


def test_csv_and_excel_read_back_one_row_per_factory_and_lot_escaped_and_logged(officer_client, world):
    world["kunshan"].name = "=HYPERLINK(evil)"
    world["kunshan"].save()
    _disclose(world, world["award_a"], world["pcs"], world["kunshan"])
    _disclose(world, world["award_b"], world["pcs"], world["bac_ninh"], products="ThinkPad T14")

    response = officer_client.get(_factories_url(world, format="csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="factories-2026-0042.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Agreement",
        "Lot",
        "Supplier",
        "Factory",
        "Street address",
        "City",
        "Country",
        "Production stage",
        "Products",
        "Disclosed",
    ]
    assert len(rows) == 3
    by_factory = {row[3]: row for row in rows[1:]}
    assert by_factory["'=HYPERLINK(evil)"][1:3] == ["1 PCs and laptops", world["award_a"].supplier.legal_name]
    assert by_factory["Bac Ninh Electronics"][5:9] == ["Bac Ninh", "Vietnam", "Final assembly", "ThinkPad T14"]

    response = officer_client.get(_factories_url(world, lot=world["pcs"].public_id, format="xlsx"))
    assert 'filename="factories-2026-0042-lot-1.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][3] == "Factory" and len(values) == 3
    assert {row[3] for row in values[1:]} == {"'=HYPERLINK(evil)", "Bac Ninh Electronics"}

    events = AuditEvent.objects.filter(event_type="export").order_by("id")
    assert [(e.details["what"], e.details["count"]) for e in events] == [
        ("factory_list_csv", 2),
        ("factory_list_xlsx", 2),
    ]


def test_another_buyer_gets_404(client, other_officer, world):
    other = client_for(client, other_officer)
    assert other.get(_factories_url(world)).status_code == 404
    assert other.get(_factories_url(world, format="csv")).status_code == 404


def test_a_lot_of_another_agreement_gives_404(officer_client, world, buyer):
    foreign_lot = f.LotFactory(agreement=f.AgreementFactory(buyer=buyer, reference="2026/0099"))
    assert officer_client.get(_factories_url(world, lot=foreign_lot.public_id)).status_code == 404
    assert officer_client.get(_factories_url(world, lot="not-a-uuid")).status_code == 404


def _grow(world, n):
    """n disclosures of supplier A's lots, each at its own factory."""
    for i in range(n - FactoryDisclosure.objects.count()):
        site = f.SiteFactory(supplier=world["award_a"].supplier, name=f"Plant {i:03d}")
        _disclose(world, world["award_a"], world["pcs"] if i % 2 else world["monitors"], site)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_officer_list_and_export_queries_do_not_grow(officer_client, world):
    _grow(world, 3)
    small = [
        _queries(officer_client, _factories_url(world)),
        _queries(officer_client, _factories_url(world, format="csv")),
    ]
    _grow(world, 30)
    large = [
        _queries(officer_client, _factories_url(world)),
        _queries(officer_client, _factories_url(world, format="csv")),
    ]
    assert FactoryDisclosure.objects.count() == 30
    assert small == large


def test_portal_list_queries_do_not_grow(supplier_a_client, world):
    _grow(world, 3)
    small = _queries(supplier_a_client, reverse("portal_factories:list"))
    _grow(world, 30)
    assert _queries(supplier_a_client, reverse("portal_factories:list")) == small
