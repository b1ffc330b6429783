"""Market dialogue in Bokmål and English: the officer writes the event and each proposed
wording in both languages, sees which language is missing, and each supplier reads its own
language in the portal and in the invitation email; a missing language falls back visibly
("only in Norwegian", with its lang attribute), never silently."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from followup.consultations import services
from followup.models import ProposedCriterion
from oslo_procurement.notifications.models import Notification
from tests import factories as f
from tests.conftest import client_for

from .conftest import TODAY, answer, invite, make_event

pytestmark = pytest.mark.django_db

NB_TOPIC = "Sosiale krav i neste IKT-avtale"
EN_TOPIC = "Social criteria in the next ICT agreement"


@pytest.fixture
def event(buyer, officer):
    return make_event(
        buyer,
        officer,
        topic_nb=NB_TOPIC,
        topic_en=EN_TOPIC,
        description_nb="Hva kan markedet levere?",
        description_en="What can the market deliver?",
        event_date=TODAY + datetime.timedelta(days=14),
    )


@pytest.fixture
def wording(event, officer):
    return services.proposal_add(
        event=event,
        actor=officer,
        title_nb="Fabrikkliste innen tre måneder",
        text_nb="Fabrikklisten skal leveres innen tre måneder.",
        title_en="Factory list within three months",
        text_en="The factory list is due within three months.",
    )


def test_english_supplier_reads_english_and_norwegian_supplier_reads_bokmal(
    client, event, wording, officer, supplier_a, supplier_a_user, supplier_b
):
    nb_user = f.SupplierMembershipFactory(supplier=supplier_b, user__email="kari@b.example", user__language="nb").user
    invite(event, officer, supplier_a, supplier_b)
    url = reverse("portal_market:detail", args=[event.public_id])
    page = client_for(client, supplier_a_user).get(url).content.decode()
    assert EN_TOPIC in page and "What can the market deliver?" in page
    assert "Factory list within three months" in page and "The factory list is due within three months." in page
    assert NB_TOPIC not in page and "Fabrikklisten skal" not in page and "only in Norwegian" not in page
    page = client_for(client, nb_user).get(url).content.decode()
    assert NB_TOPIC in page and "Fabrikklisten skal leveres innen tre måneder." in page
    assert "The factory list is due" not in page


def test_missing_english_falls_back_to_bokmal_marked_as_such(client, buyer, officer, supplier_a, supplier_a_user):
    event = make_event(buyer, officer, topic_nb=NB_TOPIC, event_date=TODAY + datetime.timedelta(days=3))
    services.proposal_add(event=event, actor=officer, title_nb="Lønn å leve av", text_nb="Kartlegg lønnsgapet.")
    invite(event, officer, supplier_a)
    page = client_for(client, supplier_a_user).get(reverse("portal_market:detail", args=[event.public_id]))
    html = page.content.decode()
    assert f'<span lang="nb">{NB_TOPIC}</span>' in html and "(only in Norwegian)" in html
    assert '<span lang="nb">Kartlegg lønnsgapet.</span>' in html


def test_officer_sees_the_missing_language_and_writes_it(officer_client, buyer, officer, supplier_a):
    event = make_event(buyer, officer, topic_nb=NB_TOPIC, event_date=TODAY + datetime.timedelta(days=3))
    proposal = services.proposal_add(event=event, actor=officer, title_nb="Lønn å leve av", text_nb="Kartlegg gapet.")
    page = officer_client.get(reverse("market:detail", args=[event.public_id])).content.decode()
    assert page.count("English missing") == 2  # the topic and the wording
    url = reverse("market:proposal_edit", args=[proposal.public_id])
    response = officer_client.post(
        url, {"title_nb": "Lønn å leve av", "text_nb": "Kartlegg gapet.", "title_en": "Living wage", "text_en": ""}
    )
    assert response.status_code == 400 and "Write the English wording too" in response.content.decode()
    officer_client.post(
        url,
        {"title_nb": "Lønn å leve av", "text_nb": "Kartlegg gapet.", "title_en": "Living wage", "text_en": "Map it."},
    )
    proposal.refresh_from_db()
    assert (proposal.title_en, proposal.text_en) == ("Living wage", "Map it.")
    page = officer_client.get(reverse("market:detail", args=[event.public_id])).content.decode()
    assert page.count("English missing") == 1  # only the topic now


def test_answered_wording_keeps_its_text_only_the_missing_language_can_be_written(
    event, officer, supplier_a, disclosure
):
    proposal = services.proposal_add(event=event, actor=officer, title_nb="Lønn", text_nb="Kartlegg gapet.")
    invitation = invite(event, officer, supplier_a)[supplier_a.pk]
    answer(invitation, proposal, officer, "ready", reasons="Done already.")
    with pytest.raises(ValidationError, match="only the missing language"):
        services.proposal_save_wording(proposal=proposal, actor=officer, title_nb="Lønn", text_nb="Noe annet.")
    assert ProposedCriterion.objects.get(pk=proposal.pk).text_nb == "Kartlegg gapet."
    services.proposal_save_wording(
        proposal=proposal, actor=officer, title_nb="Lønn", text_nb="Kartlegg gapet.", title_en="Wage", text_en="Map."
    )
    assert ProposedCriterion.objects.get(pk=proposal.pk).text_en == "Map."


def test_new_wording_needs_bokmal_and_english_in_pairs(event, officer):
    with pytest.raises(ValidationError, match="in Bokmål"):
        services.proposal_add(event=event, actor=officer, title_en="Only English", text_en="Only English.")
    with pytest.raises(ValidationError, match="both the title and the wording"):
        services.proposal_add(event=event, actor=officer, title_nb="T", text_nb="Tekst.", title_en="Title only")
    assert not ProposedCriterion.objects.exists()


def test_invitation_email_is_in_each_recipients_language(event, wording, officer, supplier_a, supplier_a_user):
    f.SupplierMembershipFactory(supplier=supplier_a, user__email="ola@alpha.example", user__language="nb")
    invite(event, officer, supplier_a, send_email=True)
    english = Notification.objects.get(recipient_email="user@alpha.example")
    norwegian = Notification.objects.get(recipient_email="ola@alpha.example")
    assert EN_TOPIC in english.subject and EN_TOPIC in english.body_text
    assert "The factory list is due within three months." in english.body_text and NB_TOPIC not in english.body_text
    assert NB_TOPIC in norwegian.subject and "Fabrikklisten skal leveres" in norwegian.body_text


def test_invitation_email_marks_a_missing_english_text(buyer, officer, supplier_a, supplier_a_user):
    event = make_event(buyer, officer, topic_nb=NB_TOPIC, event_date=TODAY + datetime.timedelta(days=3))
    invite(event, officer, supplier_a, send_email=True)
    email = Notification.objects.get(recipient_email="user@alpha.example")
    assert f"{NB_TOPIC} (only in Norwegian)" in email.body_text


def test_the_portal_writes_every_date_in_one_format_per_language(client, event, officer, supplier_a, supplier_a_user):
    invite(event, officer, supplier_a)
    client_for(client, supplier_a_user)
    for url in (reverse("portal_market:list"), reverse("portal_market:detail", args=[event.public_id])):
        page = client.get(url).content.decode()
        assert "May 18, 2026" in page  # the event's date, written out
        assert not re.search(r"\b\d{2}/\d{2}/\d{4}\b", page)  # never 05/18/2026 beside it
