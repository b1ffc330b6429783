"""Run the reminder sweep now, the same one the beat schedule runs every hour:

    manage.py send_reminders --dry-run         # print what would be sent, write nothing
    manage.py send_reminders                   # create the reminders; the outbox sends them
    manage.py send_reminders --dry-run --date 2026-06-01   # as if today were that date

Safe to run any number of times: nothing is sent twice."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from followup.reminders import services
from followup.reminders.tasks import SWEEP_TASK
from oslo_procurement.notifications.models import JobRun
from oslo_procurement.notifications.services import job_run


class Command(BaseCommand):
    help = "Create the deadline reminders, escalations and digests that are due (see followup/reminders/rules.py)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print what would be sent; write nothing.")
        parser.add_argument("--date", default="", help="Sweep as if today (in Oslo) were this date, YYYY-MM-DD.")

    def handle(self, *args, dry_run, date, **options):
        today = None
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError as exc:
                raise CommandError(f"--date must be YYYY-MM-DD, not {date!r}.") from exc
        if dry_run:
            result = services.reminders_sweep(today=today, dry_run=True)
        else:
            with job_run(SWEEP_TASK, trigger=JobRun.Trigger.COMMAND) as run:
                result = services.reminders_sweep(today=today)
                run.counts = result.counts
        for draft in result.drafts:
            self.stdout.write(
                "\t".join([draft.kind, draft.recipient_email, draft.item_label, draft.due_step])
                + ("\t(daily digest)" if draft.digest else "")
            )
        verb = "would be created" if dry_run else "created"
        self.stdout.write(
            f"{result.today.isoformat()}: {len(result.drafts)} notifications {verb}, {result.digests} daily digests."
        )
