"""manage.py refresh_has_award

Sets every supplier's ``has_award`` from the awards (contracts/awarded.py). The app keeps the
flag on every save of an award or an agreement; run this after changing awards or agreements
outside the app (SQL by hand, a partial restore). Prints how many suppliers changed."""

from django.core.management.base import BaseCommand

from contracts.awarded import refresh_has_award


class Command(BaseCommand):
    help = "Set every supplier's has_award flag from the awards in force (after changes made outside the app)."

    def handle(self, *args, **options):
        changed = refresh_has_award()
        self.stdout.write(f"{changed} supplier(s) changed.")
