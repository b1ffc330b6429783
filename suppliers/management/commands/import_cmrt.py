"""manage.py import_cmrt --supplier ORGNR_OR_REGISTRY_ID FILE [--dry-run]

Reads a CMRT the same way the upload screens do, prints what was read and what needs
attention, and saves it for the supplier (nothing with --dry-run). A file that cannot be
read exits with an error listing each problem with its sheet, row and column."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import gettext as _

from suppliers.cmrt.parser import CmrtError
from suppliers.cmrt.services import build_report, build_smelters, cmrt_attention, cmrt_import, summary_lines
from suppliers.models import Supplier
from suppliers.validators import normalise_org_number


class Command(BaseCommand):
    help = "Import a Conflict Minerals Reporting Template (CMRT 6.x) for a supplier."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CMRT workbook (.xlsx).")
        parser.add_argument(
            "--supplier", required=True, help="The supplier's organisation number or foreign registry id."
        )
        parser.add_argument("--dry-run", action="store_true", help="Read and report, save nothing.")

    def handle(self, *args, file, supplier, dry_run, **options):
        found = self._supplier(supplier)
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        try:
            data, report = cmrt_import(
                supplier=found, content=path.read_bytes(), filename=path.name, actor=None, dry_run=dry_run
            )
        except CmrtError as exc:
            lines = [
                _("%(name)s was not imported (%(count)s problems):") % {"name": path.name, "count": len(exc.problems)}
            ]
            lines += [f"  {problem}" for problem in exc.problems]
            raise CommandError("\n".join(lines)) from None
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        if report is None:
            unsaved = build_report(data, supplier=found)
            flags = cmrt_attention(unsaved, smelters=build_smelters(data))
        else:
            flags = cmrt_attention(report)
        self.stdout.write(f"{found.legal_name}: {path.name}")
        for line in summary_lines(data, flags):
            self.stdout.write(line)
        if report is None:
            self.stdout.write(self.style.WARNING(_("Dry run: nothing was saved.")))
        else:
            self.stdout.write(self.style.SUCCESS(_("Saved as CMRT report %(id)s.") % {"id": report.public_id}))

    def _supplier(self, value):
        value = value.strip()
        org_number = normalise_org_number(value)
        query = Q(foreign_registry_id__iexact=value)
        if org_number:
            query |= Q(org_number=org_number)
        matches = list(Supplier.objects.filter(query)[:2])
        if not matches:
            raise CommandError(
                _("No supplier has the organisation number or registry id %(value)s.") % {"value": value}
            )
        if len(matches) > 1:
            raise CommandError(
                _("More than one supplier has the registry id %(value)s; use the organisation number.")
                % {"value": value}
            )
        return matches[0]
