"""Time zones per user: each user chooses theirs ("My settings", Europe/Oslo by
default); UserTimeZoneMiddleware activates it for each request, so every time the page
shows (and the history widget) is in that zone; emails are rendered in the recipient's
zone (notifications.services.render_email). Where a time could be misread (meetings,
deadlines with a time) the zone is named beside it: "14:00 (Taipei)".

Dates without a time stay dates: they are never converted."""

import zoneinfo
from functools import cache

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format


@cache
def zone_choices():
    """Every IANA zone as ``(key, "Region – City")``, sorted; the old aliases left out."""
    keys = sorted(
        key
        for key in zoneinfo.available_timezones()
        if "/" in key and not key.startswith(("Etc/", "SystemV/", "US/", "Canada/", "Brazil/", "Mexico/", "Chile/"))
    )
    return [(key, key.replace("_", " ").replace("/", " – ")) for key in keys]


def is_valid_zone(key):
    try:
        zoneinfo.ZoneInfo(key)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        return False
    return bool(key)


def zone_for(user):
    """The user's zone; the site's (Europe/Oslo) for anyone without a valid one."""
    key = getattr(user, "time_zone", "") or settings.TIME_ZONE
    try:
        return zoneinfo.ZoneInfo(key)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def zone_label(zone=None):
    """The city that names a zone: "Oslo", "Taipei", "New York"."""
    zone = zone or timezone.get_current_timezone()
    key = getattr(zone, "key", str(zone))
    return key.rsplit("/", 1)[-1].replace("_", " ")


def zoned(value, fmt="SHORT_DATETIME_FORMAT"):
    """A moment in the active zone with the zone named: "06.12.2026 14:00 (Taipei)"."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{date_format(local, fmt)} ({zone_label()})"
