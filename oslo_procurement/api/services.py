"""Every write of the API app: creating and revoking tokens (audited in the same
transaction), recording a token's use, and the export log of API lists."""

import datetime

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from oslo_procurement.audit.services import record_event

from .models import ApiToken, hash_key, new_key

# last_used_at is written at most this often per token, not on every request.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


def may_use_scope(user, scope):
    """Open-data tokens are for the buyer's staff: a supplier user's token reads its own company."""
    return scope == ApiToken.Scope.FULL or user.is_buyer_staff


def token_create(*, user, name, scope=ApiToken.Scope.FULL, expires_at=None, request=None):
    """Make a token for ``user`` and return ``(token, key)``. The key is not stored and
    cannot be shown again."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")})
    if not may_use_scope(user, scope):
        raise ValidationError({"scope": _("Only the buyer's staff can make open-data tokens.")})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry must be in the future.")})
    key = new_key()
    token = ApiToken(user=user, name=name, prefix=key[:12], key_hash=hash_key(key), scope=scope, expires_at=expires_at)
    try:
        with transaction.atomic():
            token.save()
            record_event(
                actor=user,
                event_type="api_token_created",
                target=token,
                request=request,
                details={
                    "name": name,
                    "scope": scope,
                    "prefix": token.prefix,
                    "expires_at": expires_at.isoformat() if expires_at else None,
                },
            )
    except IntegrityError:
        raise ValidationError({"name": _("You already have a token with this name.")}) from None
    return token, key


def token_revoke(*, token, actor, request=None):
    """Revoke a token at once; True when this call revoked it (a second click changes nothing)."""
    with transaction.atomic():
        changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=actor, updated_at=timezone.now()
        )
        if changed:
            token.refresh_from_db()
            record_event(
                actor=actor,
                event_type="api_token_revoked",
                target=token,
                request=request,
                details={"name": token.name, "prefix": token.prefix, "owner": token.user.email},
            )
    return bool(changed)


def token_touch(token, *, now=None):
    """Record that the token was used (at most once a minute, one UPDATE, no history)."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_PRECISION:
        return
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_PRECISION)
    ).update(last_used_at=now)
    token.last_used_at = now


def record_rejected_token(token, *, reason, request=None):
    """A revoked or expired token was presented: worth knowing in a security review. Logged
    at most once an hour per token, so a forgotten script retrying all day cannot flood the log."""
    if not cache.add(f"api-token-rejected-{token.pk}", 1, timeout=60 * 60):
        return
    record_event(
        actor=token.user,
        event_type="api_token_rejected",
        target=token,
        request=request,
        details={"reason": reason, "prefix": token.prefix, "path": request.path if request is not None else ""},
    )


def record_export(*, request, endpoint, count, total):
    """One audit row per API list page that returned data: who, which token, which list
    with which filters, and how many records."""
    token = request.auth
    record_event(
        actor=request.user,
        event_type="api_export",
        request=request,
        details={
            "endpoint": endpoint,
            "path": request.path,
            "query": request.META.get("QUERY_STRING", "")[:500],
            "count": count,
            "total": total,
            "token": str(token.public_id) if isinstance(token, ApiToken) else "",
            "token_name": token.name if isinstance(token, ApiToken) else "",
        },
    )
