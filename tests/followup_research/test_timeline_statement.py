"""The timeline's statement, compiled once with stand-ins and bound per request, is exactly
what the ORM compiles from the same querysets (and the access rules they call) with the
request's supplier, buyer and dates."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from followup.timeline import selectors
from followup.timeline.statement import STAND_INS, compile_union
from suppliers.selectors import EXPIRES_SOON_DAYS

from .events import make_events


@pytest.mark.parametrize("kinds", [tuple(selectors.SOURCES), ("evidence",), ("cmrt",), ("finding",), ("action",)])
@pytest.mark.parametrize("limit", [26, 51])
def test_bound_statement_is_the_orms_own(buyer, supplier_a, kinds, limit):
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=EXPIRES_SOON_DAYS)
    statement, _numbers = selectors._statement(connection.vendor, kinds, limit)
    parts = [make for kind in kinds for make, _entry in selectors.SOURCES[kind]]
    fresh = compile_union([make(supplier_a.pk, buyer.pk, today, soon)[:limit] for make in parts], selectors.COLUMNS)
    assert statement.slots and not fresh.slots
    assert statement.sql == fresh.sql
    assert statement.bind({"supplier": supplier_a.pk, "buyer": buyer.pk, "today": today, "soon": soon}) == fresh.params


def test_supplier_history_statement_is_the_orms_own(supplier_a):
    statement, fields = selectors._supplier_statement(connection.vendor, 26)
    assert statement.slots == [(index, "supplier") for index, _name in statement.slots]
    params = statement.bind({"supplier": supplier_a.pk})
    assert STAND_INS["supplier"] not in params and supplier_a.pk in params
    assert "website" in fields and "updated_at" not in fields


def test_the_statement_finds_the_rows(officer_client, buyer, supplier_a, other_buyer):
    make_events(buyer, supplier_a, 2)
    make_events(other_buyer, supplier_a, 1)
    page = selectors.supplier_timeline(buyer=buyer, supplier=supplier_a, per_page=500)
    kinds = {entry.kind for entry in page.entries}
    assert kinds == {kind for kind, _label in selectors.KINDS} - {"letter"}
    assert all(entry.url for entry in page.entries)
