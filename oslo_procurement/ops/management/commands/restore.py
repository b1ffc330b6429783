from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from oslo_procurement.ops.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an empty database and storage (migrating a new database "
        "first). Refuses a database or storage that holds data unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="a .tar.gz archive written by `manage.py backup`")
        parser.add_argument(
            "--force", action="store_true", help="replace every row and every stored file that is there now"
        )

    def handle(self, *args, archive, force, **options):
        try:
            manifest = backup_restore(archive, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(manifest["database"]["rows"].values())
        self.stdout.write(
            self.style.SUCCESS(
                _("Restored %(rows)s rows and %(files)s files from the backup of %(date)s.")
                % {"rows": rows, "files": len(manifest["files"]), "date": manifest["created_at"]}
            )
        )
