"""manage.py load_brreg FILE.json[.gz]

Loads the Brønnøysund register's bulk download of units (enheter, a JSON array in the API's
format, gzipped or not) for an installation without internet: the suppliers whose organisation
numbers are in it get the same register data and flags as from the daily check. The file is
streamed with ijson, so a file of a gigabyte never sits in memory."""

import gzip
from pathlib import Path

import ijson
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from suppliers.brreg import RegisterUnavailable, parse_unit
from suppliers.register import register_load_units


def _units(handle):
    for item in ijson.items(handle, "item"):
        try:
            yield parse_unit(item)
        except RegisterUnavailable:
            continue  # not a unit (no organisation number): skipped


class Command(BaseCommand):
    help = "Load the Brønnøysund register's bulk download (enheter JSON, optionally gzipped)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The register's units as a JSON array, .json or .json.gz.")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        with path.open("rb") as raw:
            gzipped = raw.read(2) == b"\x1f\x8b"
        opener = gzip.open if gzipped else open
        try:
            with opener(path, "rb") as handle:
                counts = register_load_units(_units(handle))
        except (ijson.JSONError, OSError, EOFError) as exc:
            raise CommandError(_("The file is not the register's JSON: %(error)s") % {"error": exc}) from None
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Brønnøysund register: %(read)s units read, %(matched)s suppliers updated, "
                    "%(flagged)s newly flagged, %(cleared)s flags cleared."
                )
                % counts
            )
        )
