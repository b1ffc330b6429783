"""Render a report to a PDF file from the command line, without Celery:

    manage.py render_report supplier 921734565 --lang nb --out nordlys.pdf
    manage.py render_report agreement 2026/0001 --lang en --out summary.pdf --buyer "Oslo kommune"
    manage.py render_report buyer --out all.pdf --buyer 974778742

``--buyer`` takes the buyer's name or organisation number; it may be left out when the
installation serves one buyer. A supplier report is only made for a supplier with an award
(current or archived) in one of the buyer's agreements, as on the screens."""

import pathlib
import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from contracts.models import Award, Buyer, FrameworkAgreement
from followup.models import ReportKind
from followup.reports import services
from suppliers.models import Supplier


class Command(BaseCommand):
    help = "Render a supplier follow-up report or a leadership summary to a PDF file."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=[k.value for k in ReportKind])
        parser.add_argument(
            "identifier", nargs="?", default="", help="The supplier's organisation number or the agreement's reference."
        )
        parser.add_argument("--lang", choices=["nb", "en"], default="nb")
        parser.add_argument("--out", required=True, help="Where to write the PDF.")
        parser.add_argument(
            "--buyer", default="", help="The buyer's name or organisation number (needed when there are several)."
        )

    def handle(self, *args, kind, identifier, lang, out, buyer, **options):
        the_buyer = self._buyer(buyer)
        supplier = agreement = None
        if kind == ReportKind.SUPPLIER:
            if not identifier:
                raise CommandError("Give the supplier's organisation number (or foreign registry id).")
            supplier = Supplier.objects.filter(Q(org_number=identifier) | Q(foreign_registry_id=identifier)).first()
            if supplier is None:
                raise CommandError(f"No supplier with organisation number {identifier!r}.")
            if not Award.objects.filter(agreement__buyer=the_buyer, supplier=supplier).exists():
                raise CommandError(
                    f"{supplier} has no award in an agreement of {the_buyer}; name its buyer with --buyer."
                )
        elif kind == ReportKind.AGREEMENT:
            if not identifier:
                raise CommandError("Give the agreement's reference.")
            agreement = FrameworkAgreement.objects.filter(buyer=the_buyer, reference=identifier).first()
            if agreement is None:
                raise CommandError(f"{the_buyer} has no agreement with reference {identifier!r}.")
        started = time.perf_counter()
        content, pages, _summary = services.report_pdf(
            buyer=the_buyer, kind=kind, language=lang, supplier=supplier, agreement=agreement
        )
        path = pathlib.Path(out)
        path.write_bytes(content)
        self.stdout.write(
            f"Wrote {path} ({pages} pages, {len(content) // 1024} KiB) in {time.perf_counter() - started:.1f} s"
        )

    def _buyer(self, name):
        buyers = Buyer.objects.active().order_by("name")
        if name:
            buyer = buyers.filter(Q(name=name.strip()) | Q(org_number=name.strip())).first()
            if buyer is None:
                raise CommandError(f"No active buyer named {name!r} or with that organisation number.")
            return buyer
        found = list(buyers[:6])
        if not found:
            raise CommandError("There is no active buyer.")
        if len(found) > 1:
            names = ", ".join(repr(b.name) for b in found[:5]) + (", …" if len(found) > 5 else "")
            raise CommandError(
                f"There are several buyers: name one with --buyer (its name or organisation number): {names}."
            )
        return found[0]
