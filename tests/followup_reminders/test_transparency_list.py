"""The officer's list of contracted suppliers covered by the Transparency Act that have no
account for this year on file (due 30 June): the suppliers the reminders go to, scoped to
the officer's buyer, counted the same on the work queue, filtered and downloadable."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contracts.models import SupplierOfficer
from followup.reminders import rules
from oslo_procurement.audit.models import AuditEvent
from tests import factories as f
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 10, 9, 0, tzinfo=ZoneInfo("Europe/Oslo"))
URL = "/reminders/transparency-act/"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _covered(agreement, name, **kwargs):
    supplier = f.SupplierFactory(legal_name=name, transparency_act_covered=True, **kwargs)
    f.AwardFactory(agreement=agreement, supplier=supplier)
    return supplier


@pytest.fixture
def world(buyer, other_buyer, officer):
    agreement = f.AgreementFactory(buyer=buyer)
    missing = _covered(agreement, "Missing Account AS")
    last_year = _covered(agreement, "Last Year AS")
    f.EvidenceFactory(
        supplier=last_year, kind="transparency_account", valid_from=datetime.date(2025, 6, 1), valid_to=None
    )
    # Backdate the account to last year (created_at is set on insert).
    last_year.evidence.update(created_at=datetime.datetime(2025, 6, 20, tzinfo=ZoneInfo("Europe/Oslo")))
    f.SupplierMembershipFactory(supplier=last_year)
    done = _covered(agreement, "Published AS")
    f.EvidenceFactory(supplier=done, kind="transparency_account", valid_from=datetime.date(2026, 5, 2), valid_to=None)
    not_covered = f.SupplierFactory(legal_name="Small Company AS")
    f.AwardFactory(agreement=agreement, supplier=not_covered)
    archived = _covered(agreement, "Archived AS")
    archived.archived_at = NOW
    archived.save()
    _covered(f.AgreementFactory(buyer=other_buyer), "Bergen Only AS")
    f.SupplierFactory(legal_name="Not Contracted AS", transparency_act_covered=True)
    SupplierOfficer.objects.create(buyer=buyer, supplier=missing, officer=officer)
    return {"missing": missing, "last_year": last_year}


def _names(response):
    return [s.legal_name for s in response.context["page"]]


def test_the_list_shows_the_buyers_covered_suppliers_without_this_years_account(officer_client, world):
    response = officer_client.get(URL)
    assert response.status_code == 200
    assert _names(response) == ["Last Year AS", "Missing Account AS"]
    html = response.content.decode()
    assert "Transparency Act accounts missing" in html
    assert "20.06.2025" in html or "6/20/2025" in html  # the newest account on file, last year's
    assert "Nobody in the portal" in html  # Missing Account AS has no portal user to remind
    # The same suppliers the reminder rule finds, narrowed to this buyer's contracts.
    assert {s.legal_name for s in rules.covered_without_account(2026)} >= set(_names(response))


def test_the_work_queue_counts_the_rows_of_the_list_and_links_to_it(officer_client, world):
    lines = {row["line"].key: row for row in officer_client.get(reverse("home")).context["lines"]}
    line = lines["transparency_accounts"]
    assert line["url"] == URL
    assert line["count"] == officer_client.get(line["url"]).context["page"].paginator.count == 2
    mine = {row["line"].key: row for row in officer_client.get(reverse("home") + "?mine=1").context["lines"]}
    row = mine["transparency_accounts"]
    assert row["count"] == 1
    assert _names(officer_client.get(row["url"])) == ["Missing Account AS"]


def test_another_buyers_officer_sees_only_their_own_suppliers(client, world, other_officer):
    response = client_for(client, other_officer).get(URL)
    assert _names(response) == ["Bergen Only AS"]


def test_supplier_users_and_anonymous_never_see_it(client, world, supplier_a_user):
    assert client.get(URL).status_code == 302
    client.force_login(supplier_a_user)
    assert client.get(URL).status_code == 403


def test_filters(officer_client, world):
    assert _names(officer_client.get(URL + "?q=last")) == ["Last Year AS"]
    org = world["missing"].org_number
    assert _names(officer_client.get(URL + f"?q={org}")) == ["Missing Account AS"]
    assert _names(officer_client.get(URL + "?portal_users=yes")) == ["Last Year AS"]
    assert _names(officer_client.get(URL + "?portal_users=no")) == ["Missing Account AS"]
    assert _names(officer_client.get(URL + "?mine=1")) == ["Missing Account AS"]
    # A value the form does not know filters nothing rather than failing.
    assert officer_client.get(URL + "?portal_users=banana").status_code == 200


def test_csv_export_has_the_filtered_rows_and_is_audited(officer_client, world, officer):
    page = officer_client.get(URL + "?portal_users=no").content.decode()
    assert 'href="?portal_users=no&amp;format=csv"' in page
    response = officer_client.get(URL + "?portal_users=no&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="transparency-act-missing-2026.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Supplier", "Organisation number", "Country", "Newest account on file", "Portal users"]
    assert rows[1:] == [["Missing Account AS", world["missing"].org_number, "Norway", "", "0"]]
    event = AuditEvent.objects.get(event_type="export", actor=officer)
    assert event.details["what"] == "transparency_missing_csv" and event.details["count"] == 1


def test_the_navigation_links_to_it(officer_client, world):
    assert f'href="{URL}"' in officer_client.get(reverse("home")).content.decode()


def test_query_count_does_not_grow_with_the_rows(client, buyer, officer):
    agreement = f.AgreementFactory(buyer=buyer)
    officer_client = client_for(client, officer)

    def grow(start, n):
        for i in range(start, n):
            supplier = _covered(agreement, f"Covered {i:03d} AS")
            f.SupplierMembershipFactory(supplier=supplier)
            if i % 2:
                f.EvidenceFactory(
                    supplier=supplier, kind="transparency_account", valid_from=datetime.date(2025, 6, 1), valid_to=None
                )
                supplier.evidence.update(created_at=datetime.datetime(2025, 6, 20, tzinfo=ZoneInfo("Europe/Oslo")))

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            response = officer_client.get(url)
            assert response.status_code == 200
        return len(ctx.captured_queries), response

    grow(0, 3)
    small, _response = count(URL)
    small_csv, _response = count(URL + "?format=csv")
    grow(3, 30)
    big, response = count(URL)
    assert big == small
    assert response.context["page"].paginator.count == 30
    big_csv, response = count(URL + "?format=csv")
    assert big_csv == small_csv
    assert len(response.content.decode("utf-8-sig").strip().splitlines()) == 31
