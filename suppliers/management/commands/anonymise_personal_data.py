"""manage.py anonymise_personal_data [--dry-run]

Applies the retention periods of docs/PRIVACY.md: anonymises supplier contacts archived
longer than CONTACT_RETENTION_DAYS (or whose supplier was), supplier portal users not seen
for SUPPLIER_USER_RETENTION_DAYS, and strips IP and attempted email addresses from audit
events older than AUDIT_IP_RETENTION_DAYS. Lists what it does; --dry-run changes nothing.
Celery beat runs the same every week (task suppliers.tasks.apply_personal_data_retention)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from suppliers.privacy import apply_retention


class Command(BaseCommand):
    help = "Anonymise personal data past its retention period (see docs/PRIVACY.md)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would be anonymised, change nothing.")

    def handle(self, *args, dry_run=False, **options):
        plan = apply_retention(dry_run=dry_run)
        verb = "Would anonymise" if dry_run else "Anonymised"
        self.stdout.write(
            f"{verb} {len(plan.contacts)} contact(s) archived more than {settings.CONTACT_RETENTION_DAYS} days ago:"
        )
        for contact in plan.contacts:
            self.stdout.write(f"  contact {contact.public_id}  {contact.supplier}")
        self.stdout.write(
            f"{verb} {len(plan.memberships)} portal user(s) not seen for {settings.SUPPLIER_USER_RETENTION_DAYS} days:"
        )
        for membership in plan.memberships:
            self.stdout.write(f"  user {membership.public_id}  {membership.supplier}")
        what = "Would strip" if dry_run else "Stripped"
        self.stdout.write(
            f"{what} IP and email addresses from {plan.audit_events} audit event(s) older than "
            f"{settings.AUDIT_IP_RETENTION_DAYS} days."
        )
