"""The staff start page is a work queue: each line counts what waits and opens a list that
shows exactly those records (with "mine", only the user's own suppliers)."""

import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories as f
from tests.conftest import client_for

from .world import LINE_KEYS, NOW, grow

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _lines(response):
    return {row["line"].key: row for row in response.context["lines"]}


def _rows_of(client, url):
    """The number of records the linked list shows."""
    response = client.get(url)
    assert response.status_code == 200, url
    if "page" in response.context:
        return response.context["page"].paginator.count
    return len(response.context["escalations"])


def test_every_line_is_shown_with_nothing_waiting(officer_client):
    response = officer_client.get(reverse("home"))
    assert response.status_code == 200
    lines = _lines(response)
    # The officer does not approve escalations: that line is the managers'.
    assert set(lines) == set(LINE_KEYS) - {"escalations"}
    assert all(row["count"] == 0 for row in lines.values())
    assert response.content.decode().count("Nothing waits for you here.") == len(lines)


@pytest.mark.parametrize("mine", [False, True])
def test_each_line_counts_the_rows_of_the_list_it_opens(client, buyer, officer, manager, mine):
    grow(buyer, officer, 3)
    # Another buyer's waiting items are never counted.
    other = f.BuyerFactory()
    grow(other, f.BuyerMembershipFactory(buyer=other, user=f.UserFactory(role="officer")).user, 1)
    for user in (officer, manager):
        client = client_for(client, user)
        response = client.get(reverse("home") + ("?mine=1" if mine else ""))
        lines = _lines(response)
        expected = set(LINE_KEYS) if user == manager else set(LINE_KEYS) - {"escalations"}
        assert set(lines) == expected
        for key, row in lines.items():
            # 3 suppliers, one item each; officer's "mine" is suppliers 0 and 2. The manager
            # is responsible for none.
            wanted = (2 if user == officer else 0) if mine else 3
            assert row["count"] == wanted, key
            assert ("mine=1" in row["url"]) == mine
            assert _rows_of(client, row["url"]) == row["count"], (key, row["url"])


def test_the_count_and_link_are_on_the_page(officer_client, buyer, officer):
    grow(buyer, officer, 2)
    html = officer_client.get(reverse("home")).content.decode()
    row = re.search(r'<tr id="line-overdue_actions" data-count="(\d+)">.*?href="([^"]+)"', html, re.S)
    assert row.group(1) == "2"
    assert row.group(2) == reverse("actions:list") + "?overdue=yes"
    assert "Overdue corrective actions" in html


def test_line_lists_show_the_records(officer_client, buyer, officer):
    grow(buyer, officer, 1)
    page = officer_client.get(reverse("workqueue:line", args=["cmrt-attention"])).content.decode()
    assert "Supplier 000 AS" in page
    assert "not all smelters have been identified" in page
    page = officer_client.get(reverse("workqueue:line", args=["invitations"])).content.decode()
    assert "Expired" in page
    assert officer_client.get(reverse("workqueue:line", args=["no-such-line"])).status_code == 404
    # Lines that open another list have no page of their own.
    assert officer_client.get(reverse("workqueue:line", args=["overdue-actions"])).status_code == 404


def test_escalation_line_is_for_managers_only(officer_client, manager_client):
    assert officer_client.get(reverse("workqueue:line", args=["escalations"])).status_code == 404


def test_supplier_users_and_anonymous_never_see_it(client, supplier_a_user):
    assert client.get(reverse("home")).url == reverse("accounts:login")
    client.force_login(supplier_a_user)
    assert client.get(reverse("home")).url == reverse("portal:home")
    assert client.get(reverse("workqueue:line", args=["invitations"])).status_code == 403


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("mine", ["", "?mine=1"])
def test_query_count_does_not_grow(client, buyer, officer, manager, mine):
    grow(buyer, officer, 3)
    officer_client = client_for(client, officer)
    small = _count_queries(officer_client, reverse("home") + mine)
    small_lists = {
        slug: _count_queries(officer_client, reverse("workqueue:line", args=[slug]) + mine)
        for slug in (
            "assessments-submitted",
            "clarifications-answered",
            "invitations",
            "expiring-evidence",
            "cmrt-attention",
        )
    }
    grow(buyer, officer, 30, start=3)
    assert _count_queries(officer_client, reverse("home") + mine) == small
    for slug, count in small_lists.items():
        assert _count_queries(officer_client, reverse("workqueue:line", args=[slug]) + mine) == count, slug
    manager_client = client_for(client, manager)
    big = _count_queries(manager_client, reverse("home") + mine)
    assert big <= small + 2  # one more line (escalations)


@pytest.mark.parametrize("mine", ["", "?mine=1"])
def test_each_buyer_gets_its_own_counts_from_the_compiled_statement(client, buyer, officer, mine):
    """The counting statement is compiled once per process (oslo_procurement.compiled) and
    serves every buyer and user with their own ids: never the first one's numbers."""
    from oslo_procurement import compiled

    compiled.clear()
    other = f.BuyerFactory()
    other_officer = f.BuyerMembershipFactory(buyer=other, user=f.UserFactory(role="officer")).user
    grow(buyer, officer, 3)
    grow(other, other_officer, 5, start=3)  # suppliers 3 and 4; "mine": 4
    for _ in range(2):
        for user, wanted in ((officer, 2 if mine else 3), (other_officer, 1 if mine else 2)):
            lines = _lines(client_for(client, user).get(reverse("home") + mine))
            assert {key: row["count"] for key, row in lines.items()} == {key: wanted for key in lines}, user
    assert compiled._UNCACHEABLE not in compiled._templates.values()
