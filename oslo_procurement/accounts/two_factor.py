"""Two-factor authentication with django-otp: a TOTP authenticator app as the second
factor, and ten single-use recovery codes (stored hashed) for when the phone is lost.

A session counts as verified once django_otp.login() has stored the device that checked
the code (OTPMiddleware then sets request.user.otp_device). TwoFactorMiddleware sends a
user who has a device, but an unverified session, to the code step, and a staff user
without a device to enrolment."""

import secrets
from base64 import b32encode

import segno
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_totp.models import TOTPDevice

from oslo_procurement.audit.services import record_event

from .models import (
    RECOVERY_ALPHABET,
    RECOVERY_CODE_LENGTH,
    RECOVERY_LOOKUP_LENGTH,
    RecoveryCode,
    RecoveryCodeDevice,
)

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
# "none" in the session once the user was found to have no device (checked at login), so
# pages do not pay a query each to ask again; "device" while the code step is due.
STATE_SESSION_KEY = "two_factor_state"
# The session began at a buyer's identity provider whose own multi-factor authentication
# counts (contracts/sso): no code from this application's authenticator app is asked.
PROVIDER_VERIFIED = "provider"


def mark_verified_by_provider(request):
    request.session[STATE_SESSION_KEY] = PROVIDER_VERIFIED


def confirmed_totp(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_two_factor(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_verified(request):
    user = request.user
    return bool(user.is_authenticated and getattr(user, "otp_device", None) is not None)


def pending_totp(user):
    """The unconfirmed device being enrolled: made once, shown until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def secret_text(device):
    """The secret as an authenticator app asks for it when typed in: base32 in groups of four."""
    raw = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def qr_code_data_uri(device):
    """The otpauth:// link as a QR code, drawn here as SVG (no outside service sees the secret)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=4, light="#ffffff")


def _clean(token):
    return "".join(ch for ch in str(token) if not ch.isspace() and ch != "-")


@transaction.atomic
def totp_confirm(*, request, device, token):
    """Confirm enrolment with a code from the app. Returns the new recovery codes, or None
    when the code is wrong (or throttled)."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=request.user)
    if device.confirmed or not device.verify_token(_clean(token)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
    codes = _new_recovery_codes(request.user)
    _mark_verified(request, device)
    record_event(actor=request.user, event_type="two_factor_enrolled", target=request.user, request=request)
    return codes


def _new_recovery_codes(user):
    RecoveryCodeDevice.objects.filter(user=user).delete()
    device = RecoveryCodeDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = []
    for _i in range(RECOVERY_CODE_COUNT):
        code = "".join(secrets.choice(RECOVERY_ALPHABET) for _j in range(RECOVERY_CODE_LENGTH))
        codes.append(code)
    RecoveryCode.objects.bulk_create(
        RecoveryCode(
            device=device,
            lookup=code[:RECOVERY_LOOKUP_LENGTH],
            code_hash=make_password(code[RECOVERY_LOOKUP_LENGTH:]),
        )
        for code in codes
    )
    return [f"{c[:4]}-{c[4:8]}-{c[8:]}" for c in codes]


@transaction.atomic
def recovery_codes_regenerate(*, request):
    """New codes replace every old one (used or not)."""
    codes = _new_recovery_codes(request.user)
    record_event(actor=request.user, event_type="two_factor_codes_regenerated", target=request.user, request=request)
    return codes


def recovery_codes_left(user):
    return RecoveryCode.objects.filter(device__user=user, used_at__isnull=True).count()


class Verification:
    """The outcome of a code step: the device that accepted the code, or why not."""

    def __init__(self, device=None, wait_seconds=0):
        self.device = device
        self.wait_seconds = wait_seconds

    @property
    def ok(self):
        return self.device is not None


def verify(*, request, token):
    """Check a code from the app (6 digits) or a recovery code against the user's own
    devices. A used TOTP code is refused a second time (django-otp keeps the last time
    step), and wrong codes slow down exponentially per device."""
    user = request.user
    token = _clean(token)
    model = TOTPDevice if token.isdigit() and len(token) in (6, 8) else RecoveryCodeDevice
    with transaction.atomic():
        device = model.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is None:
            return Verification()
        wait = throttle_wait(device)
        if wait:
            record_event(actor=user, event_type="two_factor_throttled", request=request)
            return Verification(wait_seconds=wait)
        if not device.verify_token(token):
            record_event(actor=user, event_type="two_factor_failed", request=request)
            return Verification()
        _mark_verified(request, device)
        details = {"method": "recovery_code" if model is RecoveryCodeDevice else "app"}
        if model is RecoveryCodeDevice:
            details["recovery_codes_left"] = recovery_codes_left(user)
        record_event(actor=user, event_type="two_factor_verified", request=request, details=details)
        return Verification(device=device)


def throttle_wait(device):
    """Seconds until the device accepts another try after wrong codes (0: now)."""
    allowed, info = device.verify_is_allowed()
    if allowed:
        return 0
    if info and info.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS and info.get("locked_until"):
        return max(int((info["locked_until"] - timezone.now()).total_seconds()) + 1, 1)
    return 1


def _mark_verified(request, device):
    # A new session key once the second factor is proven, as at the password step.
    request.session.cycle_key()
    otp_login(request, device)
    request.session[STATE_SESSION_KEY] = "device"


@transaction.atomic
def two_factor_remove(*, user, actor, request=None, reason=""):
    """Remove every device: an administrator's reset (lost phone), a supplier user turning
    it off, or anonymisation. A staff user is asked to enrol again at the next page."""
    deleted = (
        TOTPDevice.objects.filter(user=user).delete()[0] + RecoveryCodeDevice.objects.filter(user=user).delete()[0]
    )
    event = "two_factor_disabled" if actor == user else "two_factor_reset"
    record_event(
        actor=actor, event_type=event, target=user, request=request, details={"reason": reason} if reason else None
    )
    return deleted
