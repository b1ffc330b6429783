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


def next_code(device):
    """The code the app shows when the user signs in again after the device has accepted a
    code: the server's current step (with the clock drift it learnt from that code), or, when
    that step's code has been used already, the step after it. Always inside the server's
    window of one step either side, however the last verification fell across a 30-second
    boundary (a code for "now + 1 step" is not: after a code accepted one step late the server
    looks one step back)."""
    device.refresh_from_db()
    now_step = int(time.time() - device.t0) // device.step + device.drift
    step = max(now_step, device.last_t + 1)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = device.t0 + step * device.step
    return f"{totp.token():0{device.digits}d}"
