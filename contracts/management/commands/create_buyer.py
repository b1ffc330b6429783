"""manage.py create_buyer "Bergen kommune" --org-number 964338531 --admin-email it@bergen.kommune.no

A new buyer and the email invitation of its first administrator (through the outbox); the
administrator then invites officers and managers, imports the buyer's entities and sets its
name and logo on the team page (/agreements/team/)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from contracts.joining import buyer_create
from suppliers.validators import normalise_org_number


class Command(BaseCommand):
    help = "Create a buyer and invite its first administrator by email."

    def add_arguments(self, parser):
        parser.add_argument("name", help="The buyer's name, as its pages, emails and PDFs show it.")
        parser.add_argument("--org-number", default="", help="The buyer's Norwegian organisation number.")
        parser.add_argument("--admin-email", required=True, help="The first administrator's email address.")
        parser.add_argument("--admin-name", default="", help="The first administrator's full name.")
        parser.add_argument("--language", choices=["nb", "en"], default="nb", help="The invitation's language.")

    def handle(self, *args, **options):
        try:
            buyer, invitation, _token = buyer_create(
                name=options["name"],
                org_number=normalise_org_number(options["org_number"]),
                admin_email=options["admin_email"],
                admin_name=options["admin_name"],
                language=options["language"],
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(
            f"Created the buyer {buyer.name} ({buyer.public_id}); an invitation to {invitation.email} "
            f"as administrator is in the outbox (valid until {invitation.expires_at:%Y-%m-%d})."
        )
