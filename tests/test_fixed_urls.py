"""fixed_url() keeps reverse()'s answer per URLconf, script prefix and language."""

from uuid import UUID, uuid4

import pytest
from django.template import Context, Template, engines
from django.test import override_settings
from django.urls import NoReverseMatch, clear_script_prefix, get_resolver, path, reverse, set_script_prefix
from django.urls.converters import UUIDConverter

from oslo_procurement.fixed_urls import cached_reverse, fixed_url


def test_same_as_reverse():
    for name in ("home", "accounts:logout", "suppliers:list", "portal:home"):
        assert fixed_url(name) == reverse(name)


def test_follows_the_script_prefix():
    assert fixed_url("accounts:logout") == reverse("accounts:logout")
    public_id = uuid4()
    assert cached_reverse("suppliers:detail", [public_id]) == reverse("suppliers:detail", args=[public_id])
    set_script_prefix("/procurement/")
    try:
        assert fixed_url("accounts:logout") == reverse("accounts:logout")
        assert cached_reverse("suppliers:detail", [public_id]).startswith("/procurement/suppliers/")
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


def _named_urls(resolver, namespace=""):
    """``(name, converters in order, number of groups)`` of every named URL of the URLconf."""
    for pattern in resolver.url_patterns:
        groups = pattern.pattern.regex.groups
        if hasattr(pattern, "url_patterns"):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            for name, converters, inner_groups in _named_urls(pattern, inner):
                yield name, [*pattern.pattern.converters.values(), *converters], groups + inner_groups
        elif pattern.name:
            yield f"{namespace}{pattern.name}", list(pattern.pattern.converters.values()), groups


def test_every_named_url_with_public_ids_reverses_as_django_does():
    checked = 0
    for name, converters, groups in _named_urls(get_resolver()):
        if converters and len(converters) == groups and all(isinstance(c, UUIDConverter) for c in converters):
            for args in ([uuid4() for _ in converters], [UUID(int=0) for _ in converters]):
                assert cached_reverse(name, args) == reverse(name, args=args), name
                assert cached_reverse(name, args) == reverse(name, args=args), name  # kept
            checked += 1
        elif not groups:
            assert cached_reverse(name) == reverse(name), name
    assert checked > 50  # the project's detail, edit and action views


def test_other_arguments_go_through_reverse():
    assert cached_reverse("contracts:smelter_note", ["CID 1"]) == reverse("contracts:smelter_note", args=["CID 1"])
    public_id = uuid4()  # a UUID where the view takes any text: the same address
    assert cached_reverse("contracts:smelter_note", [public_id]) == reverse("contracts:smelter_note", args=[public_id])
    with pytest.raises(NoReverseMatch):
        cached_reverse("suppliers:detail", ["not-a-uuid"])
    with pytest.raises(NoReverseMatch):
        cached_reverse("no:such-view")


def test_the_url_tag_writes_the_same_addresses():
    supplier, contact = uuid4(), uuid4()
    source = (
        "{% url 'suppliers:detail' supplier %}|{% url 'suppliers:list' %}|"
        "{% url 'suppliers:contact_archive' contact as archive %}{{ archive }}|"
        "{% url 'no:such-view' supplier as missing %}[{{ missing }}]"
    )
    expected = f"{reverse('suppliers:detail', args=[supplier])}|{reverse('suppliers:list')}|" + (
        f"{reverse('suppliers:contact_archive', args=[contact])}|[]"
    )
    ours = engines["django"].from_string(source).render({"supplier": supplier, "contact": contact})
    assert ours == expected
    assert type(engines["django"].from_string("{% url 'suppliers:list' %}").template.nodelist[0]).__name__ == (
        "CachedURLNode"
    )
    assert Template(source).render(Context({"supplier": supplier, "contact": contact})) == expected
