"""The migration that makes market dialogue bilingual keeps what an existing database
holds: the topic, description and new wording written so far become the Bokmål texts,
each readiness answer keeps the catalogue version it answered, and a dismissed suggestion
keeps the day it was dismissed."""

import datetime

import pytest

from tests.old_schema import back_to_latest, database_at, migrated_to

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.heavy]

# Suppliers before its last migration too: the rows below are written with the models of that
# time, when suppliers still had their shared notes column (moved to per-buyer notes later).
BEFORE = [("followup", "0012_content_bilingual_rounds"), ("suppliers", "0008_cmrt_background_upload")]
AFTER = [("followup", "0013_market_bilingual_dialogue")]


@pytest.fixture(autouse=True)
def back_to_the_latest_migrations():
    """Leave the database as every other test expects it: at the latest migrations."""
    yield
    back_to_latest()


def test_existing_texts_become_bokmal_and_answers_keep_their_version():
    old = database_at(BEFORE)
    buyer = old.get_model("contracts", "Buyer").objects.create(name="Oslo kommune", country="NO")
    criterion = old.get_model("criteria", "Criterion").objects.create(code="CLA-8", kind="contract_clause", oecd_step=2)
    version = old.get_model("criteria", "CriterionVersion").objects.create(
        criterion=criterion,
        version=1,
        title_nb="Åpenhet",
        title_en="Disclosure",
        text_nb="Tekst",
        text_en="Text",
        effective_from=datetime.date(2025, 1, 1),
    )
    event = old.get_model("followup", "MarketEvent").objects.create(
        buyer=buyer,
        kind="dialogue_conference",
        topic="Sosiale krav",
        description="Årlig konferanse.",
        event_date=datetime.date(2026, 3, 1),
    )
    proposals = old.get_model("followup", "ProposedCriterion")
    catalogue = proposals.objects.create(event=event, order=1, criterion=criterion, criterion_version=version)
    wording = proposals.objects.create(event=event, order=2, title="Lønn", text="Kartlegg gapet.")
    supplier = old.get_model("suppliers", "Supplier").objects.create(
        legal_name="Nordlys IT-Partner AS", org_number="912345678", country="NO", role="reseller"
    )
    invitation = old.get_model("followup", "EventInvitation").objects.create(event=event, supplier=supplier)
    feedback = old.get_model("followup", "CriterionFeedback")
    feedback.objects.create(invitation=invitation, proposal=catalogue, readiness="ready", source="officer")
    feedback.objects.create(invitation=invitation, proposal=wording, readiness="ready", source="officer")
    old.get_model("followup", "SuggestionDismissal").objects.create(buyer=buyer, key="issue:overtime", title="x")

    new = migrated_to(AFTER)
    event = new.get_model("followup", "MarketEvent").objects.get()
    assert (event.topic_nb, event.description_nb, event.topic_en, event.version) == (
        "Sosiale krav",
        "Årlig konferanse.",
        "",
        1,
    )
    wording = new.get_model("followup", "ProposedCriterion").objects.get(order=2)
    assert (wording.title_nb, wording.text_nb, wording.title_en) == ("Lønn", "Kartlegg gapet.", "")
    answered = dict(
        new.get_model("followup", "CriterionFeedback").objects.values_list("proposal__order", "criterion_version_id")
    )
    assert answered == {1: version.pk, 2: None}
    dismissal = new.get_model("followup", "SuggestionDismissal").objects.get()
    assert dismissal.dismissed_at == dismissal.created_at and dismissal.restored_at is None
