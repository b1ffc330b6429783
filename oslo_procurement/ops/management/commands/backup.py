from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from oslo_procurement.ops.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Write every table and every uploaded file into one .tar.gz archive with a manifest."

    def add_arguments(self, parser):
        parser.add_argument("destination", help="a .tar.gz file name, or a folder to put a dated archive in")

    def handle(self, *args, destination, **options):
        try:
            path, manifest = backup_create(destination)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(manifest["database"]["rows"].values())
        self.stdout.write(
            self.style.SUCCESS(
                _("Backup written to %(path)s (%(size)s): %(rows)s rows, %(files)s files.")
                % {
                    "path": path,
                    "size": filesizeformat(path.stat().st_size),
                    "rows": rows,
                    "files": len(manifest["files"]),
                }
            )
        )
