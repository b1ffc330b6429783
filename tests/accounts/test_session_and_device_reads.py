"""The session store and the two-factor middleware read what Django and django-otp read:
the session's data while it lasts, nothing once it has expired or is unknown; the device
named in the session only when it is that user's, confirmed, and of a device model."""

import datetime

import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session
from django.test import RequestFactory
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from oslo_procurement.accounts.middleware import OTPMiddleware
from oslo_procurement.accounts.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_a_session_reads_as_djangos_store_reads_it():
    store = SessionStore()
    store["cart"] = {"items": [1, 2]}
    store["name"] = "Kari Nordmann"
    store.save()
    ours, djangos = SessionStore(store.session_key), DjangoSessionStore(store.session_key)
    assert dict(ours.items()) == dict(djangos.items()) == {"cart": {"items": [1, 2]}, "name": "Kari Nordmann"}
    assert ours.session_key == store.session_key


def test_an_expired_or_unknown_session_is_empty_and_gets_a_new_key():
    store = SessionStore()
    store["name"] = "Kari"
    store.save()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    expired = SessionStore(store.session_key)
    assert dict(expired.items()) == {}
    assert expired.session_key is None
    unknown = SessionStore("x" * 32)
    assert dict(unknown.items()) == {} and unknown.session_key is None


def _device_for(user, persistent_id):
    request = RequestFactory().get("/")
    request.session = SessionStore()
    request.session[DEVICE_ID_SESSION_KEY] = persistent_id
    request.user = user
    OTPMiddleware(lambda request: None)._install_lazy_accessors(request)
    return request.user.otp_device, request.session.get(DEVICE_ID_SESSION_KEY)


def test_the_sessions_device_verifies_its_own_user(officer, manager):
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    found, kept = _device_for(officer, device.persistent_id)
    assert found == device and kept == device.persistent_id
    assert found.user_id == officer.pk  # the row as django-otp reads it
    # Another user's device, an unconfirmed one, a deleted one: not verified, and dropped.
    assert _device_for(manager, device.persistent_id) == (None, None)
    device.confirmed = False
    device.save()
    assert _device_for(officer, device.persistent_id) == (None, None)
    device.delete()
    assert _device_for(officer, device.persistent_id) == (None, None)


@pytest.mark.parametrize(
    "persistent_id", ["otp_totp.totpdevice/abc", "nowhere.model/1", "accounts.user/1", "garbage", "a.b.c/1"]
)
def test_a_persistent_id_that_names_no_device_verifies_nothing(officer, persistent_id):
    assert _device_for(officer, persistent_id) == (None, None)


def _user_seen_by_the_view(session):
    """``request.user`` as a view sees it after Django's and our authentication middleware."""
    from django.contrib.auth.middleware import AuthenticationMiddleware

    request = RequestFactory().get("/")
    request.session = session
    AuthenticationMiddleware(lambda request: None).process_request(request)
    seen = {}
    OTPMiddleware(lambda request: seen.update(user=request.user))(request)
    return seen["user"]


def test_a_view_gets_the_verified_user_itself_and_a_visitor_the_anonymous_user(client, officer):
    from django.contrib.auth.models import AnonymousUser

    from oslo_procurement.accounts.models import User

    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    client.force_login(officer)
    session = SessionStore(client.session.session_key)
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    user = _user_seen_by_the_view(session)
    # The user row itself (no lazy wrapper to go through on each read), verified by the device.
    assert type(user) is User and user == officer
    assert user.otp_device == device and user.is_verified()
    session.pop(DEVICE_ID_SESSION_KEY)
    user = _user_seen_by_the_view(session)
    assert type(user) is User and user.otp_device is None and not user.is_verified()
    visitor = _user_seen_by_the_view(SessionStore())
    assert type(visitor) is AnonymousUser and not visitor.is_verified()
