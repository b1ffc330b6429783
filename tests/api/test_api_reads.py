"""What the API answers in detail: the fields a partner needs, what a supplier user is
spared, filters, paging, the export log and the rate limit."""

from decimal import Decimal

from django.urls import reverse

from oslo_procurement.audit.models import AuditEvent

from .conftest import auth


def _get(client, name, key, *args, **params):
    response = client.get(reverse(name, args=args), params, **auth(key))
    assert response.status_code == 200, response.content[:300]
    return response.json()


def test_staff_read_the_scores_per_oecd_step(client, world, tokens):
    data = _get(client, "api:assessment-detail", tokens["manager_a"], world["ass_aa"].public_id)
    assert data["status"] == "accepted" and data["verdict"] == "compliant"
    assert data["scores"]["overall"] == {"percent": 100.0, "counted": 1, "total": 1}
    assert data["scores"]["steps"] == [{"step": 2, "percent": 100.0, "counted": 1, "total": 1}]
    listed = _get(client, "api:assessment-list", tokens["officer_a"], round=world["round_a"].public_id)
    by_id = {item["id"]: item for item in listed["results"]}
    unreviewed = by_id[str(world["ass_ab"].public_id)]["scores"]
    assert unreviewed["overall"] == {"percent": None, "counted": 0, "total": 1}


def test_a_supplier_sees_the_verdict_only_once_accepted_and_never_scores(client, world, tokens):
    accepted = _get(client, "api:assessment-detail", tokens["supplier_a"], world["ass_aa"].public_id)
    assert accepted["verdict"] == "compliant" and accepted["verdict_comment"] == "Comment on the verdict"
    assert accepted["scores"] is None and accepted["internal_note"] is None
    returned = _get(client, "api:assessment-detail", tokens["supplier_a"], world["ass_ba"].public_id)
    assert returned["status"] == "returned" and returned["verdict"] == "" and returned["verdict_comment"] == ""


def test_a_supplier_reads_a_finding_as_raised_with_it(client, world, tokens):
    data = _get(client, "api:finding-detail", tokens["supplier_a"], world["find_a1"].public_id)
    assert data["supplier_text"] == "What supplier sees of find_a1"
    assert data["summary"] is None and data["internal_notes"] is None and data["likelihood"] is None
    assert [link["supplier"]["id"] for link in data["suppliers"]] == [str(world["sup_a"].public_id)]
    staff = _get(client, "api:finding-detail", tokens["officer_a"], world["find_a1"].public_id)
    assert staff["summary"].startswith("INTERNAL") and staff["risk_score"] == 6
    assert {link["supplier"]["id"]: link["raised_at"] is not None for link in staff["suppliers"]} == {
        str(world["sup_a"].public_id): True,
        str(world["sup_b"].public_id): False,
    }
    assert staff["sites"] == [str(world["site_a"].public_id)] and staff["ilo_instruments"] == ["C29"]


def test_a_supplier_cannot_learn_who_else_a_finding_concerns(client, world, tokens):
    """find_a1 also concerns supplier B (not raised): filtering by B finds nothing for A."""
    assert _get(client, "api:finding-list", tokens["supplier_a"], supplier=world["sup_b"].public_id)["count"] == 0
    assert _get(client, "api:finding-list", tokens["supplier_a"], supplier=world["sup_a"].public_id)["count"] == 2
    assert _get(client, "api:finding-list", tokens["officer_a"], supplier=world["sup_b"].public_id)["count"] == 2


def test_filters(client, world, tokens):
    key = tokens["officer_a"]
    assert _get(client, "api:action-list", key, overdue="true")["count"] == 3
    assert _get(client, "api:action-list", key, overdue="false")["count"] == 0
    assert _get(client, "api:site-list", key, supplier=world["sup_b"].public_id)["count"] == 1
    assert _get(client, "api:award-list", key, supplier=world["sup_a"].public_id)["count"] == 1
    assert _get(client, "api:supplier-list", key, search="alpha")["count"] == 1
    assert _get(client, "api:risk-list", key, residual_level="high")["count"] == 1
    assert _get(client, "api:criterion-version-list", key, in_force_on="2026-06-01")["count"] == 1
    assert _get(client, "api:supplier-list", key, updated_since="2999-01-01T00:00:00Z")["count"] == 0
    response = client.get(reverse("api:site-list"), {"supplier": "not-a-uuid"}, **auth(key))
    assert response.status_code == 400


