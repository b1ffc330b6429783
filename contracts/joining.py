"""How a buyer joins the installation without a developer: an installation administrator
creates the buyer and invites its first administrator (`manage.py create_buyer` or the back
office); the buyer's administrators invite officers, managers and other administrators, and
set the buyer's name and logo. Each write runs in one transaction with its history and, for
invitations, its email in the outbox (oslo_procurement.notifications)."""

import hashlib
import io
import secrets
from datetime import timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from oslo_procurement.accounts.models import User
from oslo_procurement.audit.services import record_event
from oslo_procurement.core import save_record
from oslo_procurement.notifications.emails import send_email, site_link
from oslo_procurement.uploads import JPEG, PNG, check_upload

from .models import Buyer, BuyerMembership, StaffInvitation

INVITATION_DAYS = 14
LOGO_MAX_BYTES = 512 * 1024
LOGO_MAX_PIXELS = 2000  # on either side


def _token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def buyer_create(*, name: str, org_number: str, admin_email: str, admin_name: str = "", language="nb", actor=None):
    """A new buyer and the invitation of its first administrator (emailed after the commit).
    Returns (buyer, invitation, token)."""
    with transaction.atomic():
        buyer = save_record(Buyer(name=name.strip(), org_number=org_number or None), actor=actor)
        invitation, token = staff_invitation_create(
            buyer=buyer,
            email=admin_email,
            full_name=admin_name or admin_email.split("@")[0],
            role=StaffInvitation.Role.ADMIN,
            language=language,
            actor=actor,
        )
        record_event(actor=actor, event_type="buyer_created", target=buyer, details={"admin_email": invitation.email})
    return buyer, invitation, token


def staff_invitation_create(*, buyer: Buyer, email: str, full_name: str, role: str, language: str, actor):
    """Invite a person to work for ``buyer`` in ``role``. Returns (invitation, token); only the
    token's hash is stored. An earlier pending invitation to the same address is revoked."""
    email = email.strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None and not BuyerMembership.objects.filter(user=existing, buyer=buyer).exists():
        raise ValidationError({"email": _("This email address already belongs to another account.")})
    if existing is not None:
        raise ValidationError({"email": _("This person already works for this buyer.")})
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        now = timezone.now()
        for earlier in StaffInvitation.objects.select_for_update().filter(
            buyer=buyer, email=email, accepted_at__isnull=True, revoked_at__isnull=True
        ):
            earlier.revoked_at = now
            save_record(earlier, actor=actor)
        invitation = save_record(
            StaffInvitation(
                buyer=buyer,
                email=email,
                full_name=full_name.strip(),
                role=role,
                language=language,
                token_hash=_token_hash(token),
                expires_at=now + timedelta(days=INVITATION_DAYS),
                invited_by=actor if getattr(actor, "pk", None) else None,
            ),
            actor=actor,
        )
        # In the same transaction: the invitation and its email exist together or not at all.
        send_email(
            "contracts/email/staff_invitation",
            to=invitation.email,
            language=invitation.language,
            context={
                "invitation": invitation,
                "buyer": buyer,
                "role": invitation.get_role_display(),
                "link": site_link("contracts:join", token),
            },
        )
    return invitation, token


def staff_invitation_for_token(token: str):
    """The pending invitation for a link's token, or None (unknown, used, revoked, expired)."""
    invitation = StaffInvitation.objects.select_related("buyer").filter(token_hash=_token_hash(token or "")).first()
    if invitation is None or invitation.status != "pending" or invitation.buyer.is_archived:
        return None
    return invitation


def staff_invitation_accept(*, token: str, password: str):
    """Create the user with the invited role and their membership of the buyer, set the
    password and use up the invitation, in one transaction; two clicks create one account."""
    invalid = _("This invitation link has expired or has been used already. Ask for a new one.")
    with transaction.atomic():
        invitation = staff_invitation_for_token(token)
        if invitation is None:
            raise ValidationError(invalid)
        invitation = StaffInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise ValidationError(invalid)
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(_("This email address already belongs to another account."))
        user = User(
            email=invitation.email, full_name=invitation.full_name, role=invitation.role, language=invitation.language
        )
        validate_password(password, user)
        user.set_password(password)
        user.save()
        save_record(BuyerMembership(user=user, buyer=invitation.buyer), actor=user)
        invitation.accepted_at = timezone.now()
        invitation.user = user
        save_record(invitation, actor=user)
    return user


def staff_invitation_revoke(*, invitation: StaffInvitation, actor) -> bool:
    with transaction.atomic():
        invitation = StaffInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status != "pending":
            return False
        invitation.revoked_at = timezone.now()
        save_record(invitation, actor=actor)
    return True


def check_logo(uploaded):
    """A PNG or JPEG of at most LOGO_MAX_BYTES that Pillow can open, at most LOGO_MAX_PIXELS
    on each side. Raises ValidationError with a message for the administrator."""
    from PIL import Image, UnidentifiedImageError

    checked = check_upload(uploaded, allowed=(PNG, JPEG), max_bytes=LOGO_MAX_BYTES)
    try:
        with Image.open(io.BytesIO(checked.content)) as image:
            width, height = image.size
            if width > LOGO_MAX_PIXELS or height > LOGO_MAX_PIXELS:
                raise ValidationError(
                    _("The logo is %(width)s × %(height)s pixels; at most %(max)s on each side.")
                    % {"width": width, "height": height, "max": LOGO_MAX_PIXELS},
                    code="logo_size",
                )
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(_("The image is damaged or not a PNG or JPEG image."), code="logo_damaged") from None
    return checked


def buyer_branding_save(*, buyer: Buyer, name: str, logo=None, remove_logo=False, actor) -> Buyer:
    """Rename the buyer and/or replace or remove its logo. The new logo is checked before
    anything is written; the old file is removed after the commit."""
    checked = check_logo(logo) if logo is not None else None
    old_path = buyer.logo_path
    with transaction.atomic():
        buyer.name = name.strip()
        if Buyer.objects.filter(name__iexact=buyer.name).exclude(pk=buyer.pk).exists():
            raise ValidationError({"name": _("Another buyer has this name already.")})
        new_path = ""
        if checked is not None:
            new_path = default_storage.save(
                f"private/logos/{secrets.token_hex(16)}{'.png' if checked.kind == PNG else '.jpg'}",
                ContentFile(checked.content),
            )
            buyer.logo_path, buyer.logo_content_type = new_path, checked.content_type
            buyer.logo_updated_at = timezone.now()
        elif remove_logo:
            buyer.logo_path, buyer.logo_content_type, buyer.logo_updated_at = "", "", None
        try:
            save_record(buyer, actor=actor)
        except Exception:
            if new_path:
                default_storage.delete(new_path)
            raise
    if old_path and old_path != buyer.logo_path:
        default_storage.delete(old_path)
    return buyer
