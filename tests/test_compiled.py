"""SQL compiled once per process (oslo_procurement.compiled): the template gives each
record's own SQL, and a builder whose SQL depends on more than the records' pks is built
every time, never served from another record's template."""

import pytest
from django.utils import timezone

from contracts.models import Buyer, BuyerMembership
from oslo_procurement import compiled

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh():
    compiled.clear()
    yield
    compiled.clear()


def members(buyer, user):
    return BuyerMembership.objects.filter(buyer=buyer).exclude(user=user).order_by("pk").query.sql_with_params()


def test_the_template_gives_each_records_own_sql(buyer, officer, other_buyer, other_officer):
    first = compiled.compiled_sql("members", members, buyer=buyer, user=officer)
    assert first == members(buyer, officer)
    # Built once: the next call does not run the builder.
    built = []

    def counting(**records):
        built.append(records)
        return members(**records)

    second = compiled.compiled_sql("members", counting, buyer=other_buyer, user=other_officer)
    assert built == []
    assert second[0] == members(other_buyer, other_officer)[0]
    assert list(second[1]) == list(members(other_buyer, other_officer)[1])
    assert list(second[1]) != list(first[1])


def by_name(buyer):
    # Reads a field other than the pk: the stand-in's empty name gives other SQL parameters.
    return Buyer.objects.filter(name=buyer.name).query.sql_with_params()


def by_clock(buyer):
    return Buyer.objects.filter(created_at__lt=timezone.now()).filter(pk=buyer.pk).query.sql_with_params()


@pytest.mark.parametrize("builder", [by_name, by_clock])
def test_a_builder_that_depends_on_more_than_pks_is_built_every_time(builder, buyer, other_buyer):
    for record in (buyer, other_buyer, buyer):
        sql, params = compiled.compiled_sql("b", builder, buyer=record)
        expected_sql, expected = builder(record)
        assert sql == expected_sql
        assert params[-1] == expected[-1]  # the buyer's own name, or its pk
    (value,) = [v for key, v in compiled._templates.items() if key[0] == "b"]
    assert value is compiled._UNCACHEABLE
