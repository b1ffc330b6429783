"""Who a provider's answer logs in: find the account by issuer and subject, create it on
the first login (with the buyer membership and the mapped role), keep its role in step
with the provider's groups at every login."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from oslo_procurement.accounts.access import is_installation_admin
from oslo_procurement.audit.services import record_event

from ..models import BuyerMembership
from .backend import SSOFailure
from .models import ExternalIdentity


def _claim_list(value):
    if value is None:
        return []
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


def _email(claims):
    email = claims.get("email") or ""
    if not email and "@" in str(claims.get("preferred_username", "")):  # Entra ID without the email claim
        email = claims["preferred_username"]
    return str(email).strip().lower()


def _full_name(claims, email):
    name = claims.get("name") or " ".join(p for p in (claims.get("given_name"), claims.get("family_name")) if p)
    return (name or email.split("@")[0])[:200]


def address_vouched(provider, claims, email):
    """Whether the provider may make an account for ``email``: it says it verified the
    address (``email_verified`` true), or the address is at one of the buyer's own email
    domains set on the provider. Otherwise a buyer's provider could claim an address of
    another organisation and block its real owner from ever getting an account."""
    if claims.get("email_verified") is True:
        return True
    domain = email.rpartition("@")[2]
    return bool(domain) and domain in provider.email_domains.split()


def provider_mfa_satisfied(provider, claims):
    """Whether the provider's own multi-factor authentication replaces the app's code for
    this login: the buyer's setting, and the acr/amr values it requires, if any."""
    if not provider.provider_mfa_counts:
        return False
    if provider.required_acr and str(claims.get("acr", "")) not in provider.required_acr.split():
        return False
    if provider.required_amr and not set(_claim_list(claims.get("amr"))) & set(provider.required_amr.split()):
        return False
    return True


def _language(claims, request):
    """The new account's language: the provider's ``locale`` claim, else the language the
    person was using here (the login page's), else Bokmål."""
    candidates = [str(claims.get("locale") or "")[:2].lower(), getattr(request, "LANGUAGE_CODE", "")]
    for code in candidates:
        code = "nb" if code in ("no", "nn") else code
        if code in ("nb", "en"):
            return code
    return "nb"


@transaction.atomic
def sso_user_for_claims(*, provider, claims, request=None):
    """The account for verified ``claims`` from ``provider``. Raises SSOFailure (and nothing
    is saved) when the person has no mapped role, their account is disabled, the email
    address belongs to an account that may not be tied to this provider, or a new account
    would be made for an address the provider does not vouch for (address_vouched)."""
    User = get_user_model()
    issuer, subject = claims["iss"], str(claims["sub"])
    email = _email(claims)
    role = provider.role_for(_claim_list(claims.get(provider.roles_claim)))
    if role is None:
        raise SSOFailure("no_role", f"{provider.roles_claim}={_claim_list(claims.get(provider.roles_claim))[:20]}")
    identity = (
        ExternalIdentity.objects.select_for_update(of=("self",))
        .select_related("user", "user__buyer_membership")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    created = False
    if identity is not None:
        user = identity.user
        if identity.provider_id != provider.pk:
            raise SSOFailure("account_conflict", "this subject is tied to another of the buyer's providers")
    else:
        if not email:
            raise SSOFailure("no_email", "neither email nor preferred_username in the claims")
        user = User.objects.filter(email__iexact=email).select_related("buyer_membership").first()
        if user is not None:
            # An existing account is tied to the provider only when it is staff of this same
            # buyer and the provider vouches for the address; never a supplier user's account,
            # nor an installation administrator's.
            membership = getattr(user, "buyer_membership", None)
            if (
                user.role == User.Role.SUPPLIER
                or is_installation_admin(user)
                or membership is None
                or membership.buyer_id != provider.buyer_id
                or (claims.get("email_verified") is not True and not provider.trust_email)
            ):
                raise SSOFailure("account_conflict", f"an account with {email} exists and cannot be linked")
        elif not address_vouched(provider, claims, email):
            raise SSOFailure("email_not_vouched", f"{email} is not verified nor at one of the provider's domains")
        else:
            user = User.objects.create_user(
                email,
                password=None,
                full_name=_full_name(claims, email),
                role=role,
                language=_language(claims, request),
            )
            BuyerMembership.objects.create(user=user, buyer=provider.buyer)
            created = True
        identity = ExternalIdentity.objects.create(user=user, provider=provider, issuer=issuer, subject=subject)
    if user.role == User.Role.SUPPLIER:
        raise SSOFailure("account_conflict", "supplier users log in through the portal")
    if is_installation_admin(user):
        # A buyer's provider does not vouch for the installation's administrators, whose
        # rights reach every buyer; they log in with their password and the app's code.
        raise SSOFailure("account_conflict", "installation administrators log in with their password")
    membership = getattr(user, "buyer_membership", None)
    if membership is None or membership.buyer_id != provider.buyer_id:
        raise SSOFailure("account_conflict", "the account belongs to another buyer")
    if not user.is_active:
        raise SSOFailure("inactive", "the account is deactivated")
    if user.role != role:
        record_event(
            actor=None,
            event_type="sso_role_changed",
            target=user,
            request=request,
            details={"from": user.role, "to": role, "provider": provider.name},
        )
        user.role = role
        user.save(update_fields=["role"])
    identity.last_login_at = timezone.now()
    identity.save(update_fields=["last_login_at", "updated_at"])
    if created:
        record_event(
            actor=None,
            event_type="sso_account_created",
            target=user,
            request=request,
            details={"provider": provider.name, "buyer": provider.buyer.name, "role": role},
        )
    return user
