"""Nothing is shared without an explicit consent per item and partner, and nothing without
consent (nor any internal wording) leaks into any export: JSON, CSV or Excel."""

import csv
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from followup.exchange import serializers, services
from followup.exchange.importer import validator
from followup.models import ExchangeExport, SharingConsent
from oslo_procurement.audit.models import AuditEvent
from tests import factories as f

from . import worlds

INTERNAL_MARKERS = [worlds.INTERNAL_SUMMARY, worlds.INTERNAL_NOTES, "INTERNAL", "SUPPLIER ANSWER TEXT"]


@pytest.fixture
def world(buyer, other_buyer, supplier_a, supplier_b):
    partner = worlds.partner(buyer, other_buyer)
    return {
        "partner": partner,
        "shared_finding": worlds.finding(buyer, supplier_a, title="Shared overtime finding"),
        "private_finding": worlds.finding(buyer, supplier_a, title="Private forced-labour finding"),
        "other_supplier_finding": worlds.finding(buyer, supplier_b, title="Beta finding not shared"),
        "assessment": worlds.reviewed_assessment(buyer, supplier_a),
        "action": worlds.action(buyer, supplier_a),
        "private_action": worlds.action(buyer, supplier_b, with_warning=False),
    }


def _share(world, officer, supplier, *items):
    chosen = {}
    for item in items:
        kind = {"Finding": "finding", "Assessment": "assessment", "CorrectiveAction": "action"}[type(item).__name__]
        chosen.setdefault(kind, []).append(item.public_id)
    return services.consent_set(partner=world["partner"], supplier=supplier, chosen=chosen, actor=officer)


def _all_exports(partner, officer):
    return {
        fmt: services.export_for_partner(partner=partner, fmt=fmt, actor=officer)[1] for fmt in ("json", "csv", "xlsx")
    }


def _xlsx_text(content):
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    text = "\n".join(str(cell) for row in workbook.active.iter_rows(values_only=True) for cell in row)
    workbook.close()
    return text


def test_without_any_consent_the_export_is_empty(world, officer):
    exports = _all_exports(world["partner"], officer)
    document = json.loads(exports["json"])
    assert document["suppliers"] == []
    for marker in ["overtime", "forced-labour", "Cap overtime", "Self-assessment 2026", "Beta finding"]:
        assert marker not in exports["json"].decode()
        assert marker not in exports["csv"].decode("utf-8-sig")
        assert marker not in _xlsx_text(exports["xlsx"])


def test_only_consented_items_are_exported_and_never_internal_wording(world, officer, supplier_a):
    _share(world, officer, supplier_a, world["shared_finding"], world["assessment"], world["action"])
    exports = _all_exports(world["partner"], officer)
    document = json.loads(exports["json"])

    assert [s["name"] for s in document["suppliers"]] == [supplier_a.legal_name]
    entry = document["suppliers"][0]
    assert [x["title"] for x in entry["findings"]] == ["Shared overtime finding"]
    assert entry["findings"][0]["text"] == worlds.SUPPLIER_TEXT
    assert [x["round"] for x in entry["assessments"]] == ["Self-assessment 2026"]
    assert entry["assessments"][0]["verdict"] == "partly"
    assert entry["assessments"][0]["non_compliances"]["high"] == 1
    assert [x["title"] for x in entry["corrective_actions"]] == ["Cap overtime at 60 hours a week"]
    assert entry["corrective_actions"][0]["sanction_rung"] == 1

    texts = {
        "json": exports["json"].decode(),
        "csv": exports["csv"].decode("utf-8-sig"),
        "xlsx": _xlsx_text(exports["xlsx"]),
    }
    for fmt, text in texts.items():
        assert "Shared overtime finding" in text, fmt
        assert "Private forced-labour finding" not in text, fmt
        assert "Beta finding not shared" not in text, fmt
        for marker in INTERNAL_MARKERS:
            assert marker not in text, (fmt, marker)


def test_the_json_export_follows_the_published_schema(world, officer, supplier_a):
    _share(world, officer, supplier_a, world["shared_finding"], world["assessment"], world["action"])
    _export, content, _name = services.export_for_partner(partner=world["partner"], fmt="json", actor=officer)
    document = json.loads(content)
    assert list(validator().iter_errors(document)) == []
    assert document["$schema"].endswith("/exchange/schema/v1.json")


