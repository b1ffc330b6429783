"""manage.py demo_codes: the current two-factor codes of the demo's staff accounts.

Demo only: refuses when DEBUG is off, and knows only the @demo.oslo.test accounts whose
key is the published demo key (README "The demo")."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from oslo_procurement.accounts.demo import DEMO_DOMAIN, current_code, demo_key


class Command(BaseCommand):
    help = "Print the current two-factor codes of the demo staff accounts (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo_codes works only in the demo (DEBUG on).")
        devices = TOTPDevice.objects.filter(user__email__endswith=DEMO_DOMAIN, confirmed=True).select_related("user")
        shown = 0
        for device in devices.order_by("user__email"):
            if device.key != demo_key(device.user.email):
                continue  # re-enrolled with a private key: not ours to print
            self.stdout.write(f"  {device.user.email:30} {current_code(device)}")
            shown += 1
        if not shown:
            raise CommandError("No demo account with the published key: run `manage.py seed_demo` first.")
        self.stdout.write("Codes change every 30 seconds and each works once.")
