"""The personal calendar feed: a secret URL per user, made and revoked under My settings,
serving only the user's own deadlines, with no session; 404 once revoked."""

import datetime

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followup.calendar.services import calendar_feed_create
from followup.models import CalendarFeed, CorrectiveAction
from tests import factories as f
from tests.conftest import client_for
from tests.followup.factories import AssessmentFactory, RoundFactory

pytestmark = pytest.mark.django_db


def _world(buyer, supplier_a, supplier_b, verifier):
    agreement = f.AgreementFactory(buyer=buyer)
    round_ = RoundFactory(agreement=agreement, title="Spring round", deadline=datetime.date(2026, 6, 1))
    AssessmentFactory(round=round_, supplier=supplier_a)
    AssessmentFactory(round=round_, supplier=supplier_b)
    for supplier, title in ((supplier_a, "Alpha overtime"), (supplier_b, "Beta wages")):
        CorrectiveAction.objects.create(
            buyer=buyer, supplier=supplier, title=title, severity=2, deadline=datetime.date(2026, 7, 1)
        )
    CorrectiveAction.objects.create(
        buyer=buyer,
        supplier=supplier_a,
        title="Alpha closed",
        severity=2,
        deadline=datetime.date(2026, 7, 2),
        status=CorrectiveAction.Status.VERIFIED_CLOSED,
        verified_by=verifier,
        verified_at=datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC),
    )
    other = f.BuyerFactory()
    CorrectiveAction.objects.create(
        buyer=other, supplier=supplier_a, title="Other buyer's", severity=2, deadline=datetime.date(2026, 7, 3)
    )


def _events(client, token):
    response = client.get(reverse("calendar:feed", args=[token]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def test_supplier_user_feed_has_only_their_own_company(client, buyer, officer, supplier_a, supplier_b, supplier_a_user):
    _world(buyer, supplier_a, supplier_b, officer)
    token = calendar_feed_create(user=supplier_a_user)
    client.logout()
    events = _events(client, token)
    assert set(events) == {
        "Self-assessment due: Spring round",
        f"Corrective action due: Alpha overtime ({supplier_a.legal_name})",
        f"Corrective action due: Other buyer's ({supplier_a.legal_name})",
    }
    assert events["Self-assessment due: Spring round"].decoded("dtstart") == datetime.date(2026, 6, 1)


def test_officer_feed_has_the_buyers_deadlines_or_my_suppliers(client, buyer, officer, supplier_a, supplier_b):
    from contracts.models import SupplierOfficer

    _world(buyer, supplier_a, supplier_b, officer)
    token = calendar_feed_create(user=officer)
    events = _events(client, token)
    assert "Self-assessment round closes: Spring round" in events
    assert {s for s in events if s.startswith("Corrective action")} == {
        f"Corrective action due: Alpha overtime ({supplier_a.legal_name})",
        f"Corrective action due: Beta wages ({supplier_b.legal_name})",
    }
    SupplierOfficer.objects.create(buyer=buyer, supplier=supplier_b, officer=officer)
    events = _events(client, token)
    assert {s for s in events if s.startswith("Corrective action")} == {
        f"Corrective action due: Beta wages ({supplier_b.legal_name})"
    }


def test_feed_is_in_the_users_language(client, buyer, officer, supplier_a, supplier_b, supplier_a_user):
    _world(buyer, supplier_a, supplier_b, officer)
    supplier_a_user.language = "nb"
    supplier_a_user.save()
    events = _events(client, calendar_feed_create(user=supplier_a_user))
    assert "Egenvurdering med frist: Spring round" in events


def test_make_show_once_and_revoke_from_my_settings(client, supplier_a_user):
    client = client_for(client, supplier_a_user)
    assert reverse("calendar:settings") in client.get(reverse("accounts:settings")).content.decode()
    response = client.post(reverse("calendar:settings"), {"action": "create"}, follow=True)
    page = response.content.decode()
    url = response.context["feed_url"]
    assert "/calendar/feed/cal_" in url and url in page
    token = url.rsplit("/", 1)[-1].removesuffix(".ics")
    assert not CalendarFeed.objects.filter(token_hash__contains=token).exists()  # only the hash is kept
    assert url not in client.get(reverse("calendar:settings")).content.decode()  # shown once
    client.logout()
    assert client.get(reverse("calendar:feed", args=[token])).status_code == 200

    client = client_for(client, supplier_a_user)
    client.post(reverse("calendar:settings"), {"action": "revoke"})
    client.logout()
    assert client.get(reverse("calendar:feed", args=[token])).status_code == 404
    assert client.get(reverse("calendar:feed", args=["cal_unknown"])).status_code == 404


def test_a_new_address_replaces_the_old_one(client, officer):
    first = calendar_feed_create(user=officer)
    second = calendar_feed_create(user=officer)
    assert client.get(reverse("calendar:feed", args=[first])).status_code == 404
    assert client.get(reverse("calendar:feed", args=[second])).status_code == 200


def test_deactivated_user_feed_is_gone(client, officer):
    token = calendar_feed_create(user=officer)
    officer.is_active = False
    officer.save()
    assert client.get(reverse("calendar:feed", args=[token])).status_code == 404


def test_feed_queries_do_not_grow_with_the_items(client, buyer, supplier_a, supplier_a_user):
    token = calendar_feed_create(user=supplier_a_user)
    counts = []
    for n in (2, 20):
        agreement = f.AgreementFactory(buyer=buyer)
        for i in range(n):
            AssessmentFactory(round=RoundFactory(agreement=agreement), supplier=supplier_a)
            CorrectiveAction.objects.create(
                buyer=buyer, supplier=supplier_a, title=f"A{n}-{i}", severity=1, deadline=datetime.date(2026, 7, 1)
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("calendar:feed", args=[token])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