def test_withdrawal_stops_further_sharing(world, officer, supplier_a):
    _share(world, officer, supplier_a, world["shared_finding"], world["action"])
    consent = SharingConsent.objects.get(finding=world["shared_finding"])

    assert services.consent_withdraw(consent=consent, actor=officer) is True
    assert services.consent_withdraw(consent=consent, actor=officer) is False  # a double submit

    consent.refresh_from_db()
    assert consent.withdrawn_by == officer and consent.withdrawn_at is not None
    exports = _all_exports(world["partner"], officer)
    for text in (exports["json"].decode(), exports["csv"].decode("utf-8-sig"), _xlsx_text(exports["xlsx"])):
        assert "Shared overtime finding" not in text
        assert "Cap overtime at 60 hours a week" in text


def test_unticking_withdraws_and_resubmitting_changes_nothing(world, officer, supplier_a):
    assert _share(world, officer, supplier_a, world["shared_finding"], world["action"]) == (2, 0)
    assert _share(world, officer, supplier_a, world["shared_finding"], world["action"]) == (0, 0)
    assert _share(world, officer, supplier_a, world["action"]) == (0, 1)
    assert SharingConsent.objects.filter(withdrawn_at__isnull=True).count() == 1
    # The withdrawn consent is kept: who consented and when, who withdrew and when.
    withdrawn = SharingConsent.objects.get(finding=world["shared_finding"])
    assert withdrawn.consented_by == officer and withdrawn.withdrawn_by == officer


def test_a_finding_without_text_for_the_supplier_cannot_be_shared(world, officer, buyer, supplier_a):
    bare = worlds.finding(buyer, supplier_a, title="No supplier text", supplier_summary="")
    with pytest.raises(ValidationError):
        _share(world, officer, supplier_a, bare)
    assert not SharingConsent.objects.exists()


def test_another_buyers_or_another_suppliers_item_cannot_be_consented(world, officer, other_buyer, supplier_a):
    foreign = worlds.finding(other_buyer, supplier_a, title="Bergen's finding")
    with pytest.raises(ValidationError):
        _share(world, officer, supplier_a, foreign)
    with pytest.raises(ValidationError):
        _share(world, officer, supplier_a, world["private_action"])  # supplier B's action
    assert not SharingConsent.objects.exists()


def test_a_consent_whose_finding_was_archived_exports_nothing(world, officer, supplier_a):
    _share(world, officer, supplier_a, world["shared_finding"])
    finding = world["shared_finding"]
    finding.archived_at = finding.created_at
    finding.save()
    document = serializers.exchange_document(
        serializers.active_consents(world["partner"]),
        publisher=world["partner"].buyer,
        recipient=world["partner"],
        export_id="5f0c7d0e-1b7a-4a51-9a41-1f2e3d4c5b6a",
        exported_at=finding.created_at,
    )
    assert document["suppliers"] == []


def test_every_export_is_recorded_with_who_what_and_when(world, officer, supplier_a):
    _share(world, officer, supplier_a, world["shared_finding"])
    for fmt in ("json", "csv", "xlsx"):
        services.export_for_partner(partner=world["partner"], fmt=fmt, actor=officer)
    events = AuditEvent.objects.filter(event_type="exchange_export").order_by("created_at")
    assert [e.details["format"] for e in events] == ["json", "csv", "xlsx"]
    assert all(
        e.actor == officer and e.details["items"] == 1 and e.target_repr == world["partner"].name for e in events
    )
    assert ExchangeExport.objects.filter(partner=world["partner"], exported_by=officer).count() == 3


