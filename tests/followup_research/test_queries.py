"""The findings list, the risk overview and the supplier timeline run a fixed number of
queries whatever the number of rows or events."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followup.risk.services import risk_recompute
from tests import factories as f

from .events import make_events
from .factories import FindingFactory, link


def _count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


def _findings(buyer, n):
    for _ in range(n - buyer.findings.count()):
        finding = FindingFactory(buyer=buyer)
        link(finding, f.SupplierFactory(), raised=True)
        link(finding, f.SupplierFactory())


def test_findings_list_query_count_does_not_grow(officer_client, buyer):
    _findings(buyer, 5)
    small = _count_queries(officer_client, reverse("findings:list"))
    _findings(buyer, 50)
    assert _count_queries(officer_client, reverse("findings:list")) == small
    assert _count_queries(officer_client, reverse("findings:list"), {"finding_status": "open", "page": 2}) == small


def _awarded(buyer, agreement, lot, n):
    for _ in range(n):
        supplier = f.SupplierFactory()
        f.AwardFactory(agreement=agreement, supplier=supplier).lots.set([lot])
        f.SiteFactory(supplier=supplier)
        risk_recompute(buyer=buyer, supplier=supplier)
        link(FindingFactory(buyer=buyer), supplier)
        risk_recompute(buyer=buyer, supplier=supplier)


def test_risk_overview_query_count_does_not_grow(officer_client, buyer, agreement, lot):
    _awarded(buyer, agreement, lot, 5)
    small = _count_queries(officer_client, reverse("risk:overview"))
    _awarded(buyer, agreement, lot, 45)
    assert _count_queries(officer_client, reverse("risk:overview")) == small


def test_timeline_query_count_does_not_grow_with_events(officer_client, buyer, supplier_a):
    url = reverse("timeline:supplier", args=[supplier_a.public_id])
    agreement = make_events(buyer, supplier_a, 5)
    small = _count_queries(officer_client, url)
    make_events(buyer, supplier_a, 45, agreement=agreement)  # 50 of each kind in all
    assert _count_queries(officer_client, url) == small
    assert _count_queries(officer_client, url, {"page": 3}) == small


def test_risk_page_query_count_does_not_grow(officer_client, buyer, supplier_a):
    url = reverse("risk:supplier", args=[supplier_a.public_id])
    agreement = make_events(buyer, supplier_a, 2)
    lot = f.LotFactory(agreement=agreement)
    f.AwardFactory(agreement=agreement, supplier=supplier_a).lots.set([lot])
    risk_recompute(buyer=buyer, supplier=supplier_a)
    small = _count_queries(officer_client, url)
    make_events(buyer, supplier_a, 20, agreement=agreement)
    risk_recompute(buyer=buyer, supplier=supplier_a)
    assert _count_queries(officer_client, url) == small
