"""The next procurement draft: its criteria from the agreement and from market dialogue,
the lessons and readiness beside each, decisions with a required reason that are all
kept, and a new criterion version (or a new criterion) created from a decision through
the criteria app's rules."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from criteria.models import Criterion, CriterionVersion
from followup.consultations import services as market
from followup.lessons import services as lesson_services
from followup.models import CriterionDecision, DraftCriterion, ProcurementDraft, Readiness
from followup.procurement import selectors, services
from tests import factories as f

from .conftest import TODAY, answer, invite, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def dialogue(buyer, officer, agreement, disclosure, interns, supplier_a, supplier_b):
    """A held conference on the agreement: CLA-8 (signed), SA-2 (not in the agreement)
    and new wording with no criterion; and an event on another agreement that must not
    count."""
    event = make_event(buyer, officer, agreement=agreement, event_date=TODAY - datetime.timedelta(days=30))
    p_disclosure = market.proposal_add(event=event, actor=officer, criterion_version=disclosure)
    market.proposal_add(event=event, actor=officer, criterion_version=interns)
    p_wage = market.proposal_add(
        event=event, actor=officer, title="Living-wage gap assessment", text="Map the gap to a living wage."
    )
    invitations = invite(event, officer, supplier_a, supplier_b)
    answer(invitations[supplier_a.pk], p_disclosure, officer, Readiness.READY, reasons="Lists are public.")
    answer(invitations[supplier_b.pk], p_disclosure, officer, Readiness.TRANSITION, 12, "Brand approval.")
    answer(invitations[supplier_a.pk], p_wage, officer, Readiness.NOT_FEASIBLE, reasons="No benchmark.")
    elsewhere = make_event(buyer, officer, agreement=f.AgreementFactory(buyer=buyer), topic="Other agreement")
    market.proposal_add(event=elsewhere, actor=officer, title="Unrelated", text="Not for this draft.")
    return {"event": event, "wage": p_wage}


def _lines(draft):
    return list(draft.lines.order_by("order"))


def test_the_draft_proposes_the_agreements_criteria_and_those_proposed_at_the_dialogue(
    officer_client, buyer, officer, agreement, disclosure, interns, dialogue
):
    response = officer_client.post(reverse("procurement:start", args=[agreement.public_id]))
    draft = ProcurementDraft.objects.get()
    assert response.status_code == 302 and response.url == draft.get_absolute_url()
    lines = _lines(draft)
    assert [(line.source, line.criterion, line.current_version, line.proposal) for line in lines] == [
        ("agreement", disclosure.criterion, disclosure, None),
        ("proposed", interns.criterion, None, None),
        ("proposed", None, None, dialogue["wage"]),
    ]
    # Starting again (a double click) opens the same draft.
    officer_client.post(reverse("procurement:start", args=[agreement.public_id]))
    assert ProcurementDraft.objects.count() == 1 and draft.lines.count() == 3


def test_bringing_the_draft_up_to_date_adds_only_what_is_new(buyer, officer, agreement, dialogue):
    draft = services.draft_start(agreement=agreement, actor=officer)
    assert services.draft_sync(draft=draft, actor=officer) == 0
    later = f.CriterionVersionFactory(criterion=f.CriterionFactory(code="CLA-7"))
    market.proposal_add(event=dialogue["event"], actor=officer, criterion_version=later)
    assert services.draft_sync(draft=draft, actor=officer) == 1
    assert draft.lines.filter(criterion=later.criterion, source="proposed").exists()


def test_the_highest_version_signed_is_the_one_proposed(buyer, officer, agreement, disclosure, supplier_b):
    newer = f.CriterionVersionFactory(
        criterion=disclosure.criterion, version=2, status="draft", effective_from=datetime.date(2026, 1, 1)
    )
    f.AwardFactory(agreement=agreement, supplier=supplier_b).criteria_versions.set([newer])
    draft = services.draft_start(agreement=agreement, actor=officer)
    assert [line.current_version for line in _lines(draft)] == [newer]


def test_each_criterion_shows_its_lessons_and_market_readiness(
    officer_client, buyer, officer, agreement, disclosure, dialogue
):
    lesson_services.lesson_create(
        buyer=buyer,
        actor=officer,
        title="Factory lists come late",
        learned="Tamsui never published.",
        criterion=disclosure.criterion,
        proposal="tighten",
    )
    draft = services.draft_start(agreement=agreement, actor=officer)
    page = officer_client.get(draft.get_absolute_url()).content.decode()
    assert "Factory lists come late" in page
    assert "Ready now: 1 (50 %)" in page and "With a transition period: 1 (50 %), up to 12 months" in page
    assert "Asked, no answer: 0 of 2" in page
    # The new wording with no criterion: its own readiness.
    assert "Living-wage gap assessment" in page and "Not feasible: 1 (100 %)" in page


def test_a_decision_needs_a_reason_and_every_decision_is_kept(officer_client, manager, officer, agreement, dialogue):
    manager_client = Client()  # a second browser: officer_client and manager_client share one
    manager_client.force_login(manager)
    draft = services.draft_start(agreement=agreement, actor=officer)
    line = _lines(draft)[0]
    url = reverse("procurement:line", args=[line.public_id])
    blank = officer_client.post(url, {"decision": "keep", "reason": "   "})
    assert blank.status_code == 400 and "This field is required." in blank.content.decode()
    assert not CriterionDecision.objects.exists()
    assert manager_client.post(url, {"decision": "keep", "reason": "x"}).status_code == 403

    officer_client.post(url, {"decision": "keep", "reason": "Works as it is."})
    officer_client.post(url, {"decision": "tighten", "reason": "One supplier needs 12 months; lists come late."})
    officer_client.post(url, {"decision": "tighten", "reason": "One supplier needs 12 months; lists come late."})
    decisions = list(line.decisions.order_by("created_at", "id").values_list("decision", "reason"))
    assert decisions == [("keep", "Works as it is."), ("tighten", "One supplier needs 12 months; lists come late.")]
    page = officer_client.get(draft.get_absolute_url()).content.decode()
    assert "<strong>Tighten</strong>: One supplier needs 12 months" in page and "2 decisions" in page
    history = manager_client.get(url).content.decode()
    assert "Works as it is." in history and "Record the decision" not in history


def _version_form(**overrides):
    data = {
        "title_nb": "Åpenhet om fabrikker innen tre måneder",
        "title_en": "Disclosure of factories within three months",
        "text_nb": "Leverandøren skal oppgi fabrikkene innen tre måneder.",
        "text_en": "The supplier shall disclose the factories within three months of signing.",
        "evidence_nb": "",
        "evidence_en": "",
        "effective_from": "2029-01-01",
        "effective_to": "",
        "change_note": "Tightened after the dialogue conference.",
    }
    data.update(overrides)
    return data


def test_a_new_criterion_version_is_created_from_the_decision(officer_client, officer, agreement, disclosure, dialogue):
    draft = services.draft_start(agreement=agreement, actor=officer)
    line = _lines(draft)[0]
    decision = services.decision_record(line=line, actor=officer, decision="tighten", reason="Lists come late.")
    url = reverse("procurement:decision_version", args=[decision.public_id])
    form = officer_client.get(url).content.decode()
    # Prefilled from the latest version, starting after the agreement ends (31 Dec 2028).
    assert "The supplier shall disclose the factories that make the contracted products." in form
    assert 'value="2029-01-01"' in form and "Tighten: Lists come late." in form

    response = officer_client.post(url, _version_form())
    new = CriterionVersion.objects.get(criterion=disclosure.criterion, version=2)
    assert response.status_code == 302 and response.url == new.get_absolute_url()
    assert (new.status, new.effective_from, new.title_en) == (
        "draft",
        datetime.date(2029, 1, 1),
        "Disclosure of factories within three months",
    )
    decision.refresh_from_db()
    assert decision.new_version == new
    disclosure.refresh_from_db()
    assert disclosure.status == "active"  # the version in force is untouched until the draft is activated

    # Submitting again creates nothing more.
    officer_client.post(url, _version_form())
    assert CriterionVersion.objects.filter(criterion=disclosure.criterion).count() == 2


def test_the_catalogues_rules_hold_for_a_version_made_from_a_decision(
    officer_client, officer, agreement, disclosure, dialogue
):
    draft = services.draft_start(agreement=agreement, actor=officer)
    decision = services.decision_record(line=_lines(draft)[0], actor=officer, decision="clarify", reason="Unclear.")
    url = reverse("procurement:decision_version", args=[decision.public_id])
    # Must start after the active version (1 Jan 2025).
    early = officer_client.post(url, _version_form(effective_from="2024-06-01"))
    assert early.status_code == 400 and "must start after the active version" in early.content.decode()
    assert CriterionVersion.objects.filter(criterion=disclosure.criterion).count() == 1
    decision.refresh_from_db()
    assert decision.new_version is None

    # One draft at a time in the catalogue.
    f.CriterionVersionFactory(
        criterion=disclosure.criterion, version=2, status="draft", effective_from=datetime.date(2027, 1, 1)
    )
    page = officer_client.get(url).content.decode()
    assert "already has a draft, version 2" in page
    refused = officer_client.post(url, _version_form())
    assert refused.status_code == 400 and "already a draft" in refused.content.decode()
    assert CriterionVersion.objects.filter(criterion=disclosure.criterion).count() == 2


def test_keeping_a_criterion_makes_no_new_version(officer_client, officer, agreement, disclosure, dialogue):
    draft = services.draft_start(agreement=agreement, actor=officer)
    decision = services.decision_record(line=_lines(draft)[0], actor=officer, decision="keep", reason="Fine.")
    response = officer_client.post(
        reverse("procurement:decision_version", args=[decision.public_id]), _version_form(), follow=True
    )
    assert "does not change the wording" in response.content.decode()
    assert CriterionVersion.objects.filter(criterion=disclosure.criterion).count() == 1


def test_new_wording_becomes_a_new_criterion(officer_client, officer, agreement, dialogue):
    draft = services.draft_start(agreement=agreement, actor=officer)
    line = DraftCriterion.objects.get(draft=draft, proposal=dialogue["wage"])
    decision = services.decision_record(line=line, actor=officer, decision="add", reason="The market needs time.")
    url = reverse("procurement:decision_version", args=[decision.public_id])
    assert "Map the gap to a living wage." in officer_client.get(url).content.decode()
    data = {**_version_form(), "code": "CLA-9", "kind": "contract_clause", "oecd_step": "3"}
    response = officer_client.post(url, data)
    criterion = Criterion.objects.get(code="CLA-9")
    version = criterion.versions.get()
    assert response.status_code == 302 and (version.version, version.status) == (1, "draft")
    line.refresh_from_db(), decision.refresh_from_db(), dialogue["wage"].refresh_from_db()
    assert line.criterion == criterion and decision.new_version == version
    assert dialogue["wage"].criterion == criterion  # its market readiness now counts for the criterion


def test_another_buyer_cannot_reach_the_draft(client, officer, other_officer, agreement, dialogue):
    draft = services.draft_start(agreement=agreement, actor=officer)
    client.force_login(other_officer)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("procurement:line", args=[_lines(draft)[0].public_id])).status_code == 404
    assert client.post(reverse("procurement:start", args=[agreement.public_id])).status_code == 404


def test_the_agreement_page_links_to_the_dialogue_and_the_draft(officer_client, officer, agreement, dialogue):
    page = officer_client.get(agreement.get_absolute_url()).content.decode()
    assert "Market dialogue and the next procurement" in page
    assert reverse("procurement:start", args=[agreement.public_id]) in page
    assert "Social criteria in the ICT agreement" in page
    draft = services.draft_start(agreement=agreement, actor=officer)
    assert draft.get_absolute_url() in officer_client.get(agreement.get_absolute_url()).content.decode()


def test_the_draft_page_runs_a_fixed_number_of_queries(officer_client, buyer, officer, agreement, dialogue):
    draft = services.draft_start(agreement=agreement, actor=officer)

    def grow(n):
        for i in range(n):
            version = f.CriterionVersionFactory()
            market.proposal_add(event=dialogue["event"], actor=officer, criterion_version=version)
            lesson_services.lesson_create(
                buyer=buyer, actor=officer, title=f"L{i}", learned="x", proposal="add", criterion=version.criterion
            )
        services.draft_sync(draft=draft, actor=officer)
        for line in draft.lines.all():
            decision = "keep" if line.criterion_id else "add"
            services.decision_record(line=line, actor=officer, decision=decision, reason=f"r{line.pk}")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert officer_client.get(draft.get_absolute_url()).status_code == 200
        return len(ctx.captured_queries)

    grow(2)
    small = count()
    grow(10)
    assert count() == small


def test_the_list_counts_the_criteria_and_those_decided(officer_client, officer, agreement, dialogue):
    draft = services.draft_start(agreement=agreement, actor=officer)
    first, second, _third = _lines(draft)
    services.decision_record(line=first, actor=officer, decision="keep", reason="Fine.")
    services.decision_record(line=first, actor=officer, decision="clarify", reason="On reflection, unclear.")
    services.decision_record(line=second, actor=officer, decision="add", reason="Needed.")
    (row,) = selectors.draft_list(buyer=draft.buyer)
    assert (row.line_count, row.decided_count) == (3, 2)
    page = officer_client.get(reverse("procurement:list")).content.decode()
    assert '<td class="text-end">3</td><td class="text-end">2</td>' in page


def test_the_new_version_form_starts_from_the_discussed_wording_in_both_languages(
    officer_client, buyer, officer, agreement, disclosure, dialogue
):
    market.proposal_add(
        event=dialogue["event"],
        actor=officer,
        criterion=disclosure.criterion,
        title_nb="Fabrikkliste innen tre måneder",
        text_nb="Leverandøren skal oppgi fabrikkene innen tre måneder.",
        title_en="Factory list within three months",
        text_en="The supplier shall disclose the factories within three months.",
    )
    draft = services.draft_start(agreement=agreement, actor=officer)
    line = draft.lines.get(criterion=disclosure.criterion)
    decision = services.decision_record(line=line, actor=officer, decision="tighten", reason="The market is ready.")
    form = officer_client.get(reverse("procurement:decision_version", args=[decision.public_id])).context["form"]
    assert (form.initial["title_nb"], form.initial["title_en"]) == (
        "Fabrikkliste innen tre måneder",
        "Factory list within three months",
    )
    assert form.initial["text_en"] == "The supplier shall disclose the factories within three months."


def test_a_new_criterion_form_never_copies_bokmal_into_english(officer_client, officer, agreement, dialogue):
    draft = services.draft_start(agreement=agreement, actor=officer)
    line = draft.lines.get(proposal=dialogue["wage"])
    decision = services.decision_record(line=line, actor=officer, decision="add", reason="Ready in two years.")
    response = officer_client.get(reverse("procurement:decision_version", args=[decision.public_id]))
    form = response.context["form"]
    assert (form.initial["title_nb"], form.initial["text_nb"]) == (
        "Living-wage gap assessment",
        "Map the gap to a living wage.",
    )
    assert (form.initial["title_en"], form.initial["text_en"]) == ("", "")
    assert "has no English text yet" in response.content.decode()