def test_spreadsheet_exports_escape_formulas(world, officer, buyer, supplier_a):
    hostile = worlds.finding(
        buyer,
        supplier_a,
        title='=HYPERLINK("http://evil.example","click")',
        supplier_summary="+cmd|' /C calc'!A0",
    )
    action = worlds.action(buyer, supplier_a, with_warning=False)
    action.title = "@SUM(1+1)"
    action.description = "-2+3"
    action.save()
    _share(world, officer, supplier_a, hostile, action)
    exports = _all_exports(world["partner"], officer)

    rows = list(csv.reader(io.StringIO(exports["csv"].decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://evil.example","click")' in cells
    assert "'+cmd|' /C calc'!A0" in cells
    assert "'@SUM(1+1)" in cells and "'-2+3" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]

    workbook = load_workbook(io.BytesIO(exports["xlsx"]))
    values = [cell.value for row in workbook.active.iter_rows(min_row=2) for cell in row]
    types = {cell.data_type for row in workbook.active.iter_rows() for cell in row}
    assert '\'=HYPERLINK("http://evil.example","click")' in values
    assert "f" not in types  # no cell is a formula


def test_export_views_are_for_officers_only(client, world, officer, manager, supplier_a_user, supplier_a):
    _share(world, officer, supplier_a, world["shared_finding"])
    url = reverse("exchange:export_json", args=[world["partner"].public_id])
    client.force_login(manager)
    assert client.post(url).status_code == 403
    client.force_login(supplier_a_user)
    assert client.post(url).status_code == 403
    client.force_login(officer)
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert json.loads(response.content)["suppliers"][0]["findings"][0]["title"] == "Shared overtime finding"


def test_share_page_ticks_consent_item_by_item(client, world, officer, supplier_a):
    url = reverse("exchange:partner_share", args=[world["partner"].public_id]) + f"?supplier={supplier_a.public_id}"
    client.force_login(officer)
    page = client.get(url)
    assert page.status_code == 200
    assert "Shared overtime finding" in page.content.decode()
    response = client.post(url, {"share": [f"finding:{world['shared_finding'].public_id}"]})
    assert response.status_code == 302
    consent = SharingConsent.objects.get()
    assert consent.finding == world["shared_finding"] and consent.consented_by == officer
    assert "Shared: consent by" in client.get(url).content.decode()
    # A tampered value shares nothing and says so.
    client.post(url, {"share": ["finding:not-a-uuid"]}, follow=True)
    assert SharingConsent.objects.filter(withdrawn_at__isnull=True).count() == 1


def test_managers_read_the_share_page_but_cannot_consent(client, world, manager, supplier_a):
    url = reverse("exchange:partner_share", args=[world["partner"].public_id]) + f"?supplier={supplier_a.public_id}"
    client.force_login(manager)
    page = client.get(url).content.decode()
    assert "Shared overtime finding" in page and "disabled" in page
    assert client.post(url, {"share": [f"finding:{world['shared_finding'].public_id}"]}).status_code == 403
    assert not SharingConsent.objects.exists()


def test_partner_must_be_named_and_cannot_be_the_buyer_itself(client, officer, buyer):
    client.force_login(officer)
    url = reverse("exchange:partner_create")
    response = client.post(url, {"name": "", "org_number": ""})
    assert response.status_code == 400
    org = f.valid_org_number(4242)
    response = client.post(url, {"name": "Viken fylkeskommune", "org_number": f"{org[:3]} {org[3:6]} {org[6:]}"})
    assert response.status_code == 302
    partner = buyer.exchange_partners.get()
    assert partner.org_number == org
    response = client.post(url, {"name": "Other", "org_number": "123456789"})
    assert response.status_code == 400 and "organisation number" in response.content.decode()


def test_a_linked_partner_takes_the_buyers_name(client, officer, buyer, other_buyer):
    client.force_login(officer)
    response = client.post(reverse("exchange:partner_create"), {"linked_buyer": other_buyer.pk})
    assert response.status_code == 302
    partner = buyer.exchange_partners.get()
    assert (partner.name, partner.org_number, partner.linked_buyer) == (
        other_buyer.name,
        other_buyer.org_number,
        other_buyer,
    )


def test_another_buyers_officer_cannot_see_our_partner(client, world, other_officer):
    client.force_login(other_officer)
    assert client.get(reverse("exchange:partner_detail", args=[world["partner"].public_id])).status_code == 404
    assert client.post(reverse("exchange:export_json", args=[world["partner"].public_id])).status_code == 404


def test_an_archived_partner_gets_no_export(world, officer):
    services.partner_set_archived(partner=world["partner"], actor=officer, archived=True)
    with pytest.raises(ValidationError):
        services.export_for_partner(partner=world["partner"], fmt="json", actor=officer)
