"""Time zones per user: a supplier user in Taipei sees Taipei time in the portal with the
zone named, the history widget uses the page's zone, emails use the recipient's zone,
and dates without a time stay dates."""

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail
from django.urls import reverse

from followup.meetings import services as meeting_services
from oslo_procurement.notifications.models import Notification
from tests import factories as f
from tests.conftest import client_for
from tests.followup.factories import RoundFactory
from tests.followup_actions.conftest import make_finding, make_meeting

OSLO = ZoneInfo("Europe/Oslo")
# 10:00 in Oslo (summer time, UTC+2) is 08:00 UTC and 16:00 in Taipei (UTC+8).
MEETING_AT = datetime.datetime(2026, 5, 4, 10, 0, tzinfo=OSLO)


def _set_zone(user, key):
    user.time_zone = key
    user.save(update_fields=["time_zone"])


def test_a_supplier_user_chooses_taipei(supplier_a_client, supplier_a_user):
    url = reverse("accounts:settings")
    assert 'value="Asia/Taipei"' in supplier_a_client.get(url).content.decode()
    data = {"full_name": "Alpha User", "language": "en", "notification_mode": "immediate"}
    refused = supplier_a_client.post(url, {**data, "time_zone": "Mars/Olympus_Mons"})
    assert refused.status_code == 400 and "Select a valid choice" in refused.content.decode()
    supplier_a_user.refresh_from_db()
    assert supplier_a_user.time_zone == "Europe/Oslo"  # the default, and nothing was saved
    assert supplier_a_client.post(url, {**data, "time_zone": "Asia/Taipei"}).status_code == 302
    supplier_a_user.refresh_from_db()
    assert supplier_a_user.time_zone == "Asia/Taipei"


def test_the_portal_shows_the_meeting_in_the_users_zone_with_the_zone_named(
    client, buyer, supplier_a, supplier_a_user, officer
):
    make_finding(buyer, supplier_a, title="Interns on 12-hour days")
    meeting = make_meeting(buyer, supplier_a, officer, starts_at=MEETING_AT)
    url = reverse("portal_meetings:detail", args=[meeting.public_id])
    oslo_page = client_for(client, supplier_a_user).get(url).content.decode()
    assert "May 4, 2026, 10 a.m. (Oslo)" in oslo_page
    _set_zone(supplier_a_user, "Asia/Taipei")
    taipei_page = client.get(url).content.decode()
    assert "May 4, 2026, 4 p.m. (Taipei)" in taipei_page and "10 a.m." not in taipei_page
    listing = client.get(reverse("portal_meetings:list")).content.decode()
    assert "When (Taipei)" in listing and "May 4, 2026, 4 p.m." in listing


def test_emails_use_the_recipients_zone(
    buyer, supplier_a, supplier_a_user, officer, django_capture_on_commit_callbacks
):
    make_finding(buyer, supplier_a, title="Interns on 12-hour days")
    other = f.SupplierMembershipFactory(supplier=supplier_a, user__email="oslo@alpha.example").user
    _set_zone(supplier_a_user, "Asia/Taipei")
    meeting = make_meeting(buyer, supplier_a, officer, starts_at=MEETING_AT)
    _set_zone(officer, "America/New_York")  # whoever shares it does not set the recipients' zone
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.agenda_share(meeting=meeting, actor=officer)
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert "4 p.m. (Taipei)" in bodies[supplier_a_user.email]
    assert "10 a.m. (Oslo)" in bodies[other.email]
    assert all("New York" not in body for body in bodies.values())
    assert Notification.objects.filter(template__contains="agenda").count() == 2


def test_the_history_widget_uses_the_pages_zone(client, officer, buyer):
    with time_machine.travel(datetime.datetime(2026, 5, 4, 8, 0, tzinfo=datetime.UTC), tick=False):
        round_ = RoundFactory(agreement=f.AgreementFactory(buyer=buyer), title="Spring round")
    _set_zone(officer, "Asia/Taipei")
    page = client_for(client, officer).get(round_.get_absolute_url()).content.decode()
    history = page[page.index('id="history-heading"') :]
    assert "Times in the Taipei time zone." in history
    assert "05/04/2026 4 p.m." in history
    # The round's deadline is a date: it stays 13 April whatever the zone.
    assert "04/13/2026" in page or "April 13, 2026" in page


def test_an_officer_in_taipei_plans_a_meeting_in_taipei_time(client, officer, buyer, supplier_a):
    from followup.models import Meeting

    make_finding(buyer, supplier_a, title="Interns on 12-hour days")
    _set_zone(officer, "Asia/Taipei")
    officer_client = client_for(client, officer)
    url = reverse("meetings:create") + f"?supplier={supplier_a.public_id}"
    assert "In your time zone (Taipei)" in officer_client.get(url).content.decode()
    data = {"title": "Follow-up", "starts_at": "2026-05-04T16:00", "mode": "video", "place": "https://meet.example/x"}
    assert officer_client.post(url, data).status_code == 302
    # 16:00 in Taipei is 10:00 in Oslo: the supplier's Oslo users see 10 a.m.
    assert Meeting.objects.get().starts_at == MEETING_AT
