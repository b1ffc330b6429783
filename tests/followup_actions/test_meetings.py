"""1:1 follow-up meetings: the agenda proposed from what is open, editing and sharing
it, minutes and agreed actions, and what the supplier sees in the portal, when."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from followup.meetings import selectors, services
from followup.models import AgendaItem, Answer, CorrectiveAction, Finding, Meeting
from oslo_procurement.audit.models import AuditEvent
from tests import factories as f
from tests.followup.factories import AnswerFactory, AssessmentFactory, RoundFactory

from .conftest import OSLO, TODAY, held_meeting, make_action, make_finding, make_meeting, overdue, valid_evidence


def _portal(client, user, meeting):
    client.force_login(user)
    response = client.get(reverse("portal_meetings:detail", args=[meeting.public_id]))
    assert response.status_code == 200
    return response.content.decode()


# --- The proposed agenda --------------------------------------------------------------------


def test_agenda_proposal_picks_up_each_kind_of_open_item(buyer, other_buyer, supplier_a, supplier_b, officer):
    open_finding = make_finding(buyer, supplier_a, title="Interns on 12-hour days")
    make_finding(buyer, supplier_a, title="Closed finding", status=Finding.Status.CLOSED)
    make_finding(other_buyer, supplier_a, title="Bergen's finding")
    make_finding(buyer, supplier_b, title="Beta's finding")

    round_ = RoundFactory(agreement=f.AgreementFactory(buyer=buyer), title="Spring round")
    assessment = AssessmentFactory(round=round_, supplier=supplier_a)
    unclear = AnswerFactory(
        assessment=assessment,
        question__text_en="Do you audit your smelters?",
        review=Answer.Review.CLARIFICATION,
        review_comment="Which audit standard?",
    )
    AnswerFactory(assessment=assessment, review=Answer.Review.ACCEPTED)

    late = overdue(make_action(buyer, supplier_a, officer, title="Publish the factory list"))
    make_action(buyer, supplier_a, officer, title="Not yet due")

    expiring = valid_evidence(supplier_a, title="TCO certificate", valid_to=TODAY + datetime.timedelta(days=30))
    expired = valid_evidence(
        supplier_a, title="RBA audit", valid_from=datetime.date(2024, 1, 1), valid_to=TODAY - datetime.timedelta(1)
    )
    valid_evidence(supplier_a, title="Still valid for long", valid_to=TODAY + datetime.timedelta(days=200))

    meeting = make_meeting(buyer, supplier_a, officer)
    items = list(meeting.agenda_items.order_by("order"))
    assert [(i.kind, i.finding or i.answer or i.action or i.evidence) for i in items] == [
        ("finding", open_finding),
        ("answer", unclear),
        ("action", late),
        ("evidence", expired),
        ("evidence", expiring),
    ]
    titles = " | ".join(i.title for i in items)
    assert "Interns on 12-hour days" in titles and "Do you audit your smelters?" in titles
    assert "Publish the factory list" in titles and "expired" in titles and "expires" in titles
    assert items[1].notes == "Which audit standard?"


def test_meeting_page_links_each_point(officer_client, buyer, supplier_a, officer):
    late = overdue(make_action(buyer, supplier_a, officer, title="Publish the factory list"))
    meeting = make_meeting(buyer, supplier_a, officer)
    page = officer_client.get(reverse("meetings:detail", args=[meeting.public_id])).content.decode()
    assert reverse("actions:detail", args=[late.public_id]) in page


def test_plan_a_meeting_through_the_form(officer_client, buyer, supplier_a, supplier_b, officer, contact_a):
    finding = make_finding(buyer, supplier_a)
    url = reverse("meetings:create")
    assert officer_client.get(url).status_code == 200  # choose the supplier first
    url += f"?supplier={supplier_a.public_id}"
    assert "Kari Contact" in officer_client.get(url).content.decode()
    other_contact = f.ContactFactory(supplier=supplier_b)
    data = {
        "title": "Follow-up spring 2026",
        "starts_at": "2026-05-20T10:00",
        "mode": "video",
        "place": "https://meet.example/x",
        "buyer_participants": [officer.pk],
        "supplier_participants": [other_contact.pk],
    }
    assert officer_client.post(url, data).status_code == 400  # another supplier's contact is not offered
    data["supplier_participants"] = [contact_a.pk]
    response = officer_client.post(url, data)
    meeting = Meeting.objects.get(title="Follow-up spring 2026")
    assert response.status_code == 302 and response.url == reverse("meetings:detail", args=[meeting.public_id])
    assert meeting.starts_at == datetime.datetime(2026, 5, 20, 10, 0, tzinfo=OSLO)  # Oslo time
    assert list(meeting.buyer_participants.all()) == [officer]
    assert list(meeting.supplier_participants.all()) == [contact_a]
    assert meeting.agenda_items.get().finding == finding
    assert meeting.status == Meeting.Status.PLANNED and meeting.agenda_shared_at is None


def test_edit_reorder_remove_and_add_agenda_points(officer_client, buyer, supplier_a, officer):
    meeting = make_meeting(buyer, supplier_a, officer)
    for order, title in enumerate(["First", "Second", "Third"], start=1):
        AgendaItem.objects.create(meeting=meeting, order=order, title=title)
    first, second, third = meeting.agenda_items.order_by("order")
    data = {
        "agenda-TOTAL_FORMS": "5",
        "agenda-INITIAL_FORMS": "3",
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "100",
        "agenda-0-id": first.pk,
        "agenda-0-title": "First, renamed",
        "agenda-0-notes": "",
        "agenda-0-ORDER": "3",
        "agenda-1-id": second.pk,
        "agenda-1-title": "Second",
        "agenda-1-notes": "",
        "agenda-1-ORDER": "2",
        "agenda-1-DELETE": "on",
        "agenda-2-id": third.pk,
        "agenda-2-title": "Third",
        "agenda-2-notes": "",
        "agenda-2-ORDER": "1",
        "agenda-3-title": "A new point",
        "agenda-3-notes": "Written by hand",
        "agenda-3-ORDER": "2",
        "agenda-4-title": "",
        "agenda-4-notes": "",
        "agenda-4-ORDER": "",
    }
    response = officer_client.post(reverse("meetings:agenda", args=[meeting.public_id]), data)
    assert response.status_code == 302
    assert list(meeting.agenda_items.order_by("order").values_list("order", "title", "kind")) == [
        (1, "Third", "other"),
        (2, "A new point", "other"),
        (3, "First, renamed", "other"),
    ]
    assert AgendaItem.history.filter(history_type="-", title="Second").exists()


def test_a_forged_agenda_point_of_another_meeting_is_refused(officer_client, buyer, supplier_a, officer):
    meeting = make_meeting(buyer, supplier_a, officer)
    other = AgendaItem.objects.create(meeting=make_meeting(buyer, supplier_a, officer), order=1, title="Theirs")
    data = {
        "agenda-TOTAL_FORMS": "1",
        "agenda-INITIAL_FORMS": "1",
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "100",
        "agenda-0-id": other.pk,
        "agenda-0-title": "Hijacked",
        "agenda-0-ORDER": "1",
    }
    officer_client.post(reverse("meetings:agenda", args=[meeting.public_id]), data)
    other.refresh_from_db()
    assert other.title == "Theirs" and other.meeting != meeting  # at most a new point on our own agenda


def test_add_newly_open_items_only_once(buyer, supplier_a, officer):
    meeting = make_meeting(buyer, supplier_a, officer)
    assert meeting.agenda_items.count() == 0
    finding = make_finding(buyer, supplier_a)
    assert services.agenda_propose(meeting=meeting, actor=officer) == 1
    assert services.agenda_propose(meeting=meeting, actor=officer) == 0
    assert meeting.agenda_items.get().finding == finding


# --- Sharing: what the supplier sees, when ----------------------------------------------------


def test_supplier_sees_the_agenda_only_after_it_is_shared(
    client, buyer, supplier_a, supplier_b, supplier_a_user, officer
):
    make_finding(buyer, supplier_a, title="Interns on 12-hour days")
    meeting = make_meeting(buyer, supplier_a, officer)
    page = _portal(client, supplier_a_user, meeting)
    assert "Interns on 12-hour days" not in page and "has not shared the agenda yet" in page
    with pytest.raises(ValidationError):
        services.agenda_share(meeting=make_meeting(buyer, supplier_b, officer, title="Empty"), actor=officer)
    services.agenda_share(meeting=meeting, actor=officer)
    assert "Interns on 12-hour days" in _portal(client, supplier_a_user, meeting)
    assert AuditEvent.objects.filter(event_type="meeting_agenda_shared").count() == 1


def test_supplier_sees_minutes_and_actions_only_after_sharing_and_never_internal_notes(
    client, buyer, supplier_a, supplier_a_user, officer
):
    meeting = held_meeting(buyer, supplier_a, officer, minutes="MINUTES-TEXT")
    action = make_action(buyer, supplier_a, officer, title="AGREED-ACTION", meeting=meeting)
    page = _portal(client, supplier_a_user, meeting)
    for hidden in ("MINUTES-TEXT", "Fix it.", "AGREED-ACTION", "SECRET-NOTE"):
        assert hidden not in page
    assert client.get(reverse("portal_actions:detail", args=[action.public_id])).status_code == 404
    assert "AGREED-ACTION" not in client.get(reverse("portal_actions:list")).content.decode()

    services.meeting_share_minutes(meeting=meeting, actor=officer)
    page = _portal(client, supplier_a_user, meeting)
    assert "MINUTES-TEXT" in page and "Fix it." in page and "AGREED-ACTION" in page
    assert "SECRET-NOTE" not in page
    assert client.get(reverse("portal_actions:detail", args=[action.public_id])).status_code == 200
    assert "AGREED-ACTION" in client.get(reverse("portal_actions:list")).content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_SHARED and meeting.minutes_shared_at is not None


def test_officer_sees_the_internal_notes(officer_client, buyer, supplier_a, officer):
    meeting = held_meeting(buyer, supplier_a, officer)
    page = officer_client.get(reverse("meetings:detail", args=[meeting.public_id])).content.decode()
    assert "SECRET-NOTE" in page and "Never shown to the supplier" in page


# --- Minutes, agreed actions, cancelling ------------------------------------------------------


def test_record_minutes_through_the_form(officer_client, buyer, supplier_a, officer):
    meeting = make_meeting(buyer, supplier_a, officer)
    url = reverse("meetings:minutes", args=[meeting.public_id])
    data = {"language": "en", "minutes": "We met.", "decisions": "Two actions.", "internal_notes": "x"}
    response = officer_client.post(url, data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD and meeting.minutes == "We met." and meeting.language == "en"
    officer_client.post(reverse("meetings:minutes_share", args=[meeting.public_id]))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_SHARED


def test_minutes_carry_their_language_on_every_page(
    client, officer_client, buyer, supplier_a, supplier_a_user, officer, monkeypatch
):
    """Minutes written in English are marked lang="en" on the Bokmål pages of the officer
    and of the supplier, and in the supplier report's PDF source, so a screen reader reads
    them in English; Bokmål minutes (the default) are marked nb on English pages."""
    from followup.models import ReportKind
    from followup.reports import services as report_services

    meeting = held_meeting(buyer, supplier_a, officer, minutes="We met in June.")
    assert meeting.language == "nb"
    services.meeting_record_minutes(
        meeting=meeting, actor=officer, minutes="We met in June.", decisions="Fix it.", internal_notes="", language="en"
    )
    services.meeting_share_minutes(meeting=meeting, actor=officer)
    minutes = '<div lang="en">We met in June.</div>'
    officer_page = officer_client.get(
        reverse("meetings:detail", args=[meeting.public_id]), HTTP_ACCEPT_LANGUAGE="nb"
    ).content.decode()
    assert minutes in officer_page and '<div lang="en">Fix it.</div>' in officer_page
    assert minutes in _portal(client, supplier_a_user, meeting)
    with pytest.raises(ValidationError):  # the language is part of what was shared
        services.meeting_record_minutes(
            meeting=meeting,
            actor=officer,
            minutes="We met in June.",
            decisions="Fix it.",
            internal_notes="",
            language="nb",
        )
    with pytest.raises(ValidationError):
        services.meeting_record_minutes(
            meeting=held_meeting(buyer, supplier_a, officer),
            actor=officer,
            minutes="x",
            decisions="",
            internal_notes="",
            language="de",
        )

    captured = {}

    def capture(template, context, **kwargs):
        from django.template.loader import render_to_string

        captured["html"] = render_to_string(template, context)
        return b"%PDF", 1

    monkeypatch.setattr("followup.reports.pdf.render_pdf", capture)
    report_services.report_pdf(buyer=buyer, kind=ReportKind.SUPPLIER, language="nb", supplier=supplier_a)
    assert '<span lang="en">Fix it.</span>' in captured["html"]


def test_minutes_rules(buyer, supplier_a, officer):
    future = make_meeting(buyer, supplier_a, officer, starts_at=datetime.datetime(2026, 6, 1, 10, tzinfo=OSLO))
    with pytest.raises(ValidationError):
        services.meeting_record_minutes(meeting=future, actor=officer, minutes="x", decisions="", internal_notes="")
    planned = make_meeting(buyer, supplier_a, officer)
    with pytest.raises(ValidationError):
        services.meeting_share_minutes(meeting=planned, actor=officer)  # not held yet
    empty = services.meeting_record_minutes(meeting=planned, actor=officer, minutes="", decisions="", internal_notes="")
    with pytest.raises(ValidationError):
        services.meeting_share_minutes(meeting=empty, actor=officer)  # nothing to share
    shared = services.meeting_share_minutes(
        meeting=held_meeting(buyer, supplier_a, officer, minutes="Agreed."), actor=officer
    )
    with pytest.raises(ValidationError):
        services.meeting_share_minutes(meeting=shared, actor=officer)
    with pytest.raises(ValidationError):
        services.meeting_record_minutes(
            meeting=shared, actor=officer, minutes="Rewritten", decisions="Fix it.", internal_notes=""
        )
    # The internal notes can still be kept up to date.
    services.meeting_record_minutes(
        meeting=shared, actor=officer, minutes="Agreed.", decisions="Fix it.", internal_notes="Follow up in June"
    )
    with pytest.raises(ValidationError):  # no more agreed actions once the minutes are out
        make_action(buyer, supplier_a, officer, meeting=shared)


def test_agreed_action_from_the_meeting_page(officer_client, buyer, supplier_a, officer):
    finding = make_finding(buyer, supplier_a)
    meeting = held_meeting(buyer, supplier_a, officer)
    url = reverse("meetings:action_create", args=[meeting.public_id])
    response = officer_client.post(
        url, {"title": "Cap intern overtime", "severity": 3, "owner_name": "Kari", "finding": finding.pk}
    )
    assert response.status_code == 302
    action = CorrectiveAction.objects.get(title="Cap intern overtime")
    assert action.meeting == meeting and action.finding == finding and action.owner_name == "Kari"
    assert action.deadline == TODAY + datetime.timedelta(days=30)  # high: 30 days by default
    page = officer_client.get(reverse("meetings:detail", args=[meeting.public_id])).content.decode()
    assert "Cap intern overtime" in page


def test_cancel_a_planned_meeting(officer_client, buyer, supplier_a, officer):
    meeting = make_meeting(buyer, supplier_a, officer)
    officer_client.post(reverse("meetings:cancel", args=[meeting.public_id]), {"reason": "The supplier is ill."})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert meeting.history.first().history_change_reason == "The supplier is ill."
    for refused in (
        lambda: services.meeting_cancel(meeting=meeting, actor=officer),
        lambda: services.agenda_share(meeting=meeting, actor=officer),
        lambda: services.meeting_record_minutes(
            meeting=meeting, actor=officer, minutes="x", decisions="", internal_notes=""
        ),
        lambda: make_action(buyer, supplier_a, officer, meeting=meeting),
    ):
        with pytest.raises(ValidationError):
            refused()
    with pytest.raises(ValidationError):
        services.meeting_cancel(meeting=held_meeting(buyer, supplier_a, officer), actor=officer)


def test_meeting_history_shows_who_changed_what(officer_client, buyer, supplier_a, officer):
    meeting = make_meeting(buyer, supplier_a, officer)
    url = reverse("meetings:edit", args=[meeting.public_id])
    officer_client.post(url, {"title": "Renamed meeting", "starts_at": "2026-05-04T13:00", "mode": "in_person"})
    page = officer_client.get(reverse("meetings:detail", args=[meeting.public_id])).content.decode()
    assert "Renamed meeting" in page and "Follow-up meeting" in page  # before → after in the history
    assert "Officer Person" in page


def test_meeting_list_filters(officer_client, buyer, supplier_a, supplier_b, officer):
    make_meeting(buyer, supplier_a, officer, title="Alpha meeting")
    services.meeting_cancel(meeting=make_meeting(buyer, supplier_b, officer, title="Beta meeting"), actor=officer)
    page = officer_client.get(reverse("meetings:list") + "?status=cancelled").content.decode()
    assert "Beta meeting" in page and "Alpha meeting" not in page
    page = officer_client.get(reverse("meetings:list") + f"?supplier={supplier_a.public_id}").content.decode()
    assert "Alpha meeting" in page and "Beta meeting" not in page


def test_selectors_scope_open_items_to_the_buyer(buyer, other_buyer, supplier_a, officer, other_officer):
    overdue(make_action(other_buyer, supplier_a, other_officer, title="Bergen's action"))
    assert selectors.open_items(buyer=buyer, supplier=supplier_a) == []
