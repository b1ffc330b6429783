"""The reminder sweep: run every rule of rules.py for one day, insert the notifications
that do not exist yet, bundle the daily digests, then let the outbox send them.

Safe to run any number of times a day (hourly by the beat schedule, by hand from the
jobs page, or ``manage.py send_reminders``): every notification has a unique key, so a
second run creates nothing that the first one made."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from oslo_procurement.notifications.services import digests_build, notifications_create_bulk

from . import rules


@dataclass
class SweepResult:
    today: datetime.date
    drafts: list = field(default_factory=list)  # the notifications created (or, dry, that would be)
    digests: int = 0
    dry_run: bool = False

    @property
    def counts(self):
        counts = Counter(draft.kind for draft in self.drafts)
        return {
            "created": len(self.drafts),
            **{f"kind:{kind}": n for kind, n in sorted(counts.items())},
            "digests": self.digests,
        }


def reminders_sweep(*, today=None, dry_run=False, kick_drain=True):
    """Run all reminder rules for ``today`` (the date in Oslo). With ``dry_run`` nothing
    is written and the result lists what would be sent."""
    sweep = rules.Sweep(today or timezone.localdate())
    result = SweepResult(today=sweep.today, dry_run=dry_run)
    # Every rule's drafts, then one check for those that exist and one insert of the rest:
    # the number of queries does not depend on how many reminders there are. If a rule fails,
    # the drafts of the rules before it are still written (as when each rule wrote its own),
    # and the error goes on to the job's record.
    drafts = []
    try:
        for rule in rules.RULES:
            drafts.extend(rule(sweep))
    finally:
        with transaction.atomic():
            result.drafts = notifications_create_bulk(drafts, dry_run=dry_run)
    result.digests = digests_build(today=sweep.today, dry_run=dry_run)
    if kick_drain and not dry_run and (result.drafts or result.digests):
        from oslo_procurement.notifications.services import kick_drain as kick

        transaction.on_commit(kick)
    return result
