"""fixed_url() keeps reverse()'s answer per URLconf, script prefix and language."""

from django.test import override_settings
from django.urls import clear_script_prefix, path, reverse, set_script_prefix

from oslo_procurement.fixed_urls import fixed_url


def test_same_as_reverse():
    for name in ("home", "accounts:logout", "suppliers:list", "portal:home"):
        assert fixed_url(name) == reverse(name)


def test_follows_the_script_prefix():
    assert fixed_url("accounts:logout") == reverse("accounts:logout")
    set_script_prefix("/procurement/")
    try:
        assert fixed_url("accounts:logout") == reverse("accounts:logout")
        assert fixed_url("accounts:logout").startswith("/procurement/")
    finally:
        clear_script_prefix()
    assert not fixed_url("accounts:logout").startswith("/procurement/")


def _view(request):
    raise AssertionError("never called")


# A URLconf of its own for the next test: "home" somewhere else.
urlpatterns = [path("elsewhere/", _view, name="home")]


def test_another_urlconf_gives_its_own_address():
    assert fixed_url("home") == "/"
    with override_settings(ROOT_URLCONF=__name__):
        assert fixed_url("home") == "/elsewhere/"
    assert fixed_url("home") == "/"
