"""Every model of the project has its page in the Django admin (the back office), and
each admin list page opens for an administrator."""

from django.apps import apps
from django.contrib import admin
from django.urls import reverse

PROJECT_APPS = {"accounts", "audit", "api", "suppliers", "criteria", "contracts", "followup", "notifications"}


def _project_models():
    return [
        m for m in apps.get_models() if m._meta.app_label in PROJECT_APPS and not m.__name__.startswith("Historical")
    ]


def _inline_models():
    return {inline.model for model_admin in admin.site._registry.values() for inline in model_admin.inlines}


def test_every_model_is_in_the_admin():
    """Registered, or shown as an inline of the record it belongs to."""
    shown = set(admin.site._registry) | _inline_models()
    missing = [m._meta.label for m in _project_models() if m not in shown]
    assert missing == []


def test_every_admin_list_opens(client, administrator):
    client.force_login(administrator)
    for model in _project_models():
        if model not in admin.site._registry:
            continue  # an inline-only model
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
