"""Importing a partner's file: the round trip from buyer A to buyer B, re-imports that update
only the imported copy and say what changed, older versions that wait for the officer,
suppliers matched or left to match, and hostile or wrong files refused with nothing saved."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from followup.exchange import services
from followup.models import (
    CorrectiveAction,
    ExchangeImport,
    Finding,
    FindingSupplier,
    SharedItem,
    SharedSupplier,
)
from oslo_procurement.audit.models import AuditEvent
from tests import factories as f

from . import worlds


@pytest.fixture
def pair(buyer, other_buyer, supplier_a, officer, other_officer):
    """Oslo (A) shares a finding, a self-assessment result and an action about supplier A
    with Bergen (B); each has the other as partner."""
    a_to_b = worlds.partner(buyer, other_buyer)
    b_from_a = worlds.partner(other_buyer, buyer)
    finding = worlds.finding(buyer, supplier_a)
    assessment = worlds.reviewed_assessment(buyer, supplier_a)
    action = worlds.action(buyer, supplier_a)
    services.consent_set(
        partner=a_to_b,
        supplier=supplier_a,
        chosen={
            "finding": [finding.public_id],
            "assessment": [assessment.public_id],
            "action": [action.public_id],
        },
        actor=officer,
    )
    return {
        "a_to_b": a_to_b,
        "b_from_a": b_from_a,
        "finding": finding,
        "assessment": assessment,
        "action": action,
    }


def _export(pair, officer):
    return services.export_for_partner(partner=pair["a_to_b"], fmt="json", actor=officer)[1]


def _import(pair, content, other_officer, other_buyer, name="oslo.json"):
    return services.import_partner_file(
        buyer=other_buyer, partner=pair["b_from_a"], filename=name, content=content, actor=other_officer
    )


def test_round_trip_gives_buyer_b_the_same_findings_with_their_origin(
    pair, officer, other_officer, buyer, other_buyer, supplier_a
):
    content = _export(pair, officer)
    document = json.loads(content)
    imported = _import(pair, content, other_officer, other_buyer)

    assert (imported.created, imported.updated, imported.unchanged, imported.conflicts) == (3, 0, 0, 0)
    finding = pair["finding"]
    copy = SharedItem.objects.get(buyer=other_buyer, kind="finding")
    # Same text, severity, status and dates, marked with where it came from.
    assert copy.title == finding.title
    assert copy.data["text"] == finding.supplier_summary
    assert copy.data["severity"] == "high" and finding.severity == 3
    assert copy.data["status"] == finding.status
    assert copy.data["source"]["date"] == finding.source_date.isoformat()
    assert copy.data["recorded_on"] == timezone.localdate(finding.created_at).isoformat()
    assert copy.data["raised_on"] == timezone.localdate(finding.supplier_links.get().raised_at).isoformat()
    assert copy.partner == pair["b_from_a"] and copy.partner.linked_buyer == buyer
    assert copy.origin_id == str(finding.public_id)
    assert copy.origin_export_id == document["export"]["id"]
    assert timezone.localtime(copy.exported_at).isoformat(timespec="microseconds") == document["export"]["exported_at"]
    assert copy.shared_supplier.supplier == supplier_a  # matched by organisation number

    action_copy = SharedItem.objects.get(buyer=other_buyer, kind="action")
    assert action_copy.data["status"] == "in_progress" and action_copy.data["sanction_rung"] == 1
    result = SharedItem.objects.get(buyer=other_buyer, kind="assessment")
    assert result.data["verdict"] == "partly" and result.data["overall"]["score"] == pytest.approx(33.3)

    # Buyer B has no finding or action of its own: the copies are kept apart.
    assert not Finding.objects.filter(buyer=other_buyer).exists()
    assert not CorrectiveAction.objects.filter(buyer=other_buyer).exists()
    event = AuditEvent.objects.get(event_type="exchange_import")
    assert event.actor == other_officer and event.details["new"] == 3


def test_supplier_page_shows_what_the_partner_shared(client, pair, officer, other_officer, other_buyer, supplier_a):
    _import(pair, _export(pair, officer), other_officer, other_buyer)
    client.force_login(other_officer)
    page = client.get(supplier_a.get_absolute_url()).content.decode()
    assert f"Shared by {pair['b_from_a'].name}" in page
    assert pair["finding"].title in page and worlds.SUPPLIER_TEXT in page
    full = client.get(reverse("exchange:supplier_shared", args=[supplier_a.public_id])).content.decode()
    assert "Cap overtime at 60 hours a week" in full and "Self-assessment 2026" in full
    assert "Written warning" in full


def test_the_sharing_buyers_officer_does_not_see_the_copy(
    client, pair, officer, other_officer, other_buyer, supplier_a
):
    _import(pair, _export(pair, officer), other_officer, other_buyer)
    client.force_login(officer)
    page = client.get(supplier_a.get_absolute_url()).content.decode()
    assert "Shared by Oslo kommune" not in page and pair["finding"].title not in page.split("Shared by other buyers")[1]
    item = SharedItem.objects.first()
    assert client.post(reverse("exchange:shared_decide", args=[item.public_id])).status_code == 404


def test_reimporting_the_same_file_changes_nothing(pair, officer, other_officer, other_buyer):
    content = _export(pair, officer)
    _import(pair, content, other_officer, other_buyer)
    again = _import(pair, content, other_officer, other_buyer)
    assert (again.created, again.updated, again.unchanged, again.conflicts) == (0, 0, 3, 0)
    assert SharedItem.objects.filter(buyer=other_buyer).count() == 3


def test_a_newer_version_updates_only_the_copy_and_says_what_changed(
    pair, officer, other_officer, other_buyer, supplier_a
):
    _import(pair, _export(pair, officer), other_officer, other_buyer)
    own = worlds.finding(other_buyer, supplier_a, title="Bergen's own finding")
    finding = pair["finding"]
    finding.status = Finding.Status.REMEDYING
    finding.severity = 4
    finding.save()

    update = _import(pair, _export(pair, officer), other_officer, other_buyer)
    assert (update.created, update.updated, update.unchanged) == (0, 1, 2)
    change = next(c for c in update.changes if c["change"] == "updated")
    assert {(x["field"], x["old"], x["new"]) for x in change["fields"]} == {
        ("status", "raised", "remedying"),
        ("severity", "high", "critical"),
    }
    copy = SharedItem.objects.get(buyer=other_buyer, kind="finding")
    assert copy.data["status"] == "remedying"
    own.refresh_from_db()
    assert (own.title, own.status, own.severity) == ("Bergen's own finding", "raised", 3)


def test_an_older_version_waits_for_the_officer(client, pair, officer, other_officer, other_buyer):
    old_content = _export(pair, officer)
    finding = pair["finding"]
    finding.status = Finding.Status.CLOSED
    finding.save()
    _import(pair, _export(pair, officer), other_officer, other_buyer)

    late = _import(pair, old_content, other_officer, other_buyer, name="old.json")
    assert late.conflicts == 1
    conflict = next(c for c in late.changes if c["change"] == "conflict")
    assert conflict["reason"] == "older"
    copy = SharedItem.objects.get(buyer=other_buyer, kind="finding")
    assert copy.data["status"] == "closed" and copy.pending_data["status"] == "raised"

    client.force_login(other_officer)
    page = client.get(late.get_absolute_url()).content.decode()
    assert "Waits for your decision" in page and "older version" in page
    assert "Take the partner&#x27;s version" in page or "Take the partner's version" in page

    url = reverse("exchange:shared_decide", args=[copy.public_id])
    assert client.post(url, {"decision": "keep"}).status_code == 302
    copy.refresh_from_db()
    assert copy.data["status"] == "closed" and copy.pending_data is None
    assert client.post(url, {"decision": "take"}).status_code == 302  # nothing left to decide
    copy.refresh_from_db()
    assert copy.data["status"] == "closed"


def test_taking_the_partners_version(pair, officer, other_officer, other_buyer):
    old_content = _export(pair, officer)
    pair["finding"].status = Finding.Status.CLOSED
    pair["finding"].save()
    _import(pair, _export(pair, officer), other_officer, other_buyer)
    _import(pair, old_content, other_officer, other_buyer)
    copy = SharedItem.objects.get(buyer=other_buyer, kind="finding")
    assert services.shared_item_decide(item=copy, take_incoming=True, actor=other_officer) is True
    copy.refresh_from_db()
    assert copy.data["status"] == "raised" and copy.pending_data is None


def test_items_the_partner_stops_sharing_are_marked(pair, officer, other_officer, other_buyer, supplier_a):
    _import(pair, _export(pair, officer), other_officer, other_buyer)
    consent = pair["a_to_b"].consents.get(kind="action")
    services.consent_withdraw(consent=consent, actor=officer)
    later = _import(pair, _export(pair, officer), other_officer, other_buyer)
    assert [c["title"] for c in later.changes if c["change"] == "withdrawn"] == ["Cap overtime at 60 hours a week"]
    from followup.exchange.selectors import shared_items_for_supplier

    titles = [i.title for i in shared_items_for_supplier(buyer=other_buyer, supplier=supplier_a)]
    assert "Cap overtime at 60 hours a week" not in titles and pair["finding"].title in titles


def test_unmatched_suppliers_are_listed_not_created(client, pair, officer, other_officer, other_buyer, supplier_a):
    content = json.loads(_export(pair, officer))
    content["suppliers"][0].update(org_number=None, registry_id="MY-778899", country="MY", name="Penang Parts Sdn Bhd")
    suppliers_before = supplier_a.__class__.objects.count()
    _import(pair, json.dumps(content).encode(), other_officer, other_buyer)

    assert supplier_a.__class__.objects.count() == suppliers_before
    shared = SharedSupplier.objects.get(buyer=other_buyer)
    assert shared.supplier is None
    client.force_login(other_officer)
    home = client.get(reverse("exchange:home")).content.decode()
    assert "Suppliers to match" in home and "Penang Parts Sdn Bhd" in home

    url = reverse("exchange:shared_supplier_resolve", args=[shared.public_id])
    assert client.post(url, {"registry_id": "000"}).status_code == 400
    assert client.post(url, {"registry_id": supplier_a.org_number}).status_code == 302
    shared.refresh_from_db()
    assert shared.supplier == supplier_a and shared.resolved_by == other_officer
    assert "Suppliers to match" not in client.get(reverse("exchange:home")).content.decode()
    assert "Shared by Oslo kommune" in client.get(supplier_a.get_absolute_url()).content.decode()


# --- Wrong and hostile files --------------------------------------------------------------------


def _refused(pair, content, other_officer, other_buyer):
    with pytest.raises(ValidationError) as exc:
        _import(pair, content, other_officer, other_buyer)
    assert not ExchangeImport.objects.exists() and not SharedItem.objects.exists()
    assert not SharedSupplier.objects.exists()
    return " ".join(exc.value.messages)


def test_a_file_from_another_buyer_is_refused(pair, officer, other_officer, other_buyer):
    content = json.loads(_export(pair, officer))
    content["publisher"] = {"name": "Stavanger kommune", "org_number": f.valid_org_number(777)}
    message = _refused(pair, json.dumps(content).encode(), other_officer, other_buyer)
    assert "not by" in message


def test_a_file_meant_for_someone_else_is_refused(pair, officer, other_officer, other_buyer):
    content = json.loads(_export(pair, officer))
    content["recipient"] = {"name": "Stavanger kommune", "org_number": f.valid_org_number(777)}
    assert "made for Stavanger kommune" in _refused(pair, json.dumps(content).encode(), other_officer, other_buyer)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"{not json", "not valid JSON"),
        (b'{"format": NaN}', "NaN"),
        (b'{"format": "a", "format": "b"}', "twice"),
        (b"[" * 100000 + b"]" * 100000, "nested too deeply"),
        (b"[1, 2, 3]", "one JSON object"),
        (b'{"format": "something-else"}', "not an exchange file"),
        (b'{"format": "oslo-procurement-exchange", "version": "9.0"}', "version"),
    ],
)
def test_hostile_files_are_refused_with_a_clear_message(pair, other_officer, other_buyer, content, expected):
    assert expected in _refused(pair, content, other_officer, other_buyer)


def test_a_file_over_the_size_cap_is_refused(pair, officer, other_officer, other_buyer, settings):
    settings.EXCHANGE_IMPORT_MAX_BYTES = 1000
    assert "larger than" in _refused(pair, _export(pair, officer), other_officer, other_buyer)


def test_schema_errors_say_where_and_nothing_is_saved(pair, officer, other_officer, other_buyer):
    content = json.loads(_export(pair, officer))
    finding = content["suppliers"][0]["findings"][0]
    finding["severity"] = "apocalyptic"
    finding["internal_notes"] = "smuggled"
    del finding["title"]
    content["suppliers"][0]["findings"].append({**finding, "text": "x" * 30000})
    message = _refused(pair, json.dumps(content).encode(), other_officer, other_buyer)
    assert "suppliers #1 › findings #1: the field “title” is missing." in message
    assert "unknown field “internal_notes”" in message
    assert "“apocalyptic” is not one of the allowed values" in message
    assert "longer than 20000 characters" in message


def test_an_impossible_date_is_refused(pair, officer, other_officer, other_buyer):
    content = json.loads(_export(pair, officer))
    content["suppliers"][0]["findings"][0]["updated_at"] = "2026-02-31T10:00:00+01:00"
    assert "not a real date" in _refused(pair, json.dumps(content).encode(), other_officer, other_buyer)


def test_errors_are_in_the_users_language(client, pair, officer, other_officer, other_buyer):
    other_officer.language = "nb"
    other_officer.save()
    client.force_login(other_officer)
    content = json.loads(_export(pair, officer))
    del content["suppliers"][0]["findings"][0]["title"]
    upload = SimpleUploadedFile("oslo.json", json.dumps(content).encode(), content_type="application/json")
    with translation.override("nb"):
        response = client.post(
            reverse("exchange:import_upload"),
            {"partner": pair["b_from_a"].public_id, "file": upload},
            HTTP_ACCEPT_LANGUAGE="nb",
        )
    assert response.status_code == 400
    page = response.content.decode()
    assert "suppliers #1 › findings #1: feltet «title» mangler." in page
    assert not SharedItem.objects.exists()


def test_the_upload_page_imports_and_shows_the_result(client, pair, officer, other_officer, other_buyer):
    client.force_login(other_officer)
    upload = SimpleUploadedFile("oslo.json", _export(pair, officer), content_type="application/json")
    response = client.post(
        reverse("exchange:import_upload"), {"partner": pair["b_from_a"].public_id, "file": upload}, follow=True
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Shared by {pair['b_from_a'].name}" in page and "3 new, 0 changed" in page


def test_an_officer_cannot_import_into_another_buyers_partner(client, pair, officer, other_buyer):
    client.force_login(officer)  # Oslo's officer, choosing Bergen's partner record
    upload = SimpleUploadedFile("x.json", b"{}", content_type="application/json")
    response = client.post(reverse("exchange:import_upload"), {"partner": pair["b_from_a"].public_id, "file": upload})
    assert response.status_code == 400
    assert not ExchangeImport.objects.exists()


def test_local_findings_are_never_touched_by_an_import(pair, officer, other_officer, other_buyer, supplier_a):
    own = worlds.finding(other_buyer, supplier_a, title="Bergen's finding")
    before = (Finding.objects.count(), FindingSupplier.objects.count(), own.updated_at)
    _import(pair, _export(pair, officer), other_officer, other_buyer)
    own.refresh_from_db()
    assert (Finding.objects.count(), FindingSupplier.objects.count(), own.updated_at) == before
