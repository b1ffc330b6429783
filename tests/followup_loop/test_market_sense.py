"""Sense checks of market dialogue and the next procurement draft (each refusal says why
and saves nothing), and invited suppliers told of changes: a change of plan or a
cancellation is emailed to every portal user of every invited supplier in the user's
language, and the invitation can be sent again to users who have not had this version."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from followup.consultations import services
from followup.models import CriterionDecision, CriterionFeedback, EventInvitation, MarketEvent, Readiness
from followup.procurement import services as procurement
from oslo_procurement.notifications.models import Notification
from tests import factories as f
from tests.conftest import client_for

from .conftest import TODAY, answer, invite, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(buyer, officer, disclosure):
    event = make_event(
        buyer,
        officer,
        topic_nb="Sosiale krav",
        topic_en="Social criteria",
        event_date=TODAY + datetime.timedelta(days=14),
        input_deadline=TODAY + datetime.timedelta(days=7),
    )
    services.proposal_add(event=event, actor=officer, criterion_version=disclosure)
    return event


def _proposal(event):
    return event.proposed_criteria.get()


# --- Readiness needs reasons; written input has a limit --------------------------------------------


@pytest.mark.parametrize("readiness,months", [(Readiness.NOT_FEASIBLE, None), (Readiness.TRANSITION, 6)])
def test_not_feasible_and_transition_need_a_reason_in_the_service(event, officer, supplier_a, readiness, months):
    invitation = invite(event, officer, supplier_a)[supplier_a.pk]
    with pytest.raises(ValidationError, match="Give the reasons"):
        answer(invitation, _proposal(event), officer, readiness, months, reasons="  ")
    assert not CriterionFeedback.objects.exists()
    answer(invitation, _proposal(event), officer, Readiness.READY)  # "ready" needs none
    assert CriterionFeedback.objects.count() == 1


def test_portal_refuses_not_feasible_without_a_reason(client, event, officer, supplier_a, supplier_a_user):
    invite(event, officer, supplier_a)
    key = _proposal(event).pk
    response = client_for(client, supplier_a_user).post(
        reverse("portal_market:detail", args=[event.public_id]),
        {f"readiness_{key}": "not_feasible", f"reasons_{key}": "", "written_input": "Hello."},
    )
    assert response.status_code == 400
    assert "the buyer needs the reasons to weigh this answer" in response.content.decode()
    assert not CriterionFeedback.objects.exists()
    assert EventInvitation.objects.get().written_input == ""


def test_officer_form_refuses_a_transition_without_a_reason(officer_client, event, officer, supplier_a):
    invitation = invite(event, officer, supplier_a)[supplier_a.pk]
    key = _proposal(event).pk
    response = officer_client.post(
        reverse("market:feedback", args=[invitation.public_id]),
        {f"readiness_{key}": "transition", f"months_{key}": "6", f"reasons_{key}": ""},
    )
    assert response.status_code == 400 and "the buyer needs the reasons" in response.content.decode()
    assert not CriterionFeedback.objects.exists()


def test_written_input_over_the_limit_is_refused_with_a_clear_message(
    client, event, officer, supplier_a, supplier_a_user
):
    invite(event, officer, supplier_a)
    too_long = "x" * (services.MAX_WRITTEN_INPUT + 1)
    response = client_for(client, supplier_a_user).post(
        reverse("portal_market:detail", args=[event.public_id]), {"written_input": too_long}
    )
    assert response.status_code == 400
    assert f"Ensure this value has at most {services.MAX_WRITTEN_INPUT} characters" in response.content.decode()
    assert EventInvitation.objects.get().written_input == ""
    invitation = EventInvitation.objects.get()
    with pytest.raises(ValidationError, match="Keep the written input under"):
        services.feedback_save(
            invitation=invitation, actor=supplier_a_user, answers={}, source="portal", written_input=too_long
        )


# --- Events: not in the past, about something ------------------------------------------------------


def test_an_event_planned_in_the_past_is_refused(officer_client, buyer, officer):
    with pytest.raises(ValidationError, match="The date has passed"):
        services.event_create(
            buyer=buyer,
            actor=officer,
            kind="market_consultation",
            topic="Late",
            procurement="ICT",
            event_date=TODAY - datetime.timedelta(days=1),
        )
    response = officer_client.post(
        reverse("market:create"),
        {
            "kind": "market_consultation",
            "topic_nb": "For sent",
            "event_date": str(TODAY - datetime.timedelta(days=1)),
            "mode": "online",
            "procurement": "ICT",
        },
    )
    assert response.status_code == 400 and "The date has passed" in response.content.decode()
    assert not MarketEvent.objects.exists()


def test_an_event_about_nothing_is_refused(officer_client, buyer):
    response = officer_client.post(
        reverse("market:create"),
        {"kind": "market_consultation", "topic_nb": "Om ingenting", "event_date": str(TODAY), "mode": "online"},
    )
    assert response.status_code == 400
    assert "Say which agreement or which procurement the event concerns." in response.content.decode()
    assert not MarketEvent.objects.exists()


# --- Decisions that make no sense ---------------------------------------------------------------


@pytest.fixture
def draft_lines(buyer, officer, agreement, disclosure):
    event = make_event(buyer, officer, agreement=agreement)
    services.proposal_add(event=event, actor=officer, title_nb="Lønn å leve av", text_nb="Kartlegg gapet.")
    draft = procurement.draft_start(agreement=agreement, actor=officer)
    in_agreement, new_wording = draft.lines.order_by("order")
    return in_agreement, new_wording


def test_adding_a_criterion_the_agreement_has_is_refused(officer_client, draft_lines):
    in_agreement, _new = draft_lines
    response = officer_client.post(
        reverse("procurement:line", args=[in_agreement.public_id]), {"decision": "add", "reason": "Stricter."}
    )
    assert response.status_code == 400
    assert "The agreement already has this criterion (version 1): it cannot be added." in response.content.decode()
    assert not CriterionDecision.objects.exists()


@pytest.mark.parametrize("decision", ["keep", "retire"])
def test_keeping_or_retiring_wording_that_exists_nowhere_is_refused(officer, draft_lines, decision):
    _in_agreement, new_wording = draft_lines
    with pytest.raises(ValidationError, match="nothing to keep or retire"):
        procurement.decision_record(line=new_wording, actor=officer, decision=decision, reason="Why not.")
    assert not CriterionDecision.objects.exists()
    procurement.decision_record(line=new_wording, actor=officer, decision="add", reason="The market is ready.")
    assert CriterionDecision.objects.count() == 1


# --- Invited suppliers told of changes -------------------------------------------------------------


@pytest.fixture
def invited(event, officer, supplier_a, supplier_a_user):
    """Supplier A's English user and Norwegian user, invited by email."""
    norwegian = f.SupplierMembershipFactory(supplier=supplier_a, user__email="ola@alpha.example", user__language="nb")
    invite(event, officer, supplier_a, send_email=True)
    return {"en": supplier_a_user, "nb": norwegian.user}


