"""Market consultations and dialogue conferences from the officer's side: planning,
criteria under discussion, invitations (also of suppliers with no contract, emailed
through the outbox), attendance, feedback, and the readiness figures, which must equal
the feedback rows."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followup.consultations import selectors, services
from followup.models import CriterionFeedback, EventInvitation, MarketEvent, ProposedCriterion, Readiness
from oslo_procurement.notifications.models import Notification
from tests import factories as f

from .conftest import TODAY, answer, invite, make_event

pytestmark = pytest.mark.django_db


def _event_form(agreement=None, **overrides):
    data = {
        "kind": "market_consultation",
        "topic_nb": "Next ICT tender: social criteria",
        "event_date": "2026-06-10",
        "mode": "online",
        "place": "Teams",
        "description_nb": "What can the market meet?",
        "agreement": agreement.pk if agreement else "",
        "procurement": "ICT equipment from 2028",
        "input_deadline": "2026-06-03",
    }
    data.update(overrides)
    return data


# --- Planning --------------------------------------------------------------------------------


def test_officer_plans_an_event_for_an_agreement(officer_client, buyer, agreement):
    response = officer_client.post(reverse("market:create"), _event_form(agreement))
    event = MarketEvent.objects.get()
    assert response.status_code == 302 and response.url == reverse("market:detail", args=[event.public_id])
    assert (event.kind, event.event_date, event.agreement, event.status) == (
        "market_consultation",
        datetime.date(2026, 6, 10),
        agreement,
        "planned",
    )
    assert event.input_deadline == datetime.date(2026, 6, 3)
    assert event.history.count() == 1
    page = officer_client.get(reverse("market:detail", args=[event.public_id])).content.decode()
    assert "Next ICT tender: social criteria" in page and "UKE-2024/0913" in page


def test_event_without_topic_or_date_shows_errors_and_saves_nothing(officer_client, buyer):
    response = officer_client.post(reverse("market:create"), _event_form(topic_nb="", event_date=""))
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not MarketEvent.objects.exists()


def test_another_buyers_agreement_cannot_be_chosen(officer_client, buyer, other_buyer):
    theirs = f.AgreementFactory(buyer=other_buyer)
    response = officer_client.post(reverse("market:create"), _event_form(theirs))
    assert response.status_code == 400
    assert not MarketEvent.objects.exists()


def test_manager_reads_but_cannot_plan(manager_client, manager, buyer, officer):
    event = make_event(buyer, officer)
    assert manager_client.get(reverse("market:detail", args=[event.public_id])).status_code == 200
    assert manager_client.post(reverse("market:create"), _event_form()).status_code == 403
    with pytest.raises(PermissionDenied):
        make_event(buyer, manager)
    assert MarketEvent.objects.count() == 1


def test_cancelled_event_takes_no_more_changes(officer_client, buyer, officer, supplier_a, disclosure):
    event = make_event(buyer, officer, event_date=TODAY + datetime.timedelta(days=10))
    proposal = services.proposal_add(event=event, actor=officer, criterion_version=disclosure)
    invitation = invite(event, officer, supplier_a)[supplier_a.pk]
    officer_client.post(reverse("market:cancel", args=[event.public_id]))
    event.refresh_from_db()
    assert event.status == "cancelled"
    with pytest.raises(ValidationError, match="cancelled"):
        answer(invitation, proposal, officer, Readiness.READY)
    assert not CriterionFeedback.objects.exists()


# --- Criteria under discussion ----------------------------------------------------------------


def test_officer_proposes_a_catalogue_version_and_new_wording(officer_client, buyer, officer, disclosure):
    event = make_event(buyer, officer)
    url = reverse("market:proposal_add", args=[event.public_id])
    officer_client.post(url, {"criterion_version": disclosure.pk})
    officer_client.post(url, {"criterion_version": disclosure.pk})  # a double submit
    officer_client.post(
        url,
        {
            "criterion": disclosure.criterion.pk,
            "title_nb": "Disclose within three months",
            "text_nb": "The factory list is due three months after signing.",
        },
    )
    proposals = list(event.proposed_criteria.order_by("order"))
    assert [(p.criterion, p.criterion_version, p.title) for p in proposals] == [
        (disclosure.criterion, disclosure, ""),
        (disclosure.criterion, None, "Disclose within three months"),
    ]
    page = officer_client.get(reverse("market:detail", args=[event.public_id])).content.decode()
    assert "CLA-8 v1 Disclosure of factories" in page
    assert "The factory list is due three months after signing." in page


def test_a_proposal_needs_a_version_or_wording_not_both(officer_client, buyer, officer, disclosure):
    event = make_event(buyer, officer)
    url = reverse("market:proposal_add", args=[event.public_id])
    assert officer_client.post(url, {"title_nb": "Only a title"}).status_code == 400
    both = officer_client.post(url, {"criterion_version": disclosure.pk, "title_nb": "x", "text_nb": "y"})
    assert both.status_code == 400 and "not both" in both.content.decode()
    assert not ProposedCriterion.objects.exists()


def test_a_criterion_with_answers_stays_on_the_list(buyer, officer, supplier_a, disclosure):
    event = make_event(buyer, officer)
    proposal = services.proposal_add(event=event, actor=officer, criterion_version=disclosure)
    answer(invite(event, officer, supplier_a)[supplier_a.pk], proposal, officer, Readiness.READY)
    with pytest.raises(ValidationError, match="answered"):
        services.proposal_remove(proposal=proposal, actor=officer)
    assert ProposedCriterion.objects.filter(pk=proposal.pk).exists()


# --- Invitations --------------------------------------------------------------------------------


def test_invitations_go_to_contracted_and_non_contracted_suppliers_by_email(
    officer_client,
    buyer,
    officer,
    agreement,
    supplier_a,
    supplier_a_user,
    newcomer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    event = make_event(buyer, officer, event_date=TODAY + datetime.timedelta(days=20), agreement=agreement)
    page = officer_client.get(reverse("market:invite", args=[event.public_id])).content.decode()
    # The page has a heading and a title (both were empty).
    assert f'<h1 class="h2">Invite suppliers to {event.topic}</h1>' in page
    assert f"<title>Invite suppliers to {event.topic}" in page
    assert "Bjørkelund Digital AS" in page and "not in a contract" in page
    assert "Alpha Reseller AS" in page and "holds a contract" in page
    data = {"suppliers": [supplier_a.pk, newcomer.pk], "send_email": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(reverse("market:invite", args=[event.public_id]), data)
    assert response.status_code == 302
    invitations = {i.supplier: i for i in event.invitations.all()}
    assert set(invitations) == {supplier_a, newcomer}
    assert invitations[newcomer].emails_sent == 1 and invitations[supplier_a].emails_sent == 1
    sent = {m.to[0]: m for m in mailoutbox}
    assert set(sent) == {"user@alpha.example", "marte@bjorkelund.example"}
    link = reverse("portal_market:detail", args=[event.public_id])
    assert link in sent["marte@bjorkelund.example"].body
    assert "Social criteria in the ICT agreement" in sent["user@alpha.example"].subject
    # Through the outbox, like every email of the application.
    assert Notification.objects.filter(recipient_email="marte@bjorkelund.example").count() == 1

    # Inviting again (a double submit) creates nothing and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(reverse("market:invite", args=[event.public_id]), data)
    assert event.invitations.count() == 2 and len(mailoutbox) == 2


def test_a_supplier_without_portal_users_is_invited_and_the_officer_is_told(
    officer_client, buyer, officer, supplier_b, mailoutbox
):
    event = make_event(buyer, officer)
    response = officer_client.post(
        reverse("market:invite", args=[event.public_id]),
        {"suppliers": [supplier_b.pk], "send_email": "on"},
        follow=True,
    )
    assert "No email went to Beta Brands AS" in response.content.decode()
    assert event.invitations.get().emails_sent == 0 and mailoutbox == []


# --- Attendance -------------------------------------------------------------------------------------


def test_attendance_is_recorded_from_the_day_of_the_event(officer_client, buyer, officer, supplier_a, supplier_b):
    event = make_event(buyer, officer)
    invitations = invite(event, officer, supplier_a, supplier_b)
    a, b = invitations[supplier_a.pk], invitations[supplier_b.pk]
    data = {f"attended_{a.pk}": "yes", f"attendees_{a.pk}": "Kari Nordmann, Ola Hansen", f"attended_{b.pk}": "no"}
    response = officer_client.post(reverse("market:attendance", args=[event.public_id]), data)
    assert response.status_code == 302
    a.refresh_from_db(), b.refresh_from_db(), event.refresh_from_db()
    assert (a.attended, a.attendees, b.attended, b.attendees) == (True, "Kari Nordmann, Ola Hansen", False, "")
    assert event.status == "held"
    page = officer_client.get(reverse("market:detail", args=[event.public_id])).content.decode()
    assert "Kari Nordmann, Ola Hansen" in page and "Did not come" in page


def test_names_only_for_a_supplier_that_came(officer_client, buyer, officer, supplier_a):
    event = make_event(buyer, officer)
    a = invite(event, officer, supplier_a)[supplier_a.pk]
    data = {f"attended_{a.pk}": "no", f"attendees_{a.pk}": "Kari"}
    assert officer_client.post(reverse("market:attendance", args=[event.public_id]), data).status_code == 400
    a.refresh_from_db()
    assert a.attended is None and a.attendees == ""


def test_attendance_of_a_future_event_is_refused(officer_client, buyer, officer, supplier_a):
    event = make_event(buyer, officer, event_date=TODAY + datetime.timedelta(days=3))
    a = invite(event, officer, supplier_a)[supplier_a.pk]
    response = officer_client.post(reverse("market:attendance", args=[event.public_id]), {f"attended_{a.pk}": "yes"})
    assert response.status_code == 400
    assert "from the day of the event" in response.content.decode()
    a.refresh_from_db(), event.refresh_from_db()
    assert a.attended is None and event.status == "planned"


# --- Feedback -------------------------------------------------------------------------------------


def test_officer_records_each_suppliers_readiness_with_reasons(
    officer_client, buyer, officer, supplier_a, disclosure, interns
):
    event = make_event(buyer, officer)
    p1 = services.proposal_add(event=event, actor=officer, criterion_version=disclosure)
    p2 = services.proposal_add(event=event, actor=officer, criterion_version=interns)
    a = invite(event, officer, supplier_a)[supplier_a.pk]
    url = reverse("market:feedback", args=[a.public_id])
    missing_months = {f"readiness_{p1.pk}": "transition", f"readiness_{p2.pk}": "ready"}
    assert officer_client.post(url, missing_months).status_code == 400
    assert not CriterionFeedback.objects.exists()

    data = {
        f"readiness_{p1.pk}": "transition",
        f"months_{p1.pk}": "12",
        f"reasons_{p1.pk}": "Brand owners must approve the list.",
        f"readiness_{p2.pk}": "not_feasible",
        f"reasons_{p2.pk}": "Schools require internships.",
    }
    assert officer_client.post(url, data).status_code == 302
    rows = {r.proposal_id: r for r in CriterionFeedback.objects.all()}
    assert (rows[p1.pk].readiness, rows[p1.pk].transition_months, rows[p1.pk].source) == ("transition", 12, "officer")
    assert (rows[p2.pk].readiness, rows[p2.pk].transition_months) == ("not_feasible", None)
    page = officer_client.get(reverse("market:detail", args=[event.public_id])).content.decode()
    assert "Brand owners must approve the list." in page and "12 months" in page

    # "No answer" takes an answer back; the history keeps it.
    officer_client.post(url, {**data, f"readiness_{p2.pk}": "", f"reasons_{p2.pk}": ""})
    assert list(CriterionFeedback.objects.values_list("proposal_id", flat=True)) == [p1.pk]
    assert CriterionFeedback.history.filter(proposal_id=p2.pk, history_type="-").exists()


def test_another_buyers_officer_cannot_record_feedback(client, buyer, officer, other_officer, supplier_a, disclosure):
    event = make_event(buyer, officer)
    services.proposal_add(event=event, actor=officer, criterion_version=disclosure)
    a = invite(event, officer, supplier_a)[supplier_a.pk]
    client.force_login(other_officer)
    assert client.get(reverse("market:feedback", args=[a.public_id])).status_code == 404
    assert client.get(reverse("market:detail", args=[event.public_id])).status_code == 404


# --- Readiness figures ---------------------------------------------------------------------------------


@pytest.fixture
def worked(buyer, officer, disclosure):
    """Two events on CLA-8. The first: 5 invited, answers ready, ready, transition (6 and
    12 months... one of them), not feasible, one silent. The second: 3 invited, one ready."""
    suppliers = [f.SupplierFactory(legal_name=f"Supplier {n}") for n in range(5)]
    first = make_event(buyer, officer, topic="Dialogue 2025", event_date=datetime.date(2025, 9, 1))
    p1 = services.proposal_add(event=first, actor=officer, criterion_version=disclosure)
    inv = invite(first, officer, *suppliers)
    answer(inv[suppliers[0].pk], p1, officer, Readiness.READY, reasons="Lists are public.")
    answer(inv[suppliers[1].pk], p1, officer, Readiness.READY)
    answer(inv[suppliers[2].pk], p1, officer, Readiness.TRANSITION, 12, "Brand owner approval.")
    answer(inv[suppliers[3].pk], p1, officer, Readiness.NOT_FEASIBLE, reasons="Confidentiality clauses.")
    second = make_event(buyer, officer, topic="Consultation 2026", event_date=datetime.date(2026, 4, 1))
    p2 = services.proposal_add(
        event=second, actor=officer, criterion=disclosure.criterion, title="Within 3 months", text="Due in 3 months."
    )
    inv2 = invite(second, officer, *suppliers[:3])
    answer(inv2[suppliers[0].pk], p2, officer, Readiness.READY)
    cancelled = make_event(buyer, officer, topic="Cancelled", event_date=datetime.date(2026, 6, 1))
    p3 = services.proposal_add(event=cancelled, actor=officer, criterion_version=disclosure)
    answer(invite(cancelled, officer, suppliers[4])[suppliers[4].pk], p3, officer, Readiness.NOT_FEASIBLE, None, "No.")
    services.event_cancel(event=cancelled, actor=officer)
    return {"first": first, "second": second, "p1": p1, "p2": p2, "suppliers": suppliers}


def _from_rows(**filters):
    rows = CriterionFeedback.objects.filter(**filters)
    return {value: rows.filter(readiness=value).count() for value in Readiness.values}


def test_event_readiness_equals_the_feedback_rows(officer_client, worked):
    (proposal,) = selectors.event_proposals(worked["first"])
    counted = _from_rows(proposal=worked["p1"])
    summary = proposal.readiness
    assert (
        (summary.ready, summary.transition, summary.not_feasible)
        == (
            counted["ready"],
            counted["transition"],
            counted["not_feasible"],
        )
        == (2, 1, 1)
    )
    assert (summary.invited, summary.no_answer) == (EventInvitation.objects.filter(event=worked["first"]).count(), 1)
    assert (summary.ready_share, summary.transition_share, summary.not_feasible_share) == (50, 25, 25)
    assert summary.longest_transition == 12
    page = officer_client.get(reverse("market:detail", args=[worked["first"].public_id])).content.decode()
    assert '2 <span class="text-body-secondary">(50 %)</span>' in page
    assert "1 of 5" in page
    assert "Confidentiality clauses." in page and "Brand owner approval." in page


def test_readiness_per_criterion_is_per_wording_never_merged(officer_client, buyer, worked, disclosure):
    """CLA-8 v1 (first event) and new, stricter wording for CLA-8 (second event) side by side."""
    version, stricter = selectors.readiness_by_criterion(buyer)[disclosure.criterion_id]
    assert (version.version, stricter.proposal) == (disclosure, worked["p2"])
    counted = _from_rows(proposal=worked["p1"])
    figures = version.readiness
    assert (figures.ready, figures.transition, figures.not_feasible) == (
        counted["ready"],
        counted["transition"],
        counted["not_feasible"],
    )
    assert (figures.ready, figures.transition, figures.not_feasible, figures.invited, figures.events) == (2, 1, 1, 5, 1)
    figures = stricter.readiness
    assert (figures.ready, figures.transition, figures.not_feasible, figures.invited, figures.no_answer) == (
        1,
        0,
        0,
        3,
        2,
    )
    overview = officer_client.get(reverse("market:readiness")).content.decode()
    assert "CLA-8" in overview and "v1 Disclosure of factories" in overview and "Within 3 months" in overview
    assert "1 of 5" in overview and "2 of 3" in overview and "3 of 8" not in overview  # never summed
    detail = officer_client.get(reverse("market:criterion_readiness", args=[disclosure.criterion.public_id]))
    text = detail.content.decode()
    assert "Dialogue 2025" in text and "Consultation 2026" in text and "Cancelled" not in text
    assert "Per wording, over all events" in text and "Total" not in text


def test_the_same_version_at_two_events_is_summed_as_one_wording(buyer, officer, disclosure, supplier_a, supplier_b):
    for n, supplier in enumerate((supplier_a, supplier_b)):
        event = make_event(buyer, officer, topic=f"Event {n}")
        proposal = services.proposal_add(event=event, actor=officer, criterion_version=disclosure)
        answer(invite(event, officer, supplier)[supplier.pk], proposal, officer, Readiness.READY)
    (wording,) = selectors.readiness_by_criterion(buyer)[disclosure.criterion_id]
    assert (wording.readiness.ready, wording.readiness.invited, wording.readiness.events) == (2, 2, 2)
    # Each answer keeps the wording it answered.
    assert set(CriterionFeedback.objects.values_list("criterion_version", flat=True)) == {disclosure.pk}


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_event_and_readiness_pages_run_a_fixed_number_of_queries(officer_client, buyer, officer, disclosure, interns):
    event = make_event(buyer, officer)
    proposals = [services.proposal_add(event=event, actor=officer, criterion_version=v) for v in (disclosure, interns)]

    def grow(n):
        suppliers = [f.SupplierFactory() for _ in range(n)]
        for invitation in invite(event, officer, *suppliers).values():
            if invitation.supplier in suppliers:
                for proposal in proposals:
                    answer(invitation, proposal, officer, Readiness.READY, reasons="ok")

    urls = [reverse("market:detail", args=[event.public_id]), reverse("market:readiness"), reverse("market:list")]
    grow(2)
    small = [_queries(officer_client, url) for url in urls]
    grow(10)
    assert [_queries(officer_client, url) for url in urls] == small


def test_an_archived_event_leaves_the_lists_the_portal_and_the_figures(
    officer_client, buyer, officer, supplier_a, supplier_a_user, disclosure
):
    event = make_event(buyer, officer)
    proposal = services.proposal_add(event=event, actor=officer, criterion_version=disclosure)
    answer(invite(event, officer, supplier_a)[supplier_a.pk], proposal, officer, Readiness.READY)
    officer_client.post(reverse("market:archive", args=[event.public_id]))
    event.refresh_from_db()
    assert event.archived_at is not None
    officer_client.get(reverse("market:list"))  # shows the "Archived" message once
    assert "Social criteria in the ICT agreement" not in officer_client.get(reverse("market:list")).content.decode()
    portal = Client()
    portal.force_login(supplier_a_user)
    assert portal.get(reverse("portal_market:detail", args=[event.public_id])).status_code == 404
    assert selectors.readiness_by_criterion(buyer) == {}
    officer_client.post(reverse("market:restore", args=[event.public_id]))
    assert selectors.readiness_by_criterion(buyer)[disclosure.criterion_id][0].readiness.ready == 1
