"""Every user makes and revokes their own API tokens under My settings; the key is shown
once, stored only as a hash, and every creation and revocation is in the audit log."""

import datetime
import hashlib

import time_machine
from django.urls import reverse
from django.utils import timezone

from oslo_procurement.api.models import ApiToken
from oslo_procurement.api.services import token_create
from oslo_procurement.audit.models import AuditEvent
from tests import factories as f

from .conftest import auth


def _make(client, **data):
    return client.post(
        reverse("api_tokens:list"), {"name": "Partner exchange", "lifetime": "90", "scope": "full", **data}
    )


def test_my_settings_links_to_the_token_page(officer_client):
    assert reverse("api_tokens:list") in officer_client.get(reverse("accounts:settings")).content.decode()


def test_a_new_key_is_shown_once_and_works_at_once(officer_client, officer, client):
    response = _make(officer_client, scope="full")
    assert response.status_code == 302
    page = officer_client.get(reverse("api_tokens:list")).content.decode()
    token = ApiToken.objects.get(user=officer)
    key = page.split('id="new-key" class="form-control font-monospace" type="text" value="')[1].split('"')[0]
    assert key.startswith("opk_") and len(key) > 40
    # Only the hash is stored; the page shows the first characters to recognise it by.
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest() and key not in token.key_hash
    assert token.prefix == key[:12] and token.scope == "full"
    assert token.expires_at.date() == (timezone.now() + datetime.timedelta(days=90)).date()
    # Reloading the page does not show it again.
    assert key not in officer_client.get(reverse("api_tokens:list")).content.decode()
    client.logout()
    assert client.get(reverse("api:criterion-list"), **auth(key)).status_code == 200
    event = AuditEvent.objects.get(event_type="api_token_created")
    assert event.actor == officer and event.target_id == str(token.public_id)
    assert event.details["name"] == "Partner exchange" and key not in str(event.details)


def test_a_double_submit_makes_one_token(officer_client, officer):
    assert _make(officer_client).status_code == 302
    response = _make(officer_client)
    assert response.status_code == 400
    assert "You already have a token with this name." in response.content.decode()
    assert ApiToken.objects.filter(user=officer).count() == 1


def test_a_name_is_required(officer_client, officer):
    response = _make(officer_client, name="  ")
    assert response.status_code == 400 and not ApiToken.objects.exists()


def test_a_token_can_be_made_that_never_expires(officer_client, officer):
    _make(officer_client, lifetime="never", scope="open_data")
    token = ApiToken.objects.get(user=officer)
    assert token.expires_at is None and token.scope == "open_data"


def test_supplier_users_make_tokens_for_their_own_company_only(supplier_a_client, supplier_a_user):
    page = supplier_a_client.get(reverse("api_tokens:list")).content.decode()
    assert 'name="scope"' not in page
    _make(supplier_a_client, scope="open_data")  # a forged field is ignored
    assert ApiToken.objects.get(user=supplier_a_user).scope == "full"


def test_revoking_stops_the_token_at_once_and_is_audited(officer_client, officer, client):
    token, key = token_create(user=officer, name="To revoke")
    assert client.get(reverse("api:criterion-list"), **auth(key)).status_code == 200
    response = officer_client.post(reverse("api_tokens:revoke", args=[token.public_id]))
    assert response.status_code == 302
    officer_client.post(reverse("api_tokens:revoke", args=[token.public_id]))  # a second click: no change
    token.refresh_from_db()
    assert token.status == "revoked" and token.revoked_by == officer
    assert AuditEvent.objects.filter(event_type="api_token_revoked", target_id=str(token.public_id)).count() == 1
    response = client.get(reverse("api:criterion-list"), **auth(key))
    assert response.status_code == 401 and "revoked" in response.json()["detail"]
    client.get(reverse("api:criterion-list"), **auth(key))
    # Logged once an hour per token, however often a forgotten script retries.
    assert AuditEvent.objects.filter(event_type="api_token_rejected", actor=officer).count() == 1
    assert "Revoked" in officer_client.get(reverse("api_tokens:list")).content.decode()


def test_nobody_revokes_another_users_token(client, officer, manager):
    token, _key = token_create(user=officer, name="Mine")
    client.force_login(manager)
    assert client.post(reverse("api_tokens:revoke", args=[token.public_id])).status_code == 404
    assert client.get(reverse("api_tokens:revoke", args=[token.public_id])).status_code == 405
    token.refresh_from_db()
    assert token.status == "active"
    assert "Mine" not in client.get(reverse("api_tokens:list")).content.decode()


def test_an_expired_token_is_refused(client, officer):
    token, key = token_create(user=officer, name="Short", expires_at=timezone.now() + datetime.timedelta(days=30))
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
        response = client.get(reverse("api:criterion-list"), **auth(key))
    assert response.status_code == 401 and "expired" in response.json()["detail"]


def test_a_deactivated_users_token_is_refused(client, officer):
    _token, key = token_create(user=officer, name="Leaver")
    officer.is_active = False
    officer.save()
    assert client.get(reverse("api:criterion-list"), **auth(key)).status_code == 401


def test_a_token_reads_with_its_users_current_role(client, officer, buyer):
    """Role and organisation are looked up at every request, not frozen into the token."""
    f.AgreementFactory(buyer=buyer)
    _token, key = token_create(user=officer, name="Role")
    assert client.get(reverse("api:agreement-list"), **auth(key)).json()["count"] == 1
    officer.buyer_membership.delete()
    assert client.get(reverse("api:agreement-list"), **auth(key)).status_code == 403
    assert client.get(reverse("api:criterion-list"), **auth(key)).status_code == 200  # the catalogue needs no buyer


def test_a_malformed_header_is_refused(client, db):
    assert client.get(reverse("api:criterion-list"), HTTP_AUTHORIZATION="Token a b").status_code == 401
    assert client.get(reverse("api:criterion-list"), HTTP_AUTHORIZATION="Token").status_code == 401


def test_last_use_is_recorded_at_most_once_a_minute(client, officer):
    token, key = token_create(user=officer, name="Used")
    assert token.last_used_at is None
    client.get(reverse("api:criterion-list"), **auth(key))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get(reverse("api:criterion-list"), **auth(key))
    token.refresh_from_db()
    assert token.last_used_at == first
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        client.get(reverse("api:criterion-list"), **auth(key))
    token.refresh_from_db()
    assert token.last_used_at > first


def test_administrators_see_and_revoke_tokens_in_the_back_office(client, administrator, officer):
    token, key = token_create(user=officer, name="Back office")
    client.force_login(administrator)
    page = client.get(reverse("admin:api_apitoken_changelist"))
    assert page.status_code == 200 and "Back office" in page.content.decode()
    assert key not in page.content.decode() and token.key_hash not in page.content.decode()
    client.post(
        reverse("admin:api_apitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]}, follow=True
    )
    token.refresh_from_db()
    assert token.status == "revoked" and token.revoked_by == administrator