def _emails(to, template):
    return list(Notification.objects.filter(recipient_email=to, template__endswith=template))


def test_a_change_of_date_is_emailed_in_each_recipients_language(officer_client, event, invited):
    data = {
        "kind": event.kind,
        "topic_nb": event.topic_nb,
        "topic_en": event.topic_en,
        "event_date": str(TODAY + datetime.timedelta(days=21)),
        "mode": event.mode,
        "place": event.place,
        "procurement": event.procurement,
        "input_deadline": str(event.input_deadline),
    }
    officer_client.post(reverse("market:edit", args=[event.public_id]), data)
    event.refresh_from_db()
    assert event.version == 2
    (english,) = _emails("user@alpha.example", "/changed")
    (norwegian,) = _emails("ola@alpha.example", "/changed")
    assert english.subject.startswith("Changed: Social criteria") and "Sosiale krav" not in english.body_text
    assert "May 18, 2026 → May 25, 2026" in english.body_text
    assert "Sosiale krav" in norwegian.subject and norwegian.language == "nb"
    # Editing only the description is no change of plan: no email.
    officer_client.post(reverse("market:edit", args=[event.public_id]), {**data, "description_nb": "Mer."})
    assert len(_emails("user@alpha.example", "/changed")) == 1


def test_a_cancellation_is_emailed_and_the_portal_shows_it(client, event, officer, invited):
    services.event_cancel(event=event, actor=officer)
    (english,) = _emails("user@alpha.example", "/cancelled")
    assert english.subject.startswith("Cancelled: Social criteria") and "has cancelled" in english.body_text
    assert len(_emails("ola@alpha.example", "/cancelled")) == 1
    page = client_for(client, invited["en"]).get(reverse("portal_market:detail", args=[event.public_id]))
    assert "The event is cancelled." in page.content.decode()


def test_the_invitation_reaches_portal_users_created_after_it_once_per_version(
    officer_client, event, officer, supplier_a, invited
):
    assert services.invitations_resend(event=event, actor=officer) == 0  # everyone has it
    late = f.SupplierMembershipFactory(supplier=supplier_a, user__email="new@alpha.example", user__language="en").user
    response = officer_client.post(reverse("market:resend", args=[event.public_id]))
    assert response.status_code == 302
    (email,) = _emails(late.email, "/invited")
    assert "Social criteria" in email.subject
    assert services.invitations_resend(event=event, actor=officer) == 0  # once per user and version
    assert EventInvitation.objects.get().emails_sent == 3
