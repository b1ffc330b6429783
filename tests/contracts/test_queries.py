"""Lists and the overview run a fixed number of queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contracts.models import CityEntity, FrameworkAgreement
from tests import factories as f


def _count_queries(client, url, *, skip_history=False):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    queries = [q["sql"] for q in ctx.captured_queries]
    if skip_history:
        queries = [sql for sql in queries if "_historical" not in sql]
    return len(queries)


def _agreements(buyer, n):
    for _ in range(n - FrameworkAgreement.objects.filter(buyer=buyer).count()):
        agreement = f.AgreementFactory(buyer=buyer)
        lot = f.LotFactory(agreement=agreement)
        award = f.AwardFactory(agreement=agreement)
        award.lots.set([lot])
        agreement.participating_entities.add(f.CityEntityFactory(buyer=buyer))


def _entities(buyer, n):
    for _ in range(n - CityEntity.objects.filter(buyer=buyer).count()):
        f.AgreementFactory(buyer=buyer).participating_entities.add(f.CityEntityFactory(buyer=buyer))


@pytest.mark.parametrize(("url_name", "grow"), [("contracts:list", _agreements), ("contracts:entity_list", _entities)])
def test_list_query_count_does_not_grow_with_rows(officer_client, buyer, url_name, grow):
    grow(buyer, 5)
    small = _count_queries(officer_client, reverse(url_name))
    grow(buyer, 50)
    large = _count_queries(officer_client, reverse(url_name))
    assert small == large


def test_overview_query_count_does_not_grow(officer_client, buyer):
    _agreements(buyer, 2)
    f.SiteFactory()
    small = _count_queries(officer_client, reverse("contracts:overview"))
    _agreements(buyer, 20)
    for award in buyer.agreements.first().awards.all():
        f.SiteFactory.create_batch(3, supplier=award.supplier, country="VN")
    assert _count_queries(officer_client, reverse("contracts:overview")) == small


def test_agreement_page_query_count_does_not_grow(officer_client, agreement):
    # The history timeline (audit.history_entries) reads the many-to-many snapshot of each
    # history row separately, capped at its HISTORY_LIMIT rows; it is left out here so the
    # test pins the page's own reads (lots, awards with lots and criteria, entities).
    def add(n):
        for _ in range(n):
            lot = f.LotFactory(agreement=agreement)
            award = f.AwardFactory(agreement=agreement)
            award.lots.set([lot])
            award.criteria_versions.set([f.CriterionVersionFactory()])
            agreement.participating_entities.add(f.CityEntityFactory(buyer=agreement.buyer))

    add(2)
    small = _count_queries(officer_client, agreement.get_absolute_url(), skip_history=True)
    add(15)
    assert _count_queries(officer_client, agreement.get_absolute_url(), skip_history=True) == small
