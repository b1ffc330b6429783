"""makemessages that also extracts ``_l(...)``: modules import gettext_lazy as ``_l`` beside
gettext as ``_``, and xgettext knows only the standard names. Without this, those strings
would never reach the catalogue and stay English for Bokmål users."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_l"]