def test_risk_shows_the_latest_figure_with_its_explanation(client, world, tokens):
    data = _get(client, "api:risk-detail", tokens["officer_a"], world["sup_a"].public_id)
    assert data["residual_score"] == 55.0 and data["residual_level"] == "medium"
    assert data["explanation"][0]["code"] == "no_award" and data["explanation"][0]["text"]
    listed = _get(client, "api:risk-list", tokens["officer_a"])["results"]
    assert [item["residual_score"] for item in listed] == [62.0, 55.0]  # highest first


def test_paging(client, world, tokens):
    first = _get(client, "api:criterion-version-list", tokens["officer_a"], page_size=1)
    assert first["count"] == 2 and len(first["results"]) == 1 and first["next"]
    second = client.get(first["next"], **auth(tokens["officer_a"])).json()
    assert {first["results"][0]["id"], second["results"][0]["id"]} == {
        str(world["v_active"].public_id),
        str(world["v_draft"].public_id),
    }
    assert client.get(reverse("api:site-list"), {"page": 99}, **auth(tokens["officer_a"])).status_code == 404


def test_identifiers_are_public_ids_never_integer_keys(client, world, tokens):
    data = _get(client, "api:award-detail", tokens["officer_a"], world["award_aa"].public_id)
    assert data["agreement"] == str(world["agr_a"].public_id)
    assert data["lots"] == [str(world["lot_a"].public_id)]
    assert data["criteria_versions"] == [str(world["v_active"].public_id)]
    assert "pk" not in data and data["id"] == str(world["award_aa"].public_id)
    agreement = _get(client, "api:agreement-detail", tokens["officer_a"], world["agr_a"].public_id)
    assert agreement["buyer"]["name"] == "Oslo kommune"


def test_every_list_page_with_records_is_in_the_export_log(client, world, tokens, officer):
    _get(client, "api:finding-list", tokens["officer_a"], status="raised")
    event = AuditEvent.objects.get(event_type="api_export")
    assert event.actor == officer
    assert event.details["endpoint"] == "finding" and event.details["count"] == 3 and event.details["total"] == 3
    assert event.details["query"] == "status=raised" and event.details["token_name"] == "Test"
    # An empty page and a single record are not exports.
    _get(client, "api:finding-list", tokens["officer_a"], status="closed")
    _get(client, "api:finding-detail", tokens["officer_a"], world["find_a1"].public_id)
    assert AuditEvent.objects.filter(event_type="api_export").count() == 1


def test_a_denied_call_is_logged_like_a_denied_page(client, world, tokens, supplier_a_user):
    assert client.get(reverse("api:risk-list"), **auth(tokens["supplier_a"])).status_code == 403
    assert AuditEvent.objects.filter(event_type="permission_denied", actor=supplier_a_user).exists()


def test_each_token_has_its_own_rate_limit(client, world, tokens, settings):
    settings.API_THROTTLE_RATES = {"token": "3/minute", "public": "2/minute"}
    for _ in range(3):
        assert client.get(reverse("api:criterion-list"), **auth(tokens["officer_a"])).status_code == 200
    limited = client.get(reverse("api:criterion-list"), **auth(tokens["officer_a"]))
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0
    assert client.get(reverse("api:criterion-list"), **auth(tokens["manager_a"])).status_code == 200
    assert client.get(reverse("api:schema")).status_code == 200
    assert client.get(reverse("api:schema")).status_code == 200
    assert client.get(reverse("api:schema")).status_code == 429


def test_decimal_figures_are_numbers(client, world, tokens):
    data = _get(client, "api:risk-detail", tokens["officer_a"], world["sup_b"].public_id)
    assert Decimal(str(data["inherent_score"])) == Decimal("80.0")
