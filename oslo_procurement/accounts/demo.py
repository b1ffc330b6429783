"""Two-factor authentication in the demo: on, as in production, with published keys.

The demo's staff accounts get an authenticator-app key derived from their email address,
as public as the demo password: add it to any authenticator app, or let
`manage.py demo_codes` print the current codes. Only for the demo accounts seeded here."""

import hashlib
from base64 import b32encode

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

DEMO_DOMAIN = "@demo.oslo.test"


def demo_key(email):
    """A fixed 20-byte key (hex) per demo account: the same on every machine and every seed."""
    return hashlib.sha1(f"oslo-procurement-demo-totp:{email}".encode(), usedforsecurity=False).hexdigest()


def demo_secret_text(email):
    raw = b32encode(bytes.fromhex(demo_key(email))).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def seed_demo_two_factor(users):
    """Give each demo staff user a confirmed app with the published key (once)."""
    for user in users:
        if not user.email.endswith(DEMO_DOMAIN):
            continue
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(user=user, name="Demo authenticator", key=demo_key(user.email), confirmed=True)


def current_code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def demo_two_factor_hint(user):
    """The published demo key of ``user`` for the code page, or None. Only on a demo
    installation (DEBUG on) and only for a seeded demo account whose app still has the
    published key: a real installation, or a demo account re-enrolled with a private key,
    gets no hint. The page names the key and the command, never a current code."""
    from django.conf import settings

    if not settings.DEBUG or not user.is_authenticated or not user.email.endswith(DEMO_DOMAIN):
        return None
    key = demo_key(user.email)
    if not TOTPDevice.objects.filter(user=user, confirmed=True, key=key).exists():
        return None
    return demo_secret_text(user.email)
