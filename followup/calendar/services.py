"""The personal calendar feed: a secret URL per user that serves their deadlines as iCalendar.
The token is shown once; only its SHA-256 is stored (like API tokens, oslo_procurement.api)."""

import secrets

from django.db import transaction
from django.utils import timezone

from followup.models import CalendarFeed
from oslo_procurement.api.models import hash_key
from oslo_procurement.audit.services import record_event

TOKEN_PREFIX = "cal_"  # noqa: S105 (a prefix, not a secret)


def calendar_feed_create(*, user) -> str:
    """A new secret feed URL token for the user; the earlier one stops working."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        replaced = CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        CalendarFeed.objects.create(user=user, token_hash=hash_key(token))
        record_event(actor=user, event_type="calendar_feed_created", target=user, details={"replaced": replaced})
    return token


def calendar_feed_revoke(*, user) -> int:
    with transaction.atomic():
        revoked = CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        if revoked:
            record_event(actor=user, event_type="calendar_feed_revoked", target=user)
    return revoked


def calendar_feed_user(token: str):
    """The active user of a feed token, or None (unknown, revoked, or the user deactivated)."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    feed = (
        CalendarFeed.objects.filter(token_hash=hash_key(token), revoked_at__isnull=True, user__is_active=True)
        .select_related("user")
        .first()
    )
    return feed.user if feed else None
