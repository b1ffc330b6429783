"""Password rules beyond Django's own (length 12, common passwords, all digits, similarity)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MIN_PART = 3


def _personal_parts(user):
    """Name parts and the pieces of the email address (local part and the domain's first label)."""
    parts = set()
    name = getattr(user, "full_name", "") or ""
    email = (getattr(user, "email", "") or "").lower()
    local, _at, domain = email.partition("@")
    for text in (name.lower(), local, domain.split(".")[0] if domain else ""):
        parts.update(p for p in re.split(r"[\W_]+", text) if len(p) >= MIN_PART)
    return parts


class PersonalDetailsValidator:
    """Refuses a password that contains the user's name or a part of their email address,
    however the case is written ("Kari", "nordmann", "nordlys")."""

    def validate(self, password, user=None):
        if user is None:
            return
        lowered = password.lower()
        for part in sorted(_personal_parts(user), key=len, reverse=True):
            if part in lowered:
                raise ValidationError(
                    _("The password must not contain your name or a part of your email address (“%(part)s”)."),
                    code="password_contains_personal_details",
                    params={"part": part},
                )

    def get_help_text(self):
        return _("Your password must not contain your name or a part of your email address.")
