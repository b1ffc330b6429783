"""The supplier timeline: every kind of event, newest first, only the buyer's own data."""

import datetime

import time_machine
from django.urls import reverse

from followup.timeline import selectors
from oslo_procurement.audit.history import history_entries
from tests import factories as f

from .events import make_events
from .factories import ActionFactory, FindingFactory, MeetingFactory, link


def test_every_kind_of_event_is_on_the_timeline_and_links_to_its_record(officer_client, buyer, supplier_a):
    make_events(buyer, supplier_a, 1)
    url = reverse("timeline:supplier", args=[supplier_a.public_id])
    page = officer_client.get(url).content.decode()
    for text in (
        "Supplier record changed: website",
        "Site disclosed: Timeline plant",
        "Self-assessment opened in round",
        "Self-assessment submitted in round",
        "Answer to question",
        "Clarification asked",
        "Finding recorded: “Timeline finding 0”",
        "Finding raised with the supplier: “Timeline finding 0”",
        "The supplier responded to “Timeline finding 0”",
        "Finding “Timeline finding 0”: Being remedied",
        "Meeting planned: “Timeline meeting 0”",
        "Corrective action agreed: “Timeline action 0”",
        "Progress update on “Timeline action 0”",
        "Deadline passed, corrective action overdue: “Timeline action 0”",
        "Escalation in force: Written warning",
        "Evidence added: “Timeline certificate 0”",
        "Evidence expires: “Timeline certificate 0”",
        "CMRT 6.5 uploaded",
    ):
        assert text in page, text
    finding = supplier_a.finding_links.get().finding
    assert reverse("findings:detail", args=[finding.public_id]) in page
    assert reverse("followup:assessment_review", args=[supplier_a.assessments.get().public_id]) in page


def test_filter_by_kind(officer_client, buyer, supplier_a):
    make_events(buyer, supplier_a, 1)
    page = officer_client.get(
        reverse("timeline:supplier", args=[supplier_a.public_id]), {"kind": "meeting"}
    ).content.decode()
    assert "Meeting planned" in page
    assert "Finding recorded" not in page and "Evidence added" not in page


def test_only_the_buyers_own_records_show(officer_client, buyer, other_buyer, supplier_a):
    link(FindingFactory(buyer=other_buyer, title="Bergen finding"), supplier_a, raised=True)
    MeetingFactory(buyer=other_buyer, supplier=supplier_a, title="Bergen meeting")
    ActionFactory(buyer=other_buyer, supplier=supplier_a, title="Bergen action")
    link(FindingFactory(buyer=buyer, title="Oslo finding"), supplier_a)
    page = officer_client.get(reverse("timeline:supplier", args=[supplier_a.public_id])).content.decode()
    assert "Oslo finding" in page
    assert "Bergen" not in page


def test_newest_first_and_older_pages(officer_client, buyer, supplier_a):
    for i in range(30):
        link(FindingFactory(buyer=buyer, title=f"Finding number {i:02d}"), supplier_a)
    url = reverse("timeline:supplier", args=[supplier_a.public_id])
    first = officer_client.get(url, {"kind": "finding"}).content.decode()
    assert first.index("Finding number 29") < first.index("Finding number 28")
    assert "Finding number 04" not in first and "Older" in first
    second = officer_client.get(url, {"kind": "finding", "page": 2}).content.decode()
    assert "Finding number 04" in second and "Finding number 29" not in second and "Newer" in second
    assert officer_client.get(url, {"page": "abc"}).status_code == 200


def test_timeline_access(client, manager, supplier_a_user, supplier_a):
    url = reverse("timeline:supplier", args=[supplier_a.public_id])
    client.force_login(manager)
    assert client.get(url).status_code == 200
    client.force_login(supplier_a_user)
    assert client.get(url).status_code == 403
    assert client.get(reverse("timeline:supplier", args=[f.SupplierFactory.build().public_id])).status_code == 403


def test_a_supplier_change_names_the_fields_its_history_names(officer_client, buyer, supplier_a):
    for changes in (
        {"website": "https://a.example"},
        {"country": "SE", "role": "assembler"},
        {},
        {"org_number": None, "foreign_registry_id": "SE-1"},
    ):
        for name, value in changes.items():
            setattr(supplier_a, name, value)
        supplier_a.save()
    page = selectors.supplier_timeline(buyer=buyer, supplier=supplier_a, kind="supplier")
    expected = []
    for item in history_entries(supplier_a):
        fields = ", ".join(change["field"] for change in item["changes"]) or "no field"
        expected.append(
            "Supplier record created" if item["kind"] == "created" else f"Supplier record changed: {fields}"
        )
    assert [entry.title for entry in page.entries] == expected
    assert expected[:3] == [
        "Supplier record changed: foreign registry id, organisation number",
        "Supplier record changed: no field",
        "Supplier record changed: country, role in the supply chain",
    ]


def test_entries_at_the_same_time_keep_the_order_of_their_sources(officer_client, buyer, supplier_a):
    with time_machine.travel(datetime.datetime(2026, 5, 4, 10, 0, tzinfo=datetime.UTC), tick=False):
        make_events(buyer, supplier_a, 1)
        link(FindingFactory(buyer=buyer, title="Second raised"), supplier_a, raised=True)
    with time_machine.travel(datetime.datetime(2026, 5, 4, 11, 0, tzinfo=datetime.UTC), tick=False):
        page = officer_client.get(reverse("timeline:supplier", args=[supplier_a.public_id])).content.decode()
    order = [
        "Supplier record changed",
        "Site disclosed",
        "Self-assessment submitted",
        "Self-assessment opened",
        "Answer to question",
        "Finding recorded: “Second raised”",
        "Finding “Timeline finding 0”: Being remedied",
        "Finding recorded: “Timeline finding 0”",
        "Finding raised with the supplier: “Second raised”",
        "Finding raised with the supplier: “Timeline finding 0”",
        "The supplier responded",
        "Meeting planned",
        "Corrective action agreed",
        "Progress update",
        "Escalation in force",
        "Evidence added: “Timeline certificate 0”",
        "CMRT 6.5 uploaded",
    ]
    positions = [page.index(text) for text in order]
    assert positions == sorted(positions)
