"""manage.py import_smelters FILE.csv

Upserts the smelter reference list from CSV (cid,name,metal,country,rmap_status,
last_audit_date with a header row; RMI's facility list headers are understood too). A bad
line stops the import; a status the app does not know is imported as "unknown", with its text
kept, and reported as a warning for the administrator."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from suppliers.cmrt.services import smelter_reference_import_csv, unknown_status_message


class Command(BaseCommand):
    help = "Import or update the smelter reference list from a CSV file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV with the columns cid,name,metal,country,rmap_status,last_audit_date.")
        parser.add_argument(
            "--source",
            help="Where the list comes from, shown beside every status (default: the file's name).",
        )

    def handle(self, *args, file, source=None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        with path.open("rb") as handle:
            try:
                counts = smelter_reference_import_csv(file=handle, actor=None, source=source or path.name)
            except ValidationError as exc:
                raise CommandError("\n".join([_("Nothing was imported:"), *exc.messages])) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("Smelter reference list: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.") % counts
            )
        )
        if counts["unknown"]:
            self.stderr.write(self.style.WARNING(unknown_status_message(counts)))
