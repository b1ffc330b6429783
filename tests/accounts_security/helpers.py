"""Two-factor helpers for tests: enrol a device and compute the code an app would show."""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from oslo_procurement.accounts.two_factor import _new_recovery_codes


def enrol(user):
    """A confirmed authenticator app and recovery codes, as after enrolment. Returns the codes."""
    TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return _new_recovery_codes(user)


def code_for(device, *, offset_steps=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"
