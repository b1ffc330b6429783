from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_ORG_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def normalise_org_number(value):
    """'974 760 673' and 'NO974760673MVA' both become '974760673'."""
    value = (value or "").upper().replace(" ", "").replace(".", "")
    if value.startswith("NO"):
        value = value[2:]
    if value.endswith("MVA"):
        value = value[:-3]
    return value


def org_number_check_digit(first_eight):
    remainder = sum(int(d) * w for d, w in zip(first_eight, _ORG_WEIGHTS, strict=True)) % 11
    check = (11 - remainder) % 11
    return None if check == 10 else check


def validate_org_number(value):
    """A Norwegian organisation number: nine digits, the last a MOD11 check digit."""
    if not (len(value) == 9 and value.isdigit()):
        raise ValidationError(_("An organisation number has exactly nine digits."), code="org_number_format")
    if value[0] not in "89":
        raise ValidationError(_("A Norwegian organisation number starts with 8 or 9."), code="org_number_format")
    if org_number_check_digit(value[:8]) != int(value[8]):
        raise ValidationError(
            _("%(value)s is not a valid organisation number: the check digit does not match."),
            code="org_number_check_digit",
            params={"value": value},
        )
