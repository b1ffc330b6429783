"""The project's ``{% url %}``: Django's tag, same syntax and output, its address reversed by
``cached_reverse`` (oslo_procurement/fixed_urls.py), which reverses a view once per process
and fills in the public ids. Installed as a template builtin (settings.TEMPLATES), so every
template's ``{% url %}`` is this one.

A page reversed an address per link: 30 on the supplier page, each 20-50 µs of CPU
(namespaces, candidate patterns, quoting, the language read three times through asgiref's
context-local storage), some 6 % of the page (cProfile, bench/profile_page.py).
tests/test_fixed_urls.py reverses every named URL of the project both ways and compares."""

from django import template
from django.template import defaulttags
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from .fixed_urls import cached_reverse

register = template.Library()
_UNSET = object()


class CachedURLNode(defaulttags.URLNode):
    def render(self, context):
        if self.kwargs:  # keyword arguments: Django's own path (the password reset email's link)
            return super().render(context)
        args = [arg.resolve(context) for arg in self.args]
        view_name = self.view_name.resolve(context)
        # Django's choice of the current app, read without raising AttributeError on every
        # link (a request seldom has current_app set).
        request = getattr(context, "request", None)
        current_app = getattr(request, "current_app", _UNSET)
        if current_app is _UNSET:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        url = ""
        try:
            url = cached_reverse(view_name, args, current_app=current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    node.__class__ = CachedURLNode
    return node
