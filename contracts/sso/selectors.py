"""Reads for logging in through a buyer's identity provider. These are public by nature:
the login page offers every enabled provider to anyone who is not logged in yet; what a
provider's answer may then reach is decided in services.sso_user_for_claims."""

from django.http import Http404

from .models import IdentityProvider


def login_providers():
    """The enabled providers, for the login page's buttons."""
    return list(IdentityProvider.objects.filter(enabled=True).select_related("buyer").order_by("buyer__name", "name"))


def provider_for_login(public_id):
    """The provider a login starts at (404 if there is none); disabled ones too, so the
    person is told that single sign-on is turned off rather than "not found"."""
    provider = IdentityProvider.objects.select_related("buyer").filter(public_id=public_id).first()
    if provider is None:
        raise Http404("no such identity provider")
    return provider


def provider_for_callback(public_id):
    """The provider a pending login was started at, with its group mappings; None if it was removed."""
    return (
        IdentityProvider.objects.select_related("buyer").prefetch_related("role_mappings").filter(public_id=public_id)
    ).first()


def provider_for_email(email):
    """The enabled provider whose email domains hold the address's domain, or None."""
    domain = email.rpartition("@")[2].strip().lower()
    if not domain:
        return None
    candidates = IdentityProvider.objects.filter(enabled=True, email_domains__icontains=domain).order_by("pk")
    return next((p for p in candidates if domain in p.email_domains.split()), None)


def any_provider_has_domains():
    return IdentityProvider.objects.filter(enabled=True).exclude(email_domains="").exists()
