"""Writes to the supplier registry. Each runs in one transaction and records the actor
in the record's history."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from oslo_procurement.core import save_record, set_archived

from .models import Contact, Site, Supplier, SupplierMembership


def supplier_save(*, supplier: Supplier, actor) -> Supplier:
    return save_record(supplier, actor=actor)


def supplier_set_archived(*, supplier: Supplier, actor, archived: bool) -> Supplier:
    return set_archived(supplier, actor=actor, archived=archived)


def contact_save(*, contact: Contact, actor) -> Contact:
    with transaction.atomic():
        if contact.is_primary and not contact.is_archived:
            # Becoming primary takes the mark from whoever had it, in the same transaction.
            for other in (
                Contact.objects.active().filter(supplier=contact.supplier_id, is_primary=True).exclude(pk=contact.pk)
            ):
                other.is_primary = False
                save_record(other, actor=actor)
        return save_record(contact, actor=actor)


def contact_set_archived(*, contact: Contact, actor, archived: bool) -> Contact:
    if not archived and contact.is_primary:
        contact.is_primary = False
    return set_archived(contact, actor=actor, archived=archived)


def site_save(*, site: Site, actor) -> Site:
    return save_record(site, actor=actor)


def site_set_archived(*, site: Site, actor, archived: bool) -> Site:
    return set_archived(site, actor=actor, archived=archived)


def membership_create(*, user, supplier: Supplier, actor) -> SupplierMembership:
    if user.role != user.Role.SUPPLIER:
        raise ValidationError(_("Only supplier users can belong to a supplier."))
    membership = SupplierMembership(user=user, supplier=supplier)
    return save_record(membership, actor=actor)


INVITATION_DAYS = 14


def _token_hash(token):
    import hashlib

    return hashlib.sha256(token.encode()).hexdigest()


def invitation_create(*, supplier: Supplier, email: str, full_name: str, language: str, actor):
    """Invite a person at the supplier to the portal. Returns (invitation, token); the token
    is sent by email and only its hash is stored. An earlier pending invitation to the same
    address is revoked, so only the newest link works."""
    import secrets
    from datetime import timedelta

    from django.utils import timezone

    from oslo_procurement.accounts.models import User

    from .models import Invitation

    email = email.strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None and not (
        existing.role == User.Role.SUPPLIER
        and SupplierMembership.objects.filter(user=existing, supplier=supplier).exists()
    ):
        raise ValidationError({"email": _("This email address already belongs to another account.")})
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        now = timezone.now()
        for earlier in Invitation.objects.select_for_update().filter(
            supplier=supplier, email=email, accepted_at__isnull=True, revoked_at__isnull=True
        ):
            earlier.revoked_at = now
            save_record(earlier, actor=actor)
        invitation = Invitation(
            supplier=supplier,
            email=email,
            full_name=full_name,
            language=language,
            token_hash=_token_hash(token),
            expires_at=now + timedelta(days=INVITATION_DAYS),
            invited_by=actor,
        )
        save_record(invitation, actor=actor)
        from .emails import send_invitation

        # In the same transaction: the invitation and its email exist together or not at all.
        send_invitation(invitation=invitation, token=token)
    return invitation, token


def invitation_for_token(token: str):
    """The pending invitation for a token from a link, or None (unknown, used, revoked, expired)."""
    from .models import Invitation

    invitation = Invitation.objects.select_related("supplier").filter(token_hash=_token_hash(token or "")).first()
    if invitation is None or invitation.status != "pending" or invitation.supplier.is_archived:
        return None
    return invitation


def invitation_accept(*, token: str, password: str):
    """Create (or reactivate) the supplier user and its membership, set the password, and
    use up the invitation, all in one transaction. Raises ValidationError if the link no
    longer works."""
    from django.contrib.auth.password_validation import validate_password
    from django.utils import timezone

    from oslo_procurement.accounts.models import User

    from .models import Invitation

    with transaction.atomic():
        invitation = invitation_for_token(token)
        if invitation is None:
            raise ValidationError(_("This invitation link has expired or has been used already. Ask for a new one."))
        # Lock the row: two clicks on the same link create one account.
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise ValidationError(_("This invitation link has expired or has been used already. Ask for a new one."))
        user = User.objects.filter(email__iexact=invitation.email).first()
        if user is None:
            user = User(email=invitation.email, role=User.Role.SUPPLIER)
        user.full_name = user.full_name or invitation.full_name
        user.language = invitation.language
        user.is_active = True
        validate_password(password, user)
        user.set_password(password)
        user.save()
        if not SupplierMembership.objects.filter(user=user).exists():
            membership_create(user=user, supplier=invitation.supplier, actor=user)
        invitation.accepted_at = timezone.now()
        invitation.user = user
        save_record(invitation, actor=user)
    return user


def evidence_save(*, evidence, actor, upload=None):
    """Save evidence metadata and, when given, its file. The file is checked by content
    first and stored only once everything else is valid; if the database write fails the
    stored file is removed again, so nothing is left half-saved."""
    from django.core.files.storage import default_storage

    from oslo_procurement.uploads import check_upload, store_private

    try:
        checked = check_upload(upload) if upload is not None else None
    except ValidationError as exc:
        raise ValidationError({"upload": exc.messages}) from None
    previous_path = evidence.file_path
    if checked is not None:
        evidence.file_name = checked.safe_name
        evidence.content_type = checked.content_type
        evidence.size = checked.size
        evidence.sha256 = checked.sha256
        evidence.file_path = "pending"  # satisfies the file-or-URL rule during validation
    evidence.uploaded_by = evidence.uploaded_by or actor
    evidence.full_clean()
    stored = store_private(checked, folder="evidence") if checked is not None else None
    try:
        with transaction.atomic():
            if stored:
                evidence.file_path = stored
            save_record(evidence, actor=actor)
    except Exception:
        if stored:
            default_storage.delete(stored)
        evidence.file_path = previous_path
        raise
    return evidence


def evidence_set_archived(*, evidence, actor, archived: bool):
    return set_archived(evidence, actor=actor, archived=archived)
